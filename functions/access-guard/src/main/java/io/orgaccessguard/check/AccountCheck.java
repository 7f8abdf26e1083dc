package io.orgaccessguard.check;

import io.orgaccessguard.aws.AwsErrors;
import io.orgaccessguard.aws.MemberIam;
import io.orgaccessguard.aws.MemberIam.ExistingRole;
import io.orgaccessguard.aws.OrganizationDirectory;
import io.orgaccessguard.aws.RoleSession;
import io.orgaccessguard.aws.RoleSessions;
import io.orgaccessguard.config.GuardConfig;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.iam.model.EntityAlreadyExistsException;

/**
 * Makes sure the management account can get into one member account: verify, probe, bootstrap, verify again.
 * Every AWS failure ends as a {@link Outcome#FAILED} result for that account; nothing is thrown past {@link #check}.
 */
public final class AccountCheck {

    static final String PROBE_SESSION = "org-access-guard-probe";
    static final String BOOTSTRAP_SESSION = "org-access-guard-bootstrap";
    static final String VERIFY_SESSION = "org-access-guard-verify";
    /**
     * The tag that marks a role with the run that created it: a run that meets EntityAlreadyExists can tell its own
     * CreateRole, retried by the SDK after the answer was lost, from another run's.
     */
    static final String CREATION_TAG = "org-access-guard:creation-id";
    /** How the action of a trust repair starts, in {@link AccountResult#actions()}. */
    static final String TRUST_UPDATED = "updated the trust of ";

    private final OrganizationDirectory directory;
    private final RoleSessions sessions;
    private final Function<RoleSession, MemberIam> memberIam;
    private final GuardConfig config;
    private final PropagationWait propagationWait;

    public AccountCheck(OrganizationDirectory directory, RoleSessions sessions,
                        Function<RoleSession, MemberIam> memberIam, GuardConfig config,
                        PropagationWait propagationWait) {
        this.directory = directory;
        this.sessions = sessions;
        this.memberIam = memberIam;
        this.config = config;
        this.propagationWait = propagationWait;
    }

    /** Checks one account by ID, describing it through Organizations first. */
    public AccountResult check(Organization organization, String accountId, boolean dryRun) {
        Optional<MemberAccount> account;
        try {
            account = directory.describeAccount(accountId);
        } catch (SdkException e) {
            return AccountResult.unknownAccount(accountId, Outcome.FAILED,
                    AwsErrors.describe("organizations:DescribeAccount", e));
        }
        if (account.isEmpty()) {
            return AccountResult.unknownAccount(accountId, Outcome.SKIPPED,
                    "not a member of organization " + organization.id());
        }
        return check(organization, account.get(), dryRun);
    }

    /** Checks an account Organizations has already described (from a listing). */
    public AccountResult check(Organization organization, MemberAccount account, boolean dryRun) {
        if (account.id().equals(organization.managementAccountId())) {
            return AccountResult.of(account, Outcome.SKIPPED, "the management account needs no access role");
        }
        if (!account.isActive()) {
            return AccountResult.of(account, Outcome.SKIPPED, "account state is " + account.state() + ", not ACTIVE");
        }
        var run = new Run(organization, account, dryRun);
        try {
            return run.ensureAccess();
        } catch (SdkException e) {
            return run.failed(AwsErrors.describe(run.step, e));
        } catch (RuntimeException e) {
            // One account's surprise (an unreadable trust document, say) must not stop the others.
            return run.failed(run.step + " failed: " + e.getClass().getSimpleName() + " (" + e.getMessage() + ")");
        }
    }

    /** The state of checking one account: which step is under way, what was done so far. */
    private final class Run {
        private final Organization organization;
        private final MemberAccount account;
        private final boolean dryRun;
        private final String accessRoleArn;
        private final List<String> requiredPolicies;
        private final List<String> trustedPrincipals;
        private final List<String> actions = new ArrayList<>();
        private final List<String> deniedBootstraps = new ArrayList<>();
        private final String creationId = UUID.randomUUID().toString();
        String step = "sts:AssumeRole";
        private String bootstrapRole;

        Run(Organization organization, MemberAccount account, boolean dryRun) {
            this.organization = organization;
            this.account = account;
            this.dryRun = dryRun;
            this.accessRoleArn = organization.roleArn(account.id(), config.accessRoleName());
            this.requiredPolicies = config.accessPolicyArns(organization);
            this.trustedPrincipals = config.trustedPrincipalArns(organization);
        }

        AccountResult ensureAccess() {
            Optional<RoleSession> access = sessions.assume(accessRoleArn, PROBE_SESSION);
            Optional<List<String>> missingPolicies = access.flatMap(this::missingPoliciesSeenFromInside);
            if (access.isPresent() && missingPolicies.map(List::isEmpty).orElse(false)) {
                return result(Outcome.ACCESS_VERIFIED, "assumed " + accessRoleArn);
            }
            for (String candidate : config.bootstrapRoleNames()) {
                step = "sts:AssumeRole " + candidate;
                Optional<RoleSession> bootstrap =
                        sessions.assume(organization.roleArn(account.id(), candidate), BOOTSTRAP_SESSION);
                if (bootstrap.isPresent()) {
                    bootstrapRole = candidate;
                    try (MemberIam iam = memberIam.apply(bootstrap.get())) {
                        return throughBootstrap(iam);
                    } catch (SdkException e) {
                        if (!AwsErrors.isAccessDenied(e) || !actions.isEmpty()) {
                            throw e;
                        }
                        // A bootstrap role without the IAM permissions it needs is a person's problem, not one a
                        // retry solves: try the next one, and say what was denied.
                        deniedBootstraps.add(candidate + " (" + AwsErrors.describe(step, e) + ")");
                        bootstrapRole = null;
                    }
                }
            }
            if (access.isPresent()) {
                return missingPolicies.isPresent()
                        ? result(Outcome.ROLE_INCOMPLETE, accessRoleArn + " can be assumed but lacks "
                                + missingPolicies.get() + "; " + noBootstrap())
                        : result(Outcome.ACCESS_VERIFIED, "assumed " + accessRoleArn
                                + " (its own permissions do not let it list its attached policies)");
            }
            return result(Outcome.ROLE_MISSING, "cannot assume " + accessRoleArn + " (AccessDenied: the role is "
                    + "missing or does not trust the management account); " + noBootstrap());
        }

        /** Whether the access role can be assumed and lists every configured policy as its own. */
        private boolean completeSeenFromInside() {
            return sessions.assume(accessRoleArn, PROBE_SESSION).flatMap(this::missingPoliciesSeenFromInside)
                    .map(List::isEmpty).orElse(false);
        }

        /** Reads the role's attached policies with its own session; empty when it may not (it then lacks admin). */
        private Optional<List<String>> missingPoliciesSeenFromInside(RoleSession access) {
            step = "iam:ListAttachedRolePolicies";
            try (MemberIam iam = memberIam.apply(access)) {
                return Optional.of(missing(iam.attachedPolicyArns(config.accessRoleName())));
            } catch (SdkException e) {
                if (AwsErrors.isAccessDenied(e)) {
                    return Optional.empty();
                }
                throw e;
            }
        }

        private AccountResult throughBootstrap(MemberIam iam) {
            step = "iam:GetRole";
            Optional<ExistingRole> existing = iam.getRole(config.accessRoleName());
            if (existing.isEmpty()) {
                if (dryRun) {
                    return result(Outcome.WOULD_CREATE, "dry run: would create " + accessRoleArn + " trusting "
                            + trustedPrincipals + " with " + requiredPolicies);
                }
                step = "iam:CreateRole";
                try {
                    iam.createRole(config.accessRoleName(), TrustPolicy.document(trustedPrincipals), description(),
                            tags());
                } catch (EntityAlreadyExistsException raced) {
                    step = "iam:GetRole";
                    existing = iam.getRole(config.accessRoleName());
                    if (existing.isEmpty()) {
                        throw raced;
                    }
                    if (!creationId.equals(existing.get().tags().get(CREATION_TAG))) {
                        return createdByAnotherRun(iam);
                    }
                    // Our own CreateRole: its answer was lost and the SDK's retry found the role we made.
                }
                actions.add("created role " + accessRoleArn);
                attach(iam, requiredPolicies);
                return verified(Outcome.ROLE_CREATED, Outcome.ROLE_CREATED_UNVERIFIED, "created " + accessRoleArn);
            }
            return repair(iam, existing.get());
        }

        /**
         * Another run (the same event delivered twice, at once) created the role a moment ago and is completing it:
         * let that run finish and announce it, and see the role work. Only a role still incomplete once the wait is
         * over (that run died half-way) is completed here.
         */
        private AccountResult createdByAnotherRun(MemberIam iam) {
            step = "sts:AssumeRole (verify)";
            if (propagationWait.until(this::completeSeenFromInside)) {
                return result(Outcome.ACCESS_VERIFIED, "assumed " + accessRoleArn + ", created a moment ago by"
                        + " another run of org-access-guard (the same event delivered twice)");
            }
            step = "iam:GetRole";
            Optional<ExistingRole> existing = iam.getRole(config.accessRoleName());
            if (existing.isEmpty()) {
                throw new IllegalStateException(accessRoleArn + " existed a moment ago and is gone");
            }
            return repair(iam, existing.get());
        }

        private AccountResult repair(MemberIam iam, ExistingRole role) {
            step = "reading the trust policy of " + accessRoleArn;
            TrustPolicy trust = TrustPolicy.parse(role.trustDocument());
            boolean trustOk = trust.admitsAll(trustedPrincipals);
            step = "iam:ListAttachedRolePolicies";
            List<String> missing = missing(iam.attachedPolicyArns(config.accessRoleName()));
            if (!trustOk && !config.repairTrust()) {
                return result(Outcome.TRUST_MISMATCH, "the trust of " + accessRoleArn + " does not admit "
                        + trustedPrincipals + " (it admits " + trust.allowedPrincipals() + "); REPAIR_TRUST is off");
            }
            if (!trustOk && trust.deniesAny(trustedPrincipals)) {
                return result(Outcome.TRUST_MISMATCH, "the trust of " + accessRoleArn + " has a Deny that applies to "
                        + trustedPrincipals + "; an explicit Deny is the owner's choice and is not repaired");
            }
            if (dryRun && (!trustOk || !missing.isEmpty())) {
                return result(Outcome.WOULD_REPAIR, "dry run: would " + String.join(" and ",
                        repairs(trustOk, missing)) + " on " + accessRoleArn);
            }
            if (!trustOk) {
                step = "iam:UpdateAssumeRolePolicy";
                iam.updateTrust(config.accessRoleName(), trust.withPrincipalsAdmitted(trustedPrincipals));
                actions.add(TRUST_UPDATED + accessRoleArn + " to admit " + trustedPrincipals);
            }
            attach(iam, missing);
            if (actions.isEmpty()) {
                // Trust and policies are right, yet the probe failed: a change still propagating, or something
                // outside the role (an SCP, a permissions boundary on the caller) denies it.
                return verified(Outcome.ACCESS_VERIFIED, Outcome.FAILED, trustOk
                        ? "the trust of " + accessRoleArn + " admits " + trustedPrincipals
                        : "role exists");
            }
            return !trustOk
                    ? verified(Outcome.TRUST_REPAIRED, Outcome.REPAIRED_UNVERIFIED, "repaired " + accessRoleArn)
                    : verified(Outcome.ROLE_COMPLETED, Outcome.REPAIRED_UNVERIFIED, "completed " + accessRoleArn);
        }

        private List<String> repairs(boolean trustOk, List<String> missing) {
            var repairs = new ArrayList<String>();
            if (!trustOk) {
                repairs.add("update the trust to admit " + trustedPrincipals);
            }
            if (!missing.isEmpty()) {
                repairs.add("attach " + missing);
            }
            return repairs;
        }

        private void attach(MemberIam iam, List<String> policyArns) {
            step = "iam:AttachRolePolicy";
            for (String policyArn : policyArns) {
                iam.attachPolicy(config.accessRoleName(), policyArn);
                actions.add("attached " + policyArn);
            }
        }

        /**
         * Assumes the access role as the management account, waiting out IAM propagation. Once this run has changed
         * the role, an STS error here only leaves it unverified: the change is made and must be reported as made.
         */
        private AccountResult verified(Outcome success, Outcome timedOut, String what) {
            step = "sts:AssumeRole (verify)";
            var lastError = new AtomicReference<String>();
            boolean assumable = propagationWait.until(() -> {
                try {
                    return sessions.assume(accessRoleArn, VERIFY_SESSION).isPresent();
                } catch (SdkException e) {
                    if (actions.isEmpty()) {
                        throw e;
                    }
                    lastError.set(AwsErrors.describe("sts:AssumeRole", e));
                    return false;
                }
            });
            if (assumable) {
                return result(success, what + "; assumed it as the management account");
            }
            String waited = propagationWait.budget().toSeconds() + "s";
            String error = lastError.get() == null ? "" : " (last attempt: " + lastError.get() + ")";
            return result(timedOut, timedOut == Outcome.FAILED
                    ? what + ", yet AssumeRole is still denied after " + waited
                            + ": look for an SCP, a permissions boundary or a condition that denies it"
                    : what + ", but it could not be assumed within " + waited + error
                            + " (IAM propagation); re-check the account later");
        }

        private List<String> missing(List<String> attached) {
            return requiredPolicies.stream().filter(policy -> !attached.contains(policy)).toList();
        }

        private String noBootstrap() {
            if (config.bootstrapRoleNames().isEmpty()) {
                return "no bootstrap role is configured";
            }
            return deniedBootstraps.isEmpty()
                    ? "none of the bootstrap roles " + config.bootstrapRoleNames() + " can be assumed"
                    : "no bootstrap role could do it: " + String.join("; ", deniedBootstraps);
        }

        private String description() {
            return "Administrator access for the management account " + organization.managementAccountId()
                    + ". Created by org-access-guard through " + bootstrapRole + ".";
        }

        private Map<String, String> tags() {
            var tags = new LinkedHashMap<String, String>();
            tags.put("created-by", "org-access-guard");
            tags.put("org-access-guard:bootstrap-role", bootstrapRole);
            tags.put(CREATION_TAG, creationId);
            return tags;
        }

        private AccountResult result(Outcome outcome, String reason) {
            return AccountResult.of(account, outcome, reason).withChanges(Optional.ofNullable(bootstrapRole), actions);
        }

        AccountResult failed(String reason) {
            return result(Outcome.FAILED, reason + (actions.isEmpty() ? "" : "; done before the failure: " + actions));
        }
    }
}
