package io.orgaccessguard.core.decision;

import io.orgaccessguard.core.model.Reason.Restriction;
import io.orgaccessguard.core.model.Reason.ScpAllowsNot;
import io.orgaccessguard.core.model.Reason.ScpDenies;
import io.orgaccessguard.core.model.Reason.ScpUnnamed;
import io.orgaccessguard.core.port.OrganizationDirectory.ServiceControlPolicy;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Which SCPs deny actions IAM found denied by Organizations. IAM's simulation says only that an SCP denies
 * ({@code OrganizationsDecisionDetail}); the policies on the account, its OUs and the root say which. An action is
 * allowed only if every level, from the root down to the account, has a policy that allows it, and no policy at any
 * level denies it (https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_scps_evaluation.html).
 */
public final class ServiceControlNaming {

    private ServiceControlNaming() {
    }

    /** The SCPs that deny, and the levels where none allows; {@link ScpUnnamed} when neither is found. */
    public static List<Restriction> restrictions(List<ServiceControlPolicy> policies, List<String> actions,
                                                 Map<String, String> context) {
        List<Restriction> found = found(policies, actions, context);
        return found.isEmpty() ? List.of(new ScpUnnamed(Optional.empty())) : found;
    }

    /**
     * The actions the SCPs surely deny (a Deny that applies, or a level where none allows), for a role IAM could not
     * judge: the function's own reading, from the management account.
     */
    public static List<String> deniedActions(List<ServiceControlPolicy> policies, List<String> actions,
                                             Map<String, String> context) {
        return actions.stream().filter(action -> found(policies, List.of(action), context).stream()
                .anyMatch(restriction -> restriction instanceof ScpAllowsNot
                        || restriction instanceof ScpDenies denies && surelyDenies(policies, denies, action, context)))
                .toList();
    }

    private static boolean surelyDenies(List<ServiceControlPolicy> policies, ScpDenies denies, String action,
                                        Map<String, String> context) {
        return policies.stream().filter(policy -> policy.policyId().equals(denies.policyId())).anyMatch(policy ->
                PolicyStatements.judge(policy.document(), action, context).effect() == PolicyStatements.Effect.DENY);
    }

    private static List<Restriction> found(List<ServiceControlPolicy> policies, List<String> actions,
                                           Map<String, String> context) {
        var byTarget = new LinkedHashMap<String, List<ServiceControlPolicy>>();
        policies.forEach(policy -> byTarget.computeIfAbsent(policy.targetId(), key -> new java.util.ArrayList<>())
                .add(policy));
        var found = new LinkedHashSet<Restriction>();
        for (var target : byTarget.entrySet()) {
            for (String action : actions) {
                boolean allowed = false;
                for (ServiceControlPolicy policy : target.getValue()) {
                    PolicyStatements.Verdict verdict = PolicyStatements.judge(policy.document(), action, context);
                    if (verdict.effect() == PolicyStatements.Effect.DENY || verdict.mayDeny()) {
                        found.add(new ScpDenies(policy.policyId(), policy.name(), target.getKey()));
                    }
                    allowed |= verdict.effect() == PolicyStatements.Effect.ALLOW;
                }
                if (!allowed) {
                    found.add(new ScpAllowsNot(target.getKey()));
                }
            }
        }
        return List.copyOf(found);
    }
}
