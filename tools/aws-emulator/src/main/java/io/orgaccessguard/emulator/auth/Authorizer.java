package io.orgaccessguard.emulator.auth;

import io.orgaccessguard.emulator.policy.Decision;
import io.orgaccessguard.emulator.policy.PolicyEvaluator;
import io.orgaccessguard.emulator.state.EmulatorState;
import java.util.Map;

/**
 * Identity-side authorization: the caller's identity policies, its permissions boundary, the SCPs of a member account
 * and any session policies decide every call, as {@link PolicyEvaluator} describes. Each service turns a denial into
 * its own error shape; the message follows AWS's wording
 * (https://docs.aws.amazon.com/IAM/latest/UserGuide/troubleshoot_access-denied.html).
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
        PolicyEvaluator.Result result = PolicyEvaluator.evaluate(state.policiesFor(caller),
                PolicyEvaluator.Request.live(action, resource, context));
        return new Verdict(result.decision(), result.reason(action));
    }

    /** {@code User: <arn> is not authorized to perform: <action> on resource: <resource> <reason>}. */
    public static String deniedMessage(Principal caller, String action, String resource, Verdict verdict) {
        return "User: " + caller.arn() + " is not authorized to perform: " + action + " on resource: " + resource
                + (verdict.reason() == null ? "" : " " + verdict.reason());
    }
}
