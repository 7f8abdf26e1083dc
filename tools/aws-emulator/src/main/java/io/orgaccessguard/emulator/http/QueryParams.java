package io.orgaccessguard.emulator.http;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

/** The flat {@code name=value} parameters of a query-protocol request, with helpers for its list encodings. */
public final class QueryParams {

    private final Map<String, String> values;

    private QueryParams(Map<String, String> values) {
        this.values = values;
    }

    public static QueryParams parse(String formEncoded) {
        var values = new LinkedHashMap<String, String>();
        if (formEncoded != null && !formEncoded.isEmpty()) {
            for (String pair : formEncoded.split("&")) {
                if (pair.isEmpty()) {
                    continue;
                }
                int eq = pair.indexOf('=');
                String name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
                String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
                values.put(name, value);
            }
        }
        return new QueryParams(values);
    }

    public static QueryParams of(Map<String, String> values) {
        return new QueryParams(new LinkedHashMap<>(values));
    }

    public Optional<String> get(String name) {
        return Optional.ofNullable(values.get(name));
    }

    public String getOrNull(String name) {
        return values.get(name);
    }

    public boolean has(String name) {
        return values.containsKey(name);
    }

    /** A required parameter; AWS answers a missing one with {@code ValidationError}. */
    public String required(String name) {
        String value = values.get(name);
        if (value == null) {
            throw new AwsException("ValidationError", 400, "1 validation error detected: Value null at '"
                    + lowerFirst(name) + "' failed to satisfy constraint: Member must not be null");
        }
        return value;
    }

    /**
     * The indices present under {@code prefix.N...} (for {@code Tags.member}: 1, 2, ...), in numeric order. AWS lists
     * are 1-based and sent densely by the SDKs, but a sparse list is accepted as the services do.
     */
    public List<Integer> indices(String prefix) {
        var found = new TreeSet<Integer>();
        String start = prefix + ".";
        for (String key : values.keySet()) {
            if (key.startsWith(start)) {
                String rest = key.substring(start.length());
                int dot = rest.indexOf('.');
                String digits = dot < 0 ? rest : rest.substring(0, dot);
                try {
                    found.add(Integer.parseInt(digits));
                } catch (NumberFormatException ignored) {
                    // not a list member of this prefix
                }
            }
        }
        return new ArrayList<>(found);
    }

    /** A list of scalars: {@code prefix.1}, {@code prefix.2}, ... */
    public List<String> list(String prefix) {
        var out = new ArrayList<String>();
        for (int i : indices(prefix)) {
            String v = values.get(prefix + "." + i);
            if (v != null) {
                out.add(v);
            }
        }
        return out;
    }

    /** Every parameter, for call records. */
    public Map<String, String> asMap() {
        return Collections.unmodifiableMap(values);
    }

    static String lowerFirst(String name) {
        return name.isEmpty() ? name : Character.toLowerCase(name.charAt(0)) + name.substring(1);
    }
}
