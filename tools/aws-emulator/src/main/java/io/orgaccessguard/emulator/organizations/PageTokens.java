package io.orgaccessguard.emulator.organizations;

import io.orgaccessguard.emulator.http.AwsException;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Opaque, tamper-evident NextTokens: operation, scope (parent, filter...), position and page number, signed with a
 * key derived from the seed. Nothing is stored, so tokens survive restarts and cost no memory; a token the emulator
 * did not issue, or one replayed against another operation or parent, is rejected like AWS rejects it.
 */
final class PageTokens {

    record Position(int offset, int page) {
    }

    private final byte[] key;

    PageTokens(long seed) {
        this.key = ("organizations-next-token|" + seed).getBytes(StandardCharsets.UTF_8);
    }

    String issue(String operation, String scope, int offset, int page) {
        String payload = operation + "|" + scope + "|" + offset + "|" + page;
        return Base64.getUrlEncoder().withoutPadding()
                .encodeToString((payload + "|" + sign(payload)).getBytes(StandardCharsets.UTF_8));
    }

    /** The position a token points at; null when no token was sent. */
    Position read(String token, String operation, String scope) {
        if (token == null) {
            return null;
        }
        try {
            String decoded = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
            int lastBar = decoded.lastIndexOf('|');
            String payload = decoded.substring(0, lastBar);
            String[] parts = payload.split("\\|", -1);
            if (parts.length == 4 && sign(payload).equals(decoded.substring(lastBar + 1))
                    && parts[0].equals(operation) && parts[1].equals(scope)) {
                return new Position(Integer.parseInt(parts[2]), Integer.parseInt(parts[3]));
            }
        } catch (RuntimeException ignored) {
            // any malformed token is simply invalid
        }
        throw new AwsException("InvalidInputException", 400, "The NextToken value you provided isn't valid.",
                Map.of("Reason", "INVALID_NEXT_TOKEN"));
    }

    private String sign(String payload) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(payload.getBytes(StandardCharsets.UTF_8)), 0, 8);
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException(e);
        }
    }
}
