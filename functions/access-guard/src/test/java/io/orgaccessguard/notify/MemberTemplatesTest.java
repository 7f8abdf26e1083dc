package io.orgaccessguard.notify;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.AbstractConstruct;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * The member-account templates say what the function's own words say: the bootstrap role allows exactly
 * {@link PolicyDocuments#BOOTSTRAP_ACTIONS} on the access role only, both roles trust the management account, and the
 * parameters quick-create links fill in exist under the names {@link MemberTemplate} gives. (cfn-lint judges the
 * templates as CloudFormation: integration-tests MemberTemplatesLintTest and .ci/run.)
 */
class MemberTemplatesTest {

    @Test
    void bootstrapRole_allowsExactlyTheBootstrapActions_onTheAccessRoleOnly() {
        Map<String, Object> role = resource(MemberTemplate.BOOTSTRAP_ROLE, "BootstrapRole");
        List<Object> policies = list(properties(role).get("Policies"));
        assertThat(policies).hasSize(1);
        Map<String, Object> document = map(map(policies.getFirst()).get("PolicyDocument"));
        List<Object> statements = list(document.get("Statement"));
        assertThat(statements).hasSize(1);
        Map<String, Object> statement = map(statements.getFirst());

        assertThat(statement).containsEntry("Effect", "Allow").doesNotContainKeys("NotAction", "NotResource",
                "Condition");
        assertThat(statement.get("Action")).isEqualTo(PolicyDocuments.BOOTSTRAP_ACTIONS);
        assertThat(statement.get("Resource"))
                .isEqualTo(Map.of("Fn::Sub", "arn:${AWS::Partition}:iam::${AWS::AccountId}:role/${AccessRoleName}"));
    }

    @Test
    void bootstrapRole_trustsTheManagementAccount_andIsNamedByItsParameter() {
        Map<String, Object> role = resource(MemberTemplate.BOOTSTRAP_ROLE, "BootstrapRole");

        assertThat(properties(role).get("RoleName")).isEqualTo(Map.of("Ref", MemberTemplate.BOOTSTRAP_ROLE_NAME));
        assertThat(trustPrincipal(role))
                .isEqualTo(Map.of("Fn::Sub", "arn:${AWS::Partition}:iam::${ManagementAccountId}:root"));
        assertThat(parameter(MemberTemplate.BOOTSTRAP_ROLE, MemberTemplate.BOOTSTRAP_ROLE_NAME))
                .containsEntry("Default", Remediation.DEFAULT_BOOTSTRAP_ROLE_NAME);
        assertThat(parameter(MemberTemplate.BOOTSTRAP_ROLE, MemberTemplate.ACCESS_ROLE_NAME))
                .containsEntry("Default", "OrganizationAccountAccessRole");
        assertThat(tags(role)).containsExactly(Map.of("Key", "created-by", "Value", "org-access-guard"));
    }

    @Test
    void accessRole_trustsTheGivenPrincipals_orTheManagementRootWhenNoneAreGiven() {
        Map<String, Object> role = resource(MemberTemplate.ACCESS_ROLE, "AccessRole");

        assertThat(properties(role).get("RoleName")).isEqualTo(Map.of("Ref", MemberTemplate.ACCESS_ROLE_NAME));
        assertThat(trustPrincipal(role)).isEqualTo(Map.of("Fn::If", List.of("TrustManagementAccount",
                Map.of("Fn::Sub", "arn:${AWS::Partition}:iam::${ManagementAccountId}:root"),
                Map.of("Ref", MemberTemplate.TRUSTED_PRINCIPAL_ARNS))));
        assertThat(properties(role).get("ManagedPolicyArns")).isEqualTo(Map.of("Fn::If", List.of(
                "UseAdministratorAccess",
                List.of(Map.of("Fn::Sub", "arn:${AWS::Partition}:iam::aws:policy/AdministratorAccess")),
                Map.of("Ref", MemberTemplate.POLICY_ARNS))));
        assertThat(tags(role)).containsExactly(Map.of("Key", "created-by", "Value", "org-access-guard"));
    }

    @Test
    void accessRole_parameters_areTheOnesQuickCreateLinksFill_withDefaultsThatHoldInEveryAccount() {
        Map<String, Object> parameters = map(template(MemberTemplate.ACCESS_ROLE).get("Parameters"));

        assertThat(parameters).containsOnlyKeys(MemberTemplate.accessRoleParameters("111122223333", "R",
                List.of(), List.of()).keySet());
        assertThat(map(parameters.get(MemberTemplate.MANAGEMENT_ACCOUNT_ID)))
                .containsEntry("AllowedPattern", "^[0-9]{12}$").doesNotContainKey("Default");
        assertThat(map(parameters.get(MemberTemplate.ACCESS_ROLE_NAME)))
                .containsEntry("Default", "OrganizationAccountAccessRole");
        assertThat(map(parameters.get(MemberTemplate.POLICY_ARNS)))
                .containsEntry("Type", "CommaDelimitedList").containsEntry("Default", "");
        assertThat(map(parameters.get(MemberTemplate.TRUSTED_PRINCIPAL_ARNS)))
                .containsEntry("Type", "CommaDelimitedList").containsEntry("Default", "");
        assertThat(map(template(MemberTemplate.BOOTSTRAP_ROLE).get("Parameters"))).containsOnlyKeys(
                MemberTemplate.bootstrapRoleParameters("111122223333", "B", "R").keySet());
    }

    @Test
    void accessRoleParameters_joinListsAsCommaDelimitedListsTakeThem() {
        assertThat(MemberTemplate.accessRoleParameters("111122223333", "OrganizationAccountAccessRole",
                List.of("arn:aws:iam::aws:policy/ReadOnlyAccess", "arn:aws:iam::aws:policy/SecurityAudit"),
                List.of("arn:aws:iam::111122223333:role/Admin")))
                .containsExactly(Map.entry("ManagementAccountId", "111122223333"),
                        Map.entry("AccessRoleName", "OrganizationAccountAccessRole"),
                        Map.entry("PolicyArns",
                                "arn:aws:iam::aws:policy/ReadOnlyAccess,arn:aws:iam::aws:policy/SecurityAudit"),
                        Map.entry("TrustedPrincipalArns", "arn:aws:iam::111122223333:role/Admin"));
    }

    // --- reading the templates --------------------------------------------------------------------------------

    private static Object trustPrincipal(Map<String, Object> role) {
        Map<String, Object> trust = map(properties(role).get("AssumeRolePolicyDocument"));
        List<Object> statements = list(trust.get("Statement"));
        assertThat(statements).hasSize(1);
        Map<String, Object> statement = map(statements.getFirst());
        assertThat(statement).containsEntry("Effect", "Allow").containsEntry("Action", "sts:AssumeRole");
        return map(statement.get("Principal")).get("AWS");
    }

    private static List<Object> tags(Map<String, Object> role) {
        return list(properties(role).get("Tags"));
    }

    private static Map<String, Object> parameter(MemberTemplate template, String name) {
        return map(map(template(template).get("Parameters")).get(name));
    }

    private static Map<String, Object> properties(Map<String, Object> resource) {
        return map(resource.get("Properties"));
    }

    private static Map<String, Object> resource(MemberTemplate template, String logicalId) {
        Map<String, Object> resources = map(template(template).get("Resources"));
        assertThat(resources).containsOnlyKeys(logicalId);
        Map<String, Object> resource = map(resources.get(logicalId));
        assertThat(resource).containsEntry("Type", "AWS::IAM::Role");
        return resource;
    }

    private static Map<String, Object> template(MemberTemplate template) {
        return map(new Yaml(new CloudFormationTags()).load(template.body()));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object value) {
        assertThat(value).isInstanceOf(Map.class);
        return (Map<String, Object>) value;
    }

    @SuppressWarnings("unchecked")
    private static List<Object> list(Object value) {
        assertThat(value).isInstanceOf(List.class);
        return (List<Object>) value;
    }

    /** CloudFormation's short forms ({@code !Sub x}) read as their long forms ({@code {"Fn::Sub": x}}). */
    private static final class CloudFormationTags extends SafeConstructor {

        CloudFormationTags() {
            super(new LoaderOptions());
            for (String function : List.of("Sub", "If", "Equals", "Join", "GetAtt", "Not", "And", "Or", "Select",
                    "Split", "FindInMap", "Base64", "Cidr", "GetAZs", "ImportValue")) {
                yamlConstructors.put(new org.yaml.snakeyaml.nodes.Tag("!" + function), new LongForm("Fn::" + function));
            }
            yamlConstructors.put(new org.yaml.snakeyaml.nodes.Tag("!Ref"), new LongForm("Ref"));
            yamlConstructors.put(new org.yaml.snakeyaml.nodes.Tag("!Condition"), new LongForm("Condition"));
        }

        private final class LongForm extends AbstractConstruct {
            private final String key;

            LongForm(String key) {
                this.key = key;
            }

            @Override
            public Object construct(Node node) {
                Object value = switch (node) {
                    case ScalarNode scalar -> constructScalar(scalar);
                    case SequenceNode sequence -> constructSequence(sequence);
                    case MappingNode mapping -> constructMapping(mapping);
                    default -> throw new IllegalArgumentException("unexpected node " + node);
                };
                var longForm = new LinkedHashMap<String, Object>();
                longForm.put(key, value);
                return longForm;
            }
        }
    }
}
