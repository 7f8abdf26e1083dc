package io.orgaccessguard.emulator.auth;

import io.orgaccessguard.emulator.http.AwsException;
import io.orgaccessguard.emulator.http.Protocol;
import io.orgaccessguard.emulator.state.EmulatorState;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Map;
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

    private static final java.util.regex.Pattern HEX_SHA256 = java.util.regex.Pattern.compile("[0-9a-f]{64}");
    /** The payload modes S3 accepts besides a hex hash (SigV4a ECDSA streaming is not emulated). */
    private static final java.util.Set<String> S3_PAYLOAD_MODES = java.util.Set.of("UNSIGNED-PAYLOAD",
            "STREAMING-UNSIGNED-PAYLOAD-TRAILER", "STREAMING-AWS4-HMAC-SHA256-PAYLOAD",
            "STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER");

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
        String payloadHash = request.header().apply("x-amz-content-sha256");
        if (payloadHash == null || !"UNSIGNED-PAYLOAD".equals(payloadHash)) {
            payloadHash = SigV4.payloadHash(request.body());
        }
        return verify(request, auth, protocol, payloadHash, false).principal();
    }

    /** An authenticated REST request: its caller (null when anonymous) and its payload without framing. */
    public record RestAuthentication(Principal principal, byte[] payload, Map<String, String> trailers) {
    }

    /**
     * S3's flavour of SigV4: the path is signed as sent, {@code x-amz-content-sha256} is required and is either a
     * hash the body must match, {@code UNSIGNED-PAYLOAD}, or a streaming mode whose {@code aws-chunked} body carries
     * its own chunk signatures. An unsigned request is anonymous (S3 lets bucket policies grant to everyone).
     * Sources: https://docs.aws.amazon.com/AmazonS3/latest/API/sig-v4-header-based-auth.html and
     * https://docs.aws.amazon.com/AmazonS3/latest/API/sigv4-streaming.html.
     */
    public RestAuthentication authenticateS3(SignedRequest request, SigV4.Authorization auth) {
        Protocol protocol = Protocol.REST_XML;
        if (request.authorizationHeader() == null) {
            if (request.rawQuery() != null && request.rawQuery().contains("X-Amz-Signature=")) {
                throw new AwsException("NotImplemented", 501,
                        "The emulator does not implement presigned (query string) authentication.");
            }
            return new RestAuthentication(null, request.body(), Map.of());
        }
        if (auth == null) {
            throw new AwsException("AuthorizationHeaderMalformed", 400, "The authorization header is malformed; "
                    + "the authorization header requires three components: Credential, SignedHeaders, Signature.");
        }
        String contentSha = request.header().apply("x-amz-content-sha256");
        if (contentSha == null) {
            throw new AwsException("InvalidRequest", 400,
                    "Missing required header for this request: x-amz-content-sha256");
        }
        boolean hashed = HEX_SHA256.matcher(contentSha).matches();
        if (!hashed && !S3_PAYLOAD_MODES.contains(contentSha)) {
            throw new AwsException("InvalidArgument", 400, "x-amz-content-sha256 must be UNSIGNED-PAYLOAD, "
                    + "STREAMING-UNSIGNED-PAYLOAD-TRAILER, STREAMING-AWS4-HMAC-SHA256-PAYLOAD, "
                    + "STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER or a valid sha256 value.");
        }
        Verified verified = verify(request, auth, protocol, contentSha, true);
        if (hashed) {
            if (!contentSha.equals(SigV4.payloadHash(request.body()))) {
                throw new AwsException("XAmzContentSHA256Mismatch", 400,
                        "The provided 'x-amz-content-sha256' header does not match what was computed.");
            }
            return new RestAuthentication(verified.principal(), request.body(), Map.of());
        }
        if ("UNSIGNED-PAYLOAD".equals(contentSha)) {
            return new RestAuthentication(verified.principal(), request.body(), Map.of());
        }
        String encoding = request.header().apply("content-encoding");
        if (encoding == null || !encoding.toLowerCase(Locale.ROOT).contains("aws-chunked")) {
            throw new AwsException("InvalidRequest", 400, "Streaming payloads need Content-Encoding: aws-chunked.");
        }
        String decodedLength = request.header().apply("x-amz-decoded-content-length");
        if (decodedLength == null) {
            throw new AwsException("MissingContentLength", 411,
                    "You must provide the Content-Length HTTP header (x-amz-decoded-content-length).");
        }
        boolean signedChunks = contentSha.startsWith("STREAMING-AWS4-HMAC-SHA256-PAYLOAD");
        boolean trailer = contentSha.endsWith("-TRAILER");
        AwsChunked.Signing signing = signedChunks && state.options().verifySignatures()
                ? new AwsChunked.Signing(SigV4.signingKey(verified.secret(), auth), auth.signature(),
                        request.header().apply("x-amz-date"), auth.scope())
                : null;
        AwsChunked.Decoded decoded = AwsChunked.decode(request.body(), signing, trailer);
        if (decoded.payload().length != parseLength(decodedLength)) {
            throw new AwsException("IncompleteBody", 400,
                    "You did not provide the number of bytes specified by the Content-Length HTTP header");
        }
        String declared = request.header().apply("x-amz-trailer");
        if (trailer && (declared == null || !decoded.trailers().keySet().equals(
                java.util.Set.of(declared.toLowerCase(Locale.ROOT).split("\\s*,\\s*"))))) {
            throw new AwsException("InvalidRequest", 400,
                    "The trailing headers sent do not match the x-amz-trailer header.");
        }
        return new RestAuthentication(verified.principal(), decoded.payload(), decoded.trailers());
    }

    private static long parseLength(String value) {
        try {
            return Long.parseLong(value.strip());
        } catch (NumberFormatException e) {
            throw new AwsException("InvalidArgument", 400, "x-amz-decoded-content-length is not a number.");
        }
    }

    private record Verified(Principal principal, String secret) {
    }

    /** Resolves the access key, checks the signature, the clock skew and the session's expiry. */
    private Verified verify(SignedRequest request, SigV4.Authorization auth, Protocol protocol, String payloadHash,
                            boolean s3) {
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
                throw invalidToken(protocol, token != null);
            }
            secret = session.get().secretAccessKey();
            principal = session.get().principal();
        } else {
            var key = state.credentials().longTermKey(auth.accessKeyId())
                    .orElseThrow(() -> invalidKey(protocol));
            if (token != null) {
                throw invalidToken(protocol, true);
            }
            secret = key.secretAccessKey();
            principal = key.principal();
        }
        if (state.options().verifySignatures()) {
            String expected = SigV4.expectedSignature(secret, auth, request.method(), request.rawPath(),
                    request.rawQuery(), request.header(), payloadHash, amzDate, s3);
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
        return new Verified(principal, secret);
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
            throw error(protocol, protocol == Protocol.REST_XML ? "RequestTimeTooSkewed" : "SignatureDoesNotMatch",
                    403, "Signature expired: " + amzDate
                    + " is now earlier than " + AMZ_DATE.format(now.minus(MAX_SKEW)) + " (" + AMZ_DATE.format(now)
                    + " - 15 min.)");
        }
    }

    /** An access key the emulator never issued. */
    private static AwsException invalidKey(Protocol protocol) {
        return switch (protocol) {
            case QUERY -> new AwsException("InvalidClientTokenId", 403,
                    "The security token included in the request is invalid.");
            case REST_XML -> new AwsException("InvalidAccessKeyId", 403,
                    "The AWS Access Key Id you provided does not exist in our records.");
            default -> error(protocol, "UnrecognizedClient", 403,
                    "The security token included in the request is invalid.");
        };
    }

    /** A session token that is missing, foreign or sent with a long-term key. */
    private static AwsException invalidToken(Protocol protocol, boolean tokenSent) {
        return switch (protocol) {
            case REST_XML -> tokenSent
                    ? new AwsException("InvalidToken", 400, "The provided token is malformed or otherwise invalid.")
                    : new AwsException("InvalidAccessKeyId", 403,
                            "The AWS Access Key Id you provided does not exist in our records.");
            default -> invalidKey(protocol);
        };
    }

    /**
     * The query services' error in each protocol's naming: JSON services add an {@code Exception} suffix and have their
     * own signature code; DynamoDB answers every client error with 400
     * (https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/Programming.Errors.html); S3 has its own codes
     * (https://docs.aws.amazon.com/AmazonS3/latest/API/ErrorResponses.html).
     */
    static AwsException error(Protocol protocol, String queryCode, int status, String message) {
        return switch (protocol) {
            case QUERY -> new AwsException(queryCode, status, message);
            case REST_XML -> switch (queryCode) {
                case "SignatureDoesNotMatch" -> new AwsException(queryCode, 403, "The request signature we calculated "
                        + "does not match the signature you provided. Check your key and signing method.");
                case "ExpiredToken" -> new AwsException("ExpiredToken", 400, "The provided token has expired.");
                case "RequestTimeTooSkewed" -> new AwsException(queryCode, 403,
                        "The difference between the request time and the current time is too large.");
                case "IncompleteSignature" -> new AwsException("AccessDenied", 403,
                        "AWS authentication requires a valid Date or x-amz-date header");
                default -> new AwsException(queryCode, status, message);
            };
            case JSON_1_0, JSON_1_1 -> {
                String jsonCode = switch (queryCode) {
                    case "SignatureDoesNotMatch" -> "InvalidSignatureException";
                    case "RequestTimeTooSkewed" -> "InvalidSignatureException";
                    default -> queryCode + "Exception";
                };
                yield new AwsException(jsonCode, protocol == Protocol.JSON_1_0 ? 400 : status, message);
            }
        };
    }
}
