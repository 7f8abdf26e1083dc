package io.orgaccessguard.bench;

import io.orgaccessguard.core.model.Organization;
import io.orgaccessguard.core.model.Outcome;
import io.orgaccessguard.config.GuardConfig;
import io.orgaccessguard.notify.directory.AccessDirectoryPage;
import io.orgaccessguard.notify.directory.DirectoryPublisher;
import io.orgaccessguard.notify.directory.DirectoryEntry;
import io.orgaccessguard.notify.directory.DirectoryInfo;
import io.orgaccessguard.testsupport.Fixtures;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * The access directory page in headless Chromium (issue 19): for each organization size, the page's size as stored,
 * the time from the start of navigation until its first account rows are in the DOM and painted, and the time from a
 * search keystroke until its answer is painted. Medians of {@code --loads} fresh loads (each load's keystroke figure
 * is the median of {@code --keys} keystrokes). The organization has 10% of accounts without working access and 1% with
 * hostile names. Writes {@code benchmarks/target/directory/results-<time>.md} and prints the table.
 *
 * <p>How it measures, without touching the page (whose Content-Security-Policy admits only its own script): a probe
 * installed through the DevTools protocol before the page's own script ({@code Page.addScriptToEvaluateOnNewDocument})
 * watches the DOM with a MutationObserver. "First rows": {@code performance.now()} when the first
 * {@code #accounts tbody tr} (or {@code [data-row]}) appears, then the end of the next frame (requestAnimationFrame,
 * then a task), or the first contentful paint if that is later: the rows are painted by then. "Keystroke": from the {@code keydown} event's timestamp until the page
 * has rewritten its count ({@code #shown}) and the next frame has ended.
 *
 * <pre>
 * ./mvnw -q -B -ntp -o -DskipTests -Pdirectory-benchmark -pl benchmarks -am verify \
 *     -Dbench.args="--sizes 1000,10000 --loads 5 --label after"
 * </pre>
 */
public final class DirectoryBenchmark {

    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    static final Instant GENERATED = Instant.parse("2026-11-20T09:14:03Z");
    static final String[] HOSTILE = {"<script>window.__pwned=1</script>", "\"><img src=x onerror=alert(1)>",
            "\u202Eoptin-gnilliB", "Evil\n[profile management]", "</td></tr><tr><td>forged"};
    static final Outcome[] WITHOUT_ACCESS = {Outcome.ROLE_MISSING, Outcome.TRUST_MISMATCH, Outcome.ROLE_INCOMPLETE,
            Outcome.FAILED};

    private static final String PROBE = """
            (function () {
              var probe = window.__probe = {rows: -1, painted: -1, keys: []};
              function frame(then) { requestAnimationFrame(function () { setTimeout(then, 0); }); }
              var seen = false;
              new MutationObserver(function (changes, observer) {
                if (!seen && document.querySelector('#accounts tbody tr, [data-row]')) {
                  seen = true;
                  probe.rows = performance.now();
                  frame(function () { probe.painted = performance.now(); });
                  observer.disconnect();
                }
              }).observe(document, {childList: true, subtree: true});
              var pressed = -1;
              document.addEventListener('keydown', function (event) { pressed = event.timeStamp; }, true);
              document.addEventListener('DOMContentLoaded', function () {
                var shown = document.getElementById('shown');
                new MutationObserver(function () {
                  if (pressed < 0) { return; }
                  var start = pressed;
                  pressed = -1;
                  frame(function () { probe.keys.push(performance.now() - start); });
                }).observe(shown, {childList: true, characterData: true, subtree: true});
              });
            })();
            """;

    public static void main(String[] args) throws Exception {
        var options = Map.of("--sizes", "1000,10000", "--loads", "5", "--keys", "5", "--label", "");
        var given = new java.util.HashMap<>(options);
        for (int i = 0; i + 1 < args.length; i += 2) {
            if (!options.containsKey(args[i])) {
                throw new IllegalArgumentException("unknown option " + args[i] + "; known: " + options.keySet());
            }
            given.put(args[i], args[i + 1]);
        }
        int loads = Integer.parseInt(given.get("--loads"));
        int keys = Integer.parseInt(given.get("--keys"));
        Path out = Path.of("benchmarks", "target", "directory");
        Files.createDirectories(out);
        var table = new StringBuilder("| accounts | page size | first rows in DOM + painted (ms) | keystroke answered (ms) |"
                + " load event (ms) |\n|---:|---:|---:|---:|---:|\n");
        ChromeDriver browser = browser();
        try {
            for (String size : given.get("--sizes").split(",")) {
                int accounts = Integer.parseInt(size.trim());
                Path page = out.resolve("access-directory-" + accounts + ".html");
                List<DirectoryEntry> organization = organization(accounts);
                Files.writeString(page, AccessDirectoryPage.render(info(organization), organization),
                        StandardCharsets.UTF_8);
                var rows = new double[loads];
                var keystrokes = new double[loads];
                var loaded = new double[loads];
                for (int load = 0; load < loads; load++) {
                    double[] sample = measure(browser, page, load, keys);
                    rows[load] = sample[0];
                    keystrokes[load] = sample[1];
                    loaded[load] = sample[2];
                    System.out.printf("[directory] %,d accounts, load %d: first rows %.0f ms, keystroke %.1f ms,"
                            + " load %.0f ms%n", accounts, load + 1, sample[0], sample[1], sample[2]);
                }
                table.append(String.format("| %,d | %,d bytes (%.2f MB) | %.0f [%.0f-%.0f] | %.1f [%.1f-%.1f] |"
                                + " %.0f |%n", accounts, Files.size(page), Files.size(page) / 1e6,
                        median(rows), min(rows), max(rows), median(keystrokes), min(keystrokes), max(keystrokes),
                        median(loaded)));
            }
        } finally {
            browser.quit();
        }
        String load = Files.readString(Path.of("/proc/loadavg")).trim();
        String report = "# Access directory benchmark " + given.get("--label") + "\n\n" + Instant.now()
                + ", headless Chromium, medians [min-max] of " + loads + " loads (keystroke: median of " + keys
                + " per load); load average at the end: " + load + " (" + Runtime.getRuntime().availableProcessors()
                + " cores, shared)\n\n" + table;
        Path file = out.resolve("results-" + Instant.now().toString().replace(':', '-') + ".md");
        Files.writeString(file, report);
        System.out.println(report);
        System.out.println("written to " + file);
    }

    /** {first rows painted, median keystroke, load event end}, in ms from the start of navigation. */
    @SuppressWarnings("unchecked")
    static double[] measure(ChromeDriver browser, Path page, int load, int keys) throws InterruptedException {
        browser.get(page.toUri() + "?load=" + load + "-" + System.nanoTime());
        var js = (JavascriptExecutor) browser;
        double painted = waitFor(js, "return window.__probe.painted");
        double loaded = waitFor(js, "var n = performance.getEntriesByType('navigation')[0];"
                + " return n && n.loadEventEnd > 0 ? n.loadEventEnd : -1");
        Object contentful = js.executeScript("var p = performance.getEntriesByName('first-contentful-paint');"
                + " return p.length ? p[0].startTime : -1");
        painted = Math.max(painted, ((Number) contentful).doubleValue());
        var search = browser.findElement(By.id("q"));
        String typed = "team 1";
        for (int key = 0; key < keys; key++) {
            search.sendKeys(typed.substring(key % typed.length(), key % typed.length() + 1));
            int count = key + 1;
            waitFor(js, "return window.__probe.keys.length >= " + count + " ? 1 : -1");
        }
        List<Number> times = (List<Number>) js.executeScript("return window.__probe.keys");
        double[] keystrokes = times.stream().mapToDouble(Number::doubleValue).toArray();
        return new double[] {painted, median(keystrokes), loaded};
    }

    private static double waitFor(JavascriptExecutor js, String script) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline) {
            Object value = js.executeScript(script);
            if (value instanceof Number number && number.doubleValue() >= 0) {
                return number.doubleValue();
            }
            Thread.sleep(5);
        }
        throw new IllegalStateException("timed out: " + script);
    }

    private static ChromeDriver browser() throws IOException {
        if (!Files.isExecutable(CHROMIUM) || !Files.isExecutable(CHROMEDRIVER)) {
            throw new IllegalStateException("needs Debian's chromium and chromium-driver");
        }
        var options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-dev-shm-usage",
                "--window-size=1400,1000", "--user-data-dir=" + Files.createTempDirectory("chromium-bench"));
        var service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort().build();
        var browser = new ChromeDriver(service, options);
        browser.executeCdpCommand("Page.addScriptToEvaluateOnNewDocument", Map.of("source", PROBE));
        return browser;
    }

    /** As a deployed stack with a bucket makes it: the fixes carry quick-create links and re-check commands. */
    static DirectoryInfo info(List<DirectoryEntry> entries) {
        var organization = new Organization(Fixtures.ORGANIZATION_ID, Fixtures.MANAGEMENT_ACCOUNT_ID, "aws");
        GuardConfig config = GuardConfig.from(Map.of(GuardConfig.ARTIFACT_BUCKET, "org-access-guard-artifacts",
                GuardConfig.AWS_REGION, Fixtures.REGION));
        return DirectoryPublisher.info(organization, config, GENERATED,
                DirectoryPublisher.fixes(entries, organization, config, Optional.empty()));
    }

    /** {@code size} accounts: 10% without working access, 1% with hostile names, three levels of OUs. */
    static List<DirectoryEntry> organization(int size) {
        String[] tops = {"Workloads", "Sandbox", "Security", "Infrastructure"};
        String[] environments = {"Prod", "Dev", "Staging"};
        var entries = new ArrayList<DirectoryEntry>(size);
        for (int i = 0; i < size; i++) {
            String id = String.format("%012d", 200_000_000_000L + i * 7_919L);
            boolean without = i % 10 == 3;
            Outcome status = without ? WITHOUT_ACCESS[(i / 10) % WITHOUT_ACCESS.length] : Outcome.ACCESS_VERIFIED;
            String name = i % 100 == 42 ? HOSTILE[(i / 100) % HOSTILE.length] + " " + i
                    : "Team " + (i % 97) + " " + environments[i % 3] + " " + i;
            List<String> ouPath = i % 20 == 0 ? List.of()
                    : List.of(tops[i % 4], "Team " + (i % 25), environments[i % 3]);
            String email = "aws+" + name.toLowerCase(java.util.Locale.ROOT).replaceAll("[^a-z0-9]+", "-")
                    + "@example.com";
            entries.add(new DirectoryEntry(id, name, email, ouPath, i % 4 == 0 ? "CREATED" : "INVITED",
                    GENERATED.minus(Duration.ofDays(3000 - i % 3000)), status.name(),
                    GENERATED.minus(Duration.ofHours(i % 500)), !without));
        }
        entries.add(new DirectoryEntry(Fixtures.MANAGEMENT_ACCOUNT_ID, "Management", "aws-root@example.com", List.of(),
                "CREATED", GENERATED.minus(Duration.ofDays(4000)), DirectoryEntry.MANAGEMENT, GENERATED, false));
        return entries;
    }

    static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    private static double min(double[] values) {
        return Arrays.stream(values).min().orElse(Double.NaN);
    }

    private static double max(double[] values) {
        return Arrays.stream(values).max().orElse(Double.NaN);
    }

    private DirectoryBenchmark() {
    }
}
