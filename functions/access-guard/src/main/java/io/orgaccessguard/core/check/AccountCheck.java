package io.orgaccessguard.core.check;

import io.orgaccessguard.core.decision.PolicyGrants;
import io.orgaccessguard.core.decision.TrustPolicy;
import io.orgaccessguard.core.model.AccessRole;
import io.orgaccessguard.core.model.AccountResult;
import io.orgaccessguard.core.model.Action;
import io.orgaccessguard.core.model.MemberAccount;
import io.orgaccessguard.core.model.Organization;
import io.orgaccessguard.core.model.Outcome;
import io.orgaccessguard.core.model.Reason;
import io.orgaccessguard.core.model.Reason.Bootstraps;
import io.orgaccessguard.core.model.Reason.DeniedBootstrap;
import io.orgaccessguard.core.model.Reason.Failure;
import io.orgaccessguard.core.port.MemberRoles;
import io.orgaccessguard.core.port.MemberRoles.SessionPurpose;
import io.orgaccessguard.core.port.OperationFailedException;
import io.orgaccessguard.core.port.OrganizationDirectory;
import io.orgaccessguard.core.port.RoleSession;
import io.orgaccessguard.core.port.RoleSession.ExistingRole;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Makes sure the management account can get into one member account, in explicit steps: verify membership, probe the
 * access role, and otherwise bootstrap (create or repair the role through a bootstrap role) and verify it. Every
 * failure ends as a {@link Outcome#FAILED} result for that account, naming the operation that failed as the adapter
 * that made the call named it; nothing is thrown past {@link #check}.
 */
public final class AccountCheck {

    /**
     * The tag that marks a role with the run that created it: a run that meets "already exists" can tell its own
     * CreateRole, retried by the SDK after the answer was lost, from another run's.
     */
    public static final String CREATION_TAG = "org-access-guard:creation-id";

    private final OrganizationDirectory directory;
    private final MemberRoles roles;
    private final AccessRole accessRole;
    private final RepairRights rights;
    private final String region;
    private final PropagationWait propagationWait;

    /** @param region the Region IAM is asked to judge requests in ({@code aws:RequestedRegion}): the function's own */
    public AccountCheck(OrganizationDirectory directory, MemberRoles roles, AccessRole accessRole, RepairRights rights,
                        String region, PropagationWait propagationWait) {
        this.directory = directory;
        this.roles = roles;
        this.accessRole = accessRole;
        this.rights = rights;
        this.region = region;
        this.propagationWait = propagationWait;
    }

    /** Checks one account by ID, describing it through Organizations first: the event's word is never taken. */
    public AccountResult check(Organization organization, String accountId, boolean dryRun) {
        Optional<MemberAccount> account;
        try {
            account = directory.describeAccount(accountId);
        } catch (OperationFailedException e) {
            return AccountResult.unknownAccount(accountId, Outcome.FAILED,
                    new Reason.OperationFailed(e.failure(), List.of()));
        }
        if (account.isEmpty()) {
            return AccountResult.unknownAccount(accountId, Outcome.SKIPPED, new Reason.NotAMember(organization.id()));
        }
        return check(organization, account.get(), dryRun);
    }

    /** Checks an account Organizations has already described (from a listing). */
    public AccountResult check(Organization organization, MemberAccount account, boolean dryRun) {
        if (account.id().equals(organization.managementAccountId())) {
            return AccountResult.of(account, Outcome.SKIPPED, new Reason.ManagementAccount());
        }
        if (!account.isActive()) {
            return AccountResult.of(account, Outcome.SKIPPED, new Reason.NotActive(account.state()));
        }
        var subject = new Subject(organization, account, dryRun);
        var changes = new Changes();
        try {
            return ensureAccess(subject, changes);
        } catch (PoliciesAbsent e) {
            return changes.result(subject, Outcome.POLICY_MISSING,
                    new Reason.PoliciesNotInAccount(subject.accessRoleArn, e.policyArns, changes.done));
        } catch (OperationFailedException e) {
            return changes.result(subject, Outcome.FAILED, new Reason.OperationFailed(e.failure(), changes.done));
        } catch (RuntimeException e) {
            // A defect or a surprise (an unreadable trust document, say): one account's must not stop the others.
            return changes.result(subject, Outcome.FAILED,
                    new Reason.Unexpected(e.getClass().getSimpleName(), String.valueOf(e.getMessage()), changes.done));
        }
    }

    private AccountResult ensureAccess(Subject subject, Changes changes) {
        Probe probe = probe(subject);
        subject.probe = probe;
        if (probe.judged().isPresent()) {
            // Verified, restricted or undetermined: a bootstrap role could not change what IAM says (a boundary, a
            // Deny or an SCP is the owner's choice, never lifted here).
            return changes.result(subject, probe.judged().get().outcome(), probe.judged().get().reason());
        }
        var denied = new ArrayList<DeniedBootstrap>();
        for (String candidate : rights.bootstrapRoleNames()) {
            Optional<AccountResult> done = throughBootstrap(subject, changes, candidate, denied);
            if (done.isPresent()) {
                return done.get();
            }
        }
        var bootstraps = new Bootstraps(rights.bootstrapRoleNames(), denied);
        if (!probe.assumable()) {
            return changes.result(subject, Outcome.ROLE_MISSING,
                    new Reason.CannotAssume(subject.accessRoleArn, bootstraps));
        }
        if (!probe.missing().isEmpty()) {
            return changes.result(subject, Outcome.ROLE_INCOMPLETE,
                    new Reason.LacksPolicies(subject.accessRoleArn, probe.missing(), bootstraps));
        }
        return changes.result(subject, Outcome.ACCESS_UNDETERMINED,
                new Reason.AssumedPoliciesUnreadable(subject.accessRoleArn, probe.unreadable()));
    }

    /**
     * Step 1: assume the access role as the management account and ask IAM, with the role's own session, whether it
     * may administer the account ({@link Judgement}).
     */
    private Probe probe(Subject subject) {
        Optional<RoleSession> access = roles.assume(subject.accessRoleArn, SessionPurpose.PROBE);
        if (access.isEmpty()) {
            return Probe.UNASSUMABLE;
        }
        try (RoleSession session = access.get()) {
            return judgement(subject).judge(session);
        }
    }

    private Judgement judgement(Subject subject) {
        return new Judgement(subject.organization, subject.account.id(), subject.accessRoleArn,
                accessRole.name(), subject.requiredPolicies, subject.policiesConfigured, region,
                directory);
    }

    /**
     * Step 2: through one bootstrap role, when it can be assumed. A bootstrap role refused an IAM operation before
     * anything was changed is a person's problem, not one a retry solves: the next one is tried, and the refusal kept.
     */
    private Optional<AccountResult> throughBootstrap(Subject subject, Changes changes, String candidate,
                                                     List<DeniedBootstrap> denied) {
        Optional<RoleSession> bootstrap =
                roles.assume(subject.organization.roleArn(subject.account.id(), candidate), SessionPurpose.BOOTSTRAP);
        if (bootstrap.isEmpty()) {
            return Optional.empty();
        }
        changes.bootstrapRole = candidate;
        try (RoleSession iam = bootstrap.get()) {
            return Optional.of(createOrRepair(subject, changes, iam));
        } catch (OperationFailedException e) {
            if (!e.accessDenied() || !changes.done.isEmpty()) {
                throw e;
            }
            denied.add(new DeniedBootstrap(candidate, e.failure()));
            changes.bootstrapRole = null;
            return Optional.empty();
        }
    }

    /** Step 3: create the access role, or repair the one there is. */
    private AccountResult createOrRepair(Subject subject, Changes changes, RoleSession iam) {
        String roleName = accessRole.name();
        Optional<ExistingRole> existing = iam.getRole(roleName);
        if (existing.isPresent()) {
            return repair(subject, changes, iam, existing.get());
        }
        List<String> absent = absentPolicies(subject, iam);
        if (!absent.isEmpty()) {
            throw new PoliciesAbsent(absent);
        }
        if (subject.dryRun) {
            return changes.result(subject, Outcome.WOULD_CREATE, new Reason.WouldCreate(subject.accessRoleArn,
                    subject.trustedPrincipals, subject.requiredPolicies));
        }
        boolean created = iam.createRole(roleName, TrustPolicy.document(subject.trustedPrincipals),
                description(subject, changes), tags(subject, changes));
        if (!created) {
            ExistingRole found = iam.getRole(roleName).orElseThrow(() -> new IllegalStateException(
                    subject.accessRoleArn + " already existed for CreateRole and is gone for GetRole"));
            if (!subject.creationId.equals(found.tags().get(CREATION_TAG))) {
                return createdByAnotherRun(subject, changes, iam);
            }
            // Our own CreateRole: its answer was lost and the SDK's retry found the role we made.
        }
        changes.done.add(new Action.RoleCreated(subject.accessRoleArn));
        attach(subject, changes, iam, subject.requiredPolicies);
        return verify(subject, changes, Outcome.ROLE_CREATED, Outcome.ROLE_CREATED_UNVERIFIED);
    }

    /**
     * Another run (the same event delivered twice, at once) created the role a moment ago and is completing it: let
     * that run finish and announce it, and see the role work. Only a role still incomplete once the wait is over (that
     * run died half-way) is completed here.
     */
    private AccountResult createdByAnotherRun(Subject subject, Changes changes, RoleSession iam) {
        if (propagationWait.until(() -> probe(subject).grantsWhatIsAsked())) {
            return changes.result(subject, Outcome.ACCESS_VERIFIED, new Reason.MadeByAnotherRun(subject.accessRoleArn));
        }
        ExistingRole existing = iam.getRole(accessRole.name()).orElseThrow(() ->
                new IllegalStateException(subject.accessRoleArn + " existed a moment ago and is gone"));
        return repair(subject, changes, iam, existing);
    }

    private AccountResult repair(Subject subject, Changes changes, RoleSession iam, ExistingRole role) {
        TrustPolicy trust = TrustPolicy.parse(role.trustDocument());
        boolean trustOk = trust.admitsAll(subject.trustedPrincipals);
        List<String> missing = missingPolicies(subject, iam);
        if (!trustOk && !rights.repairTrust()) {
            return changes.result(subject, Outcome.TRUST_MISMATCH, new Reason.TrustDoesNotAdmit(
                    subject.accessRoleArn, subject.trustedPrincipals, trust.allowedPrincipals()));
        }
        if (!trustOk && trust.deniesAny(subject.trustedPrincipals)) {
            return changes.result(subject, Outcome.TRUST_MISMATCH,
                    new Reason.TrustDenies(subject.accessRoleArn, subject.trustedPrincipals));
        }
        if (subject.dryRun && (!trustOk || !missing.isEmpty())) {
            return changes.result(subject, Outcome.WOULD_REPAIR, new Reason.WouldRepair(subject.accessRoleArn,
                    trustOk ? List.of() : subject.trustedPrincipals, missing));
        }
        if (!trustOk) {
            iam.updateTrust(accessRole.name(), trust.withPrincipalsAdmitted(subject.trustedPrincipals));
            changes.done.add(new Action.TrustUpdated(subject.accessRoleArn, subject.trustedPrincipals));
        }
        attach(subject, changes, iam, missing);
        if (changes.done.isEmpty() && subject.probe != null && subject.probe.assumable()) {
            // Trust and policies are right, and the role could be assumed, but its rights could be neither simulated
            // nor read by itself: the bootstrap role reads them, else the result is not verified.
            Optional<Probe.Judged> read = judgement(subject).readThrough(iam, subject.probe.unreadable())
                    .flatMap(Probe::judged);
            if (read.isPresent()) {
                return changes.result(subject, read.get().outcome(), read.get().reason());
            }
            return changes.result(subject, Outcome.ACCESS_UNDETERMINED,
                    new Reason.AssumedPoliciesUnreadable(subject.accessRoleArn, subject.probe.unreadable()));
        }
        if (changes.done.isEmpty()) {
            // Trust and policies are right, yet the probe failed: a change still propagating, or something outside
            // the role (an SCP, a permissions boundary on the caller) denies it.
            return verify(subject, changes, Outcome.ACCESS_VERIFIED, Outcome.FAILED);
        }
        return verify(subject, changes, trustOk ? Outcome.ROLE_COMPLETED : Outcome.TRUST_REPAIRED,
                Outcome.REPAIRED_UNVERIFIED);
    }

    private void attach(Subject subject, Changes changes, RoleSession iam, List<String> policyArns) {
        for (String policyArn : policyArns) {
            try {
                iam.attachPolicy(accessRole.name(), policyArn);
            } catch (OperationFailedException e) {
                if ("NoSuchEntity".equals(e.failure().errorCode())) {
                    throw new PoliciesAbsent(List.of(policyArn));
                }
                throw e;
            }
            changes.done.add(new Action.PolicyAttached(subject.accessRoleArn, policyArn));
        }
    }

    /**
     * The configured customer-managed policies the member account does not hold, asked before anything is made so
     * that no half-made role is left. A bootstrap role from the earlier policy may not call {@code iam:GetPolicy}:
     * then none is known absent, and an absent one is found when attaching it.
     */
    private List<String> absentPolicies(Subject subject, RoleSession iam) {
        var absent = new ArrayList<String>();
        for (String policyArn : subject.requiredPolicies) {
            if (!policyArn.contains(":iam::" + subject.account.id() + ":")) {
                continue; // AWS managed: in every account
            }
            try {
                if (!iam.policyExists(policyArn)) {
                    absent.add(policyArn);
                }
            } catch (OperationFailedException e) {
                if (!e.accessDenied()) {
                    throw e;
                }
                return List.of();
            }
        }
        return absent;
    }

    /** A configured policy is not in the member account: reported as {@link Outcome#POLICY_MISSING}. */
    private static final class PoliciesAbsent extends RuntimeException {
        final List<String> policyArns;

        PoliciesAbsent(List<String> policyArns) {
            super(null, null, false, false);
            this.policyArns = List.copyOf(policyArns);
        }
    }

    /**
     * Step 4: assume the access role as the management account, waiting out IAM propagation. Once this run has changed
     * the role, an STS error here only leaves it unverified: the change is made and must be reported as made.
     */
    private AccountResult verify(Subject subject, Changes changes, Outcome success, Outcome timedOut) {
        var lastError = new AtomicReference<Failure>();
        boolean assumable = propagationWait.until(() -> {
            try {
                Optional<RoleSession> session = roles.assume(subject.accessRoleArn, SessionPurpose.VERIFY);
                session.ifPresent(RoleSession::close);
                return session.isPresent();
            } catch (OperationFailedException e) {
                if (changes.done.isEmpty()) {
                    throw e;
                }
                lastError.set(e.failure());
                return false;
            }
        });
        if (assumable) {
            return changes.result(subject, success, changes.done.isEmpty()
                    ? new Reason.Assumed(subject.accessRoleArn) : new Reason.ChangedAndAssumed(subject.accessRoleArn));
        }
        if (timedOut == Outcome.FAILED) {
            return changes.result(subject, timedOut, new Reason.StillDenied(subject.accessRoleArn,
                    subject.trustedPrincipals, propagationWait.budget()));
        }
        return changes.result(subject, timedOut, new Reason.NotAssumableYet(subject.accessRoleArn,
                propagationWait.budget(), Optional.ofNullable(lastError.get())));
    }

    /** The required policies the role does not provide, judged by effect ({@link PolicyGrants}). */
    private List<String> missingPolicies(Subject subject, RoleSession session) {
        String roleName = accessRole.name();
        List<String> missing = PolicyGrants.missingByAttachment(subject.requiredPolicies,
                session.attachedPolicyArns(roleName), subject.organization.awsManagedPolicyArn("AdministratorAccess"));
        if (missing.isEmpty() || PolicyGrants.inlineGrantsEverything(inlinePolicies(session, roleName))) {
            return List.of();
        }
        return missing;
    }

    /**
     * The role's inline policies, or none when this session may not read them: a bootstrap role made from an earlier
     * README's policy lacks {@code iam:ListRolePolicies}, and must then still complete the role by attachment.
     */
    private static Map<String, String> inlinePolicies(RoleSession session, String roleName) {
        try {
            return session.inlinePolicies(roleName);
        } catch (OperationFailedException e) {
            if (e.accessDenied()) {
                return Map.of();
            }
            throw e;
        }
    }

    private static String description(Subject subject, Changes changes) {
        return "Administrator access for the management account " + subject.organization.managementAccountId()
                + ". Created by org-access-guard through " + changes.bootstrapRole + ".";
    }

    private static Map<String, String> tags(Subject subject, Changes changes) {
        var tags = new LinkedHashMap<String, String>();
        tags.put("created-by", "org-access-guard");
        tags.put("org-access-guard:bootstrap-role", changes.bootstrapRole);
        tags.put(CREATION_TAG, subject.creationId);
        return tags;
    }


    /** The account under check and what is asked of its access role. */
    private final class Subject {
        final Organization organization;
        final MemberAccount account;
        final boolean dryRun;
        final String accessRoleArn;
        final List<String> requiredPolicies;
        final List<String> trustedPrincipals;
        final boolean policiesConfigured;
        final String creationId = UUID.randomUUID().toString();
        /** What the first probe found, once it has run. */
        Probe probe;

        Subject(Organization organization, MemberAccount account, boolean dryRun) {
            this.organization = organization;
            this.account = account;
            this.dryRun = dryRun;
            this.accessRoleArn = accessRole.arnIn(organization, account.id());
            this.requiredPolicies = accessRole.requiredPolicies(organization, account.id());
            this.policiesConfigured = accessRole.policiesConfigured();
            this.trustedPrincipals = accessRole.trustedPrincipals(organization);
        }
    }

    /** What this check changed so far, and through which bootstrap role: reported whatever happens next. */
    private static final class Changes {
        final List<Action> done = new ArrayList<>();
        String bootstrapRole;

        AccountResult result(Subject subject, Outcome outcome, Reason reason) {
            return AccountResult.of(subject.account, outcome, reason)
                    .withChanges(Optional.ofNullable(bootstrapRole), done);
        }
    }
}
