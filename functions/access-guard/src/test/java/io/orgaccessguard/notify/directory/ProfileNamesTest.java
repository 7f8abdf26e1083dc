package io.orgaccessguard.notify.directory;

import static io.orgaccessguard.notify.directory.DirectoryFixtures.enterable;
import static io.orgaccessguard.notify.directory.DirectoryFixtures.withoutAccess;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ProfileNamesTest {

    @Test
    void uniqueNames_areTheAccountNamesAsSlugs_andOnlyEnterableAccountsGetOne() {
        Map<String, String> names = ProfileNames.assign(List.of(
                enterable("222233334444", "Payments Prod"),
                enterable("333344445555", "Data Lake (Dev)"),
                withoutAccess("444455556666", "Marketing", "ROLE_MISSING")));

        assertThat(names).containsExactly(Map.entry("222233334444", "payments-prod"),
                Map.entry("333344445555", "data-lake-dev"));
    }

    @Test
    void clashingNames_theFirstToJoinKeepsThePlainName_theOthersGetTheLastFourDigits() {
        Map<String, String> names = ProfileNames.assign(List.of(
                joined("222233331111", "Prod", "2024-05-01T00:00:00Z"),
                joined("222233332222", "prod", "2019-01-01T00:00:00Z"),
                joined("222233333333", "PROD!", "2025-01-01T00:00:00Z"),
                enterable("222233334444", "Sandbox")));

        assertThat(names).containsExactly(Map.entry("222233331111", "prod-1111"),
                Map.entry("222233332222", "prod"), Map.entry("222233333333", "prod-3333"),
                Map.entry("222233334444", "sandbox"));
    }

    @Test
    void aNewcomerWithTheSameName_getsTheSuffix_andNoExistingProfileIsRenamed() {
        List<DirectoryEntry> before = List.of(joined("999988887777", "Payments", "2022-01-01T00:00:00Z"),
                joined("111122225555", "Data", "2023-01-01T00:00:00Z"));
        // a lower account ID, but it joined later
        DirectoryEntry newcomer = joined("100000000042", "payments", "2026-11-01T00:00:00Z");
        var after = new java.util.ArrayList<>(before);
        after.add(newcomer);

        Map<String, String> first = ProfileNames.assign(before);
        Map<String, String> second = ProfileNames.assign(after);

        assertThat(first).containsEntry("999988887777", "payments");
        assertThat(second).containsAllEntriesOf(first).containsEntry("100000000042", "payments-0042");
    }

    @Test
    void aTemplate_makesNamesFromTheOuPathAndId_lowerCase() {
        var template = new ProfileNameTemplate("{ou_leaf}.{name}");
        Map<String, String> names = ProfileNames.assign(List.of(
                enterable("222233334444", "Payments PROD", "Workloads", "Payments Team"),
                enterable("333344445555", "Payments PROD", "Workloads", "Data"),
                enterable("444455556666", "Root Account")), template);

        assertThat(names).containsExactly(Map.entry("222233334444", "payments-team.payments-prod"),
                Map.entry("333344445555", "data.payments-prod"), Map.entry("444455556666", "root-account"));
        assertThat(ProfileNames.assign(List.of(enterable("222233334444", "X", "Workloads", "Prod")),
                new ProfileNameTemplate("aws-{ou}-{id}"))).containsEntry("222233334444", "aws-workloads-prod-222233334444");
        assertThat(new ProfileNameTemplate(ProfileNameTemplate.DEFAULT_FORM).apply(enterable("222233334444", "A B")))
                .isEqualTo("a-b");
    }

    private static DirectoryEntry joined(String accountId, String name, String joinedAt) {
        return new DirectoryEntry(accountId, name, "", List.of(), "INVITED", java.time.Instant.parse(joinedAt),
                "ACCESS_VERIFIED", DirectoryFixtures.SINCE, true);
    }

    @Test
    void whenTheShortSuffixIsTaken_theWholeIdIsUsed() {
        Map<String, String> names = ProfileNames.assign(List.of(
                enterable("111111111234", "Prod"),
                enterable("222222221234", "Prod"),
                enterable("333333339999", "Prod 1234"),
                enterable("444444445555", "Prod"),
                enterable("555555555555", "Prod 444444445555")));

        assertThat(names).containsEntry("333333339999", "prod-1234")
                .containsEntry("111111111234", "prod")
                .containsEntry("222222221234", "prod-222222221234")
                .containsEntry("444444445555", "prod-5555")
                .containsEntry("555555555555", "prod-444444445555");
        assertThat(names.values()).doesNotHaveDuplicates();
    }

    @Test
    void emptySlug_fallsBackToTheAccountId_andReservedNamesAreNeverGiven() {
        Map<String, String> names = ProfileNames.assign(List.of(
                enterable("222233334444", "日本語"),
                enterable("333344445555", ""),
                enterable("444455556666", "Management"),
                enterable("555566667777", "default")));

        assertThat(names).containsExactly(Map.entry("222233334444", "222233334444"),
                Map.entry("333344445555", "333344445555"), Map.entry("444455556666", "management-6666"),
                Map.entry("555566667777", "default-7777"));
    }

    @Test
    void theSameOrganization_getsTheSameNames_inWhateverOrderItIsListed() {
        var entries = new ArrayList<DirectoryEntry>();
        for (int i = 0; i < 50; i++) {
            entries.add(enterable(String.format("%012d", 100000000000L + i * 7919L), "Team " + (i % 7)));
        }
        Map<String, String> first = ProfileNames.assign(entries);
        Collections.shuffle(entries, new java.util.Random(3));

        assertThat(ProfileNames.assign(entries)).isEqualTo(first);
        assertThat(first.values()).doesNotHaveDuplicates().allMatch(name -> name.matches("[a-z0-9-]+"));
    }
}
