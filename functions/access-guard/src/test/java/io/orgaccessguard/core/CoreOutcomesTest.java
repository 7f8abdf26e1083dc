package io.orgaccessguard.core;

import static io.orgaccessguard.core.CoreHarness.only;
import static io.orgaccessguard.testsupport.Fixtures.ADMINISTRATOR_ACCESS;
import static io.orgaccessguard.testsupport.Fixtures.READ_ONLY_ACCESS;
import static org.assertj.core.api.Assertions.assertThat;

import io.orgaccessguard.config.GuardConfig;
import io.orgaccessguard.core.decision.TrustPolicy;
import io.orgaccessguard.core.model.AccountResult;
import io.orgaccessguard.core.model.Action;
import io.orgaccessguard.core.model.Outcome;
import io.orgaccessguard.core.model.Reason;
import io.orgaccessguard.testsupport.Fixtures;
import io.orgaccessguard.testsupport.InMemoryOrganization.Role;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * Every row of the README's outcome table, reached through the core alone on its in-memory fakes: the calls made, the
 * role left behind, and the result's typed reason and actions.
 */
class CoreOutcomesTest {

    private static final String MEMBER = "222222222222";
    private static final String ROLE_ARN = "arn:aws:iam::" + MEMBER + ":role/" + Fixtures.ACCESS_ROLE;
    private static final String PARTNER_TRUST = """
            {"Version": "2012-10-17", "Statement": [{"Effect": "Allow",
             "Principal": {"AWS": "arn:aws:iam::999999999999:root"}, "Action": "sts:AssumeRole"}]}""";

    private final CoreHarness core = new CoreHarness();

    private AccountResult recheck() {
        return only(core.recheck(MEMBER));
    }

    private Role accessRole() {
        return core.organization.member(MEMBER).role(Fixtures.ACCESS_ROLE).orElseThrow();
    }

    @Nested
    class AccessVerified {

        @Test
        void accountOrganizationsCreated_inlineAdminOnly_isVerifiedByIamWithNoWriteAndNoMessage() {
            core.organization.member(MEMBER).joined("CREATED", Fixtures.JOINED_AT).accessRoleAsOrganizationsMakesIt();

            AccountResult result = recheck();

            assertThat(result.outcome()).isEqualTo(Outcome.ACCESS_VERIFIED);
            assertThat(result.reason()).isEqualTo(new Reason.Assumed(ROLE_ARN));
            assertThat(core.organization.writes()).isEmpty();
            assertThat(core.announcer().announced()).isEmpty();
            assertThat(core.organization.calls()).containsExactly(
                    "organizations:DescribeOrganization " + Fixtures.ORGANIZATION_ID,
                    "organizations:DescribeAccount " + MEMBER,
                    // Two calls into the member account: the probe and IAM's judgement (four before issue 18:
                    // ListAttachedRolePolicies, ListRolePolicies, GetRolePolicy after the AssumeRole).
                    "sts:AssumeRole " + MEMBER + "/" + Fixtures.ACCESS_ROLE,
                    "iam:SimulatePrincipalPolicy " + MEMBER + "/" + Fixtures.ACCESS_ROLE);
        }

        @Test
        void roleMadeByHand_managedAdministratorAccess_isVerifiedWithoutReadingInlinePolicies() {
            core.organization.member(MEMBER).accessRoleMadeByHand();

            assertThat(recheck().outcome()).isEqualTo(Outcome.ACCESS_VERIFIED);
            assertThat(core.organization.writes()).isEmpty();
            assertThat(core.organization.count("iam:ListRolePolicies")).isZero();
        }

        @Test
        void roleWithBothManagedAndInlineAdmin_isVerifiedWithNoWrite() {
            core.organization.member(MEMBER).accessRoleMadeByHand().inline("AdministratorAccess",
                    io.orgaccessguard.testsupport.InMemoryOrganization.INLINE_ADMIN);

            assertThat(recheck().outcome()).isEqualTo(Outcome.ACCESS_VERIFIED);
            assertThat(core.organization.writes()).isEmpty();
        }

        @Test
        void configuredPolicies_aRoleWithFullAdminInline_grantsWhatIsAsked() {
            core.set(GuardConfig.ACCESS_POLICY_ARNS, READ_ONLY_ACCESS);
            core.organization.member(MEMBER).accessRoleAsOrganizationsMakesIt();

            assertThat(recheck().outcome()).isEqualTo(Outcome.ACCESS_VERIFIED);
            assertThat(core.organization.writes()).isEmpty();
        }

        @Test
        void roleThatMayNeitherSimulateNorReadItsPolicies_andNoBootstrap_isUndeterminedNotVerified() {
            core.organization.member(MEMBER).role(Fixtures.ACCESS_ROLE, Fixtures.MANAGEMENT_TRUST);

            AccountResult result = recheck();

            assertThat(result.outcome()).isEqualTo(Outcome.ACCESS_UNDETERMINED);
            assertThat(result.reason()).isInstanceOfSatisfying(Reason.AssumedPoliciesUnreadable.class, unreadable ->
                    assertThat(unreadable.simulation()).hasValueSatisfying(failure -> assertThat(failure.operation())
                            .isEqualTo("iam:SimulatePrincipalPolicy")));
        }
    }

    @Test
    void roleCreated_throughTheBootstrapRole_withTrustPoliciesAndTags_thenAssumed() {
        core.organization.member(MEMBER).bootstrapRole();
        core.organization.propagationAttempts(1);

        AccountResult result = recheck();

        assertThat(result.outcome()).isEqualTo(Outcome.ROLE_CREATED);
        assertThat(result.bootstrapRole()).contains(Fixtures.BOOTSTRAP_ROLE);
        assertThat(result.actions()).containsExactly(new Action.RoleCreated(ROLE_ARN),
                new Action.PolicyAttached(ROLE_ARN, ADMINISTRATOR_ACCESS));
        Role role = accessRole();
        assertThat(role.attached()).containsExactly(ADMINISTRATOR_ACCESS);
        assertThat(TrustPolicy.parse(role.trust()).admits(Fixtures.MANAGEMENT_ROOT)).isTrue();
        assertThat(role.tags()).containsEntry("created-by", "org-access-guard")
                .containsEntry("org-access-guard:bootstrap-role", Fixtures.BOOTSTRAP_ROLE);
        assertThat(core.announcer().announced()).extracting(AccountResult::outcome)
                .containsExactly(Outcome.ROLE_CREATED);
    }

    @Test
    void roleCreatedUnverified_whenPropagationOutlastsTheWait() {
        core.set(GuardConfig.ROLE_PROPAGATION_WAIT_SECONDS, "0");
        core.organization.member(MEMBER).bootstrapRole();
        core.organization.propagationAttempts(100);

        AccountResult result = recheck();

        assertThat(result.outcome()).isEqualTo(Outcome.ROLE_CREATED_UNVERIFIED);
        assertThat(result.reason()).isInstanceOf(Reason.NotAssumableYet.class);
        assertThat(accessRole().attached()).containsExactly(ADMINISTRATOR_ACCESS);
    }

    @Test
    void roleCompleted_missingPolicyAttachedThroughTheBootstrap() {
        core.organization.member(MEMBER).bootstrapRole();
        core.organization.member(MEMBER).role(Fixtures.ACCESS_ROLE, Fixtures.MANAGEMENT_TRUST, "*")
                .attach(READ_ONLY_ACCESS);

        AccountResult result = recheck();

        assertThat(result.outcome()).isEqualTo(Outcome.ROLE_COMPLETED);
        assertThat(result.actions()).containsExactly(new Action.PolicyAttached(ROLE_ARN, ADMINISTRATOR_ACCESS));
        assertThat(accessRole().attached()).containsExactly(READ_ONLY_ACCESS, ADMINISTRATOR_ACCESS);
    }

    @Test
    void roleCompleted_byABootstrapRoleThatMayNotReadInlinePolicies_judgingByAttachments() {
        // The least-privilege bootstrap policy of earlier versions, without iam:ListRolePolicies / GetRolePolicy.
        core.organization.member(MEMBER).role(Fixtures.BOOTSTRAP_ROLE, Fixtures.MANAGEMENT_TRUST, "iam:CreateRole",
                "iam:GetRole", "iam:TagRole", "iam:AttachRolePolicy", "iam:ListAttachedRolePolicies",
                "iam:UpdateAssumeRolePolicy");
        core.organization.member(MEMBER).role(Fixtures.ACCESS_ROLE, Fixtures.MANAGEMENT_TRUST,
                "iam:ListAttachedRolePolicies").attach(READ_ONLY_ACCESS);

        AccountResult result = recheck();

        assertThat(result.outcome()).isEqualTo(Outcome.ROLE_COMPLETED);
        assertThat(accessRole().attached()).containsExactly(READ_ONLY_ACCESS, ADMINISTRATOR_ACCESS);
    }

    @Test
    void trustRepaired_whenRepairTrustIsOn_keepingTheOwnersStatement() {
        core.set(GuardConfig.REPAIR_TRUST, "true");
        core.organization.member(MEMBER).bootstrapRole();
        core.organization.member(MEMBER).role(Fixtures.ACCESS_ROLE, PARTNER_TRUST, "*").attach(ADMINISTRATOR_ACCESS);

        AccountResult result = recheck();

        assertThat(result.outcome()).isEqualTo(Outcome.TRUST_REPAIRED);
        assertThat(result.actions()).containsExactly(
                new Action.TrustUpdated(ROLE_ARN, List.of(Fixtures.MANAGEMENT_ROOT)));
        TrustPolicy trust = TrustPolicy.parse(accessRole().trust());
        assertThat(trust.admits(Fixtures.MANAGEMENT_ROOT)).isTrue();
        assertThat(trust.admits("arn:aws:iam::999999999999:root")).as("the owner's statement is kept").isTrue();
    }

    @Test
    void repairedUnverified_whenTheRepairedRoleStaysUnassumable() {
        core.set(GuardConfig.REPAIR_TRUST, "true").set(GuardConfig.ROLE_PROPAGATION_WAIT_SECONDS, "0");
        core.organization.member(MEMBER).bootstrapRole();
        core.organization.member(MEMBER).role(Fixtures.ACCESS_ROLE, PARTNER_TRUST, "*").attach(ADMINISTRATOR_ACCESS);
        core.organization.propagationAttempts(100);

        AccountResult result = recheck();

        assertThat(result.outcome()).isEqualTo(Outcome.REPAIRED_UNVERIFIED);
        assertThat(result.actions()).hasOnlyElementsOfType(Action.TrustUpdated.class);
    }

    @Test
    void wouldCreate_inADryRun_writesNothing() {
        core.set(GuardConfig.DRY_RUN, "true");
        core.organization.member(MEMBER).bootstrapRole();

        AccountResult result = recheck();

        assertThat(result.outcome()).isEqualTo(Outcome.WOULD_CREATE);
        assertThat(core.organization.writes()).isEmpty();
        assertThat(core.statuses.writes()).isZero();
    }

    @Test
    void wouldRepair_inADryRun_namesTheRepairAndWritesNothing() {
        core.set(GuardConfig.DRY_RUN, "true").set(GuardConfig.REPAIR_TRUST, "true");
        core.organization.member(MEMBER).bootstrapRole();
        core.organization.member(MEMBER).role(Fixtures.ACCESS_ROLE, PARTNER_TRUST, "*").attach(ADMINISTRATOR_ACCESS);

        AccountResult result = recheck();

        assertThat(result.outcome()).isEqualTo(Outcome.WOULD_REPAIR);
        assertThat(result.reason()).isEqualTo(new Reason.WouldRepair(ROLE_ARN, List.of(Fixtures.MANAGEMENT_ROOT),
                List.of()));
        assertThat(core.organization.writes()).isEmpty();
    }

    @Test
    void trustMismatch_whenRepairTrustIsOff() {
        core.organization.member(MEMBER).bootstrapRole();
        core.organization.member(MEMBER).role(Fixtures.ACCESS_ROLE, PARTNER_TRUST, "*");

        AccountResult result = recheck();

        assertThat(result.outcome()).isEqualTo(Outcome.TRUST_MISMATCH);
        assertThat(result.reason()).isInstanceOf(Reason.TrustDoesNotAdmit.class);
        assertThat(core.organization.writes()).isEmpty();
    }

    @Test
    void trustMismatch_anExplicitDenyIsNeverRepaired() {
        core.set(GuardConfig.REPAIR_TRUST, "true");
        core.organization.member(MEMBER).bootstrapRole();
        core.organization.member(MEMBER).role(Fixtures.ACCESS_ROLE, """
                {"Statement": [{"Effect": "Deny", "Principal": {"AWS": "arn:aws:iam::111111111111:root"},
                 "Action": "sts:AssumeRole"}]}""", "*");

        AccountResult result = recheck();

        assertThat(result.outcome()).isEqualTo(Outcome.TRUST_MISMATCH);
        assertThat(result.reason()).isInstanceOf(Reason.TrustDenies.class);
        assertThat(core.organization.writes()).isEmpty();
    }

    @Test
    void roleIncomplete_whenNoBootstrapCanAttachWhatIsMissing() {
        core.organization.member(MEMBER).role(Fixtures.ACCESS_ROLE, Fixtures.MANAGEMENT_TRUST,
                "iam:ListAttachedRolePolicies", "iam:ListRolePolicies", "iam:GetRolePolicy").attach(READ_ONLY_ACCESS);

        AccountResult result = recheck();

        assertThat(result.outcome()).isEqualTo(Outcome.ROLE_INCOMPLETE);
        assertThat(result.reason()).isInstanceOfSatisfying(Reason.LacksPolicies.class,
                lacks -> assertThat(lacks.missing()).containsExactly(ADMINISTRATOR_ACCESS));
    }

    @Test
    void roleMissing_noRoleAndNoBootstrap_isAnnouncedOnce() {
        core.organization.member(MEMBER);

        AccountResult result = recheck();

        assertThat(result.outcome()).isEqualTo(Outcome.ROLE_MISSING);
        assertThat(result.reason()).isInstanceOfSatisfying(Reason.CannotAssume.class,
                missing -> assertThat(missing.bootstraps().configured()).containsExactly(Fixtures.BOOTSTRAP_ROLE));
        assertThat(core.announcer().announced()).hasSize(1);
    }

    @Test
    void roleMissing_aBootstrapRoleRefusedIamIsNamedAndTheNextOneTried() {
        core.set(GuardConfig.BOOTSTRAP_ROLE_NAMES, "Weak," + Fixtures.BOOTSTRAP_ROLE);
        core.organization.member(MEMBER).role("Weak", Fixtures.MANAGEMENT_TRUST, "iam:GetRole");
        core.organization.member(MEMBER).bootstrapRole();

        AccountResult result = recheck();

        assertThat(result.outcome()).isEqualTo(Outcome.ROLE_CREATED);
        assertThat(result.bootstrapRole()).contains(Fixtures.BOOTSTRAP_ROLE);
    }

    @Test
    void skipped_managementSuspendedAndOutsiders_withNothingAttempted() {
        core.organization.member("333333333333").state("SUSPENDED");

        var report = core.recheck(Fixtures.MANAGEMENT_ACCOUNT_ID, "333333333333", "999999999999");

        assertThat(report.results()).extracting(AccountResult::outcome).containsOnly(Outcome.SKIPPED);
        assertThat(report.results()).extracting(AccountResult::reason).containsExactly(
                new Reason.ManagementAccount(), new Reason.NotActive("SUSPENDED"),
                new Reason.NotAMember(Fixtures.ORGANIZATION_ID));
        assertThat(core.organization.count("sts:AssumeRole")).isZero();
    }

    @Nested
    class Failed {

        @Test
        void anAwsFailure_namesTheOperationThatFailed_andWhatWasDoneBefore() {
            core.organization.member(MEMBER).bootstrapRole();
            core.organization.failNext("iam:AttachRolePolicy", "ServiceFailure");

            AccountResult result = recheck();

            assertThat(result.outcome()).isEqualTo(Outcome.FAILED);
            assertThat(result.reason()).isInstanceOfSatisfying(Reason.OperationFailed.class, failed -> {
                assertThat(failed.failure().operation()).isEqualTo("iam:AttachRolePolicy");
                assertThat(failed.failure().errorCode()).isEqualTo("ServiceFailure");
                assertThat(failed.done()).containsExactly(new Action.RoleCreated(ROLE_ARN));
            });
        }

        @Test
        void aDefect_isReportedAsUnexpected_notAsTheLastOperation() {
            core.organization.member(MEMBER).bootstrapRole();
            core.organization.member(MEMBER).role(Fixtures.ACCESS_ROLE, "not json", "*");

            AccountResult result = recheck();

            assertThat(result.outcome()).isEqualTo(Outcome.FAILED);
            assertThat(result.reason()).isInstanceOf(Reason.Unexpected.class);
        }

        @Test
        void trustAndPoliciesRight_yetStillDenied_isFailedPointingOutsideTheRole() {
            core.set(GuardConfig.ROLE_PROPAGATION_WAIT_SECONDS, "0");
            core.organization.member(MEMBER).bootstrapRole();
            core.organization.member(MEMBER).accessRoleMadeByHand().deniedFromOutside();

            AccountResult result = recheck();

            assertThat(result.outcome()).isEqualTo(Outcome.FAILED);
            assertThat(result.reason()).isInstanceOf(Reason.StillDenied.class);
            assertThat(core.organization.writes()).isEmpty();
        }
    }
}
