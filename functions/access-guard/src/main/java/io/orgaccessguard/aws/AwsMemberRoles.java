package io.orgaccessguard.aws;

import io.orgaccessguard.core.port.MemberRoles;
import io.orgaccessguard.core.port.RoleSession;
import java.util.Optional;
import java.util.function.Function;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.model.Credentials;

/**
 * {@link MemberRoles} through STS, as the management account.
 *
 * <p>Only {@code RoleArn}, {@code RoleSessionName} and {@code DurationSeconds} are sent: a trust policy made by AWS's
 * own procedure allows only {@code sts:AssumeRole}, and STS refuses a source identity or session tags unless the trust
 * also allows {@code sts:SetSourceIdentity} / {@code sts:TagSession}.
 */
public final class AwsMemberRoles implements MemberRoles {

    /** The shortest session STS issues: we need minutes, not hours. */
    private static final int SESSION_SECONDS = 900;

    private final StsClient sts;
    private final Function<AwsSessionCredentials, IamClient> iamFor;

    /** @param iamFor builds an IAM client acting with a session's credentials; the session closes it */
    public AwsMemberRoles(StsClient sts, Function<AwsSessionCredentials, IamClient> iamFor) {
        this.sts = sts;
        this.iamFor = iamFor;
    }

    @Override
    public Optional<RoleSession> assume(String roleArn, SessionPurpose purpose) {
        Credentials credentials;
        try {
            credentials = sts.assumeRole(request -> request.roleArn(roleArn)
                    .roleSessionName(purpose.sessionName()).durationSeconds(SESSION_SECONDS)).credentials();
        } catch (SdkException e) {
            if (AwsErrors.isAccessDenied(e)) {
                return Optional.empty();
            }
            throw AwsErrors.failed("sts:AssumeRole", e);
        }
        return Optional.of(new AwsRoleSession(() -> iamFor.apply(AwsSessionCredentials.builder()
                .accessKeyId(credentials.accessKeyId())
                .secretAccessKey(credentials.secretAccessKey())
                .sessionToken(credentials.sessionToken())
                .expirationTime(credentials.expiration())
                .build())));
    }
}
