package io.orgaccessguard.trigger;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Null-safe reads of a parsed JSON tree. */
final class JsonTree {

    private JsonTree() {
    }

    /** The value at a path of object keys, or empty when any step is missing or not an object. */
    static Optional<Object> at(Object root, String... path) {
        Object node = root;
        for (String key : path) {
            if (!(node instanceof Map<?, ?> map) || !map.containsKey(key)) {
                return Optional.empty();
            }
            node = map.get(key);
        }
        return Optional.ofNullable(node);
    }

    static Optional<String> text(Object root, String... path) {
        return at(root, path).filter(String.class::isInstance).map(String.class::cast);
    }

    static Optional<Map<?, ?>> object(Object root, String... path) {
        return at(root, path).filter(Map.class::isInstance).map(value -> (Map<?, ?>) value);
    }

    static List<?> list(Object root, String... path) {
        return at(root, path).filter(List.class::isInstance).map(value -> (List<?>) value).orElse(List.of());
    }

    /** Echoes untrusted text safely: control and format characters as {@code ?}, at most {@code max} characters. */
    static String printable(String text, int max) {
        String clean = text.replaceAll("[\\p{Cc}\\p{Cf}]", "?");
        return clean.length() > max ? clean.substring(0, max) + "..." : clean;
    }

    static String describe(Object value) {
        if (value == null) {
            return "null";
        }
        if (value instanceof Map) {
            return "an object";
        }
        if (value instanceof List) {
            return "an array";
        }
        if (value instanceof String) {
            return "a string";
        }
        if (value instanceof Number) {
            return "a number";
        }
        return value instanceof Boolean ? "a boolean" : value.getClass().getSimpleName();
    }
}
