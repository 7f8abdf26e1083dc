package io.orgaccessguard.notify.directory;

import static io.orgaccessguard.notify.directory.DirectoryFixtures.INFO;
import static io.orgaccessguard.notify.directory.DirectoryFixtures.enterable;
import static io.orgaccessguard.notify.directory.DirectoryFixtures.withoutAccess;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The file as an INI reader sees it: comments, {@code [profile x]} sections, {@code key = value} lines. */
class AwsConfigFileTest {

    @Test
    void oneProfilePerEnterableAccount_assumingTheAccessRole_fromTheManagementProfile() {
        String file = AwsConfigFile.render(INFO, List.of(
                enterable("222233334444", "Payments Prod", "Workloads"),
                enterable("333344445555", "Data Lake Dev", "Workloads", "Data"),
                withoutAccess("444455556666", "Marketing Sandbox", "ROLE_MISSING")));

        assertThat(sections(file)).containsExactly(
                Map.entry("profile data-lake-dev", Map.of(
                        "role_arn", "arn:aws:iam::333344445555:role/OrganizationAccountAccessRole",
                        "source_profile", "management")),
                Map.entry("profile payments-prod", Map.of(
                        "role_arn", "arn:aws:iam::222233334444:role/OrganizationAccountAccessRole",
                        "source_profile", "management")));
        assertThat(file).startsWith("# BEGIN org-access-guard o-exampleorg\n# AWS CLI profiles for the member"
                        + " accounts of organization o-exampleorg that its management account 111122223333 can enter,"
                        + " generated 2026-11-20T09:14:03Z.\n")
                .endsWith("\n# END org-access-guard o-exampleorg\n")
                .contains("# 1 account(s) without working access are left out: see access-directory.html.\n")
                .contains("# Payments Prod (222233334444), Workloads\n[profile payments-prod]\n")
                .contains("# Data Lake Dev (333344445555), Workloads / Data\n");
    }

    /** A restricted account (issue 18) can still be entered: it keeps its profile, marked restricted. */
    @Test
    void restrictedAccount_keepsItsProfile_markedRestricted() {
        String file = AwsConfigFile.render(INFO, List.of(new DirectoryEntry("222233334444", "Payments Prod",
                List.of("Workloads"), "INVITED", "ACCESS_RESTRICTED", DirectoryFixtures.SINCE,
                DirectoryPublisher.enterable("ACCESS_RESTRICTED"))));

        assertThat(sections(file)).containsOnlyKeys("profile payments-prod");
        assertThat(file).contains("# Payments Prod (222233334444), Workloads; restricted (ACCESS_RESTRICTED): it can"
                + " be entered, not administered in full, see access-directory.html\n[profile payments-prod]\n");
    }

    @Test
    void region_isSetWhenAsked_andThePartitionShowsInTheArn() {
        var info = new DirectoryInfo(new io.orgaccessguard.core.model.Organization("o-gov", "111122223333",
                "aws-us-gov"), "Admin", DirectoryFixtures.GENERATED, Optional.of("us-gov-west-1"));

        assertThat(sections(AwsConfigFile.render(info, List.of(enterable("222233334444", "Gov")))))
                .containsExactly(Map.entry("profile gov", Map.of(
                        "role_arn", "arn:aws-us-gov:iam::222233334444:role/Admin",
                        "source_profile", "management", "region", "us-gov-west-1")));
    }

    @Test
    void hostileNames_cannotAddALineOrASection() {
        String hostile = "Evil\n[profile management]\nrole_arn = arn:aws:iam::999999999999:role/x\r\u2028x\u0085y";

        String file = AwsConfigFile.render(INFO, List.of(enterable("222233334444", hostile)));

        assertThat(sections(file)).containsOnlyKeys("profile evil-profile-management-role-arn-arn-aws-iam-999");
        assertThat(file).doesNotContain("999999999999:role/x\n")
                .contains("# Evil [profile management] role_arn = arn:aws:iam::999999999999:role/x x y (222233334444)");
    }

    @Test
    void anOrganizationWithEveryAccountEnterable_saysSo() {
        assertThat(AwsConfigFile.render(INFO, List.of(enterable("222233334444", "A"))))
                .contains("# Every active member account can be entered.\n");
    }

    /** An INI reading that fails on any line that is not a comment, a section header or a key = value pair. */
    private static Map<String, Map<String, String>> sections(String file) {
        var sections = new LinkedHashMap<String, Map<String, String>>();
        Map<String, String> current = null;
        List<String> lines = new ArrayList<>(file.lines().toList());
        for (String line : lines) {
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            if (line.startsWith("[") && line.endsWith("]")) {
                current = new LinkedHashMap<>();
                assertThat(sections.put(line.substring(1, line.length() - 1), current)).as("section twice").isNull();
                continue;
            }
            assertThat(line).as("a key = value line inside a section").matches("[a-z_]+ = \\S+");
            assertThat(current).as("a value before any section: " + line).isNotNull();
            String[] pair = line.split(" = ", 2);
            current.put(pair[0], pair[1]);
        }
        return sections;
    }
}
