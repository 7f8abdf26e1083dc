package io.orgaccessguard.emulator.state;

import java.time.Instant;

/** An organization member account as Organizations describes it. */
public record OrgAccount(String id, String arn, String name, String email, String state, String status,
                         String joinedMethod, Instant joinedTimestamp, String parentId) {
}
