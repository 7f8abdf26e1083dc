package io.orgaccessguard.config;


import static io.orgaccessguard.config.ConfigFixtures.AUTOMATION_ROLE;
import static io.orgaccessguard.config.ConfigFixtures.BREAK_GLASS_USER;
import static io.orgaccessguard.config.ConfigFixtures.CHINA;
import static io.orgaccessguard.config.ConfigFixtures.CHINA_POLICY;
import static io.orgaccessguard.config.ConfigFixtures.CHINA_ROLE;
import static io.orgaccessguard.config.ConfigFixtures.CHINA_TOPIC;
import static io.orgaccessguard.config.ConfigFixtures.COMMERCIAL;
import static io.orgaccessguard.config.ConfigFixtures.CUSTOMER_POLICY_WITH_PATH;
import static io.orgaccessguard.config.ConfigFixtures.ONE_ACCOUNTS_POLICY_ARN;
import static io.orgaccessguard.config.ConfigFixtures.FIFO_TOPIC;
import static io.orgaccessguard.config.ConfigFixtures.GOV_CLOUD;
import static io.orgaccessguard.config.ConfigFixtures.GOV_CLOUD_POLICY;
import static io.orgaccessguard.config.ConfigFixtures.GOV_CLOUD_ROOT;
import static io.orgaccessguard.config.ConfigFixtures.GOV_CLOUD_TOPIC;
import static io.orgaccessguard.config.ConfigFixtures.NAME_OF_64;
import static io.orgaccessguard.config.ConfigFixtures.NAME_OF_65;
import static io.orgaccessguard.config.ConfigFixtures.configWith;
import static io.orgaccessguard.config.ConfigFixtures.env;
import static io.orgaccessguard.config.ConfigFixtures.policyList;
import static io.orgaccessguard.config.GuardConfig.ACCESS_POLICY_ARNS;
import static io.orgaccessguard.config.GuardConfig.ACCESS_ROLE_NAME;
import static io.orgaccessguard.config.GuardConfig.ARTIFACT_BUCKET;
import static io.orgaccessguard.config.GuardConfig.ORGANIZATION_ID;
import static io.orgaccessguard.config.GuardConfig.BOOTSTRAP_ROLE_NAMES;
import static io.orgaccessguard.config.GuardConfig.DRY_RUN;
import static io.orgaccessguard.config.GuardConfig.NOTIFICATION_TOPIC_ARN;
import static io.orgaccessguard.config.GuardConfig.NOTIFY_ON;
import static io.orgaccessguard.config.GuardConfig.RECHECK_FUNCTION_NAME;
import static io.orgaccessguard.config.GuardConfig.RECONCILE_LOOKBACK_HOURS;
import static io.orgaccessguard.config.GuardConfig.REPAIR_TRUST;
import static io.orgaccessguard.config.GuardConfig.ROLE_PROPAGATION_WAIT_SECONDS;
import static io.orgaccessguard.config.GuardConfig.TRUSTED_PRINCIPAL_ARNS;
import static io.orgaccessguard.testsupport.Fixtures.ADMINISTRATOR_ACCESS;
import static io.orgaccessguard.testsupport.Fixtures.MANAGEMENT_ACCOUNT_ID;
import static io.orgaccessguard.testsupport.Fixtures.MANAGEMENT_ROOT;
import static io.orgaccessguard.testsupport.Fixtures.ORGANIZATION;
import static io.orgaccessguard.testsupport.Fixtures.READ_ONLY_ACCESS;
import static io.orgaccessguard.testsupport.Fixtures.TOPIC_ARN;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.orgaccessguard.core.model.NotifyOn;
import io.orgaccessguard.core.model.Organization;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Disabled;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class GuardConfigTest {

    @Nested
    class Defaults {

        @Test
        void from_emptyEnvironment_usesEveryDefault() {
            GuardConfig config = GuardConfig.from(Map.of());

            assertThat(config.accessRoleName()).isEqualTo("OrganizationAccountAccessRole");
            assertThat(config.bootstrapRoleNames()).isEmpty();
            assertThat(config.accessPolicyArns()).isEmpty();
            assertThat(config.trustedPrincipalArns()).isEmpty();
            assertThat(config.notificationTopicArn()).isEmpty();
            assertThat(config.notifyOn()).isEqualTo(NotifyOn.CHANGES);
            assertThat(config.dryRun()).isFalse();
            assertThat(config.repairTrust()).isFalse();
            assertThat(config.rolePropagationWait()).isEqualTo(Duration.ofSeconds(60));
            assertThat(config.reconcileLookback()).isEqualTo(Duration.ofHours(24));
            assertThat(config.recheckFunctionName()).isEqualTo("org-access-guard-check");
            assertThat(config.artifactBucket()).as("no bucket: no quick-create links, no directory").isEmpty();
            assertThat(config.organizationId()).isEmpty();
        }

        @Test
        void from_everyVariableBlank_usesEveryDefault() {
            var blank = new HashMap<String, String>();
            GuardConfig.VARIABLES.forEach(name -> blank.put(name, " \t "));

            assertThat(GuardConfig.from(blank)).isEqualTo(GuardConfig.from(Map.of()));
        }

        @Test
        void from_unrelatedVariables_areIgnored() {
            GuardConfig config = GuardConfig.from(env("PATH", "/usr/bin", "AWS_REGION", "us-east-1"));

            assertThat(config).isEqualTo(GuardConfig.from(Map.of()));
        }

        @Test
        void from_listsAreReadOnly() {
            GuardConfig config = configWith(BOOTSTRAP_ROLE_NAMES, "Bootstrap");

            assertThatThrownBy(() -> config.bootstrapRoleNames().add("Other"))
                    .isInstanceOf(UnsupportedOperationException.class);
        }
    }

    @Nested
    class ValidValues {

        @ParameterizedTest
        @ValueSource(strings = {"Admin", "Admin+=,.@_-9", "a"})
        void from_accessRoleNameWithAllowedCharacters_isTaken(String name) {
            assertThat(configWith(ACCESS_ROLE_NAME, name).accessRoleName()).isEqualTo(name);
        }

        @Test
        void from_accessRoleNameOf64Characters_isTaken() {
            assertThat(configWith(ACCESS_ROLE_NAME, NAME_OF_64).accessRoleName()).isEqualTo(NAME_OF_64);
        }

        @Test
        void from_accessRoleNameWithSurroundingSpace_isStripped() {
            assertThat(configWith(ACCESS_ROLE_NAME, "  BreakGlass \n").accessRoleName()).isEqualTo("BreakGlass");
        }

        @Test
        void from_bootstrapRoleNames_keepsOrderAndStripsItems() {
            GuardConfig config = configWith(BOOTSTRAP_ROLE_NAMES, " AWSControlTowerExecution , stacksets-exec ,Admin");

            assertThat(config.bootstrapRoleNames())
                    .containsExactly("AWSControlTowerExecution", "stacksets-exec", "Admin");
        }

        @Test
        void from_accessPolicyArnsOfEachKind_areTaken() {
            GuardConfig config = configWith(ACCESS_POLICY_ARNS,
                    String.join(",", ADMINISTRATOR_ACCESS, CUSTOMER_POLICY_WITH_PATH, GOV_CLOUD_POLICY, CHINA_POLICY));

            assertThat(config.accessPolicyArns())
                    .containsExactly(ADMINISTRATOR_ACCESS, CUSTOMER_POLICY_WITH_PATH, GOV_CLOUD_POLICY, CHINA_POLICY);
        }

        /**
         * A customer-managed policy is given by path and name; its ARN is built for each member account, in the
         * organization's partition.
         */
        @Test
        void accessPolicyArns_customerPolicyByPath_isThatAccountsArn() {
            GuardConfig config = configWith(ACCESS_POLICY_ARNS, String.join(",", ADMINISTRATOR_ACCESS,
                    CUSTOMER_POLICY_WITH_PATH));

            assertThat(config.accessRole().requiredPolicies(COMMERCIAL, "333333333333")).containsExactly(ADMINISTRATOR_ACCESS,
                    "arn:aws:iam::333333333333:policy/team/admin/BreakGlass");
            assertThat(config.accessRole().requiredPolicies(CHINA, "333333333333"))
                    .contains("arn:aws-cn:iam::333333333333:policy/team/admin/BreakGlass");
        }

        @Test
        void from_twentyAccessPolicies_areTaken() {
            assertThat(configWith(ACCESS_POLICY_ARNS, policyList(20)).accessPolicyArns()).hasSize(20);
        }

        @Test
        void from_trustedPrincipalArnsOfEachKind_areTaken() {
            GuardConfig config = configWith(TRUSTED_PRINCIPAL_ARNS,
                    String.join(", ", MANAGEMENT_ROOT, AUTOMATION_ROLE, BREAK_GLASS_USER, GOV_CLOUD_ROOT, CHINA_ROLE));

            assertThat(config.trustedPrincipalArns())
                    .containsExactly(MANAGEMENT_ROOT, AUTOMATION_ROLE, BREAK_GLASS_USER, GOV_CLOUD_ROOT, CHINA_ROLE);
        }

        @ParameterizedTest
        @ValueSource(strings = {TOPIC_ARN, GOV_CLOUD_TOPIC, CHINA_TOPIC})
        void from_topicArnOfAnyPartition_isTaken(String topic) {
            assertThat(configWith(NOTIFICATION_TOPIC_ARN, topic).notificationTopicArn()).contains(topic);
        }

        @ParameterizedTest
        @CsvSource({"problems, PROBLEMS", "PROBLEMS, PROBLEMS", "changes, CHANGES", "All, ALL", "' all ', ALL"})
        void from_notifyOnInAnyCase_isTaken(String value, NotifyOn expected) {
            assertThat(configWith(NOTIFY_ON, value).notifyOn()).isEqualTo(expected);
        }

        @ParameterizedTest
        @CsvSource({"true, true", "false, false", "TRUE, true", "False, false", "' true ', true"})
        void from_dryRunTrueOrFalseInAnyCase_isTaken(String value, boolean expected) {
            assertThat(configWith(DRY_RUN, value).dryRun()).isEqualTo(expected);
        }

        @ParameterizedTest
        @CsvSource({"true, true", "false, false", "TRUE, true", "False, false"})
        void from_repairTrustTrueOrFalseInAnyCase_isTaken(String value, boolean expected) {
            assertThat(configWith(REPAIR_TRUST, value).repairTrust()).isEqualTo(expected);
        }

        @ParameterizedTest
        @CsvSource({"0, 0", "1, 1", "600, 600", "' 30 ', 30"})
        void from_propagationWaitInRange_isTakenAsSeconds(String value, long seconds) {
            assertThat(configWith(ROLE_PROPAGATION_WAIT_SECONDS, value).rolePropagationWait())
                    .isEqualTo(Duration.ofSeconds(seconds));
        }

        @ParameterizedTest
        @CsvSource({"1, 1", "720, 720", "48, 48"})
        void from_lookbackInRange_isTakenAsHours(String value, long hours) {
            assertThat(configWith(RECONCILE_LOOKBACK_HOURS, value).reconcileLookback())
                    .isEqualTo(Duration.ofHours(hours));
        }

        @ParameterizedTest
        @ValueSource(strings = {"my_check-2", "X", NAME_OF_64})
        void from_recheckFunctionName_isTaken(String name) {
            assertThat(configWith(RECHECK_FUNCTION_NAME, name).recheckFunctionName()).isEqualTo(name);
        }

        @Test
        void from_bootstrapListWithOtherNameThanCustomAccessRole_isTaken() {
            GuardConfig config = GuardConfig.from(env(ACCESS_ROLE_NAME, "BreakGlass",
                    BOOTSTRAP_ROLE_NAMES, "OrganizationAccountAccessRole"));

            assertThat(config.bootstrapRoleNames()).containsExactly("OrganizationAccountAccessRole");
        }
    }

    @Nested
    class InvalidValues {

        static Stream<Arguments> badValues() {
            return Stream.of(
                    Arguments.of(ACCESS_ROLE_NAME, "Break Glass"),
                    Arguments.of(ACCESS_ROLE_NAME, "path/Role"),
                    Arguments.of(ACCESS_ROLE_NAME, "Role*"),
                    Arguments.of(ACCESS_ROLE_NAME, "Rôle"),
                    Arguments.of(ACCESS_ROLE_NAME, NAME_OF_65),
                    Arguments.of(BOOTSTRAP_ROLE_NAMES, "Good,Bad Name"),
                    Arguments.of(BOOTSTRAP_ROLE_NAMES, "Good;Other"),
                    Arguments.of(BOOTSTRAP_ROLE_NAMES, NAME_OF_65),
                    Arguments.of(BOOTSTRAP_ROLE_NAMES, "A,,B"),
                    Arguments.of(BOOTSTRAP_ROLE_NAMES, ",A"),
                    Arguments.of(BOOTSTRAP_ROLE_NAMES, "OrganizationAccountAccessRole"),
                    Arguments.of(BOOTSTRAP_ROLE_NAMES, "Bootstrap, OrganizationAccountAccessRole"),
                    Arguments.of(BOOTSTRAP_ROLE_NAMES, "Bootstrap,Bootstrap"),
                    Arguments.of(BOOTSTRAP_ROLE_NAMES, "Bootstrap, Bootstrap "),
                    Arguments.of(ACCESS_POLICY_ARNS, "AdministratorAccess"),
                    Arguments.of(ACCESS_POLICY_ARNS, "arn:aws:iam::aws:role/AdministratorAccess"),
                    Arguments.of(ACCESS_POLICY_ARNS, "arn:aws:iam::aws:policy/"),
                    Arguments.of(ACCESS_POLICY_ARNS, "arn:aws:iam::12345:policy/Admin"),
                    Arguments.of(ACCESS_POLICY_ARNS, "arn:aws-iso:iam::aws:policy/AdministratorAccess"),
                    Arguments.of(ACCESS_POLICY_ARNS, "arn:aws:s3:::bucket"),
                    Arguments.of(ACCESS_POLICY_ARNS, "arn:aws:iam::aws:policy/Admin Access"),
                    Arguments.of(ACCESS_POLICY_ARNS, ADMINISTRATOR_ACCESS + "," + ADMINISTRATOR_ACCESS),
                    Arguments.of(ACCESS_POLICY_ARNS, policyList(21)),
                    Arguments.of(TRUSTED_PRINCIPAL_ARNS, MANAGEMENT_ACCOUNT_ID),
                    Arguments.of(TRUSTED_PRINCIPAL_ARNS, "arn:aws:iam::" + MANAGEMENT_ACCOUNT_ID + ":group/admins"),
                    Arguments.of(TRUSTED_PRINCIPAL_ARNS,
                            "arn:aws:sts::" + MANAGEMENT_ACCOUNT_ID + ":assumed-role/Admin/session"),
                    Arguments.of(TRUSTED_PRINCIPAL_ARNS, "arn:aws:iam::1111:root"),
                    Arguments.of(TRUSTED_PRINCIPAL_ARNS, "arn:aws-iso:iam::" + MANAGEMENT_ACCOUNT_ID + ":root"),
                    Arguments.of(TRUSTED_PRINCIPAL_ARNS,
                            "arn:aws:iam::" + MANAGEMENT_ACCOUNT_ID + ":role/" + NAME_OF_65),
                    Arguments.of(TRUSTED_PRINCIPAL_ARNS, "*"),
                    Arguments.of(TRUSTED_PRINCIPAL_ARNS, MANAGEMENT_ROOT + "," + MANAGEMENT_ROOT),
                    Arguments.of(NOTIFICATION_TOPIC_ARN, "org-access-guard"),
                    Arguments.of(NOTIFICATION_TOPIC_ARN, "arn:aws:sqs:us-east-1:" + MANAGEMENT_ACCOUNT_ID + ":queue"),
                    Arguments.of(NOTIFICATION_TOPIC_ARN, "arn:aws:sns:us-east-1:1111:topic"),
                    Arguments.of(NOTIFICATION_TOPIC_ARN, "arn:aws:sns:US-EAST-1:" + MANAGEMENT_ACCOUNT_ID + ":topic"),
                    Arguments.of(NOTIFICATION_TOPIC_ARN, "arn:aws:sns:us-east-1:" + MANAGEMENT_ACCOUNT_ID + ":a.b"),
                    Arguments.of(NOTIFICATION_TOPIC_ARN,
                            "arn:aws-iso:sns:us-iso-east-1:" + MANAGEMENT_ACCOUNT_ID + ":t"),
                    Arguments.of(NOTIFICATION_TOPIC_ARN, TOPIC_ARN + "," + CHINA_TOPIC),
                    Arguments.of(NOTIFY_ON, "never"),
                    Arguments.of(NOTIFY_ON, "problem"),
                    Arguments.of(NOTIFY_ON, "2"),
                    Arguments.of(DRY_RUN, "yes"),
                    Arguments.of(DRY_RUN, "1"),
                    Arguments.of(DRY_RUN, "on"),
                    Arguments.of(DRY_RUN, "t"),
                    Arguments.of(REPAIR_TRUST, "no"),
                    Arguments.of(REPAIR_TRUST, "0"),
                    Arguments.of(REPAIR_TRUST, "enabled"),
                    Arguments.of(ROLE_PROPAGATION_WAIT_SECONDS, "-1"),
                    Arguments.of(ROLE_PROPAGATION_WAIT_SECONDS, "601"),
                    Arguments.of(ROLE_PROPAGATION_WAIT_SECONDS, "sixty"),
                    Arguments.of(ROLE_PROPAGATION_WAIT_SECONDS, "60s"),
                    Arguments.of(ROLE_PROPAGATION_WAIT_SECONDS, "1.5"),
                    Arguments.of(ROLE_PROPAGATION_WAIT_SECONDS, "99999999999"),
                    Arguments.of(RECONCILE_LOOKBACK_HOURS, "0"),
                    Arguments.of(RECONCILE_LOOKBACK_HOURS, "721"),
                    Arguments.of(RECONCILE_LOOKBACK_HOURS, "24h"),
                    Arguments.of(RECONCILE_LOOKBACK_HOURS, "day"),
                    Arguments.of(RECHECK_FUNCTION_NAME, "my function"),
                    Arguments.of(RECHECK_FUNCTION_NAME, "check.v2"),
                    Arguments.of(RECHECK_FUNCTION_NAME, NAME_OF_65),
                    Arguments.of(RECHECK_FUNCTION_NAME,
                            "arn:aws:lambda:us-east-1:" + MANAGEMENT_ACCOUNT_ID + ":function:check"),
                    Arguments.of(ARTIFACT_BUCKET, "Org-Access-Guard"),
                    Arguments.of(ARTIFACT_BUCKET, "s3://org-access-guard-artifacts"),
                    Arguments.of(ARTIFACT_BUCKET, "ab"),
                    Arguments.of(ARTIFACT_BUCKET, "bucket-"),
                    Arguments.of(ARTIFACT_BUCKET, "a".repeat(64)),
                    Arguments.of(ARTIFACT_BUCKET, "org_access_guard"),
                    Arguments.of(ORGANIZATION_ID, "o-short"),
                    Arguments.of(ORGANIZATION_ID, "O-EXAMPLEORGID"),
                    Arguments.of(ORGANIZATION_ID, "exampleorgid"),
                    Arguments.of(ORGANIZATION_ID, "r-exampleroot"),
                    Arguments.of(ORGANIZATION_ID, "o-" + "a".repeat(33)));
        }

        @ParameterizedTest(name = "{0}={1}")
        @MethodSource("badValues")
        void from_badValue_throwsConfigExceptionNamingTheVariable(String variable, String value) {
            assertThatThrownBy(() -> configWith(variable, value))
                    .isInstanceOf(ConfigException.class)
                    .hasMessageStartingWith(variable + ": ");
        }

        @Test
        void from_bootstrapListContainingCustomAccessRoleName_throwsNamingTheBootstrapVariable() {
            Map<String, String> env = env(ACCESS_ROLE_NAME, "BreakGlass", BOOTSTRAP_ROLE_NAMES, "Bootstrap,BreakGlass");

            assertThatThrownBy(() -> GuardConfig.from(env))
                    .isInstanceOf(ConfigException.class)
                    .hasMessageStartingWith(BOOTSTRAP_ROLE_NAMES + ": ")
                    .hasMessageContaining("BreakGlass");
        }

        @Test
        void from_duplicateListItem_messageNamesTheItem() {
            assertThatThrownBy(() -> configWith(BOOTSTRAP_ROLE_NAMES, "Bootstrap,Other,Bootstrap"))
                    .isInstanceOf(ConfigException.class)
                    .hasMessageContaining("'Bootstrap'");
        }

        /**
         * IAM attaches a customer-managed policy only in the account that holds it (NoSuchEntity, "does not exist or
         * is not attachable"); IAM Identity Center asks for a same-named policy in each account for that reason:
         * https://docs.aws.amazon.com/singlesignon/latest/APIReference/API_AttachCustomerManagedPolicyReferenceToPermissionSet.html
         */
        @Test
        void from_oneAccountsPolicyArn_isRefusedNamingTheVariableAndThePathToUse() {
            assertThatThrownBy(() -> configWith(ACCESS_POLICY_ARNS, ADMINISTRATOR_ACCESS + "," + ONE_ACCOUNTS_POLICY_ARN))
                    .isInstanceOf(ConfigException.class)
                    .hasMessageContaining(ACCESS_POLICY_ARNS)
                    .hasMessageContaining("/team/admin/BreakGlass")
                    .hasMessageContaining("every member account");
        }

        @Test
        void from_twentyOnePolicies_messageStatesTheLimit() {
            assertThatThrownBy(() -> configWith(ACCESS_POLICY_ARNS, policyList(21)))
                    .isInstanceOf(ConfigException.class)
                    .hasMessageContaining("20");
        }

        @Test
        void from_outOfRangeSeconds_messageStatesTheRange() {
            assertThatThrownBy(() -> configWith(ROLE_PROPAGATION_WAIT_SECONDS, "601"))
                    .isInstanceOf(ConfigException.class)
                    .hasMessageContaining("between 0 and 600");
        }

        @Test
        void from_badNotifyOn_messageListsTheChoices() {
            assertThatThrownBy(() -> configWith(NOTIFY_ON, "never"))
                    .isInstanceOf(ConfigException.class)
                    .hasMessageContaining("problems").hasMessageContaining("changes").hasMessageContaining("all")
                    .hasMessageContaining("'never'");
        }

        @Test
        void from_firstBadVariable_isNamedEvenWhenOthersAreValid() {
            Map<String, String> env = env(ACCESS_ROLE_NAME, "BreakGlass", DRY_RUN, "true", REPAIR_TRUST, "maybe");

            assertThatThrownBy(() -> GuardConfig.from(env)).hasMessageStartingWith(REPAIR_TRUST + ": ");
        }

        @Test
        void from_bootstrapListWithTrailingComma_isRefusedLikeALeadingComma() {
            assertThatThrownBy(() -> configWith(BOOTSTRAP_ROLE_NAMES, "A,"))
                    .isInstanceOf(ConfigException.class)
                    .hasMessageStartingWith(BOOTSTRAP_ROLE_NAMES + ": ");
        }

        @Test
        void from_bootstrapListContainingAccessRoleNameInOtherCase_throwsConfigException() {
            assertThatThrownBy(() -> configWith(BOOTSTRAP_ROLE_NAMES, "organizationaccountaccessrole"))
                    .isInstanceOf(ConfigException.class)
                    .hasMessageStartingWith(BOOTSTRAP_ROLE_NAMES + ": ");
        }

        @Test
        void from_fifoTopicArn_throwsConfigException() {
            assertThatThrownBy(() -> configWith(NOTIFICATION_TOPIC_ARN, FIFO_TOPIC))
                    .isInstanceOf(ConfigException.class)
                    .hasMessageStartingWith(NOTIFICATION_TOPIC_ARN + ": ");
        }
    }

    @Nested
    class PartitionDefaults {

        static Stream<Arguments> partitions() {
            return Stream.of(
                    Arguments.of(COMMERCIAL, "arn:aws:iam::aws:policy/AdministratorAccess",
                            "arn:aws:iam::" + MANAGEMENT_ACCOUNT_ID + ":root"),
                    Arguments.of(GOV_CLOUD, "arn:aws-us-gov:iam::aws:policy/AdministratorAccess",
                            "arn:aws-us-gov:iam::" + MANAGEMENT_ACCOUNT_ID + ":root"),
                    Arguments.of(CHINA, "arn:aws-cn:iam::aws:policy/AdministratorAccess",
                            "arn:aws-cn:iam::" + MANAGEMENT_ACCOUNT_ID + ":root"));
        }

        @ParameterizedTest
        @MethodSource("partitions")
        void accessRoleRequiredPolicies_noneConfigured_isThePartitionsAdministratorAccess(Organization organization,
                                                                                String policy, String root) {
            assertThat(GuardConfig.from(Map.of()).accessRole().requiredPolicies(organization)).containsExactly(policy);
        }

        @ParameterizedTest
        @MethodSource("partitions")
        void accessRoleTrustedPrincipals_noneConfigured_isThePartitionsManagementRoot(Organization organization,
                                                                              String policy, String root) {
            assertThat(GuardConfig.from(Map.of()).accessRole().trustedPrincipals(organization)).containsExactly(root);
        }

        @Test
        void accessRoleRequiredPolicies_configured_areReturnedWhateverThePartition() {
            GuardConfig config = configWith(ACCESS_POLICY_ARNS, ADMINISTRATOR_ACCESS + "," + READ_ONLY_ACCESS);

            assertThat(config.accessRole().requiredPolicies(CHINA)).containsExactly(ADMINISTRATOR_ACCESS, READ_ONLY_ACCESS);
        }

        @Test
        void accessRoleTrustedPrincipals_configured_areReturnedInsteadOfTheRoot() {
            GuardConfig config = configWith(TRUSTED_PRINCIPAL_ARNS, AUTOMATION_ROLE);

            assertThat(config.accessRole().trustedPrincipals(COMMERCIAL)).containsExactly(AUTOMATION_ROLE);
        }
    }

    @Test
    void variables_areTheEnvironmentNamesTheTemplateSets() {
        List<String> names = List.of("ACCESS_ROLE_NAME", "BOOTSTRAP_ROLE_NAMES", "ACCESS_POLICY_ARNS",
                "TRUSTED_PRINCIPAL_ARNS", "NOTIFICATION_TOPIC_ARN", "NOTIFY_ON", "DRY_RUN", "REPAIR_TRUST",
                "ROLE_PROPAGATION_WAIT_SECONDS", "RECONCILE_LOOKBACK_HOURS", "RECHECK_FUNCTION_NAME", "MAX_CONCURRENCY",
                "REMINDER_INTERVAL_HOURS", "FUNCTION_ROLE_ARNS", "STATUS_TABLE_NAME", "ARTIFACT_BUCKET",
                "ORGANIZATION_ID", "S3_FORCE_PATH_STYLE", "PROFILE_NAME_TEMPLATE", "PROFILE_REGION");

        assertThat(GuardConfig.VARIABLES).containsExactlyElementsOf(names);
    }

    /** The SDK reads path-style addressing from no variable; the function reads its own, off unless set. */
    @Test
    void from_s3ForcePathStyle_isOffUnlessSetTrue() {
        assertThat(GuardConfig.from(Map.of()).s3ForcePathStyle()).isFalse();
        assertThat(GuardConfig.from(Map.of(GuardConfig.S3_FORCE_PATH_STYLE, "false")).s3ForcePathStyle()).isFalse();
        assertThat(GuardConfig.from(Map.of(GuardConfig.S3_FORCE_PATH_STYLE, "true")).s3ForcePathStyle()).isTrue();
        assertThatThrownBy(() -> GuardConfig.from(Map.of(GuardConfig.S3_FORCE_PATH_STYLE, "yes")))
                .isInstanceOf(ConfigException.class).hasMessageStartingWith("S3_FORCE_PATH_STYLE: ");
    }

    @Nested
    class Profiles {

        @Test
        void defaults_giveTodaysNames_andTheFunctionsRegion() {
            GuardConfig config = GuardConfig.from(Map.of());

            assertThat(config.profileNameTemplate()).isEqualTo("{name}");
            assertThat(config.profileRegion()).isEmpty();
        }

        @Test
        void aTemplateAndARegion_areRead() {
            GuardConfig config = GuardConfig.from(Map.of(GuardConfig.PROFILE_NAME_TEMPLATE, "org.{ou_leaf}-{name}",
                    GuardConfig.PROFILE_REGION, "eu-west-1"));

            assertThat(config.profileNameTemplate()).isEqualTo("org.{ou_leaf}-{name}");
            assertThat(config.profileRegion()).contains("eu-west-1");
        }

        @Test
        void aBadTemplateOrRegion_isRefused_namingTheVariable() {
            for (String template : List.of("{ou}", "Prod-{name}", "{name} {id}", "{account}", "[{name}]")) {
                assertThatThrownBy(() -> GuardConfig.from(Map.of(GuardConfig.PROFILE_NAME_TEMPLATE, template)))
                        .as(template).isInstanceOf(ConfigException.class).hasMessageContaining("PROFILE_NAME_TEMPLATE");
            }
            assertThatThrownBy(() -> GuardConfig.from(Map.of(GuardConfig.PROFILE_REGION, "Ireland")))
                    .isInstanceOf(ConfigException.class).hasMessageContaining("PROFILE_REGION");
        }
    }

    /** Defect 4 of issue 10: a trust the function itself could never pass is refused before anything is created. */
    @Nested
    class TrustTheFunctionCanVerify {

        private static final String JOIN_ROLE = "arn:aws:iam::" + MANAGEMENT_ACCOUNT_ID + ":role/guard-JoinEventRole-ABC";
        private static final String CHECK_ROLE =
                "arn:aws:iam::" + MANAGEMENT_ACCOUNT_ID + ":role/guard-ManualCheckRole-DEF";

        private GuardConfig config(String trusted, String functionRoles) {
            return GuardConfig.from(Map.of(GuardConfig.TRUSTED_PRINCIPAL_ARNS, trusted,
                    GuardConfig.FUNCTION_ROLE_ARNS, functionRoles));
        }

        @Test
        void requireVerifiable_unset_isTheManagementRootAndPasses() {
            GuardConfig.from(Map.of()).requireVerifiable(ORGANIZATION.managementRootArn());
        }

        @Test
        void requireVerifiable_managementRootListed_passes() {
            config("arn:aws:iam::111111111111:role/Admins, arn:aws:iam::111111111111:root", JOIN_ROLE + "," + CHECK_ROLE)
                    .requireVerifiable(ORGANIZATION.managementRootArn());
        }

        @Test
        void requireVerifiable_everyFunctionRoleListed_passes() {
            config(JOIN_ROLE + "," + CHECK_ROLE + ",arn:aws:iam::111111111111:role/Admins", JOIN_ROLE + "," + CHECK_ROLE)
                    .requireVerifiable(ORGANIZATION.managementRootArn());
        }

        @Test
        void requireVerifiable_neitherRootNorEveryFunctionRole_isRefusedNamingTheVariableAndTheFix() {
            GuardConfig config = config("arn:aws:iam::111111111111:role/Admins," + JOIN_ROLE,
                    JOIN_ROLE + "," + CHECK_ROLE);

            assertThatThrownBy(() -> config.requireVerifiable(ORGANIZATION.managementRootArn())).isInstanceOf(ConfigException.class)
                    .hasMessageStartingWith("TRUSTED_PRINCIPAL_ARNS: ")
                    .hasMessageContaining("add arn:aws:iam::111111111111:root or all of [" + JOIN_ROLE + ", "
                            + CHECK_ROLE + "]");
        }

        @Test
        void requireVerifiable_anotherAccountsRoot_isRefused() {
            GuardConfig config = config("arn:aws:iam::999999999999:root", "");

            assertThatThrownBy(() -> config.requireVerifiable(ORGANIZATION.managementRootArn())).isInstanceOf(ConfigException.class)
                    .hasMessageContaining("admits neither the management account (arn:aws:iam::111111111111:root)");
        }
    }

    /** The bucket policy admits one organization: a function in another would hand out links nobody can open. */
    @Nested
    class ArtifactBucketAndOrganization {

        @ParameterizedTest
        @ValueSource(strings = {"org-access-guard-artifactbucket-1q2w3e4r5t6y", "abc", "guard.templates.example"})
        void from_bucketName_isTaken(String bucket) {
            assertThat(configWith(ARTIFACT_BUCKET, bucket).artifactBucket()).contains(bucket);
        }

        @Test
        void from_organizationId_isTaken() {
            assertThat(configWith(ORGANIZATION_ID, ORGANIZATION.id()).organizationId()).contains(ORGANIZATION.id());
        }

        @Test
        void requireOrganization_unset_passesInAnyOrganization() {
            GuardConfig.from(Map.of()).requireOrganization("o-anotherorg1");
        }

        @Test
        void requireOrganization_theOneTheFunctionRunsIn_passes() {
            configWith(ORGANIZATION_ID, ORGANIZATION.id()).requireOrganization(ORGANIZATION.id());
        }

        @Test
        void requireOrganization_another_isRefusedNamingTheVariableAndTheValueToSet() {
            GuardConfig config = configWith(ORGANIZATION_ID, "o-anotherorg1");

            assertThatThrownBy(() -> config.requireOrganization(ORGANIZATION.id())).isInstanceOf(ConfigException.class)
                    .hasMessageStartingWith("ORGANIZATION_ID: is o-anotherorg1, but this function runs in"
                            + " organization " + ORGANIZATION.id())
                    .hasMessageEndingWith("set it to " + ORGANIZATION.id());
        }
    }

    @Nested
    class Region {

        @ParameterizedTest
        @ValueSource(strings = {"us-east-1", "us-gov-west-1", "cn-northwest-1", "ap-southeast-5"})
        void from_lambdasRegion_isTakenForTheCommandsItPrints(String region) {
            assertThat(GuardConfig.from(Map.of(GuardConfig.AWS_REGION, region)).region()).isEqualTo(region);
        }

        @Test
        void from_noRegion_isUsEast1() {
            assertThat(GuardConfig.from(Map.of()).region()).isEqualTo("us-east-1");
        }

        @Test
        void from_regionThatIsNotOne_isRefusedNamingTheVariable() {
            assertThatThrownBy(() -> GuardConfig.from(Map.of(GuardConfig.AWS_REGION, "us-east-1; rm -rf /")))
                    .isInstanceOf(ConfigException.class).hasMessageStartingWith("AWS_REGION: ");
        }
    }
}
