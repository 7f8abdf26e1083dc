package io.orgaccessguard.emulator;

import java.time.Instant;
import java.util.Optional;

/**
 * An access key pair the emulator accepts, for building SDK credential providers in tests, e.g.
 * {@code AwsBasicCredentials.create(c.accessKeyId(), c.secretAccessKey())} or, when {@link #sessionToken()} is
 * present, {@code AwsSessionCredentials.create(...)}.
 *
 * @param sessionToken only for temporary ({@code ASIA...}) credentials
 * @param expiration only for temporary credentials
 */
public record AwsCredentials(String accessKeyId, String secretAccessKey, Optional<String> sessionToken,
                             Optional<Instant> expiration) {

    public static AwsCredentials longTerm(String accessKeyId, String secretAccessKey) {
        return new AwsCredentials(accessKeyId, secretAccessKey, Optional.empty(), Optional.empty());
    }

    public boolean isTemporary() {
        return sessionToken.isPresent();
    }

    @Override
    public String toString() {
        // Never print the secret or the token, even in test logs.
        return "AwsCredentials[" + accessKeyId + (isTemporary() ? ", temporary" : "") + "]";
    }
}
