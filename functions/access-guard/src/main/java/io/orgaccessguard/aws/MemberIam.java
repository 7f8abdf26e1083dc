package io.orgaccessguard.aws;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.AttachedPolicy;
import software.amazon.awssdk.services.iam.model.NoSuchEntityException;
import software.amazon.awssdk.services.iam.model.Role;
import software.amazon.awssdk.services.iam.model.Tag;
import software.amazon.awssdk.utils.SdkAutoCloseable;

/** IAM inside one member account, through a role session. Closing it closes the session's client. */
public final class MemberIam implements SdkAutoCloseable {

    private final IamClient iam;

    public MemberIam(IamClient iam) {
        this.iam = iam;
    }

    /** The role with its trust document decoded, or empty when it does not exist. */
    public Optional<ExistingRole> getRole(String roleName) {
        try {
            Role role = iam.getRole(r -> r.roleName(roleName)).role();
            return Optional.of(new ExistingRole(role.arn(), decodeDocument(role.assumeRolePolicyDocument()),
                    role.tags().stream().collect(Collectors.toMap(Tag::key, Tag::value, (first, second) -> first))));
        } catch (NoSuchEntityException e) {
            return Optional.empty();
        }
    }

    public String createRole(String roleName, String trustDocument, String description, Map<String, String> tags) {
        return iam.createRole(r -> r.roleName(roleName).assumeRolePolicyDocument(trustDocument)
                .description(description)
                .tags(tags.entrySet().stream().map(t -> Tag.builder().key(t.getKey()).value(t.getValue()).build())
                        .toList()))
                .role().arn();
    }

    /** Attaching a policy that is already attached is a no-op in IAM, so this is safe to repeat. */
    public void attachPolicy(String roleName, String policyArn) {
        iam.attachRolePolicy(r -> r.roleName(roleName).policyArn(policyArn));
    }

    public void updateTrust(String roleName, String trustDocument) {
        iam.updateAssumeRolePolicy(r -> r.roleName(roleName).policyDocument(trustDocument));
    }

    public List<String> attachedPolicyArns(String roleName) {
        return iam.listAttachedRolePoliciesPaginator(r -> r.roleName(roleName)).attachedPolicies().stream()
                .map(AttachedPolicy::policyArn).toList();
    }

    /**
     * IAM returns policy documents URL-encoded (RFC 3986); some emulators return them plain. A JSON document starts
     * with '{' once decoded either way.
     */
    static String decodeDocument(String document) {
        if (document == null || document.stripLeading().startsWith("{")) {
            return document == null ? "" : document;
        }
        return URLDecoder.decode(document.replace("+", "%2B"), StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        iam.close();
    }

    /**
     * @param trustDocument the trust policy as JSON
     * @param tags the role's tags, as GetRole returns them
     */
    public record ExistingRole(String arn, String trustDocument, Map<String, String> tags) {
        public ExistingRole {
            tags = Map.copyOf(tags);
        }
    }
}
