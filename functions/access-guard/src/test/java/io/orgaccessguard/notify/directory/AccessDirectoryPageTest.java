package io.orgaccessguard.notify.directory;

import static io.orgaccessguard.notify.directory.DirectoryFixtures.INFO;
import static io.orgaccessguard.notify.directory.DirectoryFixtures.ORGANIZATION;
import static io.orgaccessguard.notify.directory.DirectoryFixtures.ROLE;
import static io.orgaccessguard.notify.directory.DirectoryFixtures.enterable;
import static io.orgaccessguard.notify.directory.DirectoryFixtures.withoutAccess;
import static org.assertj.core.api.Assertions.assertThat;

import io.orgaccessguard.notify.SwitchRoleLink;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Base64;
import io.orgaccessguard.json.Json;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The page's markup: rows, filters' options, escaping, and a Content-Security-Policy that admits exactly its own
 * inline style and script (CSP hash sources, https://www.w3.org/TR/CSP3/#grammardef-hash-source: base64 of the
 * SHA-256 of the element's text). What a browser does with it: integration-tests AccessDirectoryPageTest.
 */
class AccessDirectoryPageTest {

    static final String HOSTILE = "<script>window.__pwned=1</script>\"'><img src=x onerror=alert(1)> \u202Eevil";

    @Test
    void everyAccount_isOneRecordOfTheDataBlock_withItsStatusAndOu_andTheFiltersOptions() {
        String page = AccessDirectoryPage.render(INFO, List.of(
                enterable("222233334444", "Payments Prod", "Workloads"),
                enterable("333344445555", "Data Lake Dev", "Workloads", "Data"),
                withoutAccess("444455556666", "Marketing Sandbox", "ROLE_MISSING")));

        Map<String, Object> data = data(page);
        // OU options: parents before children, numbered; each OU names its parent
        assertThat(page).contains("<option value=\"0\">Workloads</option><option value=\"1\">Workloads / Data</option>")
                .contains("<option value=\"ACCESS_VERIFIED\">ACCESS_VERIFIED (2)</option>"
                        + "<option value=\"ROLE_MISSING\">ROLE_MISSING (1)</option>")
                .contains("3 accounts, 2 can be entered")
                .contains("<output id=\"shown\" aria-live=\"polite\">3 of 3 accounts</output>");
        assertThat(data.get("ous")).isEqualTo(List.of(List.of("Workloads", -1), List.of("Workloads / Data", 0)));
        assertThat(data.get("statuses")).isEqualTo(List.of("ACCESS_VERIFIED", "ROLE_MISSING"));
        // in name order: [id, name, e-mail, OU, status, since (epoch minutes), joined, profile (1: from the name)]
        int since = (int) (DirectoryFixtures.SINCE.getEpochSecond() / 60);
        assertThat(data.get("accounts")).isEqualTo(List.of(
                List.of("333344445555", "Data Lake Dev", "", 1, 0, since, 1, 1),
                List.of("444455556666", "Marketing Sandbox", "", -1, 1, since, 0, 0),
                List.of("222233334444", "Payments Prod", "", 0, 0, since, 1, 1)));
    }

    @Test
    void aNameTheScriptCannotSlugOrLink_carriesItsProfileAndDisplayName() {
        String page = AccessDirectoryPage.render(INFO, List.of(enterable("222233334444", "Équipe (prod) — 2026 très"
                + " longue, vraiment")));

        List<?> account = (List<?>) ((List<?>) data(page).get("accounts")).getFirst();
        String link = SwitchRoleLink.of(ORGANIZATION, "222233334444", ROLE, "Équipe (prod) — 2026 très longue,"
                + " vraiment");
        assertThat(account.get(7)).isEqualTo(ProfileNames.assign(List.of(enterable("222233334444", "Équipe (prod) —"
                + " 2026 très longue, vraiment"))).get("222233334444"));
        assertThat(link).endsWith("&displayName=" + account.get(8));
    }

    @Test
    void hostileNames_areJsonText_neverMarkup() {
        String page = AccessDirectoryPage.render(INFO, List.of(
                enterable("222233334444", HOSTILE + "</script><script>alert(1)</script>", "OU <b>" + HOSTILE),
                withoutAccess("444455556666", "nul\u0000 and bell\u0007", "<i>ROLE_MISSING</i>")));

        String block = between(page, "<script type=\"application/json\" id=\"data\">", "</script>");
        assertThat(block).doesNotContain("<", ">", "&");
        assertThat(count(page, "<script")).isEqualTo(2);
        assertThat(count(page, "<img")).isZero();
        assertThat(count(page, "<b>")).isZero();
        assertThat(count(page, "<i>")).isZero();
        @SuppressWarnings("unchecked")
        List<List<Object>> accounts = (List<List<Object>>) data(page).get("accounts");
        assertThat(accounts).extracting(account -> account.get(1)).containsExactly(
                HOSTILE + "</script><script>alert(1)</script>", "nul\u0000 and bell\u0007");
        assertThat(page).contains("<option value=\"&lt;i&gt;ROLE_MISSING&lt;/i&gt;\">");
    }

    @Test
    void theManagementAccount_isListed_withNeitherLinkNorProfile() {
        var management = new DirectoryEntry(ORGANIZATION.managementAccountId(), "Acme", "root@example.com", List.of(),
                "CREATED", DirectoryFixtures.SINCE, DirectoryEntry.MANAGEMENT, DirectoryFixtures.SINCE, false);
        String page = AccessDirectoryPage.render(INFO, List.of(management, enterable("222233334444", "A")));

        @SuppressWarnings("unchecked")
        List<List<Object>> accounts = (List<List<Object>>) data(page).get("accounts");
        assertThat(accounts.get(1)).startsWith("111122223333", "Acme", "root@example.com").endsWith((Object) 0);
        assertThat(page).contains("2 accounts, 1 can be entered");
    }

    @Test
    void contentSecurityPolicy_admitsExactlyTheInlineStyleAndScript_andNothingElse() throws Exception {
        String page = AccessDirectoryPage.render(INFO, List.of(enterable("222233334444", "A")));

        Matcher csp = Pattern.compile("<meta http-equiv=\"Content-Security-Policy\" content=\"([^\"]+)\">")
                .matcher(page);
        assertThat(csp.find()).isTrue();
        String policy = csp.group(1);
        assertThat(policy).startsWith("default-src 'none'; ").contains("base-uri 'none'", "form-action 'none'")
                .doesNotContain("unsafe", "http", "*", "data:");
        assertThat(policy).contains("script-src 'sha256-" + sha256(between(page, "<script>", "</script>")) + "'")
                .contains("style-src 'sha256-" + sha256(between(page, "<style>", "</style>")) + "'");
        assertThat(page).doesNotContain(" style=", " onclick=", " onload=", "src=\"", "<link");
    }

    @Test
    void tenThousandAccounts_stayUnderTwoMegabytes() {
        int thousand = AccessDirectoryPage.render(INFO, organization(1_000)).getBytes(StandardCharsets.UTF_8).length;
        int tenThousand = AccessDirectoryPage.render(INFO, organization(10_000))
                .getBytes(StandardCharsets.UTF_8).length;
        System.out.printf("[access directory] 1,000 accounts: %,d bytes; 10,000 accounts: %,d bytes%n", thousand,
                tenThousand);

        assertThat(thousand).isLessThan(200_000);
        assertThat(tenThousand).isLessThan(2_000_000);
    }

    /** Long names, three OU levels, one in ten without access: a plausible large organization. */
    private static List<DirectoryEntry> organization(int size) {
        var entries = new ArrayList<DirectoryEntry>();
        for (int i = 0; i < size; i++) {
            String id = String.format("%012d", 200000000000L + i * 1_000_003L);
            String[] ou = {"Workloads " + (i % 5), "Team " + (i % 40), "Environment " + (i % 3)};
            entries.add(i % 10 == 0
                    ? withoutAccess(id, "Business unit " + i + " analytics production", "ROLE_MISSING", ou)
                    : enterable(id, "Business unit " + i + " analytics production", ou));
        }
        return entries;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> data(String page) {
        return (Map<String, Object>) Json.parse(between(page, "<script type=\"application/json\" id=\"data\">",
                "</script>"));
    }

    private static String between(String text, String start, String end) {
        int from = text.indexOf(start) + start.length();
        return text.substring(from, text.indexOf(end, from));
    }

    private static String sha256(String text) throws Exception {
        return Base64.getEncoder().encodeToString(
                MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    }

    private static int count(String text, String part) {
        int count = 0;
        for (int at = text.indexOf(part); at >= 0; at = text.indexOf(part, at + 1)) {
            count++;
        }
        return count;
    }
}
