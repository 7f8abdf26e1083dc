package io.orgaccessguard.emulator.auth;

import java.time.Instant;

/** Temporary credentials as issued: the secret and token are what the signer must present. */
public record IssuedSession(String accessKeyId, String secretAccessKey, String sessionToken, Instant expiration,
                           Principal principal) {
}
