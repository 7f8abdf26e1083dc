package io.orgaccessguard.it.template;

import static org.assertj.core.api.Assertions.assertThat;
import static io.orgaccessguard.it.support.OutsideTool.CFN_LINT;

import io.orgaccessguard.it.support.OutsideTool;
import io.orgaccessguard.it.support.Repo;
import io.orgaccessguard.localinvoke.template.PseudoParameters;
import io.orgaccessguard.localinvoke.template.SamTemplate;
import io.orgaccessguard.localinvoke.template.TemplateParameter;
import io.orgaccessguard.notify.MemberTemplate;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The member-account templates (functions/access-guard/src/main/resources/member-templates) as CloudFormation takes
 * them: cfn-lint finds no problem (the same command .ci/run runs), and resolved as if created in different accounts and
 * partitions, with their defaults or with the values a quick-create link fills in, they make the roles
 * org-access-guard expects. Nothing in them names an account: a service-managed StackSet sets the same parameter
 * values for every account of the organization, so a template must mean the right thing in each.
 */
class MemberTemplatesTest {

    static final Path FOLDER = Path.of("functions", "access-guard", "src", "main", "resources", "member-templates");
    static final String MANAGEMENT = "111111111111";

    /** With cfn-lint as {@link OutsideTool#CFN_LINT} finds it: skipped without it, failed under CI. */
    @Test
    @OutsideTool.Required(CFN_LINT)
    void bothTemplates_passCfnLint() throws Exception {
        for (MemberTemplate template : MemberTemplate.values()) {
            Path file = file(template);
            Process process = new ProcessBuilder(CFN_LINT.found().with(file.toString())).redirectErrorStream(true)
                    .start();
            process.getOutputStream().close();
            if (!process.waitFor(180, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError("cfn-lint did not finish within 180 s");
            }
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(output).as("cfn-lint %s", file).isEmpty();
            assertThat(process.exitValue()).isZero();
        }
    }

    @Test
    void accessRole_withItsDefaults_trustsTheManagementAccount_withAdministratorAccessOfThePartition() {
        for (var account : List.of(new PseudoParameters("us-east-1", "222222222222", "aws", "s"),
                new PseudoParameters("us-gov-west-1", "333333333333", "aws-us-gov", "s"),
                new PseudoParameters("cn-north-1", "444444444444", "aws-cn", "s"))) {
            Map<?, ?> role = resolvedProperties(MemberTemplate.ACCESS_ROLE, "AccessRole", account,
                    Map.of(MemberTemplate.MANAGEMENT_ACCOUNT_ID, MANAGEMENT));

            assertThat(role.get("RoleName")).isEqualTo("OrganizationAccountAccessRole");
            assertThat(trustedPrincipals(role)).isEqualTo("arn:" + account.partition() + ":iam::" + MANAGEMENT + ":root");
            assertThat(role.get("ManagedPolicyArns"))
                    .isEqualTo(List.of("arn:" + account.partition() + ":iam::aws:policy/AdministratorAccess"));
        }
    }

    @Test
    void accessRole_withTheValuesALinkFillsIn_hasExactlyThoseTrustAndPolicies() {
        // AWS managed policies only: a customer managed policy ARN names one account's policy, which no other account
        // can attach ("NoSuchEntity ... does not exist or is not attachable", issue 18; the emulator now answers so).
        Map<String, String> link = MemberTemplate.accessRoleParameters(MANAGEMENT, "OrgAdmin",
                List.of("arn:aws:iam::aws:policy/ReadOnlyAccess", "arn:aws:iam::aws:policy/job-function/ViewOnlyAccess"),
                List.of("arn:aws:iam::111111111111:role/Admin", "arn:aws:iam::111111111111:role/BreakGlass"));

        Map<?, ?> role = resolvedProperties(MemberTemplate.ACCESS_ROLE, "AccessRole",
                new PseudoParameters("eu-west-1", "222222222222", "aws", "s"), link);

        assertThat(role.get("RoleName")).isEqualTo("OrgAdmin");
        assertThat(trustedPrincipals(role)).isEqualTo(List.of("arn:aws:iam::111111111111:role/Admin",
                "arn:aws:iam::111111111111:role/BreakGlass"));
        assertThat(role.get("ManagedPolicyArns")).isEqualTo(List.of("arn:aws:iam::aws:policy/ReadOnlyAccess",
                "arn:aws:iam::aws:policy/job-function/ViewOnlyAccess"));
        assertThat(role.get("Tags")).isEqualTo(List.of(Map.of("Key", "created-by", "Value", "org-access-guard")));
    }

    @Test
    void bootstrapRole_inEachAccount_mayManageThatAccountsAccessRoleOnly() {
        for (var account : List.of(new PseudoParameters("us-east-1", "222222222222", "aws", "s"),
                new PseudoParameters("us-gov-east-1", "333333333333", "aws-us-gov", "s"))) {
            Map<?, ?> role = resolvedProperties(MemberTemplate.BOOTSTRAP_ROLE, "BootstrapRole", account,
                    MemberTemplate.bootstrapRoleParameters(MANAGEMENT, "OrgAccessGuardBootstrap", "OrgAdmin"));

            assertThat(role.get("RoleName")).isEqualTo("OrgAccessGuardBootstrap");
            assertThat(trustedPrincipals(role)).isEqualTo("arn:" + account.partition() + ":iam::" + MANAGEMENT + ":root");
            Map<?, ?> statement = (Map<?, ?>) ((List<?>) ((Map<?, ?>) ((Map<?, ?>) ((List<?>) role.get("Policies"))
                    .getFirst()).get("PolicyDocument")).get("Statement")).getFirst();
            assertThat(statement.get("Resource")).isEqualTo("arn:" + account.partition() + ":iam::"
                    + account.accountId() + ":role/OrgAdmin");
        }
    }

    @Test
    void noTemplateNamesAnAccount_soOneStackSetServesTheWholeOrganization() throws Exception {
        for (MemberTemplate template : MemberTemplate.values()) {
            String text = Files.readString(file(template));
            assertThat(text).as(template.fileName()).doesNotContainPattern("\\d{12}");
            Map<String, TemplateParameter> parameters = SamTemplate.load(file(template)).parameters();
            assertThat(parameters.values().stream().filter(parameter -> parameter.defaultValue().isEmpty())
                    .map(TemplateParameter::name)).as("parameters without a default")
                    .containsExactly(MemberTemplate.MANAGEMENT_ACCOUNT_ID);
        }
    }

    private static Object trustedPrincipals(Map<?, ?> role) {
        Map<?, ?> statement = (Map<?, ?>) ((List<?>) ((Map<?, ?>) role.get("AssumeRolePolicyDocument"))
                .get("Statement")).getFirst();
        assertThat(statement.get("Action")).isEqualTo("sts:AssumeRole");
        return ((Map<?, ?>) statement.get("Principal")).get("AWS");
    }

    private static Map<?, ?> resolvedProperties(MemberTemplate template, String logicalId, PseudoParameters account,
                                                Map<String, String> parameters) {
        SamTemplate resolved = SamTemplate.load(file(template)).withParameterOverrides(parameters)
                .withPseudoParameters(account);
        return (Map<?, ?>) resolved.resolver().resolve(resolved.resource(logicalId).get("Properties"));
    }

    private static Path file(MemberTemplate template) {
        return Repo.root().resolve(FOLDER).resolve(template.fileName());
    }
}
