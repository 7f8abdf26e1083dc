package io.orgaccessguard.emulator.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The evaluator on its own, case by case, from IAM's documentation: evaluation logic
 * (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic.html), boundaries
 * (https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies_boundaries.html), SCP evaluation
 * (https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_scps_evaluation.html), condition
 * operators and missing keys
 * (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html), set
 * operators (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-single-vs-multi-valued-context-keys.html).
 */
class PolicyEvaluatorTest {

    private static PolicyEvaluator.Source policy(String id, String json) {
        return new PolicyEvaluator.Source(id, "role", PolicyParser.parse(json, PolicyParser.Kind.IDENTITY, p -> null));
    }

    private static PolicyEvaluator.Source scp(String id, String json) {
        return new PolicyEvaluator.Source(id, "none",
                PolicyParser.parse(json, PolicyParser.Kind.SERVICE_CONTROL, p -> null));
    }

    private static final PolicyEvaluator.Source ADMIN =
            policy("admin", "{\"Statement\":{\"Effect\":\"Allow\",\"Action\":\"*\",\"Resource\":\"*\"}}");
    private static final PolicyEvaluator.Source FULL = scp("p-FullAWSAccess",
            "{\"Statement\":{\"Effect\":\"Allow\",\"Action\":\"*\",\"Resource\":\"*\"}}");

    private static PolicyEvaluator.Request request(String action, Map<String, List<String>> context) {
        return new PolicyEvaluator.Request(action, "*", context, true);
    }

    @Test
    void boundary_intersectsWithIdentity_andItsDenyWins() {
        var boundary = policy("b", "{\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"s3:*\",\"Resource\":\"*\"},"
                + "{\"Effect\":\"Deny\",\"Action\":\"s3:DeleteBucket\",\"Resource\":\"*\"}]}");
        var policies = new PolicyEvaluator.Policies(List.of(ADMIN), boundary, null, List.of());

        var read = PolicyEvaluator.evaluate(policies, request("s3:GetObject", Map.of()));
        var iam = PolicyEvaluator.evaluate(policies, request("iam:CreateRole", Map.of()));
        var delete = PolicyEvaluator.evaluate(policies, request("s3:DeleteBucket", Map.of()));

        assertThat(read.decision()).isEqualTo(Decision.ALLOW);
        assertThat(read.allowedByBoundary()).isTrue();
        assertThat(iam.decision()).isEqualTo(Decision.IMPLICIT_DENY);
        assertThat(iam.reason("iam:CreateRole")).isEqualTo("because no permissions boundary allows the iam:CreateRole action");
        assertThat(delete.decision()).isEqualTo(Decision.EXPLICIT_DENY);
        assertThat(delete.deniedBy()).isEqualTo(PolicyEvaluator.DeniedBy.PERMISSIONS_BOUNDARY);
        // A boundary never grants by itself.
        var onlyBoundary = new PolicyEvaluator.Policies(List.of(), boundary, null, List.of());
        assertThat(PolicyEvaluator.evaluate(onlyBoundary, request("s3:GetObject", Map.of())).deniedBy())
                .isEqualTo(PolicyEvaluator.DeniedBy.IDENTITY_BASED_POLICY);
    }

    @Test
    void scps_everyLevelMustAllow_andADenyAtAnyLevelWins() {
        var onlyS3 = scp("p-onlys3", "{\"Statement\":{\"Effect\":\"Allow\",\"Action\":\"s3:*\"}}");
        var denyIam = scp("p-denyiam", "{\"Statement\":{\"Effect\":\"Deny\",\"Action\":\"iam:*\",\"Resource\":\"*\"}}");

        var rootFullOuOnlyS3 = new PolicyEvaluator.Policies(List.of(ADMIN), null,
                List.of(List.of(FULL), List.of(onlyS3), List.of(FULL)), List.of());
        var denyOnAccount = new PolicyEvaluator.Policies(List.of(ADMIN), null,
                List.of(List.of(FULL), List.of(FULL, denyIam)), List.of());

        assertThat(PolicyEvaluator.evaluate(rootFullOuOnlyS3, request("s3:GetObject", Map.of())).decision())
                .isEqualTo(Decision.ALLOW);
        var sns = PolicyEvaluator.evaluate(rootFullOuOnlyS3, request("sns:Publish", Map.of()));
        assertThat(sns.decision()).isEqualTo(Decision.IMPLICIT_DENY);
        assertThat(sns.allowedByOrganizations()).isFalse();
        var iam = PolicyEvaluator.evaluate(denyOnAccount, request("iam:CreateRole", Map.of()));
        assertThat(iam.decision()).isEqualTo(Decision.EXPLICIT_DENY);
        assertThat(iam.reason("iam:CreateRole")).isEqualTo("with an explicit deny in a service control policy");
        assertThat(iam.matchedStatements()).extracting(m -> m.source().id()).containsExactly("admin");
    }

    @Test
    void missingKeys_failPositiveOperators_satisfyNegatedOnes_andAreReported() {
        var denyOtherRegions = policy("regions", "{\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"*\","
                + "\"Resource\":\"*\"},{\"Effect\":\"Deny\",\"Action\":\"*\",\"Resource\":\"*\",\"Condition\":"
                + "{\"StringNotEquals\":{\"aws:RequestedRegion\":\"us-east-1\"}}}]}");
        var onlyFromOrg = policy("org", "{\"Statement\":{\"Effect\":\"Allow\",\"Action\":\"*\",\"Resource\":\"*\","
                + "\"Condition\":{\"StringEquals\":{\"aws:PrincipalOrgID\":\"o-abc\"}}}}");

        var missing = PolicyEvaluator.evaluate(PolicyEvaluator.Policies.identityOnly(List.of(denyOtherRegions)),
                request("s3:GetObject", Map.of()));
        var given = PolicyEvaluator.evaluate(PolicyEvaluator.Policies.identityOnly(List.of(denyOtherRegions)),
                request("s3:GetObject", Map.of("aws:RequestedRegion", List.of("us-east-1"))));
        var noOrg = PolicyEvaluator.evaluate(PolicyEvaluator.Policies.identityOnly(List.of(onlyFromOrg)),
                request("s3:GetObject", Map.of()));

        assertThat(missing.decision()).isEqualTo(Decision.EXPLICIT_DENY);
        assertThat(missing.missingContextKeys()).containsExactly("aws:RequestedRegion");
        assertThat(given.decision()).isEqualTo(Decision.ALLOW);
        assertThat(given.missingContextKeys()).isEmpty();
        assertThat(noOrg.decision()).isEqualTo(Decision.IMPLICIT_DENY);
        assertThat(noOrg.missingContextKeys()).containsExactly("aws:PrincipalOrgID");
    }

    @Test
    void setOperators_andPolicyVariables() {
        var tagKeys = policy("tags", "{\"Statement\":{\"Effect\":\"Allow\",\"Action\":\"organizations:TagResource\","
                + "\"Resource\":\"*\",\"Condition\":{\"ForAllValues:StringEquals\":{\"aws:TagKeys\":[\"a\",\"b\"]},"
                + "\"StringEquals\":{\"aws:ResourceOrgID\":\"${aws:PrincipalOrgID}\"}}}}");
        var policies = PolicyEvaluator.Policies.identityOnly(List.of(tagKeys));
        Map<String, List<String>> org = Map.of("aws:PrincipalOrgID", List.of("o-1"), "aws:ResourceOrgID", List.of("o-1"));

        var subset = new java.util.HashMap<>(org);
        subset.put("aws:TagKeys", List.of("a"));
        var other = new java.util.HashMap<>(org);
        other.put("aws:TagKeys", List.of("a", "c"));
        var foreign = new java.util.HashMap<>(subset);
        foreign.put("aws:ResourceOrgID", List.of("o-2"));

        assertThat(PolicyEvaluator.evaluate(policies, request("organizations:TagResource", subset)).allowed()).isTrue();
        assertThat(PolicyEvaluator.evaluate(policies, request("organizations:TagResource", org)).allowed())
                .as("ForAllValues on an absent key holds").isTrue();
        assertThat(PolicyEvaluator.evaluate(policies, request("organizations:TagResource", other)).allowed()).isFalse();
        assertThat(PolicyEvaluator.evaluate(policies, request("organizations:TagResource", foreign)).allowed()).isFalse();
    }

    @Test
    void liveRequests_treatUntrackedKeysAsUnevaluable_allowGrantsNothing_denyStillDenies() {
        var allowIf = policy("a", "{\"Statement\":{\"Effect\":\"Allow\",\"Action\":\"*\",\"Resource\":\"*\","
                + "\"Condition\":{\"IpAddress\":{\"aws:SourceIp\":\"10.0.0.0/8\"}}}}");
        var denyIf = policy("d", "{\"Statement\":{\"Effect\":\"Deny\",\"Action\":\"*\",\"Resource\":\"*\","
                + "\"Condition\":{\"StringEquals\":{\"aws:SourceVpc\":\"vpc-1\"}}}}");
        var live = PolicyEvaluator.Request.live("s3:GetObject", "*", Map.of());

        assertThat(PolicyEvaluator.evaluate(PolicyEvaluator.Policies.identityOnly(List.of(allowIf)), live).decision())
                .isEqualTo(Decision.IMPLICIT_DENY);
        assertThat(PolicyEvaluator.evaluate(PolicyEvaluator.Policies.identityOnly(List.of(ADMIN, denyIf)), live)
                .decision()).isEqualTo(Decision.EXPLICIT_DENY);
        assertThat(PolicyEvaluator.unsupportedConditionOperators(allowIf.document())).containsExactly("IpAddress");
    }
}
