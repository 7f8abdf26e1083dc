package io.orgaccessguard.core.model;

import java.time.Instant;
import java.util.List;

/**
 * A member account as Organizations describes it (never as an event claims it).
 *
 * @param state the account's state ({@code ACTIVE}, {@code SUSPENDED}, ...), read from {@code State} with a fallback to
 *     the older {@code Status}
 * @param joinedMethod {@code INVITED} or {@code CREATED}
 * @param ouPath the names of the OUs from the root down to the account's parent, when the account was found by walking
 *     the OU tree; empty when it sits directly under the root, or when it was found otherwise ({@code DescribeAccount},
 *     {@code ListAccounts}, which do not say where an account is)
 */
public record MemberAccount(String id, String name, String email, String state, String joinedMethod,
                            Instant joinedAt, List<String> ouPath) {

    public MemberAccount {
        ouPath = List.copyOf(ouPath);
    }

    /** An account whose place in the OU tree is not known. */
    public MemberAccount(String id, String name, String email, String state, String joinedMethod, Instant joinedAt) {
        this(id, name, email, state, joinedMethod, joinedAt, List.of());
    }

    public boolean isActive() {
        return "ACTIVE".equals(state);
    }

    /** The same account, placed under these OUs. */
    public MemberAccount under(List<String> path) {
        return new MemberAccount(id, name, email, state, joinedMethod, joinedAt, path);
    }
}
