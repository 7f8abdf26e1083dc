package io.orgaccessguard.it.support;

import io.orgaccessguard.json.Json;
import io.orgaccessguard.localinvoke.template.PseudoParameters;
import io.orgaccessguard.localinvoke.template.SamTemplate;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.Tag;

/**
 * "Create stack" for a template of IAM roles, done the way CloudFormation does it, because the emulator runs no
 * CloudFormation: the template's parameters take the values given (as a quick-create link passes them), its intrinsic
 * functions ({@code !Ref}, {@code !Sub}, {@code !If}, {@code !Equals}, {@code !Join}) are resolved for the account and
 * Region it is created in, and each {@code AWS::IAM::Role} becomes the IAM calls its resource handler makes:
 * {@code CreateRole} with the role's name, trust policy, description and tags, then {@code AttachRolePolicy} for each
 * of {@code ManagedPolicyArns} and {@code PutRolePolicy} for each of {@code Policies}
 * (https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-iam-role.html). Any other
 * resource type is refused: this is not CloudFormation, only what the member templates need of it.
 */
public final class RoleStack {

    private RoleStack() {
    }

    /** One IAM call made, for the test to show what "creating the stack" did. */
    public record Call(String action, String roleName, String detail) {
    }

    public static List<Call> create(String templateBody, Map<String, String> parameters, PseudoParameters account,
                                    IamClient iam) {
        SamTemplate template = load(templateBody).withParameterOverrides(parameters).withPseudoParameters(account);
        var calls = new ArrayList<Call>();
        template.resources().forEach((logicalId, resource) -> {
            String type = template.resourceType(logicalId).orElse("");
            if (!type.equals("AWS::IAM::Role")) {
                throw new IllegalArgumentException(logicalId + " is a " + type + ": only AWS::IAM::Role is applied");
            }
            Map<?, ?> properties = (Map<?, ?>) template.resolver().resolve(template.resource(logicalId)
                    .get("Properties"));
            String roleName = String.valueOf(properties.get("RoleName"));
            List<Tag> tags = list(properties.get("Tags")).stream().map(tag -> (Map<?, ?>) tag)
                    .map(tag -> Tag.builder().key(String.valueOf(tag.get("Key"))).value(String.valueOf(tag.get("Value")))
                            .build()).toList();
            iam.createRole(r -> r.roleName(roleName).assumeRolePolicyDocument(Json.write(
                    properties.get("AssumeRolePolicyDocument"))).description((String) properties.get("Description"))
                    .tags(tags));
            calls.add(new Call("CreateRole", roleName, Json.write(properties.get("AssumeRolePolicyDocument"))));
            for (Object arn : list(properties.get("ManagedPolicyArns"))) {
                iam.attachRolePolicy(r -> r.roleName(roleName).policyArn(String.valueOf(arn)));
                calls.add(new Call("AttachRolePolicy", roleName, String.valueOf(arn)));
            }
            for (Object item : list(properties.get("Policies"))) {
                Map<?, ?> policy = (Map<?, ?>) item;
                String document = Json.write(policy.get("PolicyDocument"));
                iam.putRolePolicy(r -> r.roleName(roleName).policyName(String.valueOf(policy.get("PolicyName")))
                        .policyDocument(document));
                calls.add(new Call("PutRolePolicy", roleName, document));
            }
        });
        return calls;
    }

    private static List<?> list(Object value) {
        return value == null ? List.of() : (List<?>) value;
    }

    private static SamTemplate load(String body) {
        try {
            Path file = Files.createTempFile("member-template", ".yaml");
            Files.writeString(file, body, StandardCharsets.UTF_8);
            try {
                return SamTemplate.load(file);
            } finally {
                Files.delete(file);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
