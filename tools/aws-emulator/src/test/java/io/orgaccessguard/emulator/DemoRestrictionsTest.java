package io.orgaccessguard.emulator;

import static io.orgaccessguard.emulator.TestOrgs.ACCESS_ROLE;
import static io.orgaccessguard.emulator.TestOrgs.roleArn;
import static org.assertj.core.api.Assertions.assertThat;

import io.orgaccessguard.emulator.seed.OrganizationSeed;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.EvaluationResult;
import software.amazon.awssdk.services.iam.model.PolicyEvaluationDecisionType;
import software.amazon.awssdk.services.organizations.OrganizationsClient;
import software.amazon.awssdk.services.organizations.model.PolicySummary;
import software.amazon.awssdk.services.organizations.model.PolicyType;
import software.amazon.awssdk.services.sts.StsClient;

/**
 * The demo organization's three restricted accounts, each assumable by the management account and each unable to
 * administer itself the way IAM decides (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic.html):
 * 141414141414 (AdministratorAccess within the boundary ReadOnlyAccess,
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies_boundaries.html), 151515151515 (an inline Deny of *
 * next to AdministratorAccess), 161616161616 (in the Quarantine OU, whose SCP denies everything but reading IAM,
 * https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_scps_evaluation.html); and an
 * unrestricted account, 222222222222, still allowed.
 */
class DemoRestrictionsTest {

    private static final String MGMT = "111111111111";
    private static final String BOUNDED = "141414141414";
    private static final String DENIED = "151515151515";
    private static final String QUARANTINED = "161616161616";
    private static final String PAYMENTS = "222222222222";
    private static final String QUARANTINE_OU = "ou-a1b2-quar0001";

    private AwsEmulator aws;

    @BeforeEach
    void start() {
        aws = AwsEmulator.start(OrganizationSeed.demo());
    }

    @AfterEach
    void stop() {
        aws.close();
    }

    /** As the function: assume the access role from the management account, then simulate with that session. */
    private IamClient accessRoleSession(String account) {
        try (StsClient function = Sdk.sts(aws, aws.credentialsForRole(MGMT, "org-access-guard-function", "fn"))) {
            return Sdk.iam(aws, Sdk.from(function.assumeRole(r -> r.roleArn(roleArn(account, ACCESS_ROLE))
                    .roleSessionName("org-access-guard")).credentials()));
        }
    }

    private EvaluationResult simulate(IamClient iam, String account, String action) {
        return iam.simulatePrincipalPolicy(r -> r.policySourceArn(roleArn(account, ACCESS_ROLE)).actionNames(action))
                .evaluationResults().getFirst();
    }

    @Test
    void boundedAccount_isAssumable_andTheBoundaryDeniesAdministration() {
        try (IamClient iam = accessRoleSession(BOUNDED)) {
            EvaluationResult r = simulate(iam, BOUNDED, "iam:CreateRole");

            assertThat(r.evalDecision()).isEqualTo(PolicyEvaluationDecisionType.IMPLICIT_DENY);
            assertThat(r.permissionsBoundaryDecisionDetail().allowedByPermissionsBoundary()).isFalse();
            assertThat(iam.getRole(q -> q.roleName(ACCESS_ROLE)).role().permissionsBoundary().permissionsBoundaryArn())
                    .isEqualTo("arn:aws:iam::aws:policy/ReadOnlyAccess");
        }
    }

    @Test
    void deniedAccount_isAssumable_butItsDenyOfEverythingBlocksEvenTheSimulation() {
        try (IamClient iam = accessRoleSession(DENIED)) {
            var e = Sdk.error(() -> simulate(iam, DENIED, "iam:CreateRole"), "AccessDenied", 403);
            assertThat(e.awsErrorDetails().errorMessage()).endsWith("with an explicit deny in an identity-based policy");
            Sdk.error(() -> iam.getRole(q -> q.roleName(ACCESS_ROLE)), "AccessDenied", 403);
        }
        try (IamClient admin = Sdk.iam(aws, aws.credentialsFor(DENIED))) {
            EvaluationResult r = simulate(admin, DENIED, "iam:CreateRole");
            assertThat(r.evalDecision()).isEqualTo(PolicyEvaluationDecisionType.EXPLICIT_DENY);
            assertThat(r.matchedStatements()).extracting(s -> s.sourcePolicyId()).containsExactly("deny-everything");
        }
    }

    @Test
    void quarantinedAccount_isAssumable_andItsOusScpDeniesAdministration() {
        try (IamClient iam = accessRoleSession(QUARANTINED)) {
            EvaluationResult r = simulate(iam, QUARANTINED, "iam:CreateRole");

            assertThat(r.evalDecision()).isEqualTo(PolicyEvaluationDecisionType.EXPLICIT_DENY);
            assertThat(r.organizationsDecisionDetail().allowedByOrganizations()).isFalse();
        }
        try (OrganizationsClient org = Sdk.organizations(aws, aws.credentialsForRole(MGMT,
                "org-access-guard-function", "fn"))) {
            List<String> onOu = org.listPoliciesForTarget(q -> q.targetId(QUARANTINE_OU)
                    .filter(PolicyType.SERVICE_CONTROL_POLICY)).policies().stream().map(PolicySummary::name).toList();
            assertThat(onOu).containsExactly("FullAWSAccess", "QuarantineReadIamOnly");
            assertThat(org.describePolicy(q -> q.policyId("p-quarantine1")).policy().content())
                    .contains("DenyAllButReadingIam");
        }
        assertThat(aws.stateJson()).contains("\"targetIds\":[\"" + QUARANTINE_OU + "\"]",
                "\"permissionsBoundaryArn\":\"arn:aws:iam::aws:policy/ReadOnlyAccess\"");
    }

    @Test
    void unrestrictedAccount_staysAllowed() {
        try (IamClient iam = accessRoleSession(PAYMENTS)) {
            EvaluationResult r = simulate(iam, PAYMENTS, "iam:CreateRole");

            assertThat(r.evalDecision()).isEqualTo(PolicyEvaluationDecisionType.ALLOWED);
            assertThat(r.organizationsDecisionDetail().allowedByOrganizations()).isTrue();
        }
    }
}
