package io.orgaccessguard.notify;

import io.orgaccessguard.core.model.Organization;
import io.orgaccessguard.config.GuardConfig;
import java.util.Optional;

/**
 * How a person in the management account gets into a member account whose access role works: a console switch-role
 * link and an AWS CLI profile. Shown for results where access is in place.
 *
 * @param profileName the {@code ~/.aws/config} profile name: the account name made safe, or the account ID
 * @param profile the profile section, ready to paste into {@code ~/.aws/config}
 */
record AccessHints(String roleArn, String switchRoleUrl, String profileName, String profile,
                   String assumeRoleCommand) {

    /** The profile the suggested profile takes its credentials from; the reader names their own. */
    static final String SOURCE_PROFILE = CliProfile.SOURCE_PROFILE;

    /** Hints for {@code result}'s account, or empty when its ID is not a 12-digit account ID. */
    static Optional<AccessHints> of(ResultWords result, Organization organization, GuardConfig config) {
        String accountId = result.accountId();
        if (!Remediation.isAccountId(accountId)) {
            return Optional.empty();
        }
        String roleName = config.accessRoleName();
        String roleArn = organization.roleArn(accountId, roleName);
        String url = SwitchRoleLink.of(organization, accountId, roleName, result.accountName());
        String profileName = CliProfile.name(result.accountName(), accountId);
        String profile = CliProfile.section(profileName, roleArn, Optional.empty());
        String assume = Remediation.command("aws", "sts", "assume-role", "--role-arn", roleArn,
                "--role-session-name", "org-access-" + accountId, "--profile", SOURCE_PROFILE);
        return Optional.of(new AccessHints(roleArn, url, profileName, profile, assume));
    }
}
