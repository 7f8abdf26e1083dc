package io.orgaccessguard.emulator.policy;

import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Evaluates the condition operators and keys this emulator understands. Anything else makes the statement
 * "unevaluable": an Allow that cannot be evaluated does not grant, a Deny that cannot be evaluated still denies
 * (fail closed), so the emulator is never more permissive than AWS.
 */
final class ConditionEvaluator {

    /** Condition keys whose values the emulator knows for every request (lower-case, as keys are case-insensitive). */
    static final Set<String> KNOWN_KEYS = Set.of("aws:principalarn", "aws:principalaccount", "aws:principalorgid",
            "aws:principaltype", "aws:userid", "aws:username", "aws:requestedregion", "aws:resourceaccount",
            "aws:sourceidentity", "aws:securetransport", "sts:externalid", "sts:sourceidentity",
            "sts:rolesessionname", "s3:x-amz-server-side-encryption", "s3:x-amz-server-side-encryption-aws-kms-key-id");

    enum Result { TRUE, FALSE, UNEVALUABLE }

    private ConditionEvaluator() {
    }

    /** @param context lower-case key to value; absent keys are simply missing from the request */
    static Result evaluate(Statement.Condition condition, Map<String, String> context) {
        String key = condition.key().toLowerCase(Locale.ROOT);
        if (!KNOWN_KEYS.contains(key)) {
            return Result.UNEVALUABLE;
        }
        String operator = condition.operator();
        boolean ifExists = operator.endsWith("IfExists");
        String base = ifExists ? operator.substring(0, operator.length() - "IfExists".length()) : operator;
        String value = context.get(key);
        if ("Null".equals(base)) {
            boolean wantsNull = condition.values().stream().anyMatch("true"::equalsIgnoreCase);
            return of((value == null) == wantsNull);
        }
        boolean negated = base.contains("Not");
        if (value == null) {
            // AWS: a missing key fails positive operators and satisfies negated ones; ...IfExists always passes.
            return of(ifExists || negated);
        }
        return switch (base) {
            case "StringEquals", "ArnEquals" -> of(condition.values().stream().anyMatch(value::equals));
            case "StringNotEquals", "ArnNotEquals" -> of(condition.values().stream().noneMatch(value::equals));
            case "StringEqualsIgnoreCase" -> of(condition.values().stream().anyMatch(value::equalsIgnoreCase));
            case "StringNotEqualsIgnoreCase" -> of(condition.values().stream().noneMatch(value::equalsIgnoreCase));
            case "StringLike", "ArnLike" ->
                    of(condition.values().stream().anyMatch(v -> Wildcard.matches(v, value, false)));
            case "StringNotLike", "ArnNotLike" ->
                    of(condition.values().stream().noneMatch(v -> Wildcard.matches(v, value, false)));
            case "Bool" -> of(condition.values().stream().anyMatch(value::equalsIgnoreCase));
            default -> Result.UNEVALUABLE;
        };
    }

    private static Result of(boolean b) {
        return b ? Result.TRUE : Result.FALSE;
    }
}
