package io.orgaccessguard.notify;

import java.util.Optional;

/**
 * An AWS CLI profile ({@code ~/.aws/config}) that enters a member account through its access role, taking its
 * credentials from the reader's profile for the management account. The one place its shape is decided (alerts and
 * the directory's {@code aws-config}).
 */
public final class CliProfile {

    /** The profile the suggested profiles take their credentials from; the reader names their own. */
    public static final String SOURCE_PROFILE = "management";
    static final int PROFILE_NAME_LENGTH = 48;
    private static final int COMMENT_LENGTH = 200;

    private CliProfile() {
    }

    /**
     * The account's name as a profile name: lower-case letters, digits and single hyphens, at most
     * {@value #PROFILE_NAME_LENGTH} characters; the account ID when nothing of the name survives.
     */
    public static String name(String accountName, String accountId) {
        String slug = PlainText.slug(accountName, PROFILE_NAME_LENGTH);
        return slug.isEmpty() ? accountId : slug;
    }

    /** The {@code [profile ...]} section, each line ended by a newline. */
    public static String section(String profileName, String roleArn, Optional<String> region) {
        return "[profile " + profileName + "]\n"
                + "role_arn = " + roleArn + "\n"
                + "source_profile = " + SOURCE_PROFILE + "\n"
                + region.map(value -> "region = " + value + "\n").orElse("");
    }

    /** A comment line ({@code # ...}) of one line of printable ASCII, whatever {@code text} holds. */
    public static String commentLine(String text) {
        return "# " + PlainText.oneLine(text, COMMENT_LENGTH) + "\n";
    }
}
