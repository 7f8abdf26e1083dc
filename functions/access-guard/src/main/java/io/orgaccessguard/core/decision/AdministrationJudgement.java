package io.orgaccessguard.core.decision;

import io.orgaccessguard.core.model.Organization;
import io.orgaccessguard.core.model.Reason.BoundaryRestriction;
import io.orgaccessguard.core.model.Reason.DenyStatement;
import io.orgaccessguard.core.model.Reason.Restriction;
import io.orgaccessguard.core.port.RoleSession.ContextEntry;
import io.orgaccessguard.core.port.RoleSession.Decision;
import io.orgaccessguard.core.port.RoleSession.Evaluation;
import io.orgaccessguard.core.port.RoleSession.MatchedPolicy;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

/**
 * Whether an access role may administer its account, judged on a small fixed set of actions that stand for it
 * (docs/design.md says why these): by IAM's own evaluation ({@code iam:SimulatePrincipalPolicy}) when there is one,
 * else by reading the role's policies. "Restricted" means a Deny of one of these actions by something other than a
 * missing grant: an explicit Deny in the role's own policies, its permissions boundary, or an SCP.
 */
public final class AdministrationJudgement {

    /**
     * What an administrator of an account does, each on {@code *}: manage IAM (make a role, give it rights, hand it to
     * a service) and build in the account (a network, a bucket). IAM actions are global, so a Region-deny guardrail
     * exempts them; the others are asked in the function's own Region; none is what the usual guardrails (leave the
     * organization, stop CloudTrail) deny.
     */
    public static final List<String> ADMINISTRATION_ACTIONS = List.of("iam:CreateRole", "iam:PutRolePolicy",
            "iam:AttachRolePolicy", "iam:PassRole", "ec2:CreateVpc", "s3:CreateBucket");
    /** At most this many actions are asked of IAM for configured policies. */
    static final int MAX_ACTIONS = 20;

    /** The judgement. */
    public sealed interface Verdict {
    }

    public record Administers() implements Verdict {
    }

    /** The role's own policies do not grant the actions, and nothing else denies them. */
    public record Lacks(List<String> actions) implements Verdict {
    }

    /**
     * @param restrictions those already named (Denies in the role's policies, a boundary read by the function)
     * @param byBoundary IAM says the boundary denies, and it is yet to be named (its ARN is in GetRole)
     * @param byOrganizations IAM says an SCP denies, and it is yet to be named
     */
    public record Restricted(List<String> actions, List<Restriction> restrictions, boolean byBoundary,
                             boolean byOrganizations) implements Verdict {
        public Restricted {
            actions = List.copyOf(actions);
            restrictions = List.copyOf(restrictions);
        }
    }

    public record Undecided(List<String> actions, List<String> missingContextKeys) implements Verdict {
        public Undecided {
            actions = List.copyOf(actions);
            missingContextKeys = List.copyOf(missingContextKeys);
        }
    }

    private AdministrationJudgement() {
    }

    /**
     * The context values that boundaries and SCPs commonly test, as they are when the role is used from the management
     * account in the function's Region (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html).
     */
    public static List<ContextEntry> context(Organization organization, String roleArn, String accountId,
                                             String region) {
        return List.of(new ContextEntry("aws:PrincipalArn", "string", roleArn),
                new ContextEntry("aws:PrincipalAccount", "string", accountId),
                new ContextEntry("aws:PrincipalOrgID", "string", organization.id()),
                new ContextEntry("aws:PrincipalType", "string", "AssumedRole"),
                new ContextEntry("aws:RequestedRegion", "string", region),
                new ContextEntry("aws:SecureTransport", "boolean", "true"),
                new ContextEntry("aws:ViaAWSService", "boolean", "false"),
                new ContextEntry("aws:PrincipalIsAWSService", "boolean", "false"));
    }

    /** The context as a map, for the function's own reading of policies. */
    public static Map<String, String> contextMap(List<ContextEntry> context) {
        var map = new LinkedHashMap<String, String>();
        context.forEach(entry -> map.put(entry.key(), entry.value()));
        return map;
    }

    /**
     * The actions to judge when {@code ACCESS_POLICY_ARNS} names policies: the administration actions these documents
     * allow, and the named (wildcard-free) actions they allow, at most {@link #MAX_ACTIONS}.
     */
    public static List<String> actionsAllowedBy(List<String> documents, Map<String, String> context) {
        var actions = new LinkedHashSet<String>();
        for (String action : ADMINISTRATION_ACTIONS) {
            if (documents.stream().anyMatch(document ->
                    PolicyStatements.judge(document, action, context).effect() == PolicyStatements.Effect.ALLOW)) {
                actions.add(action);
            }
        }
        for (String document : documents) {
            for (Map<?, ?> statement : PolicyStatements.statements(document)) {
                if ("Allow".equalsIgnoreCase(String.valueOf(statement.get("Effect")))) {
                    PolicyElements.values(statement.get("Action")).stream().map(String::valueOf)
                            .filter(action -> !action.contains("*") && !action.contains("?"))
                            .forEach(actions::add);
                }
            }
        }
        return actions.stream().limit(MAX_ACTIONS).toList();
    }

    /** IAM's verdict, from its simulation of {@code actions}. */
    public static Verdict fromSimulation(List<Evaluation> evaluations) {
        var denied = new ArrayList<String>();
        var lacking = new ArrayList<String>();
        var undecided = new ArrayList<String>();
        var keys = new TreeSet<String>();
        var restrictions = new LinkedHashSet<Restriction>();
        boolean byBoundary = false;
        boolean byOrganizations = false;
        for (Evaluation evaluation : evaluations) {
            if (evaluation.decision() == Decision.ALLOWED) {
                continue;
            }
            if (!evaluation.missingContextKeys().isEmpty()) {
                undecided.add(evaluation.action());
                keys.addAll(evaluation.missingContextKeys());
                continue;
            }
            boolean ownDeny = evaluation.decision() == Decision.EXPLICIT_DENY && !evaluation.matched().isEmpty();
            if (ownDeny || !evaluation.allowedByBoundary() || !evaluation.allowedByOrganizations()) {
                denied.add(evaluation.action());
                if (ownDeny) {
                    evaluation.matched().forEach(policy -> restrictions.add(denyStatement(policy)));
                }
                byBoundary |= !evaluation.allowedByBoundary();
                byOrganizations |= !evaluation.allowedByOrganizations();
            } else if (evaluation.decision() == Decision.EXPLICIT_DENY) {
                // Denied, yet by none of the role's own statements, its boundary or an SCP IAM points at: an SCP.
                denied.add(evaluation.action());
                byOrganizations = true;
            } else {
                lacking.add(evaluation.action());
            }
        }
        return verdict(denied, List.copyOf(restrictions), byBoundary, byOrganizations, lacking, undecided,
                List.copyOf(keys));
    }

    /**
     * The function's own reading, when IAM cannot simulate: the role's identity policies (inline by name, managed by
     * ARN), and its boundary's document when it has one. SCPs are not judged here: the member account cannot read
     * them.
     *
     * @param identity policy documents by {@link DenyStatement}: which policy, of which kind
     */
    public static Verdict fromDocuments(List<String> actions, Map<DenyStatement, String> identity,
                                        Optional<BoundaryDocument> boundary, Map<String, String> context) {
        var denied = new ArrayList<String>();
        var lacking = new ArrayList<String>();
        var undecided = new ArrayList<String>();
        var keys = new TreeSet<String>();
        var restrictions = new LinkedHashSet<Restriction>();
        for (String action : actions) {
            boolean allowed = false;
            boolean deniedHere = false;
            boolean maybe = false;
            for (var policy : identity.entrySet()) {
                PolicyStatements.Verdict verdict = PolicyStatements.judge(policy.getValue(), action, context);
                if (verdict.effect() == PolicyStatements.Effect.DENY) {
                    restrictions.add(policy.getKey());
                    deniedHere = true;
                }
                allowed |= verdict.effect() == PolicyStatements.Effect.ALLOW;
                maybe |= verdict.mayDeny();
                keys.addAll(verdict.mayDeny() ? verdict.unknownKeys() : List.of());
            }
            if (boundary.isPresent()) {
                PolicyStatements.Verdict verdict = PolicyStatements.judge(boundary.get().document(), action, context);
                if (verdict.effect() != PolicyStatements.Effect.ALLOW && !verdict.mayDeny()
                        && verdict.unknownKeys().isEmpty()) {
                    restrictions.add(new BoundaryRestriction(Optional.of(boundary.get().policyArn())));
                    deniedHere = true;
                } else if (verdict.effect() != PolicyStatements.Effect.ALLOW) {
                    maybe = true;
                    keys.addAll(verdict.unknownKeys());
                }
            }
            if (deniedHere) {
                denied.add(action);
            } else if (maybe) {
                undecided.add(action);
            } else if (!allowed) {
                lacking.add(action);
            }
        }
        return verdict(denied, List.copyOf(restrictions), false, false, lacking, undecided, List.copyOf(keys));
    }

    /** A permissions boundary read by the function. */
    public record BoundaryDocument(String policyArn, String document) {
    }

    private static Verdict verdict(List<String> denied, List<Restriction> restrictions, boolean byBoundary,
                                   boolean byOrganizations, List<String> lacking, List<String> undecided,
                                   List<String> keys) {
        if (!denied.isEmpty()) {
            return new Restricted(denied, restrictions, byBoundary, byOrganizations);
        }
        if (!undecided.isEmpty()) {
            return new Undecided(undecided, keys);
        }
        if (!lacking.isEmpty()) {
            return new Lacks(lacking);
        }
        return new Administers();
    }

    /** IAM's PolicySourceType, in the words the result uses. */
    private static DenyStatement denyStatement(MatchedPolicy policy) {
        String kind = switch (policy.type()) {
            case "role", "user", "group" -> "inline";
            case "user-managed" -> "customer-managed";
            default -> policy.type();
        };
        return new DenyStatement(policy.id(), kind);
    }
}
