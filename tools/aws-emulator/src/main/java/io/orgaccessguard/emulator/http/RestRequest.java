package io.orgaccessguard.emulator.http;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The HTTP request of a REST service (S3): method, raw (still percent-encoded) path and query, headers by lower-case
 * name, and the payload once any {@code aws-chunked} framing has been verified and removed.
 *
 * @param trailers trailing headers of an {@code aws-chunked} payload (lower-case names), empty otherwise
 */
public record RestRequest(String method, String rawPath, String rawQuery, Map<String, List<String>> headers,
                          byte[] payload, Map<String, String> trailers) {

    public RestRequest {
        var lower = new TreeMap<String, List<String>>();
        headers.forEach((name, values) -> lower.put(name.toLowerCase(Locale.ROOT), List.copyOf(values)));
        headers = java.util.Collections.unmodifiableMap(lower);
        trailers = Map.copyOf(trailers);
    }

    /** The (comma-joined) value of a header, or null. */
    public String header(String name) {
        List<String> values = headers.get(name.toLowerCase(Locale.ROOT));
        return values == null || values.isEmpty() ? null : String.join(",", values);
    }

    public RestRequest withPayload(byte[] newPayload, Map<String, String> newTrailers) {
        return new RestRequest(method, rawPath, rawQuery, headers, newPayload, newTrailers);
    }

    /** Decoded query parameters ({@code versionId}, ...); a parameter without value maps to "". */
    public Map<String, String> query() {
        var out = new TreeMap<String, String>();
        if (rawQuery == null || rawQuery.isEmpty()) {
            return out;
        }
        for (String pair : rawQuery.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String name = decode(eq < 0 ? pair : pair.substring(0, eq));
            out.put(name, eq < 0 ? "" : decode(pair.substring(eq + 1)));
        }
        return out;
    }

    private static String decode(String text) {
        return java.net.URLDecoder.decode(text.replace("+", "%2B"), java.nio.charset.StandardCharsets.UTF_8);
    }
}
