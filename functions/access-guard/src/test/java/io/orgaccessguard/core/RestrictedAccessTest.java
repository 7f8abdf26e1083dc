package io.orgaccessguard.core;

import static io.orgaccessguard.core.CoreHarness.only;
import static io.orgaccessguard.testsupport.Fixtures.ADMINISTRATOR_ACCESS;
import static org.assertj.core.api.Assertions.assertThat;

import io.orgaccessguard.config.GuardConfig;
import io.orgaccessguard.core.model.AccountResult;
import io.orgaccessguard.core.model.Action;
import io.orgaccessguard.core.model.Outcome;
import io.orgaccessguard.core.model.Reason;
import io.orgaccessguard.core.model.Reason.BoundaryRestriction;
import io.orgaccessguard.core.model.Reason.DenyStatement;
import io.orgaccessguard.core.model.Reason.JudgedBy;
import io.orgaccessguard.core.model.Reason.ScpDenies;
import io.orgaccessguard.testsupport.Fixtures;
import io.orgaccessguard.testsupport.InMemoryOrganization;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Issue 18: an access role that can be assumed but may not administer its account is ACCESS_RESTRICTED, naming what
 * restricts it, and never ACCESS_VERIFIED; on the old main each of these roles was reported verified, because the
 * function read the names of attached policies and nothing else. Each case follows IAM's evaluation logic
 * (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic.html): a boundary limits the
 * role to what both allow (https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies_boundaries.html), an
 * explicit Deny wins over any Allow, and an SCP on the account, an OU above it or the root applies to every principal
 * of the account (https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_scps_evaluation.html).
 */
class RestrictedAccessTest {

    private static final String MEMBER = "222222222222";
    private static final String ROLE_ARN = "arn:aws:iam::" + MEMBER + ":role/" + Fixtures.ACCESS_ROLE;
    private static final String OU = "ou-exam-restricted";
    private static final String DENY_ALL = """
            {"Version": "2012-10-17", "Statement": [{"Effect": "Deny", "Action": "*", "Resource": "*"}]}""";
    private static final String DENY_IAM_WRITES = """
            {"Version": "2012-10-17", "Statement": [{"Effect": "Deny", "Action": ["iam:Create*", "iam:Put*",
             "iam:Attach*"], "Resource": "*"}]}""";
    /** The usual guardrails: stay in the organization, in two Regions (global services exempt), keep CloudTrail. */
    private static final String GUARDRAILS = """
            {"Version": "2012-10-17", "Statement": [
             {"Effect": "Deny", "Action": "organizations:LeaveOrganization", "Resource": "*"},
             {"Effect": "Deny", "NotAction": ["iam:*", "organizations:*", "sts:*", "support:*"], "Resource": "*",
              "Condition": {"StringNotEquals": {"aws:RequestedRegion": ["us-east-1", "eu-west-1"]}}},
             {"Effect": "Deny", "Action": ["cloudtrail:StopLogging", "cloudtrail:DeleteTrail"], "Resource": "*"}]}""";

    private final CoreHarness core = new CoreHarness();

    private AccountResult recheck() {
        return only(core.recheck(MEMBER));
    }

    private static Reason.Restricted restricted(AccountResult result) {
        assertThat(result.outcome()).isEqualTo(Outcome.ACCESS_RESTRICTED);
        assertThat(result.reason()).isInstanceOf(Reason.Restricted.class);
        return (Reason.Restricted) result.reason();
    }

    @Test
    void boundary_readOnlyOnAnAdministratorRole_isRestrictedNamingTheBoundary() {
        core.organization.member(MEMBER).accessRoleMadeByHand().boundary(InMemoryOrganization.READ_ONLY_ACCESS);

        Reason.Restricted reason = restricted(recheck());

        assertThat(reason.restrictions()).containsExactly(
                new BoundaryRestriction(Optional.of(InMemoryOrganization.READ_ONLY_ACCESS)));
        assertThat(reason.judgedBy()).isEqualTo(JudgedBy.IAM_SIMULATION);
        assertThat(core.organization.writes()).isEmpty();
        assertThat(core.announcer().announced()).hasSize(1);
    }

    @Test
    void inlineDeny_nextToAttachedAdministratorAccess_isRestrictedNamingTheInlinePolicy() {
        core.organization.member(MEMBER).accessRoleMadeByHand().inline("NoChanges", DENY_ALL);

        Reason.Restricted reason = restricted(recheck());

        assertThat(reason.restrictions()).containsExactly(new DenyStatement("NoChanges", "inline"));
        assertThat(core.organization.writes()).isEmpty();
    }

    @Test
    void denyInAnAttachedCustomerPolicy_isRestrictedNamingThatPolicy() {
        var member = core.organization.member(MEMBER);
        String guard = member.policy("/guard/NoIamWrites", DENY_IAM_WRITES);
        member.accessRoleMadeByHand().attach(guard);

        Reason.Restricted reason = restricted(recheck());

        assertThat(reason.deniedActions()).contains("iam:CreateRole", "iam:PutRolePolicy", "iam:AttachRolePolicy")
                .doesNotContain("s3:CreateBucket");
        assertThat(reason.restrictions()).containsExactly(new DenyStatement(guard, "customer-managed"));
    }

    @Test
    void scpOnTheOu_isRestrictedNamingThePolicyAndTheOu() {
        core.organization.member(MEMBER).under(OU).accessRoleMadeByHand();
        core.organization.scp(OU, "p-denyall1", "DenyAll", DENY_ALL);

        Reason.Restricted reason = restricted(recheck());

        assertThat(reason.restrictions()).containsExactly(new ScpDenies("p-denyall1", "DenyAll", OU));
        assertThat(core.organization.calls()).contains("organizations:ListPoliciesForTarget " + OU);
    }

    @Test
    void scpOnTheAccount_isRestrictedNamingThePolicyAndTheAccount() {
        core.organization.member(MEMBER).accessRoleMadeByHand();
        core.organization.scp(MEMBER, "p-noiamwr1", "NoIamWrites", DENY_IAM_WRITES);

        Reason.Restricted reason = restricted(recheck());

        assertThat(reason.restrictions()).containsExactly(new ScpDenies("p-noiamwr1", "NoIamWrites", MEMBER));
    }

    /** A Deny of everything by SCP also denies asking IAM: the SCPs, read from the management account, say so. */
    @Test
    void scpDenyingEverything_evenTheSimulation_isRestrictedByTheScpsRead() {
        core.organization.member(MEMBER).under(OU).role(Fixtures.ACCESS_ROLE, Fixtures.MANAGEMENT_TRUST)
                .attach(ADMINISTRATOR_ACCESS);
        core.organization.scp(OU, "p-denyall1", "DenyAll", DENY_ALL);
        core.organization.failNext("iam:SimulatePrincipalPolicy", "AccessDenied");
        core.organization.failNext("iam:GetRole", "AccessDenied");

        Reason.Restricted reason = restricted(recheck());

        assertThat(reason.judgedBy()).isEqualTo(JudgedBy.POLICIES_READ);
        assertThat(reason.restrictions()).containsExactly(new ScpDenies("p-denyall1", "DenyAll", OU));
    }

    /** An inline Deny of everything also denies asking IAM and reading: the bootstrap role reads the policies. */
    @Test
    void inlineDenyOfEverything_isRestrictedByReadingThroughTheBootstrapRole_withNoWrite() {
        var member = core.organization.member(MEMBER);
        member.role(Fixtures.ACCESS_ROLE, Fixtures.MANAGEMENT_TRUST).attach(ADMINISTRATOR_ACCESS)
                .inline("NoChanges", DENY_ALL);
        member.bootstrapRole();
        // The access role's own session is refused asking and reading (as the Deny would refuse it); the bootstrap
        // role's reading is not.
        core.organization.failNext("iam:SimulatePrincipalPolicy", "AccessDenied");
        core.organization.failNext("iam:ListRolePolicies", "AccessDenied");

        Reason.Restricted reason = restricted(recheck());

        assertThat(reason.restrictions()).containsExactly(new DenyStatement("NoChanges", "inline"));
        assertThat(core.organization.writes()).isEmpty();
        assertThat(core.organization.calls()).contains("sts:AssumeRole " + MEMBER + "/" + Fixtures.BOOTSTRAP_ROLE);
    }

    @Test
    void fullAwsAccessDetachedFromTheOu_isRestrictedSayingNoScpThereAllows() {
        core.organization.member(MEMBER).under(OU).accessRoleMadeByHand();
        core.organization.scp(OU, "p-onlys3r1", "OnlyS3Read", """
                {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:Get*", "Resource": "*"}]}""");
        core.organization.detachFullAwsAccess(OU);

        Reason.Restricted reason = restricted(recheck());

        assertThat(reason.restrictions()).containsExactly(new Reason.ScpAllowsNot(OU));
    }

    @Test
    void usualGuardrailScps_onTheRoot_leaveTheAccountVerified_andAskOrganizationsNothingMore() {
        core.organization.member(MEMBER).under(OU).accessRoleMadeByHand();
        core.organization.scp(Fixtures.ROOT_ID, "p-guardrl1", "Guardrails", GUARDRAILS);

        AccountResult result = recheck();

        assertThat(result.outcome()).isEqualTo(Outcome.ACCESS_VERIFIED);
        assertThat(core.organization.calls()).noneMatch(call -> call.startsWith("organizations:ListPoliciesForTarget"));
    }

    @Test
    void conditionOnAKeyACheckCannotKnow_isUndeterminedNamingTheKey() {
        core.organization.member(MEMBER).accessRoleMadeByHand().inline("MfaOnly", """
                {"Version": "2012-10-17", "Statement": [{"Effect": "Deny", "Action": "*", "Resource": "*",
                 "Condition": {"StringNotEquals": {"aws:SourceVpc": "vpc-1234"}}}]}""");

        AccountResult result = recheck();

        assertThat(result.outcome()).isEqualTo(Outcome.ACCESS_UNDETERMINED);
        assertThat(result.reason()).isInstanceOfSatisfying(Reason.DecisionIncomplete.class, incomplete ->
                assertThat(incomplete.missingContextKeys()).containsExactly("aws:SourceVpc"));
    }

    /** The role may not call iam:SimulatePrincipalPolicy: the function reads its policies and says so. */
    @Test
    void fallback_withoutSimulation_readsBoundaryInlineAndAttached_andSaysIamDidNotJudge() {
        core.organization.member(MEMBER).role(Fixtures.ACCESS_ROLE, Fixtures.MANAGEMENT_TRUST, "iam:GetRole",
                "iam:ListRolePolicies", "iam:GetRolePolicy", "iam:ListAttachedRolePolicies", "iam:GetPolicy",
                "iam:GetPolicyVersion").inline("Admin", InMemoryOrganization.INLINE_ADMIN).inline("NoChanges",
                DENY_IAM_WRITES);

        Reason.Restricted reason = restricted(recheck());

        assertThat(reason.judgedBy()).isEqualTo(JudgedBy.POLICIES_READ);
        assertThat(reason.simulation()).hasValueSatisfying(failure ->
                assertThat(failure.operation()).isEqualTo("iam:SimulatePrincipalPolicy"));
        assertThat(reason.restrictions()).containsExactly(new DenyStatement("NoChanges", "inline"));
    }

    @Test
    void fallback_withoutSimulation_adminByReading_isVerifiedSayingIamDidNotJudge() {
        core.organization.member(MEMBER).role(Fixtures.ACCESS_ROLE, Fixtures.MANAGEMENT_TRUST, "iam:GetRole",
                "iam:ListRolePolicies", "iam:GetRolePolicy", "iam:ListAttachedRolePolicies")
                .inline("Admin", InMemoryOrganization.INLINE_ADMIN);

        AccountResult result = recheck();

        assertThat(result.outcome()).isEqualTo(Outcome.ACCESS_VERIFIED);
        assertThat(result.reason()).isInstanceOf(Reason.AssumedPoliciesRead.class);
    }

    @Test
    void memberLackingANamedCustomerPolicy_isPolicyMissing_withNoRoleHalfMade() {
        core.set(GuardConfig.ACCESS_POLICY_ARNS, "/ops/OpsAdmin");
        core.organization.member(MEMBER).role(Fixtures.BOOTSTRAP_ROLE, Fixtures.MANAGEMENT_TRUST, "iam:CreateRole",
                "iam:GetRole", "iam:TagRole", "iam:AttachRolePolicy", "iam:GetPolicy");

        AccountResult result = recheck();

        assertThat(result.outcome()).isEqualTo(Outcome.POLICY_MISSING);
        assertThat(result.reason()).isEqualTo(new Reason.PoliciesNotInAccount(ROLE_ARN,
                java.util.List.of("arn:aws:iam::" + MEMBER + ":policy/ops/OpsAdmin"), java.util.List.of()));
        assertThat(core.organization.writes()).isEmpty();
    }

    @Test
    void memberLackingANamedCustomerPolicy_bootstrapWithoutGetPolicy_isPolicyMissingNamingTheRoleMade() {
        core.set(GuardConfig.ACCESS_POLICY_ARNS, "/ops/OpsAdmin");
        core.organization.member(MEMBER).bootstrapRole(); // the earlier policy: no iam:GetPolicy

        AccountResult result = recheck();

        assertThat(result.outcome()).isEqualTo(Outcome.POLICY_MISSING);
        assertThat(result.reason()).isInstanceOfSatisfying(Reason.PoliciesNotInAccount.class, missing ->
                assertThat(missing.done()).containsExactly(new Action.RoleCreated(ROLE_ARN)));
    }

    @Test
    void memberHoldingTheNamedCustomerPolicy_getsItAttached_byItsOwnArn() {
        core.set(GuardConfig.ACCESS_POLICY_ARNS, "/ops/OpsAdmin");
        var member = core.organization.member(MEMBER);
        String arn = member.policy("/ops/OpsAdmin", InMemoryOrganization.INLINE_ADMIN);
        member.bootstrapRole();

        AccountResult result = recheck();

        assertThat(result.outcome()).isEqualTo(Outcome.ROLE_CREATED);
        assertThat(member.role(Fixtures.ACCESS_ROLE).orElseThrow().attached()).containsExactly(arn)
                .doesNotContain(ADMINISTRATOR_ACCESS);
    }
}
