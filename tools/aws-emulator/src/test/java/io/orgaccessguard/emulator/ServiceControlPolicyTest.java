package io.orgaccessguard.emulator;

import static io.orgaccessguard.emulator.TestOrgs.ACCESS_ROLE;
import static io.orgaccessguard.emulator.TestOrgs.DENY_IAM_SCP;
import static io.orgaccessguard.emulator.TestOrgs.DENY_LEAVING_SCP;
import static io.orgaccessguard.emulator.TestOrgs.LOCKED;
import static io.orgaccessguard.emulator.TestOrgs.LOCKED_OU;
import static io.orgaccessguard.emulator.TestOrgs.MGMT;
import static io.orgaccessguard.emulator.TestOrgs.PAYMENTS;
import static io.orgaccessguard.emulator.TestOrgs.PROD_OU;
import static io.orgaccessguard.emulator.TestOrgs.ROOT_ID;
import static io.orgaccessguard.emulator.TestOrgs.roleArn;
import static org.assertj.core.api.Assertions.assertThat;

import io.orgaccessguard.emulator.seed.PolicyDocuments;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.PolicyEvaluationDecisionType;
import software.amazon.awssdk.services.organizations.OrganizationsClient;
import software.amazon.awssdk.services.organizations.model.Policy;
import software.amazon.awssdk.services.organizations.model.PolicySummary;
import software.amazon.awssdk.services.organizations.model.PolicyType;

/**
 * Service control policies through the Organizations API (CreatePolicy, DescribePolicy, AttachPolicy, DetachPolicy,
 * ListPoliciesForTarget, ListTargetsForPolicy, EnablePolicyType) and their effect on every principal of a member
 * account: "SCPs affect all users and roles in attached accounts, including the root user"; "SCPs don't affect users
 * or roles in the management account" (https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_scps.html).
 * Each level from the root through each OU to the account must allow, "This is why when you enable SCPs, AWS
 * Organizations attaches an AWS managed SCP policy named FullAWSAccess which allows all services and actions"; a
 * Deny at any level denies (https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_scps_evaluation.html).
 */
class ServiceControlPolicyTest {

    private static final String FULL_AWS_ACCESS_ARN =
            "arn:aws:organizations::aws:policy/service_control_policy/p-FullAWSAccess";

    private AwsEmulator aws;
    private OrganizationsClient orgs;

    @BeforeEach
    void start() {
        aws = AwsEmulator.start(EmulatorOptions.builder().seed(18).build(), TestOrgs.guarded());
        orgs = Sdk.organizations(aws, aws.credentialsFor(MGMT));
    }

    @AfterEach
    void stop() {
        orgs.close();
        aws.close();
    }

    private java.util.List<String> scpIdsOn(String target) {
        return orgs.listPoliciesForTarget(r -> r.targetId(target).filter(PolicyType.SERVICE_CONTROL_POLICY))
                .policies().stream().map(PolicySummary::id).toList();
    }

    @Test
    void listPoliciesForTarget_showsFullAwsAccessOnTheRootEveryOuAndEveryAccount_besideTheSeededScps() {
        // https://docs.aws.amazon.com/organizations/latest/APIReference/API_ListPoliciesForTarget.html
        assertThat(scpIdsOn(ROOT_ID)).containsExactly("p-FullAWSAccess", DENY_LEAVING_SCP);
        assertThat(scpIdsOn(LOCKED_OU)).containsExactly("p-FullAWSAccess", DENY_IAM_SCP);
        assertThat(scpIdsOn(PROD_OU)).containsExactly("p-FullAWSAccess");
        assertThat(scpIdsOn(PAYMENTS)).containsExactly("p-FullAWSAccess");
        assertThat(scpIdsOn(MGMT)).containsExactly("p-FullAWSAccess");
        PolicySummary full = orgs.listPoliciesForTarget(r -> r.targetId(LOCKED)
                .filter(PolicyType.SERVICE_CONTROL_POLICY)).policies().getFirst();
        assertThat(full.arn()).isEqualTo(FULL_AWS_ACCESS_ARN);
        assertThat(full.name()).isEqualTo("FullAWSAccess");
        assertThat(full.awsManaged()).isTrue();
        assertThat(full.type()).isEqualTo(PolicyType.SERVICE_CONTROL_POLICY);
        assertThat(orgs.listPoliciesForTarget(r -> r.targetId(ROOT_ID).filter(PolicyType.TAG_POLICY)).policies())
                .isEmpty();
    }

    @Test
    void describePolicy_returnsTheSummaryAndTheContent() {
        // https://docs.aws.amazon.com/organizations/latest/APIReference/API_DescribePolicy.html
        Policy policy = orgs.describePolicy(r -> r.policyId(DENY_IAM_SCP)).policy();

        assertThat(policy.policySummary().name()).isEqualTo("DenyIamWrites");
        assertThat(policy.policySummary().arn()).isEqualTo("arn:aws:organizations::" + MGMT
                + ":policy/o-test123456/service_control_policy/" + DENY_IAM_SCP);
        assertThat(policy.policySummary().awsManaged()).isFalse();
        assertThat(policy.content()).contains("\"iam:Create*\"");
        assertThat(orgs.listTargetsForPolicy(r -> r.policyId(DENY_IAM_SCP)).targets())
                .singleElement().satisfies(t -> {
                    assertThat(t.targetId()).isEqualTo(LOCKED_OU);
                    assertThat(t.typeAsString()).isEqualTo("ORGANIZATIONAL_UNIT");
                });
        Sdk.error(() -> orgs.describePolicy(r -> r.policyId("p-nosuch000")), "PolicyNotFoundException", 400);
    }

    @Test
    void scpOnTheOu_deniesTheAccessRoleOfItsAccounts_withAwsWording() {
        try (IamClient role = Sdk.iam(aws, aws.credentialsForRole(LOCKED, ACCESS_ROLE, "s"))) {
            assertThat(role.getRole(r -> r.roleName(ACCESS_ROLE)).role().roleName()).isEqualTo(ACCESS_ROLE);

            var e = Sdk.error(() -> role.createRole(r -> r.roleName("X")
                    .assumeRolePolicyDocument(PolicyDocuments.trust(MGMT))), "AccessDenied", 403);

            assertThat(e.awsErrorDetails().errorMessage()).endsWith("with an explicit deny in a service control policy");
        }
        assertThat(aws.role(LOCKED, "X")).isEmpty();
    }

    @Test
    void createAndAttachPolicy_onAnAccount_deniesItsPrincipals_untilDetached() {
        // https://docs.aws.amazon.com/organizations/latest/APIReference/API_CreatePolicy.html,
        // https://docs.aws.amazon.com/organizations/latest/APIReference/API_AttachPolicy.html,
        // https://docs.aws.amazon.com/organizations/latest/APIReference/API_DetachPolicy.html
        Policy created = orgs.createPolicy(r -> r.name("DenyAll").description("no access")
                .type(PolicyType.SERVICE_CONTROL_POLICY).content(TestOrgs.DENY_ALL)).policy();
        String id = created.policySummary().id();
        assertThat(id).matches("p-[0-9a-z]{8}");

        orgs.attachPolicy(r -> r.policyId(id).targetId(PAYMENTS));

        assertThat(scpIdsOn(PAYMENTS)).containsExactly("p-FullAWSAccess", id);
        try (IamClient admin = Sdk.iam(aws, aws.credentialsFor(PAYMENTS))) {
            // every principal, the account's own administrator included
            Sdk.error(() -> admin.listRoles(), "AccessDenied", 403);
            orgs.detachPolicy(r -> r.policyId(id).targetId(PAYMENTS));
            assertThat(admin.listRoles().roles()).isNotEmpty();
        }
        Sdk.error(() -> orgs.attachPolicy(r -> r.policyId("p-FullAWSAccess").targetId(PAYMENTS)),
                "DuplicatePolicyAttachmentException", 400);
    }

    @Test
    void scpThatDeniesIamEntirely_deniesTheSimulationItself() {
        // iam:SimulatePrincipalPolicy is an IAM action like any other: an SCP denying iam:* denies it too.
        String id = orgs.createPolicy(r -> r.name("DenyIam").description("").type(PolicyType.SERVICE_CONTROL_POLICY)
                .content(PolicyDocuments.deny("*", "iam:*"))).policy().policySummary().id();
        orgs.attachPolicy(r -> r.policyId(id).targetId(PAYMENTS));

        try (IamClient role = Sdk.iam(aws, aws.credentialsForRole(PAYMENTS, ACCESS_ROLE, "s"))) {
            var e = Sdk.error(() -> role.simulatePrincipalPolicy(r -> r.policySourceArn(roleArn(PAYMENTS, ACCESS_ROLE))
                    .actionNames("iam:CreateRole")), "AccessDenied", 403);
            assertThat(e.awsErrorDetails().errorMessage()).endsWith("with an explicit deny in a service control policy");
        }
    }

    @Test
    void withoutFullAwsAccess_aLevelMustAllowTheAction() {
        // Allow-list strategy: replacing FullAWSAccess on the OU with a policy allowing only IAM makes everything else
        // an implicit deny for the OU's accounts.
        String id = orgs.createPolicy(r -> r.name("OnlyIam").description("").type(PolicyType.SERVICE_CONTROL_POLICY)
                .content(PolicyDocuments.allow("*", "iam:*"))).policy().policySummary().id();
        orgs.attachPolicy(r -> r.policyId(id).targetId(PROD_OU));
        orgs.detachPolicy(r -> r.policyId("p-FullAWSAccess").targetId(PROD_OU));

        try (IamClient iam = Sdk.iam(aws, aws.credentialsFor(PAYMENTS))) {
            var r = iam.simulatePrincipalPolicy(q -> q.policySourceArn(roleArn(PAYMENTS, ACCESS_ROLE))
                    .actionNames("iam:CreateRole", "sns:Publish")).evaluationResults();
            assertThat(r).extracting(x -> x.evalDecision()).containsExactly(PolicyEvaluationDecisionType.ALLOWED,
                    PolicyEvaluationDecisionType.IMPLICIT_DENY);
            assertThat(r.get(1).organizationsDecisionDetail().allowedByOrganizations()).isFalse();
        }
        // A target keeps at least one SCP.
        var e = Sdk.error(() -> orgs.detachPolicy(r -> r.policyId(id).targetId(PROD_OU)),
                "ConstraintViolationException", 400);
        assertThat(e.getMessage()).contains("last");
    }

    @Test
    void rootScp_doesNotAffectTheManagementAccount() {
        String id = orgs.createPolicy(r -> r.name("DenyAll").description("").type(PolicyType.SERVICE_CONTROL_POLICY)
                .content(TestOrgs.DENY_ALL)).policy().policySummary().id();
        orgs.attachPolicy(r -> r.policyId(id).targetId(ROOT_ID));

        try (IamClient mgmt = Sdk.iam(aws, aws.credentialsForRole(MGMT, ACCESS_ROLE, "s"))) {
            assertThat(mgmt.listRoles().roles()).isNotEmpty();
        }
        assertThat(scpIdsOn(ROOT_ID)).contains(id);
    }

    @Test
    void policyOperations_areForTheManagementAccountOnly() {
        try (OrganizationsClient member = Sdk.organizations(aws, aws.credentialsFor(PAYMENTS))) {
            Sdk.error(() -> member.listPoliciesForTarget(r -> r.targetId(PAYMENTS)
                    .filter(PolicyType.SERVICE_CONTROL_POLICY)), "AccessDeniedException", 400);
        }
        Sdk.error(() -> orgs.enablePolicyType(r -> r.rootId(ROOT_ID).policyType(PolicyType.SERVICE_CONTROL_POLICY)),
                "PolicyTypeAlreadyEnabledException", 400);
        Sdk.error(() -> orgs.createPolicy(r -> r.name("Bad").description("").type(PolicyType.SERVICE_CONTROL_POLICY)
                .content("{\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":\"*\",\"Action\":\"*\"}]}")),
                "MalformedPolicyDocumentException", 400);
    }
}
