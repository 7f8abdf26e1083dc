package io.orgaccessguard.emulator.auth;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** Signature Version 4 as AWS documents it: parsing the Authorization header and recomputing the signature. */
public final class SigV4 {

    public static final String ALGORITHM = "AWS4-HMAC-SHA256";

    /**
     * The parts of {@code AWS4-HMAC-SHA256 Credential=AKID/20260101/us-east-1/iam/aws4_request,
     * SignedHeaders=host;x-amz-date, Signature=...}.
     */
    public record Authorization(String accessKeyId, String date, String region, String service,
                                List<String> signedHeaders, String signature) {

        public String scope() {
            return date + "/" + region + "/" + service + "/aws4_request";
        }
    }

    private SigV4() {
    }

    /** Parses the header; returns null when it is not a well-formed SigV4 header. */
    public static Authorization parse(String header) {
        if (header == null || !header.startsWith(ALGORITHM + " ")) {
            return null;
        }
        String credential = null;
        String signedHeaders = null;
        String signature = null;
        for (String part : header.substring(ALGORITHM.length() + 1).split(",")) {
            String p = part.strip();
            int eq = p.indexOf('=');
            if (eq < 0) {
                continue;
            }
            String value = p.substring(eq + 1);
            switch (p.substring(0, eq)) {
                case "Credential" -> credential = value;
                case "SignedHeaders" -> signedHeaders = value;
                case "Signature" -> signature = value;
                default -> {
                    // unknown components are ignored, as AWS does
                }
            }
        }
        if (credential == null || signedHeaders == null || signature == null) {
            return null;
        }
        String[] scope = credential.split("/");
        if (scope.length != 5 || !"aws4_request".equals(scope[4])) {
            return null;
        }
        return new Authorization(scope[0], scope[1], scope[2], scope[3], List.of(signedHeaders.split(";")),
                signature);
    }

    /**
     * The signature a signer holding {@code secret} would have produced for this request.
     *
     * @param header gives the (combined) value of a header by lower-case name, or null
     */
    public static String expectedSignature(String secret, Authorization auth, String method, String rawPath,
                                           String rawQuery, Function<String, String> header, String payloadHash,
                                           String amzDate) {
        return expectedSignature(secret, auth, method, rawPath, rawQuery, header, payloadHash, amzDate, false);
    }

    /**
     * As above; {@code s3} signs the path as sent (encoded once, not normalised), as S3 requires, where every other
     * service signs it encoded a second time.
     */
    public static String expectedSignature(String secret, Authorization auth, String method, String rawPath,
                                           String rawQuery, Function<String, String> header, String payloadHash,
                                           String amzDate, boolean s3) {
        var canonical = new StringBuilder();
        canonical.append(method).append('\n');
        canonical.append(s3 ? (rawPath == null || rawPath.isEmpty() ? "/" : rawPath) : canonicalUri(rawPath))
                .append('\n');
        canonical.append(canonicalQuery(rawQuery)).append('\n');
        for (String name : auth.signedHeaders()) {
            String value = header.apply(name.toLowerCase(Locale.ROOT));
            canonical.append(name.toLowerCase(Locale.ROOT)).append(':')
                    .append(value == null ? "" : value.strip().replaceAll(" +", " ")).append('\n');
        }
        canonical.append('\n');
        canonical.append(String.join(";", auth.signedHeaders())).append('\n');
        canonical.append(payloadHash);

        String stringToSign = ALGORITHM + "\n" + amzDate + "\n" + auth.scope() + "\n"
                + hex(sha256(canonical.toString().getBytes(StandardCharsets.UTF_8)));
        return hex(hmac(signingKey(secret, auth), stringToSign));
    }

    /** The key derived for the credential scope: HMAC chain over date, region, service and "aws4_request". */
    public static byte[] signingKey(String secret, Authorization auth) {
        byte[] key = hmac(("AWS4" + secret).getBytes(StandardCharsets.UTF_8), auth.date());
        key = hmac(key, auth.region());
        key = hmac(key, auth.service());
        return hmac(key, "aws4_request");
    }

    /** Hex HMAC-SHA256 of a string to sign with a derived signing key (chunk and trailer signatures). */
    public static String sign(byte[] signingKey, String stringToSign) {
        return hex(hmac(signingKey, stringToSign));
    }

    /** Constant-time comparison, so timing reveals nothing about the expected signature. */
    public static boolean matches(String expected, String provided) {
        return MessageDigest.isEqual(expected.getBytes(StandardCharsets.US_ASCII),
                provided.getBytes(StandardCharsets.US_ASCII));
    }

    public static String payloadHash(byte[] body) {
        return hex(sha256(body));
    }

    /** Non-S3 services sign the path encoded a second time; the raw path is already encoded once. */
    static String canonicalUri(String rawPath) {
        if (rawPath == null || rawPath.isEmpty()) {
            return "/";
        }
        var sb = new StringBuilder();
        for (char c : rawPath.toCharArray()) {
            if (c == '/') {
                sb.append('/');
            } else {
                sb.append(encode(String.valueOf(c)));
            }
        }
        return sb.toString();
    }

    static String canonicalQuery(String rawQuery) {
        if (rawQuery == null || rawQuery.isEmpty()) {
            return "";
        }
        var pairs = new ArrayList<String[]>();
        for (String pair : rawQuery.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String name = decode(eq < 0 ? pair : pair.substring(0, eq));
            String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
            pairs.add(new String[] {encode(name), encode(value)});
        }
        pairs.sort((a, b) -> a[0].equals(b[0]) ? a[1].compareTo(b[1]) : a[0].compareTo(b[0]));
        var sb = new StringBuilder();
        for (String[] p : pairs) {
            if (!sb.isEmpty()) {
                sb.append('&');
            }
            sb.append(p[0]).append('=').append(p[1]);
        }
        return sb.toString();
    }

    /** RFC 3986 percent-encoding: everything but unreserved characters, upper-case hex. */
    public static String encode(String text) {
        var sb = new StringBuilder(text.length() * 2);
        for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xFF;
            if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_'
                    || c == '.' || c == '~') {
                sb.append((char) c);
            } else {
                sb.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 15, 16)));
            }
        }
        return sb.toString();
    }

    private static String decode(String text) {
        // Query strings here are percent-encoded; '+' stays literal in SigV4's canonical form.
        return java.net.URLDecoder.decode(text.replace("+", "%2B"), StandardCharsets.UTF_8);
    }

    private static byte[] sha256(byte[] data) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(data);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] hmac(byte[] key, String data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String hex(byte[] bytes) {
        return HexFormat.of().formatHex(bytes);
    }
}
