package io.orgaccessguard.aws;

import java.util.Optional;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.model.Credentials;
import software.amazon.awssdk.services.sts.model.StsException;

/**
 * Assumes roles in member accounts as the management account.
 *
 * <p>Only {@code RoleArn}, {@code RoleSessionName} and {@code DurationSeconds} are sent: a trust policy made by AWS's
 * own procedure allows only {@code sts:AssumeRole}, and STS refuses a source identity or session tags unless the trust
 * also allows {@code sts:SetSourceIdentity} / {@code sts:TagSession}.
 */
public final class RoleSessions {

    /** The shortest session STS issues: we need minutes, not hours. */
    private static final int SESSION_SECONDS = 900;

    private final StsClient sts;

    public RoleSessions(StsClient sts) {
        this.sts = sts;
    }

    /**
     * Assumes the role, or returns empty when STS answers {@code AccessDenied} — which it does alike for a role that
     * does not exist and one whose trust does not admit us. Any other failure is thrown.
     *
     * @param sessionName shows in the member account's CloudTrail who came in and why
     */
    public Optional<RoleSession> assume(String roleArn, String sessionName) {
        try {
            Credentials credentials = sts.assumeRole(request -> request.roleArn(roleArn)
                    .roleSessionName(sessionName).durationSeconds(SESSION_SECONDS)).credentials();
            return Optional.of(new RoleSession(roleArn, AwsSessionCredentials.builder()
                    .accessKeyId(credentials.accessKeyId())
                    .secretAccessKey(credentials.secretAccessKey())
                    .sessionToken(credentials.sessionToken())
                    .expirationTime(credentials.expiration())
                    .build()));
        } catch (StsException e) {
            if (AwsErrors.isAccessDenied(e)) {
                return Optional.empty();
            }
            throw e;
        }
    }
}
