package io.orgaccessguard.emulator.auth;

import io.orgaccessguard.emulator.http.AwsException;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Decodes an {@code aws-chunked} payload, verifying every chunk signature and the trailer signature when the payload
 * is signed. The framing, as S3 documents it for SigV4 streaming uploads
 * (https://docs.aws.amazon.com/AmazonS3/latest/API/sigv4-streaming.html and
 * https://docs.aws.amazon.com/AmazonS3/latest/API/sigv4-streaming-trailers.html):
 *
 * <pre>
 * hex(size);chunk-signature=sig\r\n data \r\n ... 0;chunk-signature=sig\r\n [trailer:value\r\n ...
 * x-amz-trailer-signature:sig\r\n] \r\n
 * </pre>
 *
 * A chunk's string to sign is {@code AWS4-HMAC-SHA256-PAYLOAD\n<date>\n<scope>\n<previous signature>\n
 * <sha256("")>\n<sha256(chunk)>}, the first previous signature being the request's (the seed); the trailer's is
 * {@code AWS4-HMAC-SHA256-TRAILER\n<date>\n<scope>\n<last chunk signature>\n<sha256(name:value\n...)>}. Unsigned
 * variants ({@code STREAMING-UNSIGNED-PAYLOAD-TRAILER}) carry bare sizes and no signatures.
 */
public final class AwsChunked {

    private static final String EMPTY_SHA256 = SigV4.payloadHash(new byte[0]);

    /** The payload without framing, and the trailing headers by lower-case name. */
    public record Decoded(byte[] payload, Map<String, String> trailers) {
    }

    /** What signed chunks are checked against; null for an unsigned stream. */
    public record Signing(byte[] signingKey, String seedSignature, String amzDate, String scope) {
    }

    private AwsChunked() {
    }

    public static Decoded decode(byte[] body, Signing signing, boolean expectTrailer) {
        var out = new ByteArrayOutputStream(body.length);
        int[] pos = {0};
        String previous = signing == null ? null : signing.seedSignature();
        while (true) {
            String header = line(body, pos);
            String sizeText = header;
            String signature = null;
            int semicolon = header.indexOf(';');
            if (semicolon >= 0) {
                sizeText = header.substring(0, semicolon);
                String extension = header.substring(semicolon + 1);
                if (extension.startsWith("chunk-signature=")) {
                    signature = extension.substring("chunk-signature=".length());
                }
            }
            int size;
            try {
                size = Integer.parseInt(sizeText.strip(), 16);
            } catch (NumberFormatException e) {
                throw incomplete();
            }
            if (size < 0 || pos[0] + size > body.length) {
                throw incomplete();
            }
            byte[] chunk = java.util.Arrays.copyOfRange(body, pos[0], pos[0] + size);
            pos[0] += size;
            if (signing != null) {
                if (signature == null) {
                    throw signatureMismatch();
                }
                String stringToSign = "AWS4-HMAC-SHA256-PAYLOAD\n" + signing.amzDate() + "\n" + signing.scope()
                        + "\n" + previous + "\n" + EMPTY_SHA256 + "\n" + SigV4.payloadHash(chunk);
                if (!SigV4.matches(SigV4.sign(signing.signingKey(), stringToSign), signature)) {
                    throw signatureMismatch();
                }
                previous = signature;
            }
            out.writeBytes(chunk);
            if (size == 0) {
                break;
            }
            if (!line(body, pos).isEmpty()) {
                throw incomplete();
            }
        }
        var trailers = new LinkedHashMap<String, String>();
        String trailerSignature = null;
        var canonicalTrailers = new StringBuilder();
        while (pos[0] < body.length) {
            String line = line(body, pos);
            if (line.isEmpty()) {
                break;
            }
            int colon = line.indexOf(':');
            if (colon <= 0) {
                throw incomplete();
            }
            String name = line.substring(0, colon).strip().toLowerCase(Locale.ROOT);
            String value = line.substring(colon + 1).strip();
            if ("x-amz-trailer-signature".equals(name)) {
                trailerSignature = value;
            } else {
                trailers.put(name, value);
                canonicalTrailers.append(name).append(':').append(value).append('\n');
            }
        }
        if (expectTrailer && trailers.isEmpty()) {
            throw incomplete();
        }
        if (signing != null && expectTrailer) {
            if (trailerSignature == null) {
                throw signatureMismatch();
            }
            String stringToSign = "AWS4-HMAC-SHA256-TRAILER\n" + signing.amzDate() + "\n" + signing.scope() + "\n"
                    + previous + "\n"
                    + SigV4.payloadHash(canonicalTrailers.toString().getBytes(StandardCharsets.UTF_8));
            if (!SigV4.matches(SigV4.sign(signing.signingKey(), stringToSign), trailerSignature)) {
                throw signatureMismatch();
            }
        }
        return new Decoded(out.toByteArray(), trailers);
    }

    /** Reads up to the next CRLF (exclusive) and moves past it; a missing CRLF means a truncated body. */
    private static String line(byte[] body, int[] pos) {
        for (int i = pos[0]; i + 1 < body.length; i++) {
            if (body[i] == '\r' && body[i + 1] == '\n') {
                String line = new String(body, pos[0], i - pos[0], StandardCharsets.ISO_8859_1);
                pos[0] = i + 2;
                return line;
            }
        }
        throw incomplete();
    }

    private static AwsException incomplete() {
        return new AwsException("IncompleteBody", 400,
                "The request body terminated unexpectedly or is not valid aws-chunked encoding.");
    }

    private static AwsException signatureMismatch() {
        return new AwsException("SignatureDoesNotMatch", 403, "The request signature we calculated does not match "
                + "the signature you provided. Check your key and signing method.");
    }
}
