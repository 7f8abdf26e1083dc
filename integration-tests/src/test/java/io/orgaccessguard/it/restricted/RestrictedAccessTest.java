package io.orgaccessguard.it.restricted;

import static io.orgaccessguard.it.support.Accounts.ROOT;
import static io.orgaccessguard.it.support.Accounts.WORKLOADS_OU;
import static io.orgaccessguard.testsupport.Fixtures.ACCESS_ROLE;
import static io.orgaccessguard.testsupport.Fixtures.ADMINISTRATOR_ACCESS;
import static io.orgaccessguard.testsupport.Fixtures.MANAGEMENT_ROOT;
import static io.orgaccessguard.testsupport.Fixtures.READ_ONLY_ACCESS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.orgaccessguard.config.ConfigException;
import io.orgaccessguard.config.GuardConfig;
import io.orgaccessguard.emulator.CallRecord;
import io.orgaccessguard.emulator.EmulatorOptions;
import io.orgaccessguard.emulator.seed.AccountSeed;
import io.orgaccessguard.emulator.seed.OrganizationSeed;
import io.orgaccessguard.emulator.seed.PolicyDocuments;
import io.orgaccessguard.emulator.seed.PolicySeed;
import io.orgaccessguard.emulator.seed.RoleSeed;
import io.orgaccessguard.emulator.seed.ServiceControlPolicySeed;
import io.orgaccessguard.it.support.Accounts;
import io.orgaccessguard.it.support.Guard;
import io.orgaccessguard.it.support.Report;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 18 through the real handlers and SDK clients on the emulator, whose IAM evaluator (boundaries, SCPs,
 * SimulatePrincipalPolicy) is its own, not the function's. On the old main each restricted role here was reported
 * ACCESS_VERIFIED: the function read the names of attached policies and nothing else. IAM's rules, as encoded in the
 * emulator: a boundary limits a role to what both allow
 * (https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies_boundaries.html); an explicit Deny wins
 * (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic.html); an SCP on the account,
 * an OU above it or the root applies to the account's roles
 * (https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_scps_evaluation.html).
 */
class RestrictedAccessTest {

    private static final String MEMBER = "777777777777";
    private static final String QUARANTINE_OU = "ou-exam-quarantn";
    private static final String ROLE_ARN = "arn:aws:iam::" + MEMBER + ":role/" + ACCESS_ROLE;
    private static final String DENY_ALL = PolicyDocuments.deny("*", "*");
    private static final String DENY_IAM_WRITES = PolicyDocuments.deny("*", "iam:CreateRole", "iam:PutRolePolicy",
            "iam:AttachRolePolicy");

    private Guard guard;

    @AfterEach
    void stop() {
        if (guard != null) {
            guard.close();
        }
    }

    private Report checkWith(AccountSeed.Builder member, ServiceControlPolicySeed... scps) {
        return checkWith(Map.of(), member, scps);
    }

    private Report checkWith(Map<String, String> env, AccountSeed.Builder member, ServiceControlPolicySeed... scps) {
        OrganizationSeed.Builder organization = Accounts.organization()
                .organizationalUnit(QUARANTINE_OU, "Quarantine", WORKLOADS_OU)
                .account(member.build());
        for (ServiceControlPolicySeed scp : scps) {
            organization.serviceControlPolicy(scp);
        }
        guard = Guard.start(organization.build(), EmulatorOptions.builder().seed(7).build(), env);
        return guard.manual("{\"accountIds\": [\"" + MEMBER + "\"]}");
    }

    private static AccountSeed.Builder member() {
        return Accounts.member(MEMBER, "Restricted");
    }

    private static RoleSeed.Builder adminRole() {
        return RoleSeed.builder(ACCESS_ROLE).trusting(MANAGEMENT_ROOT).managedPolicy(ADMINISTRATOR_ACCESS);
    }

    private List<CallRecord> iamWritesIn(String accountId) {
        return guard.aws().calls().stream().filter(call -> call.service().equals("iam"))
                .filter(call -> accountId.equals(call.callerAccount()))
                .filter(call -> !call.action().startsWith("Get") && !call.action().startsWith("List")
                        && !call.action().startsWith("Simulate")).toList();
    }

    private String reason(Report report) {
        return String.valueOf(report.result(MEMBER).get("reason"));
    }

    @Test
    void boundary_isRestrictedNamingTheBoundary_andTheBoundaryStays() {
        Report report = checkWith(member().role(adminRole().permissionsBoundary(READ_ONLY_ACCESS).build()));

        assertThat(report.outcome(MEMBER)).isEqualTo("ACCESS_RESTRICTED");
        assertThat(reason(report)).contains("permissions boundary " + READ_ONLY_ACCESS);
        assertThat(iamWritesIn(MEMBER)).isEmpty();
    }

    /**
     * A Deny of {@code *} also denies asking IAM and reading the role's own policies: the bootstrap role reads them,
     * and names the Deny. Without a bootstrap role the result is ACCESS_UNDETERMINED, never verified.
     */
    @Test
    void inlineDenyOfEverything_isRestrictedNamingTheInlinePolicy_readThroughTheBootstrapRole() {
        Report report = checkWith(member().role(adminRole().inlinePolicy("NoChanges", DENY_ALL).build())
                .role(Accounts.bootstrapRole(MEMBER)));

        assertThat(report.outcome(MEMBER)).isEqualTo("ACCESS_RESTRICTED");
        assertThat(reason(report)).contains("Deny in its inline policy NoChanges")
                .contains("IAM's evaluation was not available");
        assertThat(iamWritesIn(MEMBER)).isEmpty();
        assertThat(guard.aws().role(MEMBER, ACCESS_ROLE).orElseThrow().inlinePolicies()).containsKey("NoChanges");
    }

    @Test
    void inlineDenyOfIamWrites_isRestrictedByIamNamingTheInlinePolicy() {
        Report report = checkWith(member().role(adminRole().inlinePolicy("NoIamWrites", DENY_IAM_WRITES).build()));

        assertThat(report.outcome(MEMBER)).isEqualTo("ACCESS_RESTRICTED");
        assertThat(reason(report)).contains("Deny in its inline policy NoIamWrites")
                .contains("(IAM's policy simulation)");
    }

    @Test
    void denyInAnAttachedCustomerPolicy_isRestrictedNamingThePolicy() {
        Report report = checkWith(member().policy(new PolicySeed("NoIamWrites", "/guard/", DENY_IAM_WRITES, null))
                .role(adminRole().managedPolicy("arn:aws:iam::" + MEMBER + ":policy/guard/NoIamWrites").build()));

        assertThat(report.outcome(MEMBER)).isEqualTo("ACCESS_RESTRICTED");
        assertThat(reason(report)).contains("NoIamWrites").contains("iam:CreateRole");
    }

    @Test
    void scpOnTheOu_isRestrictedNamingThePolicyAndTheOu_askingOrganizationsOnlyThen() {
        Report report = checkWith(member().parentId(QUARANTINE_OU).role(adminRole().build()),
                ServiceControlPolicySeed.of("p-denyall1", "DenyAll", DENY_ALL, QUARANTINE_OU));

        assertThat(report.outcome(MEMBER)).isEqualTo("ACCESS_RESTRICTED");
        assertThat(reason(report)).contains("the SCP DenyAll (p-denyall1) attached to " + QUARANTINE_OU);
    }

    @Test
    void scpOnTheAccount_isRestrictedNamingThePolicyAndTheAccount() {
        Report report = checkWith(member().role(adminRole().build()),
                ServiceControlPolicySeed.of("p-noiamwr1", "NoIamWrites", DENY_IAM_WRITES, MEMBER));

        assertThat(report.outcome(MEMBER)).isEqualTo("ACCESS_RESTRICTED");
        assertThat(reason(report)).contains("the SCP NoIamWrites (p-noiamwr1) attached to " + MEMBER);
    }

    @Test
    void verifiedAccount_costsTheProbeAndOneJudgement_andNoOrganizationsPolicyCall() {
        Report report = checkWith(member().role(adminRole().build()),
                ServiceControlPolicySeed.of("p-leaveno1", "NoLeaving",
                        PolicyDocuments.deny("*", "organizations:LeaveOrganization"), ROOT));

        assertThat(report.outcome(MEMBER)).isEqualTo("ACCESS_VERIFIED");
        assertThat(guard.aws().calls().stream().filter(call -> MEMBER.equals(call.callerAccount()))
                .map(CallRecord::action)).containsExactly("SimulatePrincipalPolicy");
        assertThat(guard.aws().calls().stream().map(CallRecord::action))
                .doesNotContain("ListPoliciesForTarget", "DescribePolicy");
    }

    /** A role that may not simulate: its policies are read instead, and the result says IAM did not judge. */
    @Test
    void fallback_withoutSimulation_readsThePolicies_andSaysSo() {
        Report report = checkWith(member().role(adminRole()
                .inlinePolicy("NoSimulation", PolicyDocuments.deny("*", "iam:SimulatePrincipalPolicy"))
                .inlinePolicy("NoIamWrites", DENY_IAM_WRITES).build()));

        assertThat(report.outcome(MEMBER)).isEqualTo("ACCESS_RESTRICTED");
        assertThat(reason(report)).contains("Deny in its inline policy NoIamWrites")
                .contains("IAM's evaluation was not available").contains("iam:SimulatePrincipalPolicy failed");
    }

    @Test
    void oneAccountsPolicyArn_isRefusedAtStartUp_beforeAnyCall() {
        guard = Guard.start(Accounts.organization().build());

        assertThatThrownBy(() -> guard.with(Map.of(GuardConfig.ACCESS_POLICY_ARNS,
                "arn:aws:iam::222222222222:policy/ops/OpsAdmin")).manual("{\"accountIds\": [\"" + MEMBER + "\"]}"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining(GuardConfig.ACCESS_POLICY_ARNS).hasMessageContaining("/ops/OpsAdmin");
        assertThat(guard.aws().calls()).isEmpty();
    }

    @Test
    void memberLackingANamedPolicy_isPolicyMissing_notFailed() {
        Report report = checkWith(Map.of(GuardConfig.ACCESS_POLICY_ARNS, "/ops/OpsAdmin"),
                member().role(Accounts.bootstrapRole(MEMBER)));

        assertThat(report.outcome(MEMBER)).isEqualTo("POLICY_MISSING");
        assertThat(reason(report)).contains("arn:aws:iam::" + MEMBER + ":policy/ops/OpsAdmin");
    }

    @Test
    void memberHoldingTheNamedPolicy_getsItsOwnAttached() {
        Report report = checkWith(Map.of(GuardConfig.ACCESS_POLICY_ARNS, "/ops/OpsAdmin"),
                member().policy(new PolicySeed("OpsAdmin", "/ops/", PolicyDocuments.allow("*", "*"), null))
                        .role(Accounts.bootstrapRole(MEMBER)));

        assertThat(report.outcome(MEMBER)).isEqualTo("ROLE_CREATED");
        assertThat(guard.aws().role(MEMBER, ACCESS_ROLE).orElseThrow().attachedPolicyArns())
                .containsExactly("arn:aws:iam::" + MEMBER + ":policy/ops/OpsAdmin");
    }
}
