package io.orgaccessguard.notify.directory;

import static io.orgaccessguard.notify.directory.DirectoryFixtures.GENERATED;
import static io.orgaccessguard.notify.directory.DirectoryFixtures.ORGANIZATION;
import static io.orgaccessguard.notify.directory.DirectoryFixtures.ROLE;
import static io.orgaccessguard.notify.directory.DirectoryFixtures.SINCE;
import static io.orgaccessguard.notify.directory.DirectoryFixtures.enterable;
import static io.orgaccessguard.notify.directory.DirectoryFixtures.withoutAccess;
import static org.assertj.core.api.Assertions.assertThat;

import io.orgaccessguard.config.GuardConfig;
import io.orgaccessguard.core.model.MemberAccount;
import io.orgaccessguard.core.model.StatusRecord;
import io.orgaccessguard.json.Json;
import io.orgaccessguard.notify.AccountFix;
import io.orgaccessguard.notify.SwitchRoleLink;
import io.orgaccessguard.testsupport.InMemoryArtifactStore;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The directory's other formats: the aws-extend-switch-roles configuration in the extension's documented INI format
 * (tilfinltd/aws-extend-switch-roles README, "Complex Configuration": a section with only {@code aws_account_id} is a
 * base account, whose {@code target_role_name} and {@code target_region} are its target roles' defaults; a target
 * role names its base account in {@code source_profile}), and {@code accounts.json}; and where the publisher puts
 * them in the bucket.
 */
class OtherFormatsTest {

    static final GuardConfig CONFIG = GuardConfig.from(Map.of(GuardConfig.ARTIFACT_BUCKET, "org-access-guard-bucket",
            GuardConfig.AWS_REGION, "us-east-1", GuardConfig.PROFILE_REGION, "eu-west-1"));
    static final DirectoryEntry MANAGEMENT = new DirectoryEntry(ORGANIZATION.managementAccountId(), "Acme",
            "root@example.com", List.of(), "CREATED", SINCE, DirectoryEntry.MANAGEMENT, SINCE, false);

    @Test
    void switchRoles_theManagementAccountIsTheBase_andEveryEnterableAccountATargetUnderIt() {
        var info = DirectoryPublisher.info(ORGANIZATION, CONFIG, GENERATED, Map.of());
        String file = SwitchRolesConfig.render(info, List.of(MANAGEMENT,
                enterable("222233334444", "Payments Prod"),
                enterable("333344445555", "Evil\n[default]\naws_account_id = 999999999999"),
                withoutAccess("444455556666", "Marketing Sandbox", "ROLE_MISSING")));

        Map<String, Map<String, String>> sections = ini(file);
        assertThat(sections).containsExactly(
                Map.entry("org-access-guard-o-exampleorg", Map.of("aws_account_id", "111122223333",
                        "target_role_name", ROLE, "target_region", "eu-west-1")),
                Map.entry("evil-default-aws-account-id-999999999999", Map.of("aws_account_id", "333344445555",
                        "source_profile", "org-access-guard-o-exampleorg")),
                Map.entry("payments-prod", Map.of("aws_account_id", "222233334444",
                        "source_profile", "org-access-guard-o-exampleorg")));
    }

    @Test
    @SuppressWarnings("unchecked")
    void accountsJson_hasOneObjectPerAccount_withThePagesFields_andTheAlertsFix() {
        var entries = List.of(MANAGEMENT, enterable("222233334444", "Payments Prod", "Workloads"),
                withoutAccess("444455556666", "Marketing Sandbox", "ROLE_MISSING"));
        Map<String, AccountFix> fixes = DirectoryPublisher.fixes(entries, ORGANIZATION, CONFIG, Optional.empty());
        var info = DirectoryPublisher.info(ORGANIZATION, CONFIG, GENERATED, fixes);

        var document = (Map<String, Object>) Json.parse(AccountsJson.render(info, entries));

        assertThat(document).containsEntry("organizationId", "o-exampleorg")
                .containsEntry("managementAccountId", "111122223333");
        var accounts = (List<Map<String, Object>>) document.get("accounts");
        assertThat(accounts).extracting(account -> account.get("accountId"))
                .containsExactly("111122223333", "444455556666", "222233334444");
        assertThat(accounts.get(0)).containsEntry("status", DirectoryEntry.MANAGEMENT).containsEntry("management", true)
                .containsEntry("enterable", false).containsEntry("email", "root@example.com")
                .doesNotContainKeys("profile", "switchRoleUrl", "roleArn", "recheckCommand");
        assertThat(accounts.get(2)).containsEntry("name", "Payments Prod").containsEntry("ouPath", List.of("Workloads"))
                .containsEntry("profile", "payments-prod").containsEntry("since", SINCE.toString())
                .containsEntry("switchRoleUrl", SwitchRoleLink.of(ORGANIZATION, "222233334444", ROLE, "Payments Prod"))
                .containsEntry("roleArn", "arn:aws:iam::222233334444:role/" + ROLE);
        AccountFix fix = fixes.get("ROLE_MISSING");
        assertThat(accounts.get(1)).containsEntry("status", "ROLE_MISSING")
                .containsEntry("recheckCommand", AccountFix.recheckCommand("444455556666", CONFIG))
                .containsEntry("recheckCommand", fix.recheck("444455556666"));
        assertThat((List<Map<String, Object>>) accounts.get(1).get("quickCreateLinks"))
                .extracting(link -> link.get("url")).containsExactlyElementsOf(fix.links().stream()
                        .map(AccountFix.Link::url).toList()).hasSize(2);
    }

    @Test
    void thePublisher_writesEveryFormat_underItsKey_outsideMemberTemplates_andListsTheManagementAccount() {
        var store = new InMemoryArtifactStore();
        var publisher = new DirectoryPublisher(Optional.of(store), CONFIG);
        var management = new MemberAccount("111122223333", "Acme", "root@example.com", "ACTIVE", "CREATED", SINCE);
        var member = new MemberAccount("222233334444", "Payments Prod", "p@example.com", "ACTIVE", "INVITED", SINCE);
        var missing = new MemberAccount("444455556666", "Sandbox", "s@example.com", "ACTIVE", "INVITED", SINCE);

        publisher.publish(ORGANIZATION, List.of(management, member, missing), Map.of(
                "222233334444", new StatusRecord("ACCESS_VERIFIED", SINCE, Optional.empty()),
                "444455556666", new StatusRecord("ROLE_MISSING", SINCE, Optional.empty())), GENERATED);

        // the quick-create links need the member templates in the bucket, as before an alert; the rest is beside them
        assertThat(store.objects().keySet()).containsExactlyInAnyOrder("access-directory.html", "aws-config",
                "aws-extend-switch-roles.ini", "accounts.json", "member-templates/access-role.yaml",
                "member-templates/bootstrap-role.yaml");
        assertThat(store.objects().get("accounts.json").text()).contains("\"MANAGEMENT_ACCOUNT\"",
                "root@example.com");
        assertThat(store.objects().get("aws-config").text()).contains("[profile payments-prod]", "region = eu-west-1")
                .doesNotContain("[profile acme]", "[profile sandbox]");
    }

    /** INI as the extension reads it: {@code ;} comments, {@code [name]} sections, {@code key = value} lines. */
    private static Map<String, Map<String, String>> ini(String file) {
        var sections = new LinkedHashMap<String, Map<String, String>>();
        Map<String, String> current = null;
        for (String line : file.lines().toList()) {
            if (line.isBlank() || line.startsWith(";")) {
                continue;
            }
            if (line.startsWith("[")) {
                assertThat(line).matches("\\[[a-z0-9.-]+\\]");
                current = new LinkedHashMap<>();
                assertThat(sections.put(line.substring(1, line.length() - 1), current)).isNull();
                continue;
            }
            assertThat(line).matches("[a-z_]+ = \\S+");
            assertThat(current).isNotNull();
            current.put(line.substring(0, line.indexOf(" = ")), line.substring(line.indexOf(" = ") + 3));
        }
        return sections;
    }
}
