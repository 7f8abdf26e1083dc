package io.orgaccessguard.it.browser;

import static io.orgaccessguard.it.support.OutsideTool.CHROMEDRIVER;
import static io.orgaccessguard.it.support.OutsideTool.CHROMIUM;
import static org.assertj.core.api.Assertions.assertThat;

import io.orgaccessguard.testsupport.Fixtures;
import io.orgaccessguard.it.support.DirectoryFixture;
import io.orgaccessguard.it.support.OutsideTool;
import io.orgaccessguard.json.Json;
import io.orgaccessguard.notify.SwitchRoleLink;
import io.orgaccessguard.notify.directory.AccessDirectoryPage;
import io.orgaccessguard.notify.directory.DirectoryEntry;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.logging.Level;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
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
 * The access directory of a 1,000-account organization opened in a real headless Chromium (Debian's {@code chromium}
 * and {@code chromium-driver}), driven as a person would: every account is listed, the status, OU and text filters
 * show exactly the accounts they should, a chosen account's switch-role link is exact, hostile account names run no
 * script, and the page makes no request at all (Chrome's own network log and the Resource Timing entries). A
 * screenshot is left in {@code target/access-directory.png}.
 *
 * <p>Chromium and chromedriver are those on PATH ({@link OutsideTool}): without them the test is skipped with a
 * message, except under CI, where it fails: .ci/run installs them.
 */
@OutsideTool.Required({CHROMIUM, CHROMEDRIVER})
class AccessDirectoryPageTest {

    static final int ACCOUNTS = 1_000;
    static final Path SCREENSHOT = Path.of("target", "access-directory.png");

    static List<DirectoryEntry> organization;
    static Path page;
    static Path userDataDir;
    static ChromeDriver browser;

    @BeforeAll
    static void openThePage() throws IOException {
        System.out.printf("[access directory] %s, %s%n", CHROMIUM.found().version(), CHROMEDRIVER.found().version());
        organization = DirectoryFixture.organization(ACCOUNTS);
        String html = AccessDirectoryPage.render(DirectoryFixture.INFO, organization);
        page = Files.createTempFile("access-directory", ".html");
        Files.writeString(page, html, StandardCharsets.UTF_8);
        System.out.printf("[access directory] %,d accounts: %,d bytes%n", ACCOUNTS, Files.size(page));

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
    static void close() throws IOException {
        if (browser != null) {
            browser.quit();
        }
        if (page != null) {
            Files.deleteIfExists(page);
        }
        if (userDataDir != null) {
            try (var files = Files.walk(userDataDir)) {
                files.sorted(java.util.Comparator.reverseOrder()).map(Path::toFile).forEach(java.io.File::delete);
            }
        }
    }

    @BeforeEach
    void load() {
        browser.get(page.toUri().toString());
    }

    @Test
    void thePage_isUnderOneMegabyte_andListsEveryAccount() throws IOException {
        assertThat(Files.size(page)).isLessThan(1_000_000);
        assertThat(visibleIds()).hasSize(ACCOUNTS)
                .isEqualTo(ids(entry -> true));
        assertThat(browser.findElement(By.id("shown")).getText()).isEqualTo("1000 of 1000 accounts");
    }

    @Test
    void statusFilter_showsExactlyTheAccountsOfThatStatus() {
        for (String status : List.of("ROLE_MISSING", "TRUST_MISMATCH", "ACCESS_VERIFIED", "FAILED")) {
            new Select(browser.findElement(By.id("status"))).selectByValue(status);

            Set<String> expected = ids(entry -> entry.status().equals(status));
            assertThat(expected).isNotEmpty();
            assertThat(visibleIds()).as(status).isEqualTo(expected);
            assertThat(browser.findElement(By.id("shown")).getText())
                    .isEqualTo(expected.size() + " of 1000 accounts");
        }
    }

    @Test
    void ouFilter_showsTheOusAccountsAndThoseOfItsSubOus() {
        var ou = new Select(browser.findElement(By.id("ou")));

        ou.selectByVisibleText("Sandbox");
        assertThat(visibleIds()).isEqualTo(ids(entry -> !entry.ouPath().isEmpty()
                && entry.ouPath().getFirst().equals("Sandbox")));

        ou.selectByVisibleText("Security / Team 5 / Dev");
        Set<String> deep = ids(entry -> entry.ouPath().equals(List.of("Security", "Team 5", "Dev")));
        assertThat(deep).isNotEmpty();
        assertThat(visibleIds()).isEqualTo(deep);

        // filters combine
        new Select(browser.findElement(By.id("status"))).selectByValue("ACCESS_VERIFIED");
        assertThat(visibleIds()).isEqualTo(ids(entry -> entry.ouPath().equals(List.of("Security", "Team 5", "Dev"))
                && entry.status().equals("ACCESS_VERIFIED")));
    }

    @Test
    void textFilter_matchesNamesCaseInsensitively_andAccountIds() {
        WebElement text = browser.findElement(By.id("q"));

        text.sendKeys("shared SERVICES");
        assertThat(visibleIds()).hasSizeGreaterThan(1)
                .isEqualTo(ids(entry -> entry.name().toLowerCase().contains("shared services")));

        DirectoryEntry chosen = organization.get(421);
        text.clear();
        text.sendKeys(chosen.accountId());
        assertThat(visibleIds()).containsExactly(chosen.accountId());
    }

    @Test
    void switchRoleLink_ofAChosenAccount_isExact() {
        DirectoryEntry chosen = organization.stream().filter(DirectoryEntry::enterable).skip(100).findFirst()
                .orElseThrow();
        browser.findElement(By.id("q")).sendKeys(chosen.accountId());

        WebElement link = row(chosen.accountId()).findElement(By.linkText("Switch role"));

        assertThat(link.getAttribute("href")).isEqualTo(SwitchRoleLink.of(DirectoryFixture.ORGANIZATION,
                chosen.accountId(), Fixtures.ACCESS_ROLE, chosen.name()));
        assertThat(link.getAttribute("href")).isEqualTo("https://signin.aws.amazon.com/switchrole?account="
                + chosen.accountId() + "&roleName=OrganizationAccountAccessRole&displayName="
                + chosen.name().replace(" ", "%20"));
        DirectoryEntry without = organization.stream().filter(entry -> !entry.enterable()).findFirst().orElseThrow();
        assertThat(row(without.accountId()).findElements(By.tagName("a"))).isEmpty();
    }

    @Test
    void hostileNames_areShownAsText_andRunNothing() {
        var js = (JavascriptExecutor) browser;

        assertThat(js.executeScript("return typeof window.__pwned")).isEqualTo("undefined");
        assertThat(browser.findElements(By.cssSelector("#accounts img, #accounts style, #accounts script"))).isEmpty();
        assertThat(browser.findElements(By.cssSelector("#accounts a")))
                .allSatisfy(link -> assertThat(link.getAttribute("href")).startsWith("https://signin.aws.amazon.com/"));
        assertThat(browser.findElements(By.cssSelector("#accounts tbody tr"))).hasSize(ACCOUNTS);
        for (int i = 0; i < DirectoryFixture.HOSTILE_NAMES.size(); i++) {
            DirectoryEntry hostile = organization.get(i);
            Object shown = js.executeScript("return arguments[0].cells[0].textContent", row(hostile.accountId()));
            assertThat(shown).isEqualTo(hostile.name());
        }
        assertThat(browser.findElement(By.tagName("body")).isDisplayed()).isTrue();
    }

    @Test
    void thePage_requestsNothing_andItsPolicyBlocksNothingOfItsOwn() throws IOException {
        browser.findElement(By.id("q")).sendKeys("team");
        new Select(browser.findElement(By.id("status"))).selectByValue("ROLE_MISSING");

        var js = (JavascriptExecutor) browser;
        assertThat((List<?>) js.executeScript("return performance.getEntriesByType('resource')")).isEmpty();
        // Every request made for the page (Chrome's own pages, such as the first new tab, are other documents).
        String pageUrl = page.toUri().toString();
        List<String> requested = browser.manage().logs().get(LogType.PERFORMANCE).getAll().stream()
                .map(LogEntry::getMessage).map(entry -> requestedBy(entry, pageUrl)).flatMap(List::stream).toList();
        assertThat(requested).as("requests made for the page").isNotEmpty().containsOnly(pageUrl);
        // A Content-Security-Policy that refused the page's own style or script would say so in the console.
        assertThat(browser.manage().logs().get(LogType.BROWSER).getAll()).map(LogEntry::getMessage)
                .noneMatch(message -> message.contains("Content Security Policy") || message.contains("Refused"));

        new Select(browser.findElement(By.id("status"))).selectByValue("");
        browser.findElement(By.id("q")).clear();
        browser.findElement(By.id("q")).sendKeys("");
        browser.get(page.toUri().toString());
        Files.createDirectories(SCREENSHOT.getParent());
        Files.copy(browser.getScreenshotAs(OutputType.FILE).toPath(), SCREENSHOT, StandardCopyOption.REPLACE_EXISTING);
    }

    /** The URL a Chrome performance log entry says was requested for {@code documentUrl} (Network.requestWillBeSent). */
    @SuppressWarnings("unchecked")
    private static List<String> requestedBy(String entry, String documentUrl) {
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

    private WebElement row(String accountId) {
        return browser.findElement(By.xpath("//table[@id='accounts']/tbody/tr[td[2]='" + accountId + "']"));
    }

    /** The account IDs of the rows a person sees now. */
    @SuppressWarnings("unchecked")
    private Set<String> visibleIds() {
        List<String> ids = (List<String>) ((JavascriptExecutor) browser).executeScript(
                "return Array.from(document.querySelectorAll('#accounts tbody tr'))"
                        + ".filter(function (row) { return row.offsetParent !== null; })"
                        + ".map(function (row) { return row.cells[1].textContent; });");
        return Set.copyOf(ids);
    }

    private static Set<String> ids(Predicate<DirectoryEntry> which) {
        return organization.stream().filter(which).map(DirectoryEntry::accountId).collect(Collectors.toSet());
    }
}
