package io.orgaccessguard.core.decision;

import io.orgaccessguard.json.Json;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * What one IAM policy document says about one action on {@code *}, read by the function itself: for the fallback when
 * IAM cannot simulate, and for naming which SCP denies an action IAM found denied. Conditions are judged only for the
 * string and ARN operators on keys the context holds; any other condition makes the statement's effect unknown, never
 * assumed (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html).
 */
public final class PolicyStatements {

    /** What a document does to the action: its strongest applying statement. */
    public enum Effect { NONE, ALLOW, DENY }

    /**
     * @param effect the effect of the statements that surely apply
     * @param mayDeny a conditional Deny covers the action and its condition could not be judged
     * @param unknownKeys the condition keys that could not be judged
     */
    public record Verdict(Effect effect, boolean mayDeny, Set<String> unknownKeys) {
    }

    private PolicyStatements() {
    }

    public static Verdict judge(String document, String action, Map<String, String> context) {
        Effect effect = Effect.NONE;
        boolean mayDeny = false;
        var unknown = new TreeSet<String>();
        for (Map<?, ?> statement : statements(document)) {
            if (!coversAction(statement, action) || !coversAnyResource(statement)) {
                continue;
            }
            boolean deny = "Deny".equalsIgnoreCase(String.valueOf(statement.get("Effect")));
            Boolean applies = conditionHolds(statement.get("Condition"), context, unknown);
            if (applies == null) {
                mayDeny |= deny;
            } else if (applies) {
                if (deny) {
                    effect = Effect.DENY;
                } else if (effect == Effect.NONE) {
                    effect = Effect.ALLOW;
                }
            }
        }
        return new Verdict(effect, mayDeny && effect != Effect.DENY, unknown);
    }

    private static boolean coversAction(Map<?, ?> statement, String action) {
        if (statement.containsKey("NotAction")) {
            return PolicyElements.values(statement.get("NotAction")).stream()
                    .noneMatch(pattern -> matchesIgnoringCase(String.valueOf(pattern), action));
        }
        return PolicyElements.values(statement.get("Action")).stream()
                .anyMatch(pattern -> matchesIgnoringCase(String.valueOf(pattern), action));
    }

    /** The judged actions are asked on {@code *}: a statement counts when it covers every resource. */
    private static boolean coversAnyResource(Map<?, ?> statement) {
        if (statement.containsKey("NotResource")) {
            return false;
        }
        return PolicyElements.values(statement.get("Resource")).contains("*");
    }

    /** True or false when it could be judged; null when a key or an operator is beyond this reader. */
    private static Boolean conditionHolds(Object condition, Map<String, String> context, Set<String> unknown) {
        if (!(condition instanceof Map<?, ?> operators) || operators.isEmpty()) {
            return true;
        }
        boolean holds = true;
        boolean judged = true;
        for (var operator : operators.entrySet()) {
            String name = String.valueOf(operator.getKey());
            if (!(operator.getValue() instanceof Map<?, ?> keys)) {
                return null;
            }
            for (var key : keys.entrySet()) {
                String keyName = String.valueOf(key.getKey()).toLowerCase(Locale.ROOT);
                String value = context.entrySet().stream()
                        .filter(entry -> entry.getKey().equalsIgnoreCase(keyName)).map(Map.Entry::getValue)
                        .findFirst().orElse(null);
                Boolean one = value == null ? null : compare(name, PolicyElements.values(key.getValue()), value);
                if (one == null) {
                    unknown.add(String.valueOf(key.getKey()));
                    judged = false;
                } else {
                    holds &= one;
                }
            }
        }
        if (!holds) {
            return false; // one condition that surely fails is enough, whatever the others
        }
        return judged ? Boolean.TRUE : null;
    }

    private static Boolean compare(String operator, List<?> values, String actual) {
        String base = operator.replace("IfExists", "");
        boolean any = values.stream().anyMatch(value -> switch (base) {
            case "StringEquals", "StringNotEquals", "ArnEquals", "ArnNotEquals" -> String.valueOf(value).equals(actual);
            case "StringEqualsIgnoreCase", "StringNotEqualsIgnoreCase" ->
                    String.valueOf(value).equalsIgnoreCase(actual);
            default -> PolicyElements.glob(String.valueOf(value), actual);
        });
        return switch (base) {
            case "StringEquals", "StringEqualsIgnoreCase", "StringLike", "ArnEquals", "ArnLike" -> any;
            case "StringNotEquals", "StringNotEqualsIgnoreCase", "StringNotLike", "ArnNotEquals", "ArnNotLike" -> !any;
            default -> null;
        };
    }

    /** Action names are not case sensitive in IAM. */
    private static boolean matchesIgnoringCase(String pattern, String action) {
        return PolicyElements.glob(pattern.toLowerCase(Locale.ROOT), action.toLowerCase(Locale.ROOT));
    }

    static List<Map<?, ?>> statements(String document) {
        Object parsed;
        try {
            parsed = Json.parse(document);
        } catch (Json.MalformedJsonException e) {
            return List.of();
        }
        if (!(parsed instanceof Map<?, ?> map)) {
            return List.of();
        }
        var statements = new ArrayList<Map<?, ?>>();
        for (Object statement : PolicyElements.values(map.get("Statement"))) {
            if (statement instanceof Map<?, ?> one) {
                statements.add(one);
            }
        }
        return statements;
    }
}
