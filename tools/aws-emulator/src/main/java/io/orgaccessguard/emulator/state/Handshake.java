package io.orgaccessguard.emulator.state;

import java.time.Instant;

/** An Organizations handshake (invitation). */
public record Handshake(String id, String arn, String action, String state, String targetType, String targetId,
                        Instant requestedTimestamp, Instant expirationTimestamp) {
}
