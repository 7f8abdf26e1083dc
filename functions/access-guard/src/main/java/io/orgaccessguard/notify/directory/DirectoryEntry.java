package io.orgaccessguard.notify.directory;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One active account of the organization as the access directory lists it. Every text field may be hostile (an
 * account's owner chooses its name and e-mail; OU names come from the organization): the renderers escape all of them.
 *
 * @param name the account's name as Organizations gives it
 * @param email the account's root e-mail address, empty when unknown
 * @param ouPath the names of the OUs from the root down to the account's parent; empty when the account sits directly
 *     under the root
 * @param joinedMethod {@code INVITED} or {@code CREATED}, empty when unknown
 * @param joinedAt when the account joined the organization, {@link Instant#MAX} when unknown: of two accounts whose
 *     names make the same profile name, the one that joined first keeps it
 * @param status the last outcome name ({@code ACCESS_VERIFIED}, {@code ROLE_MISSING}, ...), or {@link #MANAGEMENT}
 * @param since when the account got this status
 * @param enterable whether the management account can enter it through the access role now: it gets a switch-role
 *     link and a CLI profile
 */
public record DirectoryEntry(String accountId, String name, String email, List<String> ouPath, String joinedMethod,
                             Instant joinedAt, String status, Instant since, boolean enterable) {

    /** The status of the management account itself: where people sign in, with no role to assume and no profile. */
    public static final String MANAGEMENT = "MANAGEMENT_ACCOUNT";

    private static final Pattern ACCOUNT_ID = Pattern.compile("\\d{12}");

    public DirectoryEntry {
        if (accountId == null || !ACCOUNT_ID.matcher(accountId).matches()) {
            throw new IllegalArgumentException("not a 12-digit account ID: " + accountId);
        }
        name = Objects.requireNonNullElse(name, "");
        email = Objects.requireNonNullElse(email, "");
        ouPath = List.copyOf(ouPath);
        joinedMethod = Objects.requireNonNullElse(joinedMethod, "");
        joinedAt = Objects.requireNonNullElse(joinedAt, Instant.MAX);
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(since, "since");
        if (enterable && MANAGEMENT.equals(status)) {
            throw new IllegalArgumentException("the management account is not entered through the access role");
        }
    }

    /** An account whose e-mail address and joining time are not known. */
    public DirectoryEntry(String accountId, String name, List<String> ouPath, String joinedMethod, String status,
                          Instant since, boolean enterable) {
        this(accountId, name, "", ouPath, joinedMethod, Instant.MAX, status, since, enterable);
    }

    /** Whether this is the management account itself. */
    public boolean management() {
        return MANAGEMENT.equals(status);
    }

    /**
     * Whether the account can be entered but not shown to be administered (a boundary, a Deny or an SCP restricts the
     * access role, or IAM could not decide): its link and profile are marked so.
     */
    public boolean restricted() {
        return enterable && RESTRICTED.contains(status);
    }

    /** The statuses of an account that can be entered but is not shown to be administered. */
    public static final java.util.List<String> RESTRICTED = java.util.List.of("ACCESS_RESTRICTED", "ACCESS_UNDETERMINED");
}
