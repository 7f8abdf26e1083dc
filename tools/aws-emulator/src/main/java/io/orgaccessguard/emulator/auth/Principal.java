package io.orgaccessguard.emulator.auth;

import io.orgaccessguard.emulator.policy.PolicyDocument;
import java.util.List;
import java.util.Map;

/**
 * Who signed a request: the account's admin IAM user, or a role session issued by AssumeRole.
 *
 * @param arn the caller ARN AWS reports ({@code ...:user/emulator-admin} or {@code ...:assumed-role/Role/session})
 * @param userId {@code AIDA...} for users, {@code AROA...:session} for role sessions
 * @param roleArn the IAM role ARN (with path) behind a role session, else null
 * @param roleId the unique ID of that role, so a deleted and recreated role does not inherit the session
 * @param sessionPolicies policies passed to AssumeRole, which can only narrow the role's permissions
 */
public record Principal(Type type, String partition, String accountId, String arn, String userId, String roleName,
                        String roleArn, String roleId, String sessionName, String sourceIdentity,
                        List<PolicyDocument> sessionPolicies, Map<String, String> sessionTags) {

    public enum Type { USER, ASSUMED_ROLE }

    public Principal {
        sessionPolicies = List.copyOf(sessionPolicies);
        sessionTags = Map.copyOf(sessionTags);
    }

    public boolean isRoleSession() {
        return type == Type.ASSUMED_ROLE;
    }

    /** The value of {@code aws:PrincipalArn}: the role ARN for a role session, the user ARN otherwise. */
    public String principalArn() {
        return isRoleSession() ? roleArn : arn;
    }

    public static Principal user(String partition, String accountId, String userName, String userId) {
        return new Principal(Type.USER, partition, accountId,
                "arn:" + partition + ":iam::" + accountId + ":user/" + userName, userId, null, null, null, null,
                null, List.of(), Map.of());
    }
}
