package io.orgaccessguard.notify;

import io.orgaccessguard.core.model.Organization;
import io.orgaccessguard.config.GuardConfig;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
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
    static final String SOURCE_PROFILE = "management";
    /** The console shows the display name in its navigation bar; a long one is only clutter. */
    private static final int DISPLAY_NAME_LENGTH = 32;
    private static final int PROFILE_NAME_LENGTH = 48;

    /** Hints for {@code result}'s account, or empty when its ID is not a 12-digit account ID. */
    static Optional<AccessHints> of(ResultWords result, Organization organization, GuardConfig config) {
        String accountId = result.accountId();
        if (!Remediation.isAccountId(accountId)) {
            return Optional.empty();
        }
        String roleName = config.accessRoleName();
        String roleArn = organization.roleArn(accountId, roleName);
        String shortName = PlainText.oneLine(result.accountName(), DISPLAY_NAME_LENGTH);
        String url = "https://" + organization.consoleHost() + "/switchrole?account=" + accountId
                + "&roleName=" + urlEncode(roleName)
                + "&displayName=" + urlEncode(shortName.isEmpty() ? accountId : shortName);
        String slug = PlainText.slug(result.accountName(), PROFILE_NAME_LENGTH);
        String profileName = slug.isEmpty() ? accountId : slug;
        String profile = "[profile " + profileName + "]\n"
                + "role_arn = " + roleArn + "\n"
                + "source_profile = " + SOURCE_PROFILE + "\n";
        String assume = Remediation.command("aws", "sts", "assume-role", "--role-arn", roleArn,
                "--role-session-name", "org-access-" + accountId, "--profile", SOURCE_PROFILE);
        return Optional.of(new AccessHints(roleArn, url, profileName, profile, assume));
    }

    /** Query-string encoding with {@code %20} for spaces: {@code +} is only a space in form bodies. */
    private static String urlEncode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
