package io.orgaccessguard.core.check;

import io.orgaccessguard.core.decision.AdministrationJudgement;
import io.orgaccessguard.core.decision.AdministrationJudgement.Administers;
import io.orgaccessguard.core.decision.AdministrationJudgement.BoundaryDocument;
import io.orgaccessguard.core.decision.AdministrationJudgement.Lacks;
import io.orgaccessguard.core.decision.AdministrationJudgement.Restricted;
import io.orgaccessguard.core.decision.AdministrationJudgement.Undecided;
import io.orgaccessguard.core.decision.AdministrationJudgement.Verdict;
import io.orgaccessguard.core.decision.PolicyGrants;
import io.orgaccessguard.core.decision.ServiceControlNaming;
import io.orgaccessguard.core.model.Organization;
import io.orgaccessguard.core.model.Outcome;
import io.orgaccessguard.core.model.Reason;
import io.orgaccessguard.core.model.Reason.BoundaryRestriction;
import io.orgaccessguard.core.model.Reason.DenyStatement;
import io.orgaccessguard.core.model.Reason.Failure;
import io.orgaccessguard.core.model.Reason.JudgedBy;
import io.orgaccessguard.core.model.Reason.Restriction;
import io.orgaccessguard.core.model.Reason.ScpUnnamed;
import io.orgaccessguard.core.port.OperationFailedException;
import io.orgaccessguard.core.port.OrganizationDirectory;
import io.orgaccessguard.core.port.RoleSession;
import io.orgaccessguard.core.port.RoleSession.ContextEntry;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The probe's judgement of one assumed access role: does it carry the configured policies, and may it administer the
 * account? IAM decides ({@code iam:SimulatePrincipalPolicy} with the role's own session); when IAM cannot, the
 * function reads the role's policies itself and says so. What restricts a role is named with what only then is read:
 * the boundary's ARN ({@code iam:GetRole}), the SCPs on the account, its OUs and the root (from the management
 * account).
 */
final class Judgement {

    /** The partition's AdministratorAccess, as IAM documents it: Allow * on *. */
    private static final String ADMINISTRATOR_ACCESS_DOCUMENT =
            "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"*\",\"Resource\":\"*\"}]}";

    private final Organization organization;
    private final String accountId;
    private final String roleArn;
    private final String roleName;
    private final List<String> requiredPolicies;
    private final boolean policiesConfigured;
    private final OrganizationDirectory directory;
    private final List<ContextEntry> context;

    Judgement(Organization organization, String accountId, String roleArn, String roleName,
              List<String> requiredPolicies, boolean policiesConfigured, String region,
              OrganizationDirectory directory) {
        this.organization = organization;
        this.accountId = accountId;
        this.roleArn = roleArn;
        this.roleName = roleName;
        this.requiredPolicies = List.copyOf(requiredPolicies);
        this.policiesConfigured = policiesConfigured;
        this.directory = directory;
        this.context = AdministrationJudgement.context(organization, roleArn, accountId, region);
    }

    Probe judge(RoleSession session) {
        List<String> actions = AdministrationJudgement.ADMINISTRATION_ACTIONS;
        if (policiesConfigured) {
            try {
                List<String> missing = missingPolicies(session);
                if (!missing.isEmpty()) {
                    return Probe.lacking(missing);
                }
                actions = actionsOfConfiguredPolicies(session);
            } catch (OperationFailedException e) {
                if (!e.accessDenied()) {
                    throw e;
                }
                return Probe.unreadable(Optional.empty());
            }
            if (actions.isEmpty()) {
                return Probe.settled(Outcome.ACCESS_VERIFIED, new Reason.Assumed(roleArn));
            }
        }
        Verdict verdict;
        Optional<Failure> simulation = Optional.empty();
        try {
            verdict = AdministrationJudgement.fromSimulation(session.simulate(roleArn, actions, context));
        } catch (OperationFailedException e) {
            simulation = Optional.of(e.failure());
            try {
                verdict = read(session, actions);
            } catch (OperationFailedException readFailure) {
                if (!readFailure.accessDenied()) {
                    throw readFailure;
                }
                return restrictedByScps(actions, simulation.get()).orElse(Probe.unreadable(simulation));
            }
        }
        JudgedBy judgedBy = simulation.isPresent() ? JudgedBy.POLICIES_READ : JudgedBy.IAM_SIMULATION;
        return switch (verdict) {
            case Administers a -> Probe.settled(Outcome.ACCESS_VERIFIED, simulation
                    .<Reason>map(failure -> new Reason.AssumedPoliciesRead(roleArn, failure))
                    .orElseGet(() -> new Reason.Assumed(roleArn)));
            case Lacks lacks -> policiesConfigured
                    ? Probe.settled(Outcome.ACCESS_UNDETERMINED,
                            new Reason.DecisionIncomplete(roleArn, lacks.actions(), List.of(), judgedBy))
                    : Probe.lacking(requiredPolicies);
            case Undecided undecided -> Probe.settled(Outcome.ACCESS_UNDETERMINED, new Reason.DecisionIncomplete(
                    roleArn, undecided.actions(), undecided.missingContextKeys(), judgedBy));
            case Restricted restricted -> Probe.settled(Outcome.ACCESS_RESTRICTED, new Reason.Restricted(roleArn,
                    restricted.actions(), name(session, restricted), judgedBy, simulation));
        };
    }

    /**
     * The access role's policies read through a bootstrap role, when the role itself could neither ask IAM nor read
     * them (an inline Deny of {@code *} denies both): restricted or verified when the reading settles it.
     */
    Optional<Probe> readThrough(RoleSession bootstrap, Optional<Failure> simulation) {
        Verdict verdict;
        try {
            verdict = read(bootstrap, AdministrationJudgement.ADMINISTRATION_ACTIONS);
        } catch (OperationFailedException e) {
            if (!e.accessDenied()) {
                throw e;
            }
            return Optional.empty();
        }
        return switch (verdict) {
            case Restricted restricted -> Optional.of(Probe.settled(Outcome.ACCESS_RESTRICTED, new Reason.Restricted(
                    roleArn, restricted.actions(), restricted.restrictions(), JudgedBy.POLICIES_READ, simulation)));
            case Administers a when simulation.isPresent() -> Optional.of(Probe.settled(Outcome.ACCESS_VERIFIED,
                    new Reason.AssumedPoliciesRead(roleArn, simulation.get())));
            default -> Optional.empty();
        };
    }

    /** The required policies the role does not provide, judged by attachment ({@link PolicyGrants}). */
    private List<String> missingPolicies(RoleSession session) {
        List<String> missing = PolicyGrants.missingByAttachment(requiredPolicies, session.attachedPolicyArns(roleName),
                organization.awsManagedPolicyArn("AdministratorAccess"));
        if (missing.isEmpty() || PolicyGrants.inlineGrantsEverything(session.inlinePolicies(roleName))) {
            return List.of();
        }
        return missing;
    }

    /** What the configured policies allow, as actions to ask IAM about. */
    private List<String> actionsOfConfiguredPolicies(RoleSession session) {
        var documents = new ArrayList<String>();
        for (String policyArn : requiredPolicies) {
            session.managedPolicyDocument(policyArn).ifPresent(documents::add);
        }
        return AdministrationJudgement.actionsAllowedBy(documents, AdministrationJudgement.contextMap(context));
    }

    /**
     * The function's own reading of the role's boundary and policies, when IAM could not simulate. What cannot be read
     * counts as unknown, never as granting: an AWS managed policy other than AdministratorAccess that cannot be read
     * grants nothing here, and a role whose boundary cannot be read is at best lacking, never shown to administer.
     */
    private Verdict read(RoleSession session, List<String> actions) {
        Optional<Optional<String>> boundaryArn = readOrUnknown(() -> session.getRole(roleName)
                .flatMap(RoleSession.ExistingRole::permissionsBoundaryArn));
        var identity = new LinkedHashMap<DenyStatement, String>();
        session.inlinePolicies(roleName).forEach((name, document) -> identity.put(new DenyStatement(name, "inline"),
                document));
        String administratorAccess = organization.awsManagedPolicyArn("AdministratorAccess");
        for (String policyArn : session.attachedPolicyArns(roleName)) {
            boolean awsManaged = policyArn.contains(":iam::aws:");
            Optional<String> document = policyArn.equals(administratorAccess) ? Optional.of(ADMINISTRATOR_ACCESS_DOCUMENT)
                    : awsManaged ? readOrUnknown(() -> session.managedPolicyDocument(policyArn)).flatMap(d -> d)
                    : session.managedPolicyDocument(policyArn);
            document.ifPresent(text -> identity.put(new DenyStatement(policyArn,
                    awsManaged ? "aws-managed" : "customer-managed"), text));
        }
        Optional<BoundaryDocument> boundary = boundaryArn.flatMap(arn -> arn).map(arn -> new BoundaryDocument(arn,
                arn.equals(administratorAccess) ? ADMINISTRATOR_ACCESS_DOCUMENT
                        : session.managedPolicyDocument(arn).orElse("{}")));
        Verdict verdict = AdministrationJudgement.fromDocuments(actions, identity, boundary,
                AdministrationJudgement.contextMap(context));
        if (boundaryArn.isEmpty() && verdict instanceof Administers) {
            throw new OperationFailedException(new Failure("iam:GetRole", "AccessDenied",
                    "the role's permissions boundary could not be read"), true, null);
        }
        return verdict;
    }

    /** The value, or empty when this session may not read it. */
    private static <T> Optional<T> readOrUnknown(java.util.function.Supplier<T> read) {
        try {
            return Optional.of(read.get());
        } catch (OperationFailedException e) {
            if (e.accessDenied()) {
                return Optional.empty();
            }
            throw e;
        }
    }

    /**
     * A role that may neither ask IAM nor read its own policies may be kept so by an SCP (a Deny of {@code *} denies
     * the asking too): the SCPs, read from the management account for this account only, may still say so.
     */
    private Optional<Probe> restrictedByScps(List<String> actions, Failure simulation) {
        List<OrganizationDirectory.ServiceControlPolicy> policies;
        try {
            policies = directory.serviceControlPolicies(accountId);
        } catch (OperationFailedException e) {
            return Optional.empty();
        }
        Map<String, String> values = AdministrationJudgement.contextMap(context);
        List<String> denied = ServiceControlNaming.deniedActions(policies, actions, values);
        if (denied.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(Probe.settled(Outcome.ACCESS_RESTRICTED, new Reason.Restricted(roleArn, denied,
                ServiceControlNaming.restrictions(policies, denied, values), JudgedBy.POLICIES_READ,
                Optional.of(simulation))));
    }

    /** What restricts the role, named: what IAM pointed at, its boundary's ARN, the SCPs that deny. */
    private List<Restriction> name(RoleSession session, Restricted restricted) {
        var restrictions = new ArrayList<>(restricted.restrictions());
        if (restricted.byBoundary()) {
            restrictions.add(boundary(session));
        }
        if (restricted.byOrganizations()) {
            try {
                restrictions.addAll(ServiceControlNaming.restrictions(directory.serviceControlPolicies(accountId),
                        restricted.actions(), AdministrationJudgement.contextMap(context)));
            } catch (OperationFailedException e) {
                restrictions.add(new ScpUnnamed(Optional.of(e.failure())));
            }
        }
        return restrictions;
    }

    private Restriction boundary(RoleSession session) {
        try {
            return new BoundaryRestriction(session.getRole(roleName)
                    .flatMap(RoleSession.ExistingRole::permissionsBoundaryArn));
        } catch (OperationFailedException e) {
            return new BoundaryRestriction(Optional.empty()); // IAM said a boundary denies; which one is unknown
        }
    }

    /** For tests of the context: what the simulation is given. */
    Map<String, String> context() {
        return AdministrationJudgement.contextMap(context);
    }
}
