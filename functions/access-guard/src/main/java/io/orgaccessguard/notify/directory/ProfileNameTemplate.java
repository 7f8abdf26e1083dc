package io.orgaccessguard.notify.directory;

import io.orgaccessguard.config.GuardConfig;
import io.orgaccessguard.notify.CliProfile;
import java.util.Locale;
import java.util.regex.Matcher;

/**
 * How a profile name is made from an account ({@code PROFILE_NAME_TEMPLATE}): lower-case letters, digits and
 * {@code . _ -} as written, and the placeholders {@code {name}} (the account's name as a slug: lower-case letters,
 * digits and single hyphens, or the account ID when nothing of the name survives), {@code {id}} (the account ID),
 * {@code {ou}} (the OU path from the root, as one slug, {@code workloads-team-5-prod}; empty under the root) and
 * {@code {ou_leaf}} (the account's own OU). Hyphens left at either end, or doubled by an empty placeholder, are
 * dropped. The default, {@value #DEFAULT_FORM}, gives the names the directory always gave. Uniqueness is
 * {@link ProfileNames}'s job.
 */
public record ProfileNameTemplate(String form) {

    public static final String DEFAULT_FORM = "{name}";
    public static final ProfileNameTemplate DEFAULT = new ProfileNameTemplate(DEFAULT_FORM);
    /** CLI profile names are kept to this length (before a suffix that makes them unique). */
    static final int MAX_LENGTH = 64;

    public ProfileNameTemplate {
        if (!GuardConfig.PROFILE_NAME_TEMPLATE_FORM.matcher(form).matches()) {
            throw new IllegalArgumentException("not a profile name template: " + form);
        }
    }

    /** The name this template makes for {@code entry}, before collisions are resolved. */
    public String apply(DirectoryEntry entry) {
        if (form.equals(DEFAULT_FORM)) {
            return CliProfile.name(entry.name(), entry.accountId());
        }
        String ou = CliProfile.name(String.join(" ", entry.ouPath()), "");
        String leaf = entry.ouPath().isEmpty() ? "" : CliProfile.name(entry.ouPath().getLast(), "");
        String made = form.replace("{name}", Matcher.quoteReplacement(CliProfile.name(entry.name(), entry.accountId())))
                .replace("{id}", entry.accountId()).replace("{ou_leaf}", leaf).replace("{ou}", ou)
                .toLowerCase(Locale.ROOT).replaceAll("-{2,}", "-").replaceAll("^[-.]+|[-.]+$", "");
        if (made.length() > MAX_LENGTH) {
            made = made.substring(0, MAX_LENGTH).replaceAll("[-.]+$", "");
        }
        return made.isEmpty() ? entry.accountId() : made;
    }
}
