package io.orgaccessguard.core.model;

import java.time.Instant;

/**
 * A member account as Organizations describes it (never as an event claims it).
 *
 * @param state the account's state ({@code ACTIVE}, {@code SUSPENDED}, ...), read from {@code State} with a fallback to
 *     the older {@code Status}
 * @param joinedMethod {@code INVITED} or {@code CREATED}
 */
public record MemberAccount(String id, String name, String email, String state, String joinedMethod,
                            Instant joinedAt) {
    public boolean isActive() {
        return "ACTIVE".equals(state);
    }
}
