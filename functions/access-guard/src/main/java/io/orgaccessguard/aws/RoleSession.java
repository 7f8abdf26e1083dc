package io.orgaccessguard.aws;

import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;

/**
 * Temporary credentials for one assumed role. {@link #toString()} never shows them.
 *
 * @param roleArn the role that was assumed
 */
public record RoleSession(String roleArn, AwsSessionCredentials credentials) {
    @Override
    public String toString() {
        return "RoleSession[" + roleArn + "]";
    }
}
