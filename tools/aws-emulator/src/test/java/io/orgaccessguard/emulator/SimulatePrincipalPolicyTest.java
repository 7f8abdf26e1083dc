package io.orgaccessguard.emulator;

import static io.orgaccessguard.emulator.TestOrgs.ACCESS_ROLE;
import static io.orgaccessguard.emulator.TestOrgs.BOUNDED_ROLE;
import static io.orgaccessguard.emulator.TestOrgs.CUSTOMER_DENIED_ROLE;
import static io.orgaccessguard.emulator.TestOrgs.DENIED_ROLE;
import static io.orgaccessguard.emulator.TestOrgs.LOCKED;
import static io.orgaccessguard.emulator.TestOrgs.MGMT;
import static io.orgaccessguard.emulator.TestOrgs.PAYMENTS;
import static io.orgaccessguard.emulator.TestOrgs.REGIONAL;
import static io.orgaccessguard.emulator.TestOrgs.SIMULATOR_ROLE;
import static io.orgaccessguard.emulator.TestOrgs.roleArn;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.ContextEntry;
import software.amazon.awssdk.services.iam.model.ContextKeyTypeEnum;
import software.amazon.awssdk.services.iam.model.EvaluationResult;
import software.amazon.awssdk.services.iam.model.PolicyEvaluationDecisionType;
import software.amazon.awssdk.services.iam.model.SimulatePrincipalPolicyResponse;

/**
 * {@code iam:SimulatePrincipalPolicy} on the wire through the SDK's IamClient, as the API reference describes it:
 * https://docs.aws.amazon.com/IAM/latest/APIReference/API_SimulatePrincipalPolicy.html and its result shape
 * https://docs.aws.amazon.com/IAM/latest/APIReference/API_EvaluationResult.html (EvalDecision allowed | explicitDeny |
 * implicitDeny; MatchedStatements; MissingContextValues; PermissionsBoundaryDecisionDetail,
 * https://docs.aws.amazon.com/IAM/latest/APIReference/API_PermissionsBoundaryDecisionDetail.html;
 * OrganizationsDecisionDetail, https://docs.aws.amazon.com/IAM/latest/APIReference/API_OrganizationsDecisionDetail.html).
 */
class SimulatePrincipalPolicyTest {

    private AwsEmulator aws;

    @BeforeEach
    void start() {
        aws = AwsEmulator.start(EmulatorOptions.builder().seed(18).build(), TestOrgs.guarded());
    }

    @AfterEach
    void stop() {
        aws.close();
    }

    /** The role simulating itself with its own session, as the function does after the probe. */
    private EvaluationResult simulateSelf(String account, String role, String action, ContextEntry... context) {
        try (IamClient iam = Sdk.iam(aws, aws.credentialsForRole(account, role, "guard"))) {
            SimulatePrincipalPolicyResponse response = iam.simulatePrincipalPolicy(r -> r
                    .policySourceArn(roleArn(account, role)).actionNames(action).contextEntries(context));
            assertThat(response.isTruncated()).isFalse();
            return response.evaluationResults().getFirst();
        }
    }

    private static ContextEntry region(String region) {
        return ContextEntry.builder().contextKeyName("aws:RequestedRegion").contextKeyType(ContextKeyTypeEnum.STRING)
                .contextKeyValues(region).build();
    }

    @Test
    void administratorAccess_inAMemberAccount_isAllowedWithItsStatementAndTheOrganizationsDetail() {
        EvaluationResult r = simulateSelf(PAYMENTS, ACCESS_ROLE, "iam:CreateRole");

        assertThat(r.evalActionName()).isEqualTo("iam:CreateRole");
        assertThat(r.evalResourceName()).isEqualTo("*");
        assertThat(r.evalDecision()).isEqualTo(PolicyEvaluationDecisionType.ALLOWED);
        assertThat(r.matchedStatements()).singleElement().satisfies(s -> {
            assertThat(s.sourcePolicyId()).isEqualTo("AdministratorAccess");
            assertThat(s.sourcePolicyTypeAsString()).isEqualTo("aws-managed");
            assertThat(s.startPosition().line()).isEqualTo(1);
        });
        assertThat(r.missingContextValues()).isEmpty();
        // A member account: its SCPs (FullAWSAccess, and DenyLeaving on the root) are part of the simulation.
        assertThat(r.organizationsDecisionDetail().allowedByOrganizations()).isTrue();
        assertThat(r.permissionsBoundaryDecisionDetail()).isNull();
        // "If the simulation evaluates policies within the same account and specifies all resources (*), then the
        // parameter is not returned."
        assertThat(r.hasEvalDecisionDetails()).isFalse();
    }

    @Test
    void boundary_deniesWhatItDoesNotAllow_andSaysSo() {
        EvaluationResult write = simulateSelf(PAYMENTS, BOUNDED_ROLE, "iam:CreateRole");
        EvaluationResult read = simulateSelf(PAYMENTS, BOUNDED_ROLE, "iam:GetRole");

        assertThat(write.evalDecision()).isEqualTo(PolicyEvaluationDecisionType.IMPLICIT_DENY);
        assertThat(write.permissionsBoundaryDecisionDetail().allowedByPermissionsBoundary()).isFalse();
        assertThat(write.matchedStatements()).extracting(s -> s.sourcePolicyId()).containsExactly("AdministratorAccess");
        assertThat(read.evalDecision()).isEqualTo(PolicyEvaluationDecisionType.ALLOWED);
        assertThat(read.permissionsBoundaryDecisionDetail().allowedByPermissionsBoundary()).isTrue();
    }

    @Test
    void inlineDeny_isAnExplicitDeny_andTheDenyIsTheOnlyMatchedStatement() {
        // "if only one statement denies that operation, then the explicit deny overrides any allow. In addition, the
        // deny statement is the only entry included in the result." (API_EvaluationResult.html, MatchedStatements)
        try (IamClient iam = Sdk.iam(aws, aws.credentialsForRole(PAYMENTS, SIMULATOR_ROLE, "s"))) {
            EvaluationResult r = iam.simulatePrincipalPolicy(q -> q.policySourceArn(roleArn(PAYMENTS, DENIED_ROLE))
                    .actionNames("iam:CreateRole")).evaluationResults().getFirst();

            assertThat(r.evalDecision()).isEqualTo(PolicyEvaluationDecisionType.EXPLICIT_DENY);
            assertThat(r.matchedStatements()).singleElement().satisfies(s -> {
                assertThat(s.sourcePolicyId()).isEqualTo("deny-all");
                assertThat(s.sourcePolicyTypeAsString()).isEqualTo("role");
            });
        }
    }

    @Test
    void denyInAnAttachedCustomerManagedPolicy_namesThatPolicy() {
        EvaluationResult r = simulateSelf(PAYMENTS, CUSTOMER_DENIED_ROLE, "iam:DeleteRole");

        assertThat(r.evalDecision()).isEqualTo(PolicyEvaluationDecisionType.EXPLICIT_DENY);
        assertThat(r.matchedStatements()).singleElement().satisfies(s -> {
            assertThat(s.sourcePolicyId()).isEqualTo("NoIamWrites");
            assertThat(s.sourcePolicyTypeAsString()).isEqualTo("user-managed");
        });
    }

    @Test
    void scpOnTheOu_deniesEveryPrincipalOfTheAccount() {
        // "SCPs affect all users and roles in attached accounts"; a Deny in an SCP ends the simulation
        // (https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_scps.html,
        // API_EvaluationResult.html EvalDecisionDetails).
        try (IamClient mgmt = Sdk.iam(aws, aws.credentialsFor(LOCKED))) {
            EvaluationResult r = mgmt.simulatePrincipalPolicy(q -> q.policySourceArn(roleArn(LOCKED, ACCESS_ROLE))
                    .actionNames("iam:CreateRole", "sts:GetCallerIdentity")).evaluationResults().getFirst();

            assertThat(r.evalDecision()).isEqualTo(PolicyEvaluationDecisionType.EXPLICIT_DENY);
            assertThat(r.organizationsDecisionDetail().allowedByOrganizations()).isFalse();
            assertThat(r.matchedStatements()).isEmpty();
        }
    }

    @Test
    void scpWithARegionCondition_needsTheContextValue_andReportsItMissing() {
        // Context keys come only from ContextEntries; a key a policy tests that is not given is listed in
        // MissingContextValues (https://docs.aws.amazon.com/IAM/latest/APIReference/API_ContextEntry.html).
        EvaluationResult without = simulateSelf(REGIONAL, ACCESS_ROLE, "dynamodb:CreateTable");
        EvaluationResult home = simulateSelf(REGIONAL, ACCESS_ROLE, "dynamodb:CreateTable", region("us-east-1"));
        EvaluationResult away = simulateSelf(REGIONAL, ACCESS_ROLE, "dynamodb:CreateTable", region("eu-west-1"));
        EvaluationResult exempt = simulateSelf(REGIONAL, ACCESS_ROLE, "iam:CreateRole");

        assertThat(without.missingContextValues()).containsExactly("aws:RequestedRegion");
        assertThat(without.evalDecision()).isEqualTo(PolicyEvaluationDecisionType.EXPLICIT_DENY);
        assertThat(home.evalDecision()).isEqualTo(PolicyEvaluationDecisionType.ALLOWED);
        assertThat(home.missingContextValues()).isEmpty();
        assertThat(away.evalDecision()).isEqualTo(PolicyEvaluationDecisionType.EXPLICIT_DENY);
        assertThat(exempt.evalDecision()).isEqualTo(PolicyEvaluationDecisionType.ALLOWED);
        assertThat(exempt.missingContextValues()).isEmpty();
    }

    @Test
    void contextEntries_principalArnExemption_andTheInputListsOfPolicies() {
        // PolicyInputList adds identity policies; PermissionsBoundaryPolicyInputList replaces the boundary
        // (API_SimulatePrincipalPolicy.html). A Deny that exempts the access role by aws:PrincipalArn holds only when
        // the caller gives aws:PrincipalArn.
        String denyOthers = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Deny\",\"Action\":\"iam:*\","
                + "\"Resource\":\"*\",\"Condition\":{\"ArnNotLike\":{\"aws:PrincipalArn\":"
                + "\"arn:aws:iam::*:role/" + ACCESS_ROLE + "\"}}}]}";
        ContextEntry principal = ContextEntry.builder().contextKeyName("aws:PrincipalArn")
                .contextKeyType(ContextKeyTypeEnum.STRING).contextKeyValues(roleArn(PAYMENTS, ACCESS_ROLE)).build();
        try (IamClient iam = Sdk.iam(aws, aws.credentialsFor(PAYMENTS))) {
            EvaluationResult without = iam.simulatePrincipalPolicy(q -> q.policySourceArn(roleArn(PAYMENTS, ACCESS_ROLE))
                    .actionNames("iam:CreateRole").policyInputList(denyOthers)).evaluationResults().getFirst();
            EvaluationResult with = iam.simulatePrincipalPolicy(q -> q.policySourceArn(roleArn(PAYMENTS, ACCESS_ROLE))
                    .actionNames("iam:CreateRole").policyInputList(denyOthers).contextEntries(principal))
                    .evaluationResults().getFirst();
            EvaluationResult bounded = iam.simulatePrincipalPolicy(q -> q.policySourceArn(roleArn(PAYMENTS, ACCESS_ROLE))
                    .actionNames("iam:CreateRole").permissionsBoundaryPolicyInputList(
                            io.orgaccessguard.emulator.seed.PolicyDocuments.allow("*", "iam:Get*")))
                    .evaluationResults().getFirst();

            assertThat(without.evalDecision()).isEqualTo(PolicyEvaluationDecisionType.EXPLICIT_DENY);
            assertThat(without.missingContextValues()).containsExactly("aws:PrincipalArn");
            assertThat(without.matchedStatements()).singleElement()
                    .satisfies(s -> assertThat(s.sourcePolicyId()).isEqualTo("PolicyInputList.1"));
            assertThat(with.evalDecision()).isEqualTo(PolicyEvaluationDecisionType.ALLOWED);
            assertThat(bounded.evalDecision()).isEqualTo(PolicyEvaluationDecisionType.IMPLICIT_DENY);
            assertThat(bounded.permissionsBoundaryDecisionDetail().allowedByPermissionsBoundary()).isFalse();
        }
    }

    @Test
    void managementAccount_isNotGovernedBySCPs() {
        // "SCPs don't affect users or roles in the management account."
        // (https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_scps.html)
        EvaluationResult r = simulateSelf(MGMT, ACCESS_ROLE, "organizations:LeaveOrganization");

        assertThat(r.evalDecision()).isEqualTo(PolicyEvaluationDecisionType.ALLOWED);
        assertThat(r.organizationsDecisionDetail()).isNull();
    }

    @Test
    void severalActionsAndResources_oneResultEach_pagedWithMaxItems() {
        try (IamClient iam = Sdk.iam(aws, aws.credentialsFor(PAYMENTS))) {
            String table = "arn:aws:dynamodb:us-east-1:" + PAYMENTS + ":table/t";
            var first = iam.simulatePrincipalPolicy(q -> q.policySourceArn(roleArn(PAYMENTS, BOUNDED_ROLE))
                    .actionNames("dynamodb:GetItem", "dynamodb:PutItem").resourceArns(table).maxItems(1));
            var second = iam.simulatePrincipalPolicy(q -> q.policySourceArn(roleArn(PAYMENTS, BOUNDED_ROLE))
                    .actionNames("dynamodb:GetItem", "dynamodb:PutItem").resourceArns(table).maxItems(1)
                    .marker(first.marker()));

            assertThat(first.isTruncated()).isTrue();
            assertThat(second.isTruncated()).isFalse();
            List<EvaluationResult> all = List.of(first.evaluationResults().getFirst(),
                    second.evaluationResults().getFirst());
            assertThat(all).extracting(EvaluationResult::evalActionName, EvaluationResult::evalResourceName,
                    EvaluationResult::evalDecision).containsExactly(
                    org.assertj.core.groups.Tuple.tuple("dynamodb:GetItem", table, PolicyEvaluationDecisionType.ALLOWED),
                    org.assertj.core.groups.Tuple.tuple("dynamodb:PutItem", table,
                            PolicyEvaluationDecisionType.IMPLICIT_DENY));
            // "If the simulation evaluates policies within the same account and includes a resource ARN, then the
            // parameter is present but the response is empty."
            assertThat(all).allSatisfy(r -> assertThat(r.hasEvalDecisionDetails()).isTrue());
        }
    }

    @Test
    void callerWithoutIamSimulatePrincipalPolicy_isDenied() {
        try (IamClient iam = Sdk.iam(aws, aws.credentialsForRole(MGMT, "NoPermissions", "s"))) {
            var e = Sdk.error(() -> iam.simulatePrincipalPolicy(q -> q
                    .policySourceArn(roleArn(MGMT, "NoPermissions")).actionNames("iam:GetRole")), "AccessDenied", 403);

            assertThat(e.awsErrorDetails().errorMessage()).contains("iam:SimulatePrincipalPolicy on resource: "
                    + roleArn(MGMT, "NoPermissions"));
        }
    }

    @Test
    void roleOfAnotherAccountOrNoRole_isNoSuchEntity() {
        try (IamClient iam = Sdk.iam(aws, aws.credentialsFor(PAYMENTS))) {
            Sdk.error(() -> iam.simulatePrincipalPolicy(q -> q.policySourceArn(roleArn(LOCKED, ACCESS_ROLE))
                    .actionNames("iam:GetRole")), "NoSuchEntity", 404);
            Sdk.error(() -> iam.simulatePrincipalPolicy(q -> q.policySourceArn(roleArn(PAYMENTS, "Nobody"))
                    .actionNames("iam:GetRole")), "NoSuchEntity", 404);
        }
    }
}
