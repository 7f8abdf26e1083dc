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
import java.util.List;
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
    void everyAccount_isOneRow_withItsStatusAndOuAncestorsForTheFilters() {
        String page = AccessDirectoryPage.render(INFO, List.of(
                enterable("222233334444", "Payments Prod", "Workloads"),
                enterable("333344445555", "Data Lake Dev", "Workloads", "Data"),
                withoutAccess("444455556666", "Marketing Sandbox", "ROLE_MISSING")));

        assertThat(count(page, "<tr data-s=")).isEqualTo(3);
        // OU options: parents before children, numbered; a row carries its OU and every ancestor
        assertThat(page).contains("<option value=\"0\">Workloads</option><option value=\"1\">Workloads / Data</option>")
                .contains("<tr data-s=\"ACCESS_VERIFIED\" data-o=\"0 1\"><td><bdi>Data Lake Dev</bdi></td>")
                .contains("<tr data-s=\"ACCESS_VERIFIED\" data-o=\"0\"><td><bdi>Payments Prod</bdi></td>")
                .contains("<tr data-s=\"ROLE_MISSING\" data-o=\"\"><td><bdi>Marketing Sandbox</bdi></td>")
                .contains("<option value=\"ACCESS_VERIFIED\">ACCESS_VERIFIED (2)</option>"
                        + "<option value=\"ROLE_MISSING\">ROLE_MISSING (1)</option>")
                .contains("3 accounts, 2 can be entered");
    }

    @Test
    void enterableAccount_hasTheSwitchRoleLinkAndProfile_othersSayNoAccess() {
        String page = AccessDirectoryPage.render(INFO, List.of(
                enterable("222233334444", "Payments Prod"),
                withoutAccess("444455556666", "Marketing Sandbox", "TRUST_MISMATCH")));

        String href = SwitchRoleLink.of(ORGANIZATION, "222233334444", ROLE, "Payments Prod");
        assertThat(href).isEqualTo("https://signin.aws.amazon.com/switchrole?account=222233334444"
                + "&roleName=OrganizationAccountAccessRole&displayName=Payments%20Prod");
        assertThat(page).contains("<td><a href=\"" + href.replace("&", "&amp;")
                        + "\" target=\"_blank\" rel=\"noopener noreferrer\">Switch role</a></td><td>payments-prod</td>")
                .contains("<span class=\"st bad\">TRUST_MISMATCH</span></td><td><time datetime=\"2026-11-18T07:00:00Z\">"
                        + "2026-11-18 07:00</time></td><td class=\"none\">no access</td><td></td></tr>");
        assertThat(count(page, "switchrole?")).isEqualTo(1);
    }

    @Test
    void hostileNames_areText_neverMarkup() {
        String page = AccessDirectoryPage.render(INFO, List.of(
                enterable("222233334444", HOSTILE, "OU <b>" + HOSTILE),
                withoutAccess("444455556666", "nul\u0000 and bell\u0007", "<i>ROLE_MISSING</i>")));

        assertThat(count(page, "<script")).isEqualTo(1);
        assertThat(count(page, "<img")).isZero();
        assertThat(count(page, "<b>")).isZero();
        assertThat(count(page, "<i>")).isZero();
        assertThat(page).contains("<bdi>&lt;script&gt;window.__pwned=1&lt;/script&gt;&quot;&#39;&gt;&lt;img src=x"
                        + " onerror=alert(1)&gt; \u202Eevil</bdi>")
                .contains("data-s=\"&lt;i&gt;ROLE_MISSING&lt;/i&gt;\"")
                .contains("<bdi>nul\uFFFD and bell\uFFFD</bdi>");
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
    void aThousandAccounts_stayUnderOneMegabyte() {
        int thousand = AccessDirectoryPage.render(INFO, organization(1_000)).getBytes(StandardCharsets.UTF_8).length;
        int tenThousand = AccessDirectoryPage.render(INFO, organization(10_000))
                .getBytes(StandardCharsets.UTF_8).length;
        System.out.printf("[access directory] 1,000 accounts: %,d bytes; 10,000 accounts: %,d bytes%n", thousand,
                tenThousand);

        assertThat(thousand).isLessThan(1_000_000);
        assertThat(tenThousand).isLessThan(10 * 1_000_000);
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
