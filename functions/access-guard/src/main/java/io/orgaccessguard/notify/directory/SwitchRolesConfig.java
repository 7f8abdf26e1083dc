package io.orgaccessguard.notify.directory;

import io.orgaccessguard.core.model.Organization;
import io.orgaccessguard.notify.CliProfile;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * {@code aws-extend-switch-roles.ini}: the configuration of the aws-extend-switch-roles browser extension
 * (tilfinltd/aws-extend-switch-roles, README "Configuration", "Complex Configuration"), for pasting into its
 * "Configure" box. In its INI format, a section with only {@code aws_account_id} is a <em>base account</em>, with
 * {@code target_role_name} as the default role of its target roles and {@code target_region} as their default Region;
 * a target role is a section with {@code aws_account_id} and {@code source_profile} naming its base account. Here the
 * base account is the management account (a section named after the organization), and every enterable member
 * account is a target role under the same name as its CLI profile. The README: if the management account has an
 * alias, the extension shows it and the base account's {@code aws_account_id} must be that alias.
 */
public final class SwitchRolesConfig {

    public static final String OBJECT_KEY = "aws-extend-switch-roles.ini";

    private SwitchRolesConfig() {
    }

    public static String render(DirectoryInfo info, List<DirectoryEntry> entries) {
        Organization organization = info.organization();
        Map<String, String> names = ProfileNames.assign(entries, info.profileNames());
        String base = "org-access-guard-" + organization.id();
        var file = new StringBuilder()
                .append("; aws-extend-switch-roles configuration for organization ").append(organization.id())
                .append(", generated ").append(info.generatedAt()).append(".\n")
                .append("; Paste it into the extension's Configure box. If the management account has an alias,\n")
                .append("; write the alias as aws_account_id of [").append(base).append("].\n")
                .append("[").append(base).append("]\n")
                .append("aws_account_id = ").append(organization.managementAccountId()).append('\n')
                .append("target_role_name = ").append(info.accessRoleName()).append('\n');
        info.profileRegion().ifPresent(region -> file.append("target_region = ").append(region).append('\n'));
        entries.stream().filter(DirectoryEntry::enterable)
                .sorted(Comparator.comparing((DirectoryEntry entry) -> names.get(entry.accountId())))
                .forEach(entry -> file.append('\n')
                        .append(CliProfile.commentLine(entry.name() + " (" + entry.accountId() + ")").replace('#', ';'))
                        .append('[').append(names.get(entry.accountId())).append("]\n")
                        .append("aws_account_id = ").append(entry.accountId()).append('\n')
                        .append("source_profile = ").append(base).append('\n'));
        return file.toString();
    }
}
