package io.orgaccessguard.notify.directory;

import io.orgaccessguard.core.model.Organization;
import io.orgaccessguard.json.Json;
import io.orgaccessguard.notify.AccountFix;
import io.orgaccessguard.notify.SwitchRoleLink;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code accounts.json}: the directory for scripts, one object per account (the management account included) with
 * the page's fields: {@code accountId}, {@code name}, {@code email}, {@code ouPath} (a list of OU names from the
 * root), {@code joinedMethod}, {@code status}, {@code since}, {@code enterable}, {@code management},
 * {@code switchRoleUrl}, {@code profile} (null when the account cannot be entered), {@code roleArn} (null for the
 * management account), and for an account without a working way in {@code quickCreateLinks} and
 * {@code recheckCommand}, as its alert gives them.
 */
public final class AccountsJson {

    public static final String OBJECT_KEY = "accounts.json";

    private AccountsJson() {
    }

    public static String render(DirectoryInfo info, List<DirectoryEntry> entries) {
        Organization organization = info.organization();
        Map<String, String> profiles = ProfileNames.assign(entries, info.profileNames());
        var accounts = new ArrayList<Object>();
        for (DirectoryEntry entry : AccessDirectoryPage.sorted(entries)) {
            var account = new LinkedHashMap<String, Object>();
            account.put("accountId", entry.accountId());
            account.put("name", entry.name());
            account.put("email", entry.email());
            account.put("ouPath", entry.ouPath());
            account.put("joinedMethod", entry.joinedMethod());
            account.put("status", entry.status());
            account.put("since", entry.since().toString());
            account.put("enterable", entry.enterable());
            account.put("management", entry.management());
            account.put("roleArn", entry.management() ? null
                    : organization.roleArn(entry.accountId(), info.accessRoleName()));
            account.put("switchRoleUrl", entry.enterable() ? SwitchRoleLink.of(organization, entry.accountId(),
                    info.accessRoleName(), entry.name()) : null);
            account.put("profile", profiles.get(entry.accountId()));
            AccountFix fix = entry.enterable() || entry.management() ? null : info.fixes().get(entry.status());
            if (fix != null) {
                account.put("quickCreateLinks", fix.links().stream().map(link -> {
                    var made = new LinkedHashMap<String, Object>();
                    made.put("label", link.label());
                    made.put("stackName", link.stackName());
                    made.put("url", link.url());
                    return made;
                }).toList());
                account.put("recheckCommand", fix.recheck(entry.accountId()));
            }
            accounts.add(account);
        }
        var document = new LinkedHashMap<String, Object>();
        document.put("organizationId", organization.id());
        document.put("managementAccountId", organization.managementAccountId());
        document.put("accessRoleName", info.accessRoleName());
        document.put("generatedAt", info.generatedAt().toString());
        document.put("accounts", accounts);
        return Json.writePretty(document);
    }
}
