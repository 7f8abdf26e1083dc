package io.orgaccessguard.emulator;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A read-only snapshot of an IAM role for test assertions.
 *
 * @param trustPolicy the trust policy JSON, decoded (not URL-encoded as GetRole returns it)
 * @param inlinePolicies inline policy name to document JSON
 * @param trustUpdatedAt when the trust policy was last set (the creation time for an untouched role)
 * @param permissionsBoundaryArn the role's permissions boundary, or null
 */
public record RoleView(String accountId, String roleName, String path, String arn, String roleId, String trustPolicy,
                       List<String> attachedPolicyArns, Map<String, String> inlinePolicies, Map<String, String> tags,
                       String description, int maxSessionDuration, Instant createdAt, Instant trustUpdatedAt,
                       String permissionsBoundaryArn) {

    public RoleView {
        attachedPolicyArns = List.copyOf(attachedPolicyArns);
        inlinePolicies = Map.copyOf(inlinePolicies);
        tags = Map.copyOf(tags);
    }
}
