package io.orgaccessguard.emulator.seed;

import java.time.Instant;

/**
 * An Organizations handshake (an invitation) visible to the management account.
 *
 * @param targetType {@code ACCOUNT} or {@code EMAIL}
 */
public record HandshakeSeed(String id, String action, String state, String targetType, String targetId,
                            Instant requestedTimestamp, Instant expirationTimestamp) {
}
