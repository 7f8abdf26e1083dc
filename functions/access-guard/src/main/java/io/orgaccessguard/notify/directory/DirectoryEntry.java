package io.orgaccessguard.notify.directory;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One active account of the organization as the access directory lists it. Every text field may be hostile (an
 * account's owner chooses its name; OU names come from the organization): the renderers escape all of them.
 *
 * @param name the account's name as Organizations gives it
 * @param ouPath the names of the OUs from the root down to the account's parent; empty when the account sits directly
 *     under the root
 * @param joinedMethod {@code INVITED} or {@code CREATED}, empty when unknown
 * @param status the last outcome name ({@code ACCESS_VERIFIED}, {@code ROLE_MISSING}, ...)
 * @param since when the account got this status
 * @param enterable whether the management account can enter it through the access role now: it gets a switch-role
 *     link and a CLI profile
 */
public record DirectoryEntry(String accountId, String name, List<String> ouPath, String joinedMethod, String status,
                             Instant since, boolean enterable) {

    private static final Pattern ACCOUNT_ID = Pattern.compile("\\d{12}");

    public DirectoryEntry {
        if (accountId == null || !ACCOUNT_ID.matcher(accountId).matches()) {
            throw new IllegalArgumentException("not a 12-digit account ID: " + accountId);
        }
        name = Objects.requireNonNullElse(name, "");
        ouPath = List.copyOf(ouPath);
        joinedMethod = Objects.requireNonNullElse(joinedMethod, "");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(since, "since");
    }

    /**
     * Whether the account can be entered but not shown to be administered (a boundary, a Deny or an SCP restricts the
     * access role, or IAM could not decide): its link and profile are marked so.
     */
    public boolean restricted() {
        return enterable && (status.equals("ACCESS_RESTRICTED") || status.equals("ACCESS_UNDETERMINED"));
    }
}
