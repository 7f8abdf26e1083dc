package io.orgaccessguard.aws;

import io.orgaccessguard.core.port.RoleSession;
import io.orgaccessguard.core.port.RoleSession.Decision;
import io.orgaccessguard.core.port.RoleSession.Evaluation;
import io.orgaccessguard.core.port.RoleSession.MatchedPolicy;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.AttachedPermissionsBoundary;
import software.amazon.awssdk.services.iam.model.AttachedPolicy;
import software.amazon.awssdk.services.iam.model.EvaluationResult;
import software.amazon.awssdk.services.iam.model.EntityAlreadyExistsException;
import software.amazon.awssdk.services.iam.model.NoSuchEntityException;
import software.amazon.awssdk.services.iam.model.Role;
import software.amazon.awssdk.services.iam.model.Tag;

/**
 * {@link RoleSession}: IAM inside one member account with an assumed role's credentials. The IAM client is built on
 * first use (a probe that only assumes needs none) and closed with the session. Credentials stay inside it.
 */
final class AwsRoleSession implements RoleSession {

    private final Supplier<IamClient> clientFactory;
    private IamClient iam;

    AwsRoleSession(Supplier<IamClient> clientFactory) {
        this.clientFactory = clientFactory;
    }

    @Override
    public Optional<ExistingRole> getRole(String roleName) {
        return AwsErrors.call("iam:GetRole", () -> {
            try {
                Role role = iam().getRole(r -> r.roleName(roleName)).role();
                return Optional.of(new ExistingRole(role.arn(), decodeDocument(role.assumeRolePolicyDocument()),
                        role.tags().stream().collect(Collectors.toMap(Tag::key, Tag::value, (first, second) -> first)),
                        Optional.ofNullable(role.permissionsBoundary())
                                .map(AttachedPermissionsBoundary::permissionsBoundaryArn)));
            } catch (NoSuchEntityException e) {
                return Optional.empty();
            }
        });
    }

    @Override
    public boolean createRole(String roleName, String trustDocument, String description, Map<String, String> tags) {
        return AwsErrors.call("iam:CreateRole", () -> {
            try {
                iam().createRole(r -> r.roleName(roleName).assumeRolePolicyDocument(trustDocument)
                        .description(description)
                        .tags(tags.entrySet().stream()
                                .map(t -> Tag.builder().key(t.getKey()).value(t.getValue()).build()).toList()));
                return true;
            } catch (EntityAlreadyExistsException e) {
                return false;
            }
        });
    }

    @Override
    public void attachPolicy(String roleName, String policyArn) {
        AwsErrors.run("iam:AttachRolePolicy", () -> iam().attachRolePolicy(r -> r.roleName(roleName)
                .policyArn(policyArn)));
    }

    @Override
    public void updateTrust(String roleName, String trustDocument) {
        AwsErrors.run("iam:UpdateAssumeRolePolicy", () -> iam().updateAssumeRolePolicy(r -> r.roleName(roleName)
                .policyDocument(trustDocument)));
    }

    @Override
    public List<String> attachedPolicyArns(String roleName) {
        return AwsErrors.call("iam:ListAttachedRolePolicies", () -> iam()
                .listAttachedRolePoliciesPaginator(r -> r.roleName(roleName)).attachedPolicies().stream()
                .map(AttachedPolicy::policyArn).toList());
    }

    @Override
    public Map<String, String> inlinePolicies(String roleName) {
        List<String> names = AwsErrors.call("iam:ListRolePolicies", () -> iam()
                .listRolePoliciesPaginator(r -> r.roleName(roleName)).policyNames().stream().toList());
        var documents = new LinkedHashMap<String, String>();
        for (String name : names) {
            documents.put(name, AwsErrors.call("iam:GetRolePolicy", () -> decodeDocument(iam()
                    .getRolePolicy(r -> r.roleName(roleName).policyName(name)).policyDocument())));
        }
        return documents;
    }

    @Override
    public List<Evaluation> simulate(String principalArn, List<String> actions, List<ContextEntry> context) {
        return AwsErrors.call("iam:SimulatePrincipalPolicy", () -> iam()
                .simulatePrincipalPolicyPaginator(r -> r.policySourceArn(principalArn).actionNames(actions)
                        .resourceArns("*")
                        .contextEntries(context.stream().map(entry -> software.amazon.awssdk.services.iam.model.ContextEntry.builder()
                                .contextKeyName(entry.key()).contextKeyType(entry.type())
                                .contextKeyValues(entry.value()).build()).toList()))
                .evaluationResults().stream().map(AwsRoleSession::evaluation).toList());
    }

    private static Evaluation evaluation(EvaluationResult result) {
        Decision decision = switch (result.evalDecision()) {
            case ALLOWED -> Decision.ALLOWED;
            case EXPLICIT_DENY -> Decision.EXPLICIT_DENY;
            default -> Decision.IMPLICIT_DENY;
        };
        // Absent details mean that policy type took no part, so it did not deny.
        boolean boundary = result.permissionsBoundaryDecisionDetail() == null
                || !Boolean.FALSE.equals(result.permissionsBoundaryDecisionDetail().allowedByPermissionsBoundary());
        boolean organizations = result.organizationsDecisionDetail() == null
                || !Boolean.FALSE.equals(result.organizationsDecisionDetail().allowedByOrganizations());
        return new Evaluation(result.evalActionName(), decision, result.matchedStatements().stream()
                .map(statement -> new MatchedPolicy(String.valueOf(statement.sourcePolicyId()),
                        statement.sourcePolicyTypeAsString() == null ? "" : statement.sourcePolicyTypeAsString()))
                .toList(), boundary, organizations, result.missingContextValues());
    }

    @Override
    public Optional<String> managedPolicyDocument(String policyArn) {
        Optional<String> version = AwsErrors.call("iam:GetPolicy", () -> {
            try {
                return Optional.of(iam().getPolicy(r -> r.policyArn(policyArn)).policy().defaultVersionId());
            } catch (NoSuchEntityException e) {
                return Optional.empty();
            }
        });
        return version.map(id -> AwsErrors.call("iam:GetPolicyVersion", () -> decodeDocument(iam()
                .getPolicyVersion(r -> r.policyArn(policyArn).versionId(id)).policyVersion().document())));
    }

    @Override
    public boolean policyExists(String policyArn) {
        return AwsErrors.call("iam:GetPolicy", () -> {
            try {
                iam().getPolicy(r -> r.policyArn(policyArn));
                return true;
            } catch (NoSuchEntityException e) {
                return false;
            }
        });
    }

    /**
     * IAM returns policy documents URL-encoded (RFC 3986), and the SDK for Java hands them on as they came: GetRole's
     * {@code AssumeRolePolicyDocument} and GetRolePolicy's {@code PolicyDocument}
     * (https://docs.aws.amazon.com/IAM/latest/APIReference/API_GetRole.html,
     * https://docs.aws.amazon.com/IAM/latest/APIReference/API_GetRolePolicy.html). RFC 3986 writes a space as
     * {@code %20}, so a {@code +} is a plus, not the space {@link URLDecoder} would make of it.
     */
    static String decodeDocument(String document) {
        if (document == null) {
            return "";
        }
        return URLDecoder.decode(document.replace("+", "%2B"), StandardCharsets.UTF_8);
    }

    private synchronized IamClient iam() {
        if (iam == null) {
            iam = clientFactory.get();
        }
        return iam;
    }

    @Override
    public synchronized void close() {
        if (iam != null) {
            iam.close();
        }
    }
}
