package io.orgaccessguard.notify.directory;

import io.orgaccessguard.core.model.Organization;
import io.orgaccessguard.notify.ArtifactLocations;
import io.orgaccessguard.notify.CliProfile;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * The directory's {@code aws-config}: one {@code [profile <name>]} per enterable account, ready to append to
 * {@code ~/.aws/config} or to use as {@code AWS_CONFIG_FILE}. Each profile assumes the access role in its account
 * with the credentials of the reader's own profile for the management account, named {@value CliProfile#SOURCE_PROFILE}
 * ({@code source_profile}, https://docs.aws.amazon.com/cli/latest/userguide/cli-configure-role.html). Names come from
 * {@link ProfileNames}. Nothing an account's owner chose reaches the file except as a comment of printable ASCII, and
 * profile names are slugs, so no name can add a line or a section.
 */
public final class AwsConfigFile {

    /** Its object key next to the page. */
    public static final String OBJECT_KEY = ArtifactLocations.DIRECTORY_AWS_CONFIG;

    private AwsConfigFile() {
    }

    public static String render(DirectoryInfo info, List<DirectoryEntry> entries) {
        Map<String, String> names = ProfileNames.assign(entries);
        Organization organization = info.organization();
        long left = entries.size() - names.size();
        var file = new StringBuilder()
                .append(CliProfile.commentLine("org-access-guard: AWS CLI profiles for the member accounts of"
                        + " organization " + organization.id() + " that its management account "
                        + organization.managementAccountId() + " can enter, generated " + info.generatedAt() + "."))
                .append(CliProfile.commentLine("Each assumes the role " + info.accessRoleName() + " in its account"
                        + " with the credentials of your profile [" + CliProfile.SOURCE_PROFILE + "] (source_profile):"
                        + " give your management-account profile that name, or change source_profile."))
                .append(CliProfile.commentLine("Append this file to ~/.aws/config, or set AWS_CONFIG_FILE to it."
                        + " A profile is named after its account; when names clash, the last 4 digits of the account"
                        + " ID are added."))
                .append(CliProfile.commentLine(left == 0 ? "Every active account can be entered."
                        : left + " account(s) without working access are left out: see access-directory.html."));
        entries.stream().filter(DirectoryEntry::enterable)
                .sorted(Comparator.comparing((DirectoryEntry entry) -> names.get(entry.accountId())))
                .forEach(entry -> file.append('\n')
                        .append(CliProfile.commentLine(entry.name() + " (" + entry.accountId() + "), "
                                + AccessDirectoryPage.ouLabel(entry.ouPath()) + restrictedNote(entry)))
                        .append(CliProfile.section(names.get(entry.accountId()),
                                organization.roleArn(entry.accountId(), info.accessRoleName()), info.profileRegion())));
        return file.toString();
    }

    private static String restrictedNote(DirectoryEntry entry) {
        return entry.restricted() ? "; restricted (" + entry.status() + "): it can be entered, not administered in"
                + " full, see access-directory.html" : "";
    }

    /**
     * The profiles of the enterable {@code entries} alone, for a run that checked some accounts, not the whole
     * organization: a heading comment, then one section per account, named as the directory would name it among these
     * accounts. Where an account is in the OU tree is not known here, so it is not said.
     */
    public static String profiles(DirectoryInfo info, List<DirectoryEntry> entries) {
        Map<String, String> names = ProfileNames.assign(entries);
        var block = new StringBuilder(CliProfile.commentLine("org-access-guard: AWS CLI profiles for the "
                + names.size() + " account(s) this run checked that the management account "
                + info.organization().managementAccountId() + " can enter; source_profile is your profile ["
                + CliProfile.SOURCE_PROFILE + "] for the management account."));
        entries.stream().filter(DirectoryEntry::enterable)
                .sorted(Comparator.comparing((DirectoryEntry entry) -> names.get(entry.accountId())))
                .forEach(entry -> block.append('\n')
                        .append(CliProfile.commentLine(entry.name() + " (" + entry.accountId() + ")"
                                + restrictedNote(entry)))
                        .append(CliProfile.section(names.get(entry.accountId()),
                                info.organization().roleArn(entry.accountId(), info.accessRoleName()),
                                info.profileRegion())));
        return block.toString();
    }
}
