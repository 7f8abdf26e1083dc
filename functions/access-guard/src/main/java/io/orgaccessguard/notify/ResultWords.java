package io.orgaccessguard.notify;

import io.orgaccessguard.core.model.AccountResult;
import io.orgaccessguard.core.model.Action;
import io.orgaccessguard.core.model.Outcome;
import io.orgaccessguard.core.model.Reason;
import io.orgaccessguard.core.model.Reason.Bootstraps;
import io.orgaccessguard.core.model.Reason.Failure;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * An account result in words: the one place where the core's typed reasons and actions become the sentences people
 * read, in messages, log lines and responses alike. Nothing decides on these words.
 */
public record ResultWords(String accountId, String accountName, String joinedMethod, Outcome outcome, String reason,
                          Optional<String> bootstrapRole, List<String> actions,
                          Optional<String> notificationMessageId) {

    public ResultWords {
        actions = List.copyOf(actions);
    }

    public static ResultWords of(AccountResult result) {
        return new ResultWords(result.accountId(), result.accountName(), result.joinedMethod(), result.outcome(),
                reason(result.reason(), result.actions()), result.bootstrapRole(),
                result.actions().stream().map(ResultWords::action).toList(), result.notificationMessageId());
    }

    /** The result as a JSON tree: the same fields in logs, responses and machine notifications. */
    public static Map<String, Object> json(AccountResult result) {
        return of(result).toJson();
    }

    public Map<String, Object> toJson() {
        var json = new LinkedHashMap<String, Object>();
        json.put("accountId", accountId);
        json.put("accountName", accountName);
        json.put("joinedMethod", joinedMethod);
        json.put("outcome", outcome.name());
        json.put("reason", reason);
        json.put("bootstrapRole", bootstrapRole.orElse(null));
        json.put("actions", actions);
        json.put("notificationMessageId", notificationMessageId.orElse(null));
        return json;
    }

    ResultWords withReason(String newReason) {
        return new ResultWords(accountId, accountName, joinedMethod, outcome, newReason, bootstrapRole, actions,
                notificationMessageId);
    }

    static String action(Action action) {
        return switch (action) {
            case Action.RoleCreated created -> "created role " + created.roleArn();
            case Action.TrustUpdated trust -> "updated the trust of " + trust.roleArn() + " to admit "
                    + trust.principals();
            case Action.PolicyAttached attached -> "attached " + attached.policyArn();
        };
    }

    static String reason(Reason reason, List<Action> actions) {
        return switch (reason) {
            case Reason.NotAMember r -> "not a member of organization " + r.organizationId();
            case Reason.ManagementAccount r -> "the management account needs no access role";
            case Reason.NotActive r -> "account state is " + r.state() + ", not ACTIVE";
            case Reason.NotStarted r -> "not started: the invocation ran out of time (Lambda retries the event)";
            case Reason.Assumed r -> "assumed " + r.roleArn();
            case Reason.AssumedPoliciesUnreadable r -> "assumed " + r.roleArn() + ", but whether it may administer"
                    + " the account is unknown: " + r.simulation().map(f -> "IAM's evaluation was not available ("
                    + failure(f) + ") and ").orElse("") + "its own permissions do not let it read its policies";
            case Reason.AssumedPoliciesRead r -> "assumed " + r.roleArn() + "; its policies, read by org-access-guard,"
                    + " let it administer the account (IAM's evaluation was not available: " + failure(r.simulation())
                    + "; SCPs were not judged)";
            case Reason.Restricted r -> "assumed " + r.roleArn() + ", but it may not " + r.deniedActions() + ": "
                    + r.restrictions().stream().map(ResultWords::restriction).collect(Collectors.joining("; "))
                    + (r.judgedBy() == Reason.JudgedBy.IAM_SIMULATION ? " (IAM's policy simulation)"
                    : " (read by org-access-guard; IAM's evaluation was not available"
                    + r.simulation().map(f -> ": " + failure(f)).orElse("") + ")");
            case Reason.DecisionIncomplete r -> "assumed " + r.roleArn() + ", but "
                    + (r.judgedBy() == Reason.JudgedBy.IAM_SIMULATION ? "IAM" : "org-access-guard")
                    + " could not decide whether it may " + r.undecidedActions()
                    + (r.missingContextKeys().isEmpty() ? " (its policies are attached, yet they do not allow it)"
                    : ": its policies test context keys a check cannot know " + r.missingContextKeys());
            case Reason.PoliciesNotInAccount r -> "the account holds no policy " + r.policyArns() + " for "
                    + r.roleArn() + ": a customer-managed policy lives in one account, so each member account needs"
                    + " its own of that path and name" + done(r.done());
            case Reason.MadeByAnotherRun r -> "assumed " + r.roleArn() + ", created a moment ago by another run of"
                    + " org-access-guard (the same event delivered twice)";
            case Reason.ChangedAndAssumed r -> changed(actions) + " " + r.roleArn()
                    + "; assumed it as the management account";
            case Reason.CreatedByLostInvocation r -> "created " + r.roleArn() + " in an earlier invocation of this"
                    + " run, which ended before it could tell; " + reason(r.now(), actions);
            case Reason.AnnouncedLate r -> r.change().name() + " by an earlier run at " + r.since()
                    + ", not announced until now; " + reason(r.now(), actions);
            case Reason.WouldCreate r -> "dry run: would create " + r.roleArn() + " trusting "
                    + r.trustedPrincipals() + " with " + r.policyArns();
            case Reason.WouldRepair r -> "dry run: would " + repairs(r) + " on " + r.roleArn();
            case Reason.TrustDoesNotAdmit r -> "the trust of " + r.roleArn() + " does not admit " + r.principals()
                    + " (it admits " + r.admitted() + "); REPAIR_TRUST is off";
            case Reason.TrustDenies r -> "the trust of " + r.roleArn() + " has a Deny that applies to "
                    + r.principals() + "; an explicit Deny is the owner's choice and is not repaired";
            case Reason.LacksPolicies r -> r.roleArn() + " can be assumed but lacks " + r.missing() + "; "
                    + noBootstrap(r.bootstraps());
            case Reason.CannotAssume r -> "cannot assume " + r.roleArn() + " (AccessDenied: the role is missing or"
                    + " does not trust the management account); " + noBootstrap(r.bootstraps());
            case Reason.NotAssumableYet r -> changed(actions) + " " + r.roleArn() + ", but it could not be assumed within "
                    + r.waited().toSeconds() + "s" + r.lastError().map(e -> " (last attempt: " + failure(e) + ")")
                    .orElse("") + " (IAM propagation); re-check the account later";
            case Reason.StillDenied r -> "the trust of " + r.roleArn() + " admits " + r.trustedPrincipals()
                    + ", yet AssumeRole is still denied after " + r.waited().toSeconds()
                    + "s: look for an SCP, a permissions boundary or a condition that denies it";
            case Reason.OperationFailed r -> failure(r.failure()) + done(r.done());
            case Reason.Unexpected r -> "unexpected " + r.errorType() + " (" + r.message() + ")" + done(r.done());
        };
    }

    /** What restricts a role, in words. */
    static String restriction(Reason.Restriction restriction) {
        return switch (restriction) {
            case Reason.BoundaryRestriction b -> "its permissions boundary " + b.policyArn().orElse("(not named)")
                    + " does not allow it";
            case Reason.DenyStatement d -> "an explicit Deny in its " + d.kind() + " policy " + d.policy();
            case Reason.ScpDenies scp -> "the SCP " + scp.policyName() + " (" + scp.policyId() + ") attached to "
                    + scp.targetId() + " denies it";
            case Reason.ScpAllowsNot scp -> "no SCP attached to " + scp.targetId() + " allows it";
            case Reason.ScpUnnamed scp -> "an SCP denies it" + scp.failure().map(f -> " (which one is unknown: "
                    + failure(f) + ")").orElse("");
        };
    }

    /** What the run did to the role, in one word, from its actions. */
    private static String changed(List<Action> actions) {
        if (actions.stream().anyMatch(Action.RoleCreated.class::isInstance)) {
            return "created";
        }
        return actions.stream().anyMatch(Action.TrustUpdated.class::isInstance) ? "repaired" : "completed";
    }

    /** The operation, the error code and AWS's message, on one line. */
    static String failure(Failure failure) {
        return failure.operation() + " failed: " + failure.errorCode()
                + (failure.message().isEmpty() ? "" : " (" + failure.message() + ")");
    }

    private static String repairs(Reason.WouldRepair repair) {
        var repairs = new java.util.ArrayList<String>();
        if (!repair.trustToAdmit().isEmpty()) {
            repairs.add("update the trust to admit " + repair.trustToAdmit());
        }
        if (!repair.policiesToAttach().isEmpty()) {
            repairs.add("attach " + repair.policiesToAttach());
        }
        return String.join(" and ", repairs);
    }

    private static String noBootstrap(Bootstraps bootstraps) {
        if (bootstraps.configured().isEmpty()) {
            return "no bootstrap role is configured";
        }
        return bootstraps.denied().isEmpty()
                ? "none of the bootstrap roles " + bootstraps.configured() + " can be assumed"
                : "no bootstrap role could do it: " + bootstraps.denied().stream()
                        .map(denied -> denied.roleName() + " (" + failure(denied.failure()) + ")")
                        .collect(Collectors.joining("; "));
    }

    private static String done(List<Action> done) {
        return done.isEmpty() ? "" : "; done before the failure: "
                + done.stream().map(ResultWords::action).toList();
    }
}
