package io.orgaccessguard.emulator.auth;

import io.orgaccessguard.emulator.http.AwsException;
import io.orgaccessguard.emulator.http.Protocol;
import io.orgaccessguard.emulator.state.EmulatorState;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.function.Function;

/**
 * Turns a signed request into a {@link Principal}, answering like AWS does when it cannot: unknown key, wrong
 * signature, missing or wrong session token, expired session, clock skew beyond 15 minutes.
 */
public final class Authenticator {

    private static final DateTimeFormatter AMZ_DATE =
            DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);
    private static final Duration MAX_SKEW = Duration.ofMinutes(15);

    private final EmulatorState state;

    public Authenticator(EmulatorState state) {
        this.state = state;
    }

    /** What the verifier needs from the HTTP request. */
    public record SignedRequest(String method, String rawPath, String rawQuery, Function<String, String> header,
                                byte[] body, String authorizationHeader) {
    }

    public Principal authenticate(SignedRequest request, SigV4.Authorization auth, Protocol protocol) {
        if (auth == null) {
            if (request.authorizationHeader() == null) {
                throw error(protocol, "MissingAuthenticationToken", 403, "Request is missing Authentication Token");
            }
            throw error(protocol, "IncompleteSignature", 400,
                    "Authorization header requires 'Credential', 'Signature' and 'SignedHeaders' parameters.");
        }
        String amzDate = request.header().apply("x-amz-date");
        if (amzDate == null) {
            throw error(protocol, "IncompleteSignature", 400,
                    "Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header.");
        }
        String token = request.header().apply("x-amz-security-token");
        String secret;
        Principal principal;
        Optional<IssuedSession> session = state.credentials().session(auth.accessKeyId());
        if (session.isPresent()) {
            if (token == null || !token.equals(session.get().sessionToken())) {
                throw invalidToken(protocol);
            }
            secret = session.get().secretAccessKey();
            principal = session.get().principal();
        } else {
            var key = state.credentials().longTermKey(auth.accessKeyId()).orElseThrow(() -> invalidToken(protocol));
            if (token != null) {
                throw invalidToken(protocol);
            }
            secret = key.secretAccessKey();
            principal = key.principal();
        }
        if (state.options().verifySignatures()) {
            String payloadHash = request.header().apply("x-amz-content-sha256");
            if (payloadHash == null || !"UNSIGNED-PAYLOAD".equals(payloadHash)) {
                payloadHash = SigV4.payloadHash(request.body());
            }
            String expected = SigV4.expectedSignature(secret, auth, request.method(), request.rawPath(),
                    request.rawQuery(), request.header(), payloadHash, amzDate);
            if (!SigV4.matches(expected, auth.signature())) {
                throw error(protocol, "SignatureDoesNotMatch", 403, "The request signature we calculated does not "
                        + "match the signature you provided. Check your AWS Secret Access Key and signing method. "
                        + "Consult the service documentation for details.");
            }
            checkSkew(amzDate, protocol);
        }
        if (session.isPresent() && !state.now().isBefore(session.get().expiration())) {
            throw error(protocol, "ExpiredToken", 403, "The security token included in the request is expired");
        }
        return principal;
    }

    private void checkSkew(String amzDate, Protocol protocol) {
        Instant signedAt;
        try {
            signedAt = Instant.from(AMZ_DATE.parse(amzDate));
        } catch (DateTimeParseException e) {
            throw error(protocol, "IncompleteSignature", 400, "Date must be in ISO-8601 'basic format'. Got '"
                    + amzDate + "'.");
        }
        Instant now = Instant.now();
        if (signedAt.isBefore(now.minus(MAX_SKEW)) || signedAt.isAfter(now.plus(MAX_SKEW))) {
            throw error(protocol, "SignatureDoesNotMatch", 403, "Signature expired: " + amzDate
                    + " is now earlier than " + AMZ_DATE.format(now.minus(MAX_SKEW)) + " (" + AMZ_DATE.format(now)
                    + " - 15 min.)");
        }
    }

    private static AwsException invalidToken(Protocol protocol) {
        return protocol == Protocol.QUERY
                ? new AwsException("InvalidClientTokenId", 403, "The security token included in the request is invalid.")
                : new AwsException("UnrecognizedClientException", 403,
                        "The security token included in the request is invalid.");
    }

    /** JSON services name the same errors with an {@code Exception} suffix and their own signature code. */
    static AwsException error(Protocol protocol, String queryCode, int status, String message) {
        if (protocol == Protocol.QUERY) {
            return new AwsException(queryCode, status, message);
        }
        String jsonCode = switch (queryCode) {
            case "SignatureDoesNotMatch" -> "InvalidSignatureException";
            default -> queryCode + "Exception";
        };
        return new AwsException(jsonCode, status, message);
    }
}
