package io.orgaccessguard.core.decision;

import java.util.List;

/** Reading IAM policy elements as IAM does. */
final class PolicyElements {

    private PolicyElements() {
    }

    /** A policy element may be one value or a list of them. */
    static List<?> values(Object element) {
        if (element == null) {
            return List.of();
        }
        return element instanceof List<?> list ? list : List.of(element);
    }

    /** IAM's wildcards: {@code *} any run of characters, {@code ?} one character. */
    static boolean glob(String pattern, String value) {
        if (!pattern.contains("*") && !pattern.contains("?")) {
            return pattern.equals(value);
        }
        String regex = ("\\Q" + pattern + "\\E").replace("*", "\\E.*\\Q").replace("?", "\\E.\\Q");
        return value.matches(regex);
    }
}
