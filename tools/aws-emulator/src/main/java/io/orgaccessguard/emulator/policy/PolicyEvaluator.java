package io.orgaccessguard.emulator.policy;

import java.util.Collection;
import java.util.Map;
import java.util.function.Predicate;

/** Evaluates identity-based policies (and the principal-matching part of trust and resource policies). */
public final class PolicyEvaluator {

    private PolicyEvaluator() {
    }

    /**
     * Identity policies: explicit Deny wins, then any Allow, else implicit deny.
     *
     * @param context condition keys in lower case
     */
    public static Decision evaluate(Collection<PolicyDocument> policies, String action, String resource,
                                    Map<String, String> context) {
        return evaluate(policies, action, resource, context, s -> true);
    }

    /**
     * Like {@link #evaluate(Collection, String, String, Map)}, considering only statements whose principal matches
     * (trust and resource policies).
     */
    public static Decision evaluate(Collection<PolicyDocument> policies, String action, String resource,
                                    Map<String, String> context, Predicate<Statement> principalMatches) {
        boolean allowed = false;
        for (PolicyDocument policy : policies) {
            for (Statement s : policy.statements()) {
                if (!s.matchesAction(action) || !s.matchesResource(resource) || !principalMatches.test(s)) {
                    continue;
                }
                ConditionEvaluator.Result conditions = conditions(s, context);
                if (!s.allow()) {
                    if (conditions != ConditionEvaluator.Result.FALSE) {
                        return Decision.EXPLICIT_DENY;
                    }
                } else if (conditions == ConditionEvaluator.Result.TRUE) {
                    allowed = true;
                }
            }
        }
        return allowed ? Decision.ALLOW : Decision.IMPLICIT_DENY;
    }

    /** All conditions of a statement must hold (AND across operators and keys). */
    static ConditionEvaluator.Result conditions(Statement s, Map<String, String> context) {
        ConditionEvaluator.Result result = ConditionEvaluator.Result.TRUE;
        for (Statement.Condition c : s.conditions()) {
            ConditionEvaluator.Result r = ConditionEvaluator.evaluate(c, context);
            if (r == ConditionEvaluator.Result.FALSE) {
                return r;
            }
            if (r == ConditionEvaluator.Result.UNEVALUABLE) {
                result = r;
            }
        }
        return result;
    }
}
