package io.orgaccessguard.emulator.state;

import io.orgaccessguard.emulator.policy.PolicyDocument;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An IAM role, immutable: every change produces a new value swapped in atomically by its account's map.
 *
 * @param trustRoleIds role ARNs named in the trust policy, mapped to the unique ID of the role they named when the
 *     policy was set (IAM binds a principal to the role's ID, so a recreated role is not trusted)
 * @param trustUpdatedAt when the trust policy last changed (creation counts); drives the propagation delay
 * @param permissionsBoundaryArn the managed policy set as the role's permissions boundary, or null
 *     (https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies_boundaries.html)
 */
public record Role(String accountId, String name, String path, String arn, String roleId, PolicyDocument trust,
                   Map<String, String> trustRoleIds, String description, int maxSessionDuration, Instant createdAt,
                   Instant trustUpdatedAt, List<String> attachedPolicyArns, Map<String, PolicyDocument> inlinePolicies,
                   Map<String, String> tags, String permissionsBoundaryArn) {

    public Role {
        trustRoleIds = Map.copyOf(trustRoleIds);
        attachedPolicyArns = List.copyOf(attachedPolicyArns);
        inlinePolicies = Collections.unmodifiableMap(new LinkedHashMap<>(inlinePolicies));
        tags = Collections.unmodifiableMap(new LinkedHashMap<>(tags));
    }

    public Role withTrust(PolicyDocument newTrust, Map<String, String> newTrustRoleIds, Instant at) {
        return new Role(accountId, name, path, arn, roleId, newTrust, newTrustRoleIds, description,
                maxSessionDuration, createdAt, at, attachedPolicyArns, inlinePolicies, tags, permissionsBoundaryArn);
    }

    public Role withAttached(List<String> arns) {
        return new Role(accountId, name, path, arn, roleId, trust, trustRoleIds, description, maxSessionDuration,
                createdAt, trustUpdatedAt, arns, inlinePolicies, tags, permissionsBoundaryArn);
    }

    public Role withInline(String policyName, PolicyDocument document) {
        var copy = new LinkedHashMap<>(inlinePolicies);
        if (document == null) {
            copy.remove(policyName);
        } else {
            copy.put(policyName, document);
        }
        return new Role(accountId, name, path, arn, roleId, trust, trustRoleIds, description, maxSessionDuration,
                createdAt, trustUpdatedAt, attachedPolicyArns, copy, tags, permissionsBoundaryArn);
    }

    public Role withTags(Map<String, String> newTags) {
        return new Role(accountId, name, path, arn, roleId, trust, trustRoleIds, description, maxSessionDuration,
                createdAt, trustUpdatedAt, attachedPolicyArns, inlinePolicies, newTags, permissionsBoundaryArn);
    }

    /** @param policyArn the boundary, or null to remove it */
    public Role withPermissionsBoundary(String policyArn) {
        return new Role(accountId, name, path, arn, roleId, trust, trustRoleIds, description, maxSessionDuration,
                createdAt, trustUpdatedAt, attachedPolicyArns, inlinePolicies, tags, policyArn);
    }

    public Role withAttachedAdded(String policyArn) {
        var copy = new ArrayList<>(attachedPolicyArns);
        copy.add(policyArn);
        return withAttached(copy);
    }

    /**
     * The trust policy as IAM shows it: a named role that no longer exists (or was recreated) is replaced by the
     * unique ID it had, which matches nothing any more.
     */
    public String renderedTrust(java.util.function.Function<String, String> currentRoleIdOfArn) {
        String json = trust.json();
        for (Map.Entry<String, String> e : trustRoleIds.entrySet()) {
            String current = currentRoleIdOfArn.apply(e.getKey());
            if (!e.getValue().equals(current)) {
                json = json.replace("\"" + e.getKey() + "\"", "\"" + e.getValue() + "\"");
            }
        }
        return json;
    }
}
