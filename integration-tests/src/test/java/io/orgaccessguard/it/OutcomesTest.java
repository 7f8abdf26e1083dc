package io.orgaccessguard.it;

import static io.orgaccessguard.it.support.Accounts.OUTSIDE_ORGANIZATION;
import static io.orgaccessguard.it.support.Accounts.SUSPENDED;
import static io.orgaccessguard.it.support.Accounts.WITH_ACCESS_ROLE;
import static io.orgaccessguard.it.support.Accounts.WITH_BOOTSTRAP_ONLY;
import static io.orgaccessguard.it.support.Accounts.WITH_FOREIGN_TRUST;
import static io.orgaccessguard.it.support.Accounts.WITH_NOTHING;
import static io.orgaccessguard.testsupport.Fixtures.ACCESS_ROLE;
import static io.orgaccessguard.testsupport.Fixtures.ADMINISTRATOR_ACCESS;
import static io.orgaccessguard.testsupport.Fixtures.BOOTSTRAP_ROLE;
import static io.orgaccessguard.testsupport.Fixtures.MANAGEMENT_ACCOUNT_ID;
import static io.orgaccessguard.testsupport.Fixtures.MANAGEMENT_ROOT;
import static io.orgaccessguard.testsupport.Fixtures.READ_ONLY_ACCESS;
import static io.orgaccessguard.testsupport.Fixtures.TOPIC_ARN;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.orgaccessguard.config.GuardConfig;
import io.orgaccessguard.emulator.CallRecord;
import io.orgaccessguard.emulator.EmulatorOptions;
import io.orgaccessguard.emulator.PublishedMessage;
import io.orgaccessguard.emulator.RoleView;
import io.orgaccessguard.emulator.seed.OrganizationSeed;
import io.orgaccessguard.emulator.seed.PolicyDocuments;
import io.orgaccessguard.emulator.seed.RoleSeed;
import io.orgaccessguard.handler.JoinNotHandledException;
import io.orgaccessguard.it.support.Accounts;
import io.orgaccessguard.it.support.Guard;
import io.orgaccessguard.it.support.Report;
import io.orgaccessguard.json.Json;
import io.orgaccessguard.testsupport.EventFiles;
import io.orgaccessguard.testsupport.Fixtures;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** Every outcome, through the real handlers and SDK clients against the emulator, checked by the state left. */
class OutcomesTest {

    private Guard guard;

    @AfterEach
    void stop() {
        if (guard != null) {
            guard.close();
        }
    }

    private Report check(String accountId) {
        return guard.manual("{\"accountIds\": [\"" + accountId + "\"]}");
    }

    private List<CallRecord> writesTo(String accountId) {
        return guard.aws().calls().stream().filter(call -> call.service().equals("iam"))
                .filter(call -> accountId.equals(call.callerAccount()))
                .filter(call -> !call.action().startsWith("Get") && !call.action().startsWith("List")
                        && !call.action().startsWith("Simulate")).toList();
    }

    private static List<String> actions(List<CallRecord> calls) {
        return calls.stream().map(CallRecord::action).toList();
    }

    private RoleView accessRole(String accountId) {
        return guard.aws().role(accountId, ACCESS_ROLE).orElseThrow();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> trustStatement(RoleView role) {
        var document = (Map<String, Object>) Json.parse(role.trustPolicy());
        Object statements = document.get("Statement");
        return (Map<String, Object>) (statements instanceof List<?> list ? list.getLast() : statements);
    }

    @Nested
    class AccessVerified {

        @Test
        void roleAsAwsMakesIt_isVerifiedWithoutAnyWrite() {
            guard = Guard.start(Accounts.organization().build());

            Report report = check(WITH_ACCESS_ROLE);

            assertThat(report.outcome(WITH_ACCESS_ROLE)).isEqualTo("ACCESS_VERIFIED");
            assertThat(report.result(WITH_ACCESS_ROLE)).containsEntry("accountName", "Payments Prod")
                    .containsEntry("joinedMethod", "INVITED");
            assertThat(writesTo(WITH_ACCESS_ROLE)).isEmpty();
            assertThat(guard.aws().publishedMessages()).as("NOTIFY_ON=changes does not announce a verified account")
                    .isEmpty();
        }

        /**
         * Defect 1 of issue 10: an account Organizations created carries OrganizationAccountAccessRole with full admin
         * through an inline policy and no managed policy; a role made by hand carries the managed policy; some carry
         * both. All three grant what is asked, so all three are verified with no IAM write and no message.
         */
        @Test
        void rolesGrantingAdminInlineManagedOrBoth_areVerifiedWithNoWriteAndNoMessage() {
            String created = "121212121212";
            String both = "131313131313";
            guard = Guard.start(Accounts.organization()
                    .account(Accounts.member(created, "Workloads Prod").joinedMethod("CREATED")
                            .role(RoleSeed.organizationsAccessRole().build()).build())
                    .account(Accounts.member(both, "Shared Services").joinedMethod("CREATED")
                            .role(RoleSeed.organizationsAccessRole().managedPolicy(ADMINISTRATOR_ACCESS).build())
                            .role(Accounts.bootstrapRole(both)).build())
                    .build());

            Report report = guard.manual("{\"accountIds\": [\"" + created + "\", \"" + WITH_ACCESS_ROLE + "\", \""
                    + both + "\"]}");

            for (String account : List.of(created, WITH_ACCESS_ROLE, both)) {
                assertThat(report.outcome(account)).as(account).isEqualTo("ACCESS_VERIFIED");
                assertThat(writesTo(account)).as("IAM writes in %s", account).isEmpty();
            }
            assertThat(accessRole(created).attachedPolicyArns()).as("no managed policy was attached").isEmpty();
            assertThat(guard.aws().publishedMessages()).as("NOTIFY_ON=changes announces no verified account")
                    .isEmpty();
        }

        @Test
        void probe_sendsOnlyRoleArnSessionNameAndDuration() {
            guard = Guard.start(Accounts.organization().build());

            check(WITH_ACCESS_ROLE);

            CallRecord probe = guard.aws().calls().stream().filter(call -> call.action().equals("AssumeRole"))
                    .findFirst().orElseThrow();
            assertThat(probe.callerArn()).contains(":assumed-role/" + Fixtures.FUNCTION_ROLE + "/");
            assertThat(probe.parameters())
                    .containsEntry("RoleArn", "arn:aws:iam::" + WITH_ACCESS_ROLE + ":role/" + ACCESS_ROLE)
                    .containsEntry("RoleSessionName", "org-access-guard-probe")
                    .containsEntry("DurationSeconds", "900")
                    .doesNotContainKeys("SourceIdentity", "Tags.member.1.Key", "TransitiveTagKeys.member.1");
        }

        @Test
        void notifyOnAll_publishesSwitchRoleLinkAndProfile() {
            guard = Guard.start(Accounts.organization().build(), EmulatorOptions.builder().build(),
                    Map.of(GuardConfig.NOTIFY_ON, "all"));

            Report report = check(WITH_ACCESS_ROLE);

            PublishedMessage message = guard.aws().publishedMessages().getFirst();
            assertThat(report.result(WITH_ACCESS_ROLE)).containsEntry("notificationMessageId", message.messageId());
            @SuppressWarnings("unchecked")
            Map<String, Object> body = (Map<String, Object>) Json.parse(message.message());
            assertThat((String) body.get("default"))
                    .contains("https://signin.aws.amazon.com/switchrole?account=" + WITH_ACCESS_ROLE)
                    .contains("role_arn = arn:aws:iam::" + WITH_ACCESS_ROLE + ":role/" + ACCESS_ROLE);
        }
    }

    @Nested
    class RoleCreated {

        @Test
        void bootstrapOnly_createsTheRoleTrustingTheManagementAccountWithAdministratorAccess() {
            guard = Guard.start(Accounts.organization().build(), EmulatorOptions.builder()
                    .propagationDelay(Duration.ofMillis(700)).build(), Map.of());

            Report report = check(WITH_BOOTSTRAP_ONLY);

            assertThat(report.outcome(WITH_BOOTSTRAP_ONLY)).isEqualTo("ROLE_CREATED");
            assertThat(report.result(WITH_BOOTSTRAP_ONLY)).containsEntry("bootstrapRole", BOOTSTRAP_ROLE);
            RoleView role = accessRole(WITH_BOOTSTRAP_ONLY);
            assertThat(role.attachedPolicyArns()).containsExactly(ADMINISTRATOR_ACCESS);
            Map<String, Object> trust = trustStatement(role);
            assertThat(trust).containsEntry("Effect", "Allow").containsEntry("Action", "sts:AssumeRole")
                    .containsEntry("Principal", Map.of("AWS", MANAGEMENT_ROOT)).doesNotContainKey("Condition");
            assertThat(role.tags()).containsEntry("created-by", "org-access-guard")
                    .containsEntry("org-access-guard:bootstrap-role", BOOTSTRAP_ROLE);
            assertThat(role.description()).contains(MANAGEMENT_ACCOUNT_ID).contains(BOOTSTRAP_ROLE);
            assertThat(actions(writesTo(WITH_BOOTSTRAP_ONLY))).containsExactly("CreateRole", "AttachRolePolicy");
        }

        @Test
        void created_waitsOutPropagationThenVerifiesAsTheManagementAccount() {
            guard = Guard.start(Accounts.organization().build(), EmulatorOptions.builder()
                    .propagationDelay(Duration.ofMillis(1200)).build(), Map.of());

            check(WITH_BOOTSTRAP_ONLY);

            List<CallRecord> verifies = guard.aws().calls().stream()
                    .filter(call -> call.action().equals("AssumeRole"))
                    .filter(call -> "org-access-guard-verify".equals(call.parameters().get("RoleSessionName")))
                    .toList();
            assertThat(verifies.size()).as("denied while propagating, then allowed").isGreaterThan(1);
            assertThat(verifies.getLast().httpStatus()).isEqualTo(200);
            assertThat(verifies.getFirst().errorCode()).isEqualTo("AccessDenied");
        }

        @Test
        void created_publishesOneMessageWithSwitchRoleLink() {
            guard = Guard.start(Accounts.organization().build());

            Report report = check(WITH_BOOTSTRAP_ONLY);

            assertThat(guard.aws().publishedMessages()).singleElement().satisfies(message -> {
                assertThat(message.topicArn()).isEqualTo(TOPIC_ARN);
                assertThat(message.subject()).contains("ROLE_CREATED").contains(WITH_BOOTSTRAP_ONLY)
                        .contains("Data Lake Dev");
                assertThat(message.attributes()).containsEntry("outcome", "ROLE_CREATED")
                        .containsEntry("accountId", WITH_BOOTSTRAP_ONLY);
                assertThat(message.messageId()).isEqualTo(report.result(WITH_BOOTSTRAP_ONLY)
                        .get("notificationMessageId"));
            });
        }

        @Test
        void propagationSlowerThanTheWait_isCreatedUnverified() {
            guard = Guard.start(Accounts.organization().build(), EmulatorOptions.builder()
                    .propagationDelay(Duration.ofSeconds(30)).build(),
                    Map.of(GuardConfig.ROLE_PROPAGATION_WAIT_SECONDS, "1"));

            Report report = check(WITH_BOOTSTRAP_ONLY);

            assertThat(report.outcome(WITH_BOOTSTRAP_ONLY)).isEqualTo("ROLE_CREATED_UNVERIFIED");
            assertThat(guard.aws().role(WITH_BOOTSTRAP_ONLY, ACCESS_ROLE)).isPresent();
        }

        @Test
        void trustedPrincipalArns_areExactlyTheCreatedTrust() {
            String functionRole = "arn:aws:iam::" + MANAGEMENT_ACCOUNT_ID + ":role/" + Fixtures.FUNCTION_ROLE;
            guard = Guard.start(Accounts.organization().build(), EmulatorOptions.builder().build(),
                    Map.of(GuardConfig.TRUSTED_PRINCIPAL_ARNS, functionRole, GuardConfig.FUNCTION_ROLE_ARNS, functionRole,
                            GuardConfig.ACCESS_POLICY_ARNS, READ_ONLY_ACCESS));

            Report report = check(WITH_BOOTSTRAP_ONLY);

            assertThat(report.outcome(WITH_BOOTSTRAP_ONLY)).isEqualTo("ROLE_CREATED");
            RoleView role = accessRole(WITH_BOOTSTRAP_ONLY);
            assertThat(trustStatement(role)).containsEntry("Principal", Map.of("AWS", functionRole));
            assertThat(role.attachedPolicyArns()).containsExactly(READ_ONLY_ACCESS);
        }
    }

    @Nested
    class DryRun {

        @Test
        void bootstrapOnly_wouldCreateAndWritesNothing() {
            guard = Guard.start(Accounts.organization().build());

            Report report = guard.manual("{\"accountIds\": [\"" + WITH_BOOTSTRAP_ONLY + "\"], \"dryRun\": true}");

            assertThat(report.outcome(WITH_BOOTSTRAP_ONLY)).isEqualTo("WOULD_CREATE");
            assertThat(writesTo(WITH_BOOTSTRAP_ONLY)).isEmpty();
            assertThat(guard.aws().role(WITH_BOOTSTRAP_ONLY, ACCESS_ROLE)).isEmpty();
        }

        @Test
        void foreignTrustWithRepairOn_wouldRepairAndWritesNothing() {
            guard = Guard.start(Accounts.organization().build(), EmulatorOptions.builder().build(),
                    Map.of(GuardConfig.REPAIR_TRUST, "true", GuardConfig.DRY_RUN, "true"));
            String before = accessRole(WITH_FOREIGN_TRUST).trustPolicy();

            Report report = check(WITH_FOREIGN_TRUST);

            assertThat(report.outcome(WITH_FOREIGN_TRUST)).isEqualTo("WOULD_REPAIR");
            assertThat(writesTo(WITH_FOREIGN_TRUST)).isEmpty();
            assertThat(accessRole(WITH_FOREIGN_TRUST).trustPolicy()).isEqualTo(before);
        }
    }

    @Nested
    class Trust {

        @Test
        void foreignTrust_isReportedAndLeftAlone() {
            guard = Guard.start(Accounts.organization().build());
            String before = accessRole(WITH_FOREIGN_TRUST).trustPolicy();

            Report report = check(WITH_FOREIGN_TRUST);

            assertThat(report.outcome(WITH_FOREIGN_TRUST)).isEqualTo("TRUST_MISMATCH");
            assertThat((String) report.result(WITH_FOREIGN_TRUST).get("reason")).contains(OUTSIDE_ORGANIZATION);
            assertThat(accessRole(WITH_FOREIGN_TRUST).trustPolicy()).isEqualTo(before);
            assertThat(writesTo(WITH_FOREIGN_TRUST)).isEmpty();
            PublishedMessage message = guard.aws().publishedMessages().getFirst();
            assertThat(message.attributes()).containsEntry("outcome", "TRUST_MISMATCH");
            assertThat(emailText(message)).contains("aws iam update-assume-role-policy")
                    .contains(MANAGEMENT_ROOT);
        }

        @Test
        void foreignTrustWithRepairOn_addsTheManagementAccountAndKeepsTheOtherStatement() {
            guard = Guard.start(Accounts.organization().build(), EmulatorOptions.builder().build(),
                    Map.of(GuardConfig.REPAIR_TRUST, "true"));

            Report report = check(WITH_FOREIGN_TRUST);

            assertThat(report.outcome(WITH_FOREIGN_TRUST)).isEqualTo("TRUST_REPAIRED");
            String trust = accessRole(WITH_FOREIGN_TRUST).trustPolicy();
            assertThat(trust).contains("arn:aws:iam::" + OUTSIDE_ORGANIZATION + ":root").contains(MANAGEMENT_ROOT);
            assertThat(actions(writesTo(WITH_FOREIGN_TRUST))).containsExactly("UpdateAssumeRolePolicy");
        }

        @Test
        void explicitDenyOfTheManagementAccount_isNotOverriddenEvenWithRepairOn() {
            String denying = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Deny\",\"Principal\":{\"AWS\":\""
                    + MANAGEMENT_ROOT + "\"},\"Action\":\"sts:AssumeRole\"}]}";
            guard = Guard.start(Accounts.organization()
                    .account(Accounts.member("777777777777", "Locked").role(RoleSeed.builder(ACCESS_ROLE)
                            .trustPolicy(denying).managedPolicy(ADMINISTRATOR_ACCESS).build())
                            .role(Accounts.bootstrapRole("777777777777")).build()).build(),
                    EmulatorOptions.builder().build(), Map.of(GuardConfig.REPAIR_TRUST, "true"));

            Report report = check("777777777777");

            assertThat(report.outcome("777777777777")).isEqualTo("TRUST_MISMATCH");
            assertThat(writesTo("777777777777")).isEmpty();
        }
    }

    @Nested
    class Incomplete {

        private OrganizationSeed withHalfMadeRole(boolean withBootstrap) {
            var account = Accounts.member("777777777777", "Half Made")
                    .role(RoleSeed.builder(ACCESS_ROLE).trusting(MANAGEMENT_ROOT).build());
            if (withBootstrap) {
                account.role(Accounts.bootstrapRole("777777777777"));
            }
            return Accounts.organization().account(account.build()).build();
        }

        @Test
        void roleWithoutPolicies_isCompletedThroughTheBootstrapRole() {
            guard = Guard.start(withHalfMadeRole(true));

            Report report = check("777777777777");

            assertThat(report.outcome("777777777777")).isEqualTo("ROLE_COMPLETED");
            assertThat(accessRole("777777777777").attachedPolicyArns()).containsExactly(ADMINISTRATOR_ACCESS);
            assertThat(actions(writesTo("777777777777"))).containsExactly("AttachRolePolicy");
        }

        @Test
        void roleWithoutPoliciesAndNoBootstrap_isUndetermined_neitherSimulatedNorRead() {
            guard = Guard.start(withHalfMadeRole(false));

            Report report = check("777777777777");

            // A role without policies may neither ask IAM nor read its own policies: it can be entered, and whether it
            // may administer the account is unknown, so it is not verified (issue 18; it was ACCESS_VERIFIED).
            assertThat(report.outcome("777777777777")).isEqualTo("ACCESS_UNDETERMINED");
            assertThat((String) report.result("777777777777").get("reason"))
                    .contains("IAM's evaluation was not available").contains("do not let it read its policies");
        }

        @Test
        void roleWithOtherPoliciesAndNoBootstrap_isIncomplete() {
            guard = Guard.start(Accounts.organization().account(Accounts.member("777777777777", "Read Only")
                    .role(RoleSeed.builder(ACCESS_ROLE).trusting(MANAGEMENT_ROOT).managedPolicy(READ_ONLY_ACCESS)
                            .build()).build()).build());

            Report report = check("777777777777");

            assertThat(report.outcome("777777777777")).isEqualTo("ROLE_INCOMPLETE");
            assertThat((String) report.result("777777777777").get("reason")).contains(ADMINISTRATOR_ACCESS);
        }
    }

    @Nested
    class RoleMissing {

        @Test
        void neitherRoleNorBootstrap_alertsWithRemediationForThatAccount() {
            guard = Guard.start(Accounts.organization().build());

            Report report = check(WITH_NOTHING);

            assertThat(report.outcome(WITH_NOTHING)).isEqualTo("ROLE_MISSING");
            PublishedMessage message = guard.aws().publishedMessages().getFirst();
            assertThat(message.subject()).contains("ROLE_MISSING").contains(WITH_NOTHING)
                    .contains("Marketing Sandbox").doesNotContain("\n").hasSizeLessThan(100);
            assertThat(message.messageStructure()).isEqualTo("json");
            assertThat(message.attributes()).containsEntry("outcome", "ROLE_MISSING")
                    .containsEntry("accountId", WITH_NOTHING);
            assertThat(emailText(message))
                    .contains("aws iam create-role --role-name " + ACCESS_ROLE)
                    .contains(MANAGEMENT_ROOT)
                    .contains("aws iam attach-role-policy --role-name " + ACCESS_ROLE)
                    .contains("--policy-arn " + ADMINISTRATOR_ACCESS)
                    .contains(MANAGEMENT_ACCOUNT_ID)
                    .contains("\"accountIds\":[\"" + WITH_NOTHING + "\"]");
            @SuppressWarnings("unchecked")
            Map<String, Object> machine = (Map<String, Object>) Json.parse(sqsText(message));
            assertThat(machine).containsEntry("accountId", WITH_NOTHING).containsEntry("outcome", "ROLE_MISSING");
            assertThat(guard.aws().calls()).filteredOn(call -> call.service().equals("iam")).isEmpty();
        }

        @Test
        void bootstrapLackingCreateRole_isMissingNamingTheDeniedCall() {
            guard = Guard.start(Accounts.organization().account(Accounts.member("777777777777", "Weak Bootstrap")
                    .role(RoleSeed.builder(BOOTSTRAP_ROLE).trusting(MANAGEMENT_ROOT)
                            .inlinePolicy("read", PolicyDocuments.allow("*", "iam:GetRole")).build())
                    .build()).build());

            Report report = check("777777777777");

            assertThat(report.outcome("777777777777")).isEqualTo("ROLE_MISSING");
            assertThat((String) report.result("777777777777").get("reason")).contains(BOOTSTRAP_ROLE)
                    .contains("iam:CreateRole failed: AccessDenied");
        }
    }

    @Nested
    class Skipped {

        @Test
        void accountsThatAreNotActiveMembers_areSkippedWithTheReason() {
            guard = Guard.start(Accounts.organization().build());

            Report report = guard.manual("{\"accountIds\": [\"" + SUSPENDED + "\", \"" + MANAGEMENT_ACCOUNT_ID
                    + "\", \""
                    + OUTSIDE_ORGANIZATION + "\"]}");

            assertThat(report.outcome(SUSPENDED)).isEqualTo("SKIPPED");
            assertThat((String) report.result(SUSPENDED).get("reason")).contains("SUSPENDED");
            assertThat((String) report.result(MANAGEMENT_ACCOUNT_ID).get("reason")).contains("management account");
            assertThat((String) report.result(OUTSIDE_ORGANIZATION).get("reason"))
                    .contains("not a member of organization " + Fixtures.ORGANIZATION_ID);
            assertThat(guard.aws().calls()).filteredOn(call -> Set.of("sts", "iam").contains(call.service()))
                    .as("nothing is attempted in an account that is not an active member").isEmpty();
            assertThat(guard.aws().publishedMessages()).isEmpty();
        }
    }

    @Nested
    class EventPathFailure {

        @Test
        void joinThatCannotBeHandled_failsTheInvocationSoLambdaRetries() {
            guard = Guard.start(Accounts.organization().build());
            guard.aws().faults().failNext("sts", "AssumeRole", 50, "AccessDenied", 403);
            guard.aws().faults().failNext("organizations", "DescribeAccount", 50, "ServiceException", 500);

            assertThatThrownBy(() -> guard.joinEvent(joinEventFor(WITH_ACCESS_ROLE)))
                    .isInstanceOf(JoinNotHandledException.class)
                    .hasMessageContaining(WITH_ACCESS_ROLE)
                    .hasMessageContaining("DescribeAccount");
            assertThat(guard.aws().publishedMessages()).as("the retry, not a message, is the answer to FAILED")
                    .isEmpty();
        }
    }

    static String joinEventFor(String accountId) {
        return EventFiles.accountJoined(accountId);
    }

    @SuppressWarnings("unchecked")
    static String emailText(PublishedMessage message) {
        return (String) ((Map<String, Object>) Json.parse(message.message())).get("default");
    }

    @SuppressWarnings("unchecked")
    static String sqsText(PublishedMessage message) {
        return (String) ((Map<String, Object>) Json.parse(message.message())).get("sqs");
    }
}
