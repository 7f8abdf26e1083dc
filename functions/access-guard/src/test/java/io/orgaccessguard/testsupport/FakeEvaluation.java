package io.orgaccessguard.testsupport;

import io.orgaccessguard.json.Json;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The in-memory fake's own reading of a policy document for one action on {@code *}: kept apart from the function's
 * matcher so that a core test does not share the function's mistakes. Conditions: StringEquals and StringNotEquals
 * (and their Like forms); a key the context lacks is reported missing, as IAM's simulator reports (https://docs.aws.amazon.com/IAM/latest/APIReference/API_EvaluationResult.html,
 * MissingContextValues).
 */
final class FakeEvaluation {

    private FakeEvaluation() {
    }

    /** "Deny", "Allow" or "" for the document's strongest applying statement. */
    static String effect(String document, String action, Map<String, String> context, Set<String> missing) {
        String result = "";
        Map<?, ?> policy = (Map<?, ?>) Json.parse(document);
        for (Object one : list(policy.get("Statement"))) {
            Map<?, ?> statement = (Map<?, ?>) one;
            boolean covers = statement.containsKey("NotAction")
                    ? list(statement.get("NotAction")).stream().noneMatch(p -> matches(String.valueOf(p), action))
                    : list(statement.get("Action")).stream().anyMatch(p -> matches(String.valueOf(p), action));
            if (!covers || !applies(statement.get("Condition"), context, missing)) {
                continue;
            }
            if ("Deny".equals(statement.get("Effect"))) {
                return "Deny";
            }
            result = "Allow";
        }
        return result;
    }

    private static boolean applies(Object condition, Map<String, String> context, Set<String> missing) {
        if (!(condition instanceof Map<?, ?> operators)) {
            return true;
        }
        for (var operator : operators.entrySet()) {
            boolean negated = String.valueOf(operator.getKey()).contains("Not");
            for (var key : ((Map<?, ?>) operator.getValue()).entrySet()) {
                String actual = context.get(String.valueOf(key.getKey()));
                if (actual == null) {
                    // An absent key matches no value: a negated operator then holds, as in a request.
                    missing.add(String.valueOf(key.getKey()));
                    if (!negated) {
                        return false;
                    }
                    continue;
                }
                boolean any = list(key.getValue()).stream().anyMatch(v -> matches(String.valueOf(v), actual));
                if (any == negated) {
                    return false;
                }
            }
        }
        return true;
    }

    private static List<?> list(Object element) {
        return element == null ? List.of() : element instanceof List<?> l ? l : List.of(element);
    }

    private static boolean matches(String pattern, String value) {
        String regex = ("\\Q" + pattern.toLowerCase(Locale.ROOT) + "\\E").replace("*", "\\E.*\\Q");
        return value.toLowerCase(Locale.ROOT).matches(regex);
    }
}
