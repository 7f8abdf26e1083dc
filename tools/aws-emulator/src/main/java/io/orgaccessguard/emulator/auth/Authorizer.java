package io.orgaccessguard.emulator.auth;

import io.orgaccessguard.emulator.policy.Decision;
import io.orgaccessguard.emulator.policy.PolicyEvaluator;
import io.orgaccessguard.emulator.state.EmulatorState;
import java.util.Map;

/**
 * Identity-side authorization: the caller's identity policies, narrowed by any session policies, decide every call.
 * Each service turns a denial into its own error shape; the message follows AWS's wording.
 */
public final class Authorizer {

    private final EmulatorState state;

    public Authorizer(EmulatorState state) {
        this.state = state;
    }

    public record Verdict(Decision decision, String reason) {
        public boolean allowed() {
            return decision == Decision.ALLOW;
        }
    }

    public Verdict decide(Principal caller, String action, String resource, String region) {
        Map<String, String> context = state.principalContext(caller, region);
        Decision identity = PolicyEvaluator.evaluate(state.identityPolicies(caller), action, resource, context);
        if (identity == Decision.EXPLICIT_DENY) {
            return new Verdict(identity, "with an explicit deny in an identity-based policy");
        }
        if (!caller.sessionPolicies().isEmpty()) {
            Decision session = PolicyEvaluator.evaluate(caller.sessionPolicies(), action, resource, context);
            if (session == Decision.EXPLICIT_DENY) {
                return new Verdict(session, "with an explicit deny in a session policy");
            }
            if (identity == Decision.ALLOW && session != Decision.ALLOW) {
                return new Verdict(Decision.IMPLICIT_DENY, "because no session policy allows the " + action + " action");
            }
        }
        if (identity == Decision.ALLOW) {
            return new Verdict(identity, null);
        }
        return new Verdict(identity, "because no identity-based policy allows the " + action + " action");
    }

    /** {@code User: <arn> is not authorized to perform: <action> on resource: <resource> <reason>}. */
    public static String deniedMessage(Principal caller, String action, String resource, Verdict verdict) {
        return "User: " + caller.arn() + " is not authorized to perform: " + action + " on resource: " + resource
                + (verdict.reason() == null ? "" : " " + verdict.reason());
    }
}
