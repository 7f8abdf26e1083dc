package io.orgaccessguard.it.browser;

import static io.orgaccessguard.it.support.OutsideTool.CHROMEDRIVER;
import static io.orgaccessguard.it.support.OutsideTool.CHROMIUM;
import static org.assertj.core.api.Assertions.assertThat;

import io.orgaccessguard.core.model.Outcome;
import io.orgaccessguard.it.support.DirectoryFixture;
import io.orgaccessguard.it.support.OutsideTool;
import io.orgaccessguard.json.Json;
import io.orgaccessguard.notify.AccountFix;
import io.orgaccessguard.notify.SwitchRoleLink;
import io.orgaccessguard.notify.directory.AccessDirectoryPage;
import io.orgaccessguard.notify.directory.DirectoryEntry;
import java.io.File;
import io.orgaccessguard.notify.directory.DirectoryInfo;
import io.orgaccessguard.notify.directory.ProfileNames;
import io.orgaccessguard.testsupport.Fixtures;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Predicate;
import java.util.logging.Level;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.Select;

/**
 * The access directory of a 10-account and of a 10,000-account organization opened in a real headless Chromium
 * (Debian's {@code chromium} and {@code chromium-driver}), driven as a person would: the count of what is shown, a
 * search by name, ID, e-mail, OU path and status, status and OU filters combined with it, an account chosen with the
 * keyboard whose switch-role link is exact, an account without access that shows its alert's fix (outcome, why,
 * since, quick-create link, re-check command), the management account listed as itself, hostile account names that
 * stay text and run no script, and a page that makes no request at all (Chrome's own network log and the Resource
 * Timing entries). The page builds its rows {@value AccessDirectoryPage#ROWS_AT_A_TIME} at a time: the rows in the
 * DOM are the first ones of what matches, in name order, and scrolling builds more. A screenshot is left in
 * {@code target/access-directory.png}.
 *
 * <p>Chromium and chromedriver are those on PATH ({@link OutsideTool}): without them the test is skipped with a
 * message, except under CI, where it fails: .ci/run installs them.
 */
@OutsideTool.Required({CHROMIUM, CHROMEDRIVER})
class AccessDirectoryPageTest {

    static final Path SCREENSHOT = Path.of("target", "access-directory.png");
    static final DateTimeFormatter SHOWN_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm", Locale.ROOT)
            .withZone(ZoneOffset.UTC);

    static ChromeDriver browser;
    static Path userDataDir;

    @BeforeAll
    static void openTheBrowser() throws IOException {
        System.out.printf("[access directory] %s, %s%n", CHROMIUM.found().version(), CHROMEDRIVER.found().version());
        userDataDir = Files.createTempDirectory("chromium-profile");
        var options = new ChromeOptions();
        options.setBinary(CHROMIUM.found().command().getFirst());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-dev-shm-usage",
                "--window-size=1400,1000", "--user-data-dir=" + userDataDir);
        var logs = new LoggingPreferences();
        logs.enable(LogType.PERFORMANCE, Level.ALL);
        logs.enable(LogType.BROWSER, Level.ALL);
        options.setCapability("goog:loggingPrefs", logs);
        File driver = new File(CHROMEDRIVER.found().command().getFirst());
        var service = new ChromeDriverService.Builder().usingDriverExecutable(driver)
                .usingAnyFreePort().build();
        browser = new ChromeDriver(service, options);
    }

    @AfterAll
    static void closeTheBrowser() throws IOException {
        if (browser != null) {
            browser.quit();
        }
        if (userDataDir != null) {
            try (var files = Files.walk(userDataDir)) {
                files.sorted(java.util.Comparator.reverseOrder()).map(Path::toFile).forEach(java.io.File::delete);
            }
        }
    }

    @Nested
    @TestInstance(TestInstance.Lifecycle.PER_CLASS)
    class TenAccounts extends PageChecks {
        TenAccounts() {
            super(10);
        }
    }

    @Nested
    @TestInstance(TestInstance.Lifecycle.PER_CLASS)
    class TenThousandAccounts extends PageChecks {
        TenThousandAccounts() {
            super(10_000);
        }

        @Test
        void thePage_isAtMostTwoMegabytes() throws IOException {
            assertThat(Files.size(page)).isLessThanOrEqualTo(2_000_000);
        }

        @Test
        void scrolling_buildsTheNextRows() {
            assertThat(renderedIds()).hasSize(AccessDirectoryPage.ROWS_AT_A_TIME);
            js().executeScript("window.scrollTo(0, document.body.scrollHeight)");
            waitUntil(() -> renderedIds().size() > AccessDirectoryPage.ROWS_AT_A_TIME);
            List<String> rendered = renderedIds();
            assertThat(rendered).isEqualTo(allIds(entry -> true).subList(0, rendered.size()));
            // the button, from the keyboard (a mouse click races the scrolling, which builds rows under the pointer)
            int before = renderedIds().size();
            browser.findElement(By.id("more")).sendKeys(Keys.ENTER);
            assertThat(renderedIds().size()).isGreaterThan(before);
            assertThat(renderedIds().size()).isGreaterThanOrEqualTo(3 * AccessDirectoryPage.ROWS_AT_A_TIME);
        }
    }

    abstract static class PageChecks {

        final int size;
        final List<DirectoryEntry> organization;
        final DirectoryInfo info;
        final Map<String, String> profiles;
        Path page;

        PageChecks(int size) {
            this.size = size;
            this.organization = DirectoryFixture.organization(size);
            this.info = DirectoryFixture.deployedInfo(organization);
            this.profiles = ProfileNames.assign(organization);
        }

        @BeforeAll
        void writeThePage() throws IOException {
            page = Files.createTempFile("access-directory-" + size, ".html");
            Files.writeString(page, AccessDirectoryPage.render(info, organization), StandardCharsets.UTF_8);
            System.out.printf("[access directory] %,d accounts: %,d bytes%n", organization.size(), Files.size(page));
        }

        @AfterAll
        void removeThePage() throws IOException {
            if (page != null) {
                Files.deleteIfExists(page);
            }
        }

        @BeforeEach
        void load() {
            browser.get(page.toUri().toString());
        }

        @Test
        void everyAccount_isCounted_andTheFirstRowsAreInNameOrder() {
            int all = organization.size();
            assertThat(shown()).isEqualTo(all + " of " + all + " accounts");
            assertThat(renderedIds()).isEqualTo(expectedIds(entry -> true));
        }

        @Test
        void search_findsByName_id_email_ouPath_andStatus() {
            DirectoryEntry chosen = organization.get(size - 2);
            for (String query : List.of("shared SERVICES", "team 3", chosen.accountId(), chosen.email(),
                    "aws+team-4", "Security / Team 5", "sandbox", "role_missing", "TRUST_MISMATCH", "evil",
                    "nothing matches this")) {
                search(query);
                Predicate<DirectoryEntry> matches = matching(query);
                assertThat(renderedIds()).as(query).isEqualTo(expectedIds(matches));
                assertThat(shown()).as(query).isEqualTo(count(matches) + " of " + organization.size() + " accounts");
            }
            search(chosen.accountId());
            assertThat(renderedIds()).containsExactly(chosen.accountId());
        }

        @Test
        void statusOuAndSearch_combine() {
            var status = new Select(browser.findElement(By.id("status")));
            var ou = new Select(browser.findElement(By.id("ou")));
            status.selectByValue("ACCESS_VERIFIED");
            ou.selectByVisibleText("Security");
            Predicate<DirectoryEntry> both = entry -> entry.status().equals("ACCESS_VERIFIED")
                    && !entry.ouPath().isEmpty() && entry.ouPath().getFirst().equals("Security");
            assertThat(renderedIds()).isEqualTo(expectedIds(both));
            assertThat(shown()).isEqualTo(count(both) + " of " + organization.size() + " accounts");

            if (size > 100) {
                ou.selectByVisibleText("Security / Team 5 / Dev");
                search("team 5");
                Predicate<DirectoryEntry> all = entry -> entry.status().equals("ACCESS_VERIFIED")
                        && entry.ouPath().equals(List.of("Security", "Team 5", "Dev"))
                        && matching("team 5").test(entry);
                assertThat(count(all)).isPositive();
                assertThat(renderedIds()).isEqualTo(expectedIds(all));
                assertThat(shown()).isEqualTo(count(all) + " of " + organization.size() + " accounts");
            }
        }

        @Test
        void keyboard_choosesAnAccount_andEnterReachesItsSwitchRoleLink() {
            search("team");
            List<String> listed = expectedIds(matching("team"));
            int position = 1;
            while (!entry(listed.get(position)).enterable()) {
                position++;
            }
            WebElement query = browser.findElement(By.id("q"));
            for (int i = 0; i < position + 2; i++) {
                query.sendKeys(Keys.ARROW_DOWN);
            }
            query.sendKeys(Keys.ARROW_UP);

            String chosenId = browser.findElement(By.cssSelector("#rows tr.sel")).getAttribute("data-id");
            assertThat(chosenId).isEqualTo(listed.get(position));
            DirectoryEntry chosen = entry(chosenId);
            query.sendKeys(Keys.ENTER);

            WebElement focused = browser.switchTo().activeElement();
            assertThat(focused.getAttribute("id")).isEqualTo("go");
            assertThat(focused.getAttribute("href")).isEqualTo(SwitchRoleLink.of(DirectoryFixture.ORGANIZATION,
                    chosenId, Fixtures.ACCESS_ROLE, chosen.name()));
            assertThat(row(chosenId).findElement(By.linkText("Switch role")).getAttribute("href"))
                    .isEqualTo(focused.getAttribute("href"));
            assertThat(detail().getText()).contains(profiles.get(chosenId))
                    .contains("aws sts get-caller-identity --profile " + profiles.get(chosenId));
            // '/' comes back to the search, Escape clears it
            focused.sendKeys("/");
            assertThat(browser.switchTo().activeElement().getAttribute("id")).isEqualTo("q");
            browser.switchTo().activeElement().sendKeys(Keys.ESCAPE);
            assertThat(shown()).isEqualTo(organization.size() + " of " + organization.size() + " accounts");
        }

        @Test
        void anAccountWithoutAccess_showsItsAlertsFix_whereItIsListed() {
            DirectoryEntry missing = organization.stream()
                    .filter(entry -> entry.status().equals(Outcome.ROLE_MISSING.name())).reduce((a, b) -> b)
                    .orElseThrow();
            AccountFix fix = info.fixes().get(Outcome.ROLE_MISSING.name());
            search(missing.accountId());
            WebElement quickCreate = row(missing.accountId()).findElement(By.linkText("Fix in one click"));
            assertThat(quickCreate.getAttribute("href")).isEqualTo(fix.links().getFirst().url())
                    .startsWith("https://" + Fixtures.REGION + ".console.aws.amazon.com/cloudformation/home?region="
                            + Fixtures.REGION + "#/stacks/create/review?templateURL=");
            browser.findElement(By.id("q")).sendKeys(Keys.ARROW_DOWN);

            String text = detail().getText();
            assertThat(text).contains("Outcome: ROLE_MISSING")
                    .contains("Why: The access role cannot be assumed")
                    .contains("Since: " + SHOWN_TIME.format(missing.since()) + " UTC");
            List<String> links = detail().findElements(By.tagName("a")).stream()
                    .map(link -> link.getAttribute("href")).toList();
            assertThat(links).isEqualTo(fix.links().stream().map(AccountFix.Link::url).toList()).hasSize(2);
            assertThat(detail().findElement(By.tagName("pre")).getText())
                    .isEqualTo(AccountFix.recheckCommand(missing.accountId(), DirectoryFixture.CONFIG))
                    .contains("\"accountIds\":[\"" + missing.accountId() + "\"]");
            fix.notes().forEach(note -> assertThat(text).contains(note));
            assertThat(row(missing.accountId()).findElements(By.linkText("Switch role"))).isEmpty();
            assertThat(cells(missing.accountId()).get(8)).isEmpty();
        }

        @Test
        void theManagementAccount_isListedAsItself() {
            search(Fixtures.MANAGEMENT_ACCOUNT_ID);
            assertThat(renderedIds()).containsExactly(Fixtures.MANAGEMENT_ACCOUNT_ID);
            List<String> cells = cells(Fixtures.MANAGEMENT_ACCOUNT_ID);
            assertThat(cells.get(0)).isEqualTo("Acme Management");
            assertThat(cells.get(5)).isEqualTo(DirectoryEntry.MANAGEMENT);
            assertThat(cells.get(7)).isEqualTo("sign in here");
            assertThat(cells.get(8)).isEmpty();
            assertThat(row(Fixtures.MANAGEMENT_ACCOUNT_ID).findElements(By.tagName("a"))).isEmpty();
        }

        @Test
        void hostileNames_areShownAsText_andRunNothing() {
            assertThat(js().executeScript("return typeof window.__pwned")).isEqualTo("undefined");
            for (int i = 0; i < Math.min(size, DirectoryFixture.HOSTILE_NAMES.size()); i++) {
                DirectoryEntry hostile = organization.get(i);
                search(hostile.accountId());
                assertThat(js().executeScript("return arguments[0].cells[0].textContent", row(hostile.accountId())))
                        .isEqualTo(hostile.name());
                browser.findElement(By.id("q")).sendKeys(Keys.ARROW_DOWN);
                assertThat(browser.findElements(By.cssSelector("#accounts img, #accounts style, #accounts script")))
                        .isEmpty();
                assertThat(browser.findElements(By.cssSelector("#accounts a"))).allSatisfy(link -> assertThat(
                        link.getAttribute("href")).matches("https://(signin\\.aws\\.amazon\\.com/switchrole\\?"
                        + "|" + Fixtures.REGION + "\\.console\\.aws\\.amazon\\.com/cloudformation/).*"));
            }
            assertThat(js().executeScript("return typeof window.__pwned")).isEqualTo("undefined");
            assertThat(browser.findElements(By.cssSelector("#rows tr[data-row]"))).hasSize(1);
            assertThat(browser.findElement(By.tagName("body")).isDisplayed()).isTrue();
        }

        @Test
        void thePage_requestsNothing_andItsPolicyBlocksNothingOfItsOwn() throws IOException {
            search("team");
            new Select(browser.findElement(By.id("status"))).selectByValue("ROLE_MISSING");
            browser.findElement(By.id("q")).sendKeys(Keys.ARROW_DOWN);

            assertThat((List<?>) js().executeScript("return performance.getEntriesByType('resource')")).isEmpty();
            String pageUrl = page.toUri().toString();
            List<String> requested = browser.manage().logs().get(LogType.PERFORMANCE).getAll().stream()
                    .map(LogEntry::getMessage).map(entry -> requestedBy(entry, pageUrl)).flatMap(List::stream)
                    .toList();
            assertThat(requested).as("requests made for the page").isNotEmpty().containsOnly(pageUrl);
            assertThat(browser.manage().logs().get(LogType.BROWSER).getAll()).map(LogEntry::getMessage)
                    .noneMatch(message -> message.contains("Content Security Policy") || message.contains("Refused")
                            || message.contains("Uncaught"));
            if (size > 100) {
                browser.get(pageUrl);
                Files.createDirectories(SCREENSHOT.getParent());
                Files.copy(browser.getScreenshotAs(OutputType.FILE).toPath(), SCREENSHOT,
                        StandardCopyOption.REPLACE_EXISTING);
            }
        }

        void search(String query) {
            WebElement box = browser.findElement(By.id("q"));
            box.clear();
            if (!query.isEmpty()) {
                box.sendKeys(query);
            }
            // clear() fires no input event; the typed text does, and the page answers it before the next command
            assertThat(box.getAttribute("value")).isEqualTo(query);
        }

        /** What the page searches: name, ID, e-mail, OU path (as shown), status. */
        static List<String> fields(DirectoryEntry entry) {
            return List.of(entry.name(), entry.accountId(), entry.email(),
                    entry.ouPath().isEmpty() ? "(root)" : String.join(" / ", entry.ouPath()), entry.status());
        }

        /** What a search for {@code query} should find: a field that contains it, whatever the case. */
        static Predicate<DirectoryEntry> matching(String query) {
            String wanted = query.toLowerCase(Locale.ROOT);
            return entry -> fields(entry).stream().anyMatch(field -> field.toLowerCase(Locale.ROOT).contains(wanted));
        }

        /** The first rows of the accounts {@code which} selects, in the page's order, as many as it builds. */
        List<String> expectedIds(Predicate<DirectoryEntry> which) {
            List<String> all = allIds(which);
            return all.subList(0, Math.min(all.size(), AccessDirectoryPage.ROWS_AT_A_TIME));
        }

        /** The accounts {@code which} selects, in the page's order. */
        List<String> allIds(Predicate<DirectoryEntry> which) {
            return AccessDirectoryPage.sorted(organization).stream().filter(which).map(DirectoryEntry::accountId)
                    .toList();
        }

        long count(Predicate<DirectoryEntry> which) {
            return organization.stream().filter(which).count();
        }

        DirectoryEntry entry(String accountId) {
            return organization.stream().filter(entry -> entry.accountId().equals(accountId)).findFirst()
                    .orElseThrow();
        }
    }

    static String shown() {
        return browser.findElement(By.id("shown")).getText();
    }

    /**
     * An account that can be entered but is not shown to be administered (issue 18's ACCESS_RESTRICTED and
     * ACCESS_UNDETERMINED) keeps its switch-role link and profile, and its status is not painted as a verified one.
     */
    @Test
    void aRestrictedAccount_keepsItsWayIn_butIsNotPaintedAsVerified() throws IOException {
        var entries = new java.util.ArrayList<DirectoryEntry>();
        for (String status : List.of("ACCESS_VERIFIED", "ACCESS_RESTRICTED", "ACCESS_UNDETERMINED")) {
            entries.add(new DirectoryEntry(String.format("%012d", 700_000_000_000L + entries.size()), status + " account",
                    "aws+" + entries.size() + "@example.com", List.of("Workloads"), "INVITED",
                    java.time.Instant.parse("2024-01-01T00:00:00Z"), status,
                    java.time.Instant.parse("2026-01-01T00:00:00Z"), true));
        }
        Path small = Files.createTempFile("access-directory-restricted", ".html");
        try {
            Files.writeString(small, AccessDirectoryPage.render(DirectoryFixture.deployedInfo(entries), entries),
                    StandardCharsets.UTF_8);
            browser.get(small.toUri().toString());

            for (DirectoryEntry entry : entries) {
                WebElement badge = row(entry.accountId()).findElement(By.cssSelector("span.st"));
                assertThat(badge.getText()).isEqualTo(entry.status());
                assertThat(badge.getAttribute("class")).as(entry.status())
                        .contains(entry.status().equals("ACCESS_VERIFIED") ? "ok" : "mid")
                        .doesNotContain(entry.status().equals("ACCESS_VERIFIED") ? "mid" : "ok");
                assertThat(row(entry.accountId()).findElements(By.linkText("Switch role"))).as(entry.status()).hasSize(1);
            }
        } finally {
            Files.deleteIfExists(small);
        }
    }

    static WebElement row(String accountId) {
        return browser.findElement(By.cssSelector("#rows tr[data-id='" + accountId + "']"));
    }

    static WebElement detail() {
        return browser.findElement(By.cssSelector("#rows tr.detail"));
    }

    @SuppressWarnings("unchecked")
    static List<String> cells(String accountId) {
        return (List<String>) js().executeScript("return Array.from(arguments[0].cells).map(function (c) {"
                + " return c.textContent; })", row(accountId));
    }

    /** The account IDs of the rows the page has built, in order. */
    @SuppressWarnings("unchecked")
    static List<String> renderedIds() {
        return (List<String>) js().executeScript("return Array.from(document.querySelectorAll('#rows tr[data-row]'))"
                + ".map(function (row) { return row.getAttribute('data-id'); });");
    }

    static JavascriptExecutor js() {
        return browser;
    }

    static void waitUntil(java.util.function.BooleanSupplier condition) {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out");
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }

    /** The URL a Chrome performance log entry says was requested for {@code documentUrl} (Network.requestWillBeSent). */
    @SuppressWarnings("unchecked")
    static List<String> requestedBy(String entry, String documentUrl) {
        Map<String, Object> message = (Map<String, Object>) ((Map<String, Object>) Json.parse(entry)).get("message");
        if (!"Network.requestWillBeSent".equals(message.get("method"))) {
            return List.of();
        }
        Map<String, Object> params = (Map<String, Object>) message.get("params");
        if (!documentUrl.equals(params.get("documentURL"))) {
            return List.of();
        }
        return List.of((String) ((Map<String, Object>) params.get("request")).get("url"));
    }
}
