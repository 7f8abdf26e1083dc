package io.orgaccessguard.notify.directory;

import io.orgaccessguard.core.model.Organization;
import io.orgaccessguard.notify.ArtifactLocations;
import io.orgaccessguard.notify.CliProfile;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * The directory's {@code aws-config}: one block for {@code ~/.aws/config}, from a {@code # BEGIN org-access-guard
 * <organization>} line to a {@code # END org-access-guard <organization>} line, with one {@code [profile <name>]} per
 * enterable account. Each profile assumes the access role in its account with the credentials of the reader's own
 * profile for the management account, named {@value CliProfile#SOURCE_PROFILE} ({@code source_profile}, "Use an IAM
 * role in the AWS CLI", https://docs.aws.amazon.com/cli/latest/userguide/cli-configure-role.html). Names come from
 * {@link ProfileNames}. Nothing an account's owner chose reaches the file except as a comment of printable ASCII, and
 * profile names are slugs, so no name can add a line or a section.
 *
 * <p>{@link #installCommand} puts the block into {@code ~/.aws/config} (or {@code $AWS_CONFIG_FILE}): it replaces the
 * lines from this organization's BEGIN line to its END line, or appends the block when there is none, and leaves every
 * other line as it was. So installing twice changes nothing, an account that left loses its profile, and the
 * person's own profiles stay. The partial block a manual request returns ({@link #profiles}) has no markers: it is
 * for reading or appending by hand, and installing it prunes nothing.
 */
public final class AwsConfigFile {

    /** Its object key next to the page. */
    public static final String OBJECT_KEY = ArtifactLocations.DIRECTORY_AWS_CONFIG;
    static final String MARKER = "org-access-guard ";

    /**
     * The POSIX {@code sh} script that reads a block on its standard input and installs it: it refuses anything that
     * does not start with a BEGIN line and end with the matching END line, and a config file where this
     * organization's BEGIN line has no END line (it would not know where the block ends); then it writes the file
     * in place (keeping its permissions and links) through a temporary copy. Only POSIX sh, awk, head, tail, grep
     * and mktemp: the same on Linux and macOS.
     */
    static final String INSTALL_SCRIPT = "set -e; b=$(mktemp); trap 'rm -f \"$b\" \"$b.new\"' EXIT; cat > \"$b\";"
            + " first=$(head -n 1 \"$b\"); last=$(tail -n 1 \"$b\");"
            + " case \"$first\" in \"# BEGIN " + MARKER + "\"*) ;;"
            + " *) echo 'not an org-access-guard profile block' >&2; exit 1;; esac;"
            + " [ \"$last\" = \"# END ${first#\\# BEGIN }\" ] || { echo 'the profile block is cut short' >&2; exit 1; };"
            + " f=${AWS_CONFIG_FILE:-$HOME/.aws/config}; mkdir -p \"$(dirname \"$f\")\"; touch \"$f\";"
            + " if grep -qxF \"$first\" \"$f\" && ! grep -qxF \"$last\" \"$f\"; then"
            + " echo \"$f has '$first' but not '$last': put it back, or remove the block, and run this again\" >&2;"
            + " exit 1; fi;"
            + " awk -v begin=\"$first\" -v end=\"$last\" 'FNR == NR { block[++n] = $0; next }"
            + " !skip && $0 == begin { skip = 1; if (!done) { for (i = 1; i <= n; i++) print block[i]; done = 1 }; next }"
            + " skip { if ($0 == end) skip = 0; next } { print; kept = $0 }"
            + " END { if (!done) { if (kept != \"\") print \"\"; for (i = 1; i <= n; i++) print block[i] } }'"
            + " \"$b\" \"$f\" > \"$b.new\"; cat \"$b.new\" > \"$f\";"
            + " echo \"$(grep -c '^\\[profile ' \"$b\") profiles of ${first#\\# BEGIN } installed in $f\"";
    /** The install, reading the block on its standard input: {@code sh -c '<script>'}. */
    public static final String INSTALL = "sh -c " + shellQuote(INSTALL_SCRIPT);

    private AwsConfigFile() {
    }

    /** The one line that fetches the block from {@code bucket} and installs it. */
    public static String installCommand(String bucket) {
        return "aws s3 cp " + ArtifactLocations.s3Uri(bucket, OBJECT_KEY) + " - --profile " + CliProfile.SOURCE_PROFILE
                + " | " + INSTALL;
    }

    /** The line that starts the block of {@code organization}'s profiles. */
    public static String beginLine(Organization organization) {
        return "# BEGIN " + MARKER + organization.id();
    }

    /** The line that ends it. */
    public static String endLine(Organization organization) {
        return "# END " + MARKER + organization.id();
    }

    public static String render(DirectoryInfo info, List<DirectoryEntry> entries) {
        Map<String, String> names = ProfileNames.assign(entries, info.profileNames());
        Organization organization = info.organization();
        long left = entries.stream().filter(entry -> !entry.enterable() && !entry.management()).count();
        var file = new StringBuilder(beginLine(organization)).append('\n')
                .append(CliProfile.commentLine("AWS CLI profiles for the member accounts of organization "
                        + organization.id() + " that its management account " + organization.managementAccountId()
                        + " can enter, generated " + info.generatedAt() + "."))
                .append(CliProfile.commentLine("Each assumes the role " + info.accessRoleName() + " in its account"
                        + " with the credentials of your profile [" + CliProfile.SOURCE_PROFILE + "] (source_profile)."))
                .append(CliProfile.commentLine("Give your management-account profile that name."))
                .append(CliProfile.commentLine("Installing replaces everything from the BEGIN line to the END line"
                        + " and nothing else: edit outside them (docs/access-directory.md)."))
                .append(CliProfile.commentLine("Names: " + info.profileNames().form() + "; when two accounts make the"
                        + " same name, the one that joined later gets the last 4 digits of its account ID."))
                .append(CliProfile.commentLine(left == 0 ? "Every active member account can be entered."
                        : left + " account(s) without working access are left out: see access-directory.html."));
        entries.stream().filter(DirectoryEntry::enterable)
                .sorted(Comparator.comparing((DirectoryEntry entry) -> names.get(entry.accountId())))
                .forEach(entry -> file.append('\n')
                        .append(CliProfile.commentLine(entry.name() + " (" + entry.accountId() + "), "
                                + AccessDirectoryPage.ouLabel(entry.ouPath()) + restrictedNote(entry)))
                        .append(CliProfile.section(names.get(entry.accountId()),
                                organization.roleArn(entry.accountId(), info.accessRoleName()), info.profileRegion())));
        return file.append('\n').append(endLine(organization)).append('\n').toString();
    }

    /** A word for a POSIX shell, single-quoted. */
    static String shellQuote(String text) {
        return "'" + text.replace("'", "'\\''") + "'";
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
        Map<String, String> names = ProfileNames.assign(entries, info.profileNames());
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
