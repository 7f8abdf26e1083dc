package io.orgaccessguard.emulator.policy;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.BiPredicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Evaluates the condition operators and keys this emulator understands. Anything else makes the statement
 * "unevaluable": an Allow that cannot be evaluated does not grant, a Deny that cannot be evaluated still denies
 * (fail closed), so the emulator is never more permissive than AWS.
 *
 * <p>Context values are lists (multivalued keys such as {@code aws:TagKeys}; single-valued keys hold one value).
 * Operators: {@code String*}, {@code Arn*}, {@code Bool}, {@code Null}, each with {@code ...IfExists}, and the set
 * qualifiers {@code ForAnyValue:} / {@code ForAllValues:}; policy variables {@code ${key}} are replaced from the
 * context. Semantics: https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html
 * and https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-single-vs-multi-valued-context-keys.html
 */
final class ConditionEvaluator {

    /** Condition keys whose values the emulator knows for every request (lower-case, as keys are case-insensitive). */
    static final Set<String> KNOWN_KEYS = Set.of("aws:principalarn", "aws:principalaccount", "aws:principalorgid",
            "aws:principaltype", "aws:userid", "aws:username", "aws:requestedregion", "aws:resourceaccount",
            "aws:sourceidentity", "aws:securetransport", "sts:externalid", "sts:sourceidentity",
            "sts:rolesessionname", "s3:x-amz-server-side-encryption", "s3:x-amz-server-side-encryption-aws-kms-key-id");

    private static final Pattern VARIABLE = Pattern.compile("\\$\\{([^}]+)}");

    enum Result { TRUE, FALSE, UNEVALUABLE }

    private static final Set<String> OPERATORS = Set.of("StringEquals", "StringNotEquals", "StringEqualsIgnoreCase",
            "StringNotEqualsIgnoreCase", "StringLike", "StringNotLike", "ArnEquals", "ArnNotEquals", "ArnLike",
            "ArnNotLike", "Bool", "Null");

    /** Whether the operator (with any {@code IfExists} suffix and set qualifier) is one this evaluator implements. */
    static boolean supports(String operator) {
        String op = operator;
        if (op.startsWith("ForAllValues:") || op.startsWith("ForAnyValue:")) {
            op = op.substring(op.indexOf(':') + 1);
        }
        if (op.endsWith("IfExists") && !op.equals("NullIfExists")) {
            op = op.substring(0, op.length() - "IfExists".length());
        }
        return OPERATORS.contains(op);
    }

    private ConditionEvaluator() {
    }

    /**
     * @param context lower-case key to values; absent keys are simply missing from the request
     * @param closedWorld true when the context is all there is (the policy simulator, a test's request): any key
     *     may be tested and an absent one is absent; false for live requests, where a key outside
     *     {@link #KNOWN_KEYS} is one the emulator cannot know, so the statement is unevaluable
     */
    static Result evaluate(Statement.Condition condition, Map<String, List<String>> context, boolean closedWorld) {
        String key = condition.key().toLowerCase(Locale.ROOT);
        if (!closedWorld && !KNOWN_KEYS.contains(key)) {
            return Result.UNEVALUABLE;
        }
        String operator = condition.operator();
        String qualifier = "";
        if (operator.startsWith("ForAllValues:") || operator.startsWith("ForAnyValue:")) {
            qualifier = operator.substring(0, operator.indexOf(':'));
            operator = operator.substring(operator.indexOf(':') + 1);
        }
        boolean ifExists = operator.endsWith("IfExists");
        String base = ifExists ? operator.substring(0, operator.length() - "IfExists".length()) : operator;
        List<String> values = context.get(key);
        boolean absent = values == null || values.isEmpty();
        if ("Null".equals(base)) {
            boolean wantsNull = condition.values().stream().anyMatch("true"::equalsIgnoreCase);
            return of(absent == wantsNull);
        }
        boolean negated = base.contains("Not");
        if (absent) {
            // A missing key fails positive operators and satisfies negated ones; ...IfExists always passes;
            // ForAllValues is true on an empty set.
            return of(ifExists || negated || "ForAllValues".equals(qualifier));
        }
        List<String> wanted;
        try {
            wanted = condition.values().stream().map(v -> substitute(v, context)).toList();
        } catch (IllegalArgumentException unknownVariable) {
            return Result.UNEVALUABLE;
        }
        BiPredicate<String, String> matches = switch (base.replace("Not", "")) {
            case "StringEquals", "ArnEquals" -> String::equals;
            case "StringEqualsIgnoreCase" -> String::equalsIgnoreCase;
            case "StringLike", "ArnLike" -> (value, pattern) -> Wildcard.matches(pattern, value, false);
            case "Bool" -> String::equalsIgnoreCase;
            default -> null;
        };
        if (matches == null || ("Bool".equals(base) && negated)) {
            return Result.UNEVALUABLE;
        }
        // A value "matches" when it equals/matches any of the policy's values; negated operators invert that.
        BiPredicate<String, List<String>> valueHolds = (value, patterns) -> {
            boolean any = patterns.stream().anyMatch(p -> matches.test(value, p));
            return negated != any;
        };
        return switch (qualifier) {
            case "ForAllValues" -> of(values.stream().allMatch(v -> valueHolds.test(v, wanted)));
            case "ForAnyValue" -> of(values.stream().anyMatch(v -> valueHolds.test(v, wanted)));
            default -> negated
                    ? of(values.stream().allMatch(v -> valueHolds.test(v, wanted)))
                    : of(values.stream().anyMatch(v -> valueHolds.test(v, wanted)));
        };
    }

    /** Replaces {@code ${key}} with the key's single value; a variable without one makes the statement unevaluable. */
    private static String substitute(String value, Map<String, List<String>> context) {
        if (!value.contains("${")) {
            return value;
        }
        Matcher m = VARIABLE.matcher(value);
        var out = new StringBuilder();
        while (m.find()) {
            List<String> v = context.get(m.group(1).toLowerCase(Locale.ROOT));
            if (v == null || v.size() != 1) {
                throw new IllegalArgumentException(m.group(1));
            }
            m.appendReplacement(out, Matcher.quoteReplacement(v.getFirst()));
        }
        m.appendTail(out);
        return out.toString();
    }

    private static Result of(boolean b) {
        return b ? Result.TRUE : Result.FALSE;
    }
}
