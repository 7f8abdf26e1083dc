package io.orgaccessguard.it.lambda;

import static io.orgaccessguard.testsupport.Fixtures.EVENT_TIME;
import static org.assertj.core.api.Assertions.assertThat;

import io.orgaccessguard.core.model.Outcome;
import io.orgaccessguard.emulator.AwsEmulator;
import io.orgaccessguard.emulator.EmulatorOptions;
import io.orgaccessguard.it.EventFilesTest;
import io.orgaccessguard.it.support.Accounts;
import io.orgaccessguard.it.support.Repo;
import io.orgaccessguard.json.Json;
import io.orgaccessguard.localinvoke.EnvVarsFile;
import io.orgaccessguard.localinvoke.InvokeResult;
import io.orgaccessguard.localinvoke.LocalInvoke;
import io.orgaccessguard.testsupport.EventFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * What the function's log looks like to CloudWatch Logs Insights, through the real Lambda runtime interface client
 * (as {@code tools/local-invoke} runs it), under the template's {@code LoggingConfig}.
 *
 * <p>With {@code LogFormat: JSON} Lambda's Java runtime wraps each line given to {@code LambdaLogger.log(String)}
 * into its own event, {@code {"timestamp","level","message","AWSRequestId"}}: a result written as a JSON line
 * becomes an escaped string inside {@code message}, and Logs Insights finds no {@code outcome} there. Lambda does
 * not double-encode a log event that is already JSON
 * (https://docs.aws.amazon.com/lambda/latest/dg/monitoring-cloudwatchlogs-logformat.html, "Default log format"), so
 * each result must reach the runtime as one JSON object that is the whole event, with {@code level} and an RFC 3339
 * {@code timestamp} that Lambda reads for log-level filtering
 * (https://docs.aws.amazon.com/lambda/latest/dg/monitoring-cloudwatchlogs-log-level.html).
 * With {@code LogFormat: Text} nothing is wrapped: each result stays one readable line of JSON.
 */
class LocalInvokeLogFormatTest {

    /** The Java runtime's text format puts the level in front: {@code [INFO] <message>}. */
    private static final Pattern TEXT_LINE = Pattern.compile("^\\[(TRACE|DEBUG|INFO|WARN|ERROR|FATAL)] (\\{.*)$");

    @BeforeAll
    static void build() throws IOException {
        LocalInvokeEventsTest.buildOnce();
    }

    @ParameterizedTest(name = "{1}")
    @CsvSource({
            // A join that creates the role through the bootstrap role: a change, nobody needs to act.
            "JoinEventFunction, account-joined.json, INFO",
            // A manual re-check of an account nobody can reach: a person has to act.
            "ManualCheckFunction, manual-recheck.json, WARN"})
    void jsonLogFormat_eachResultIsOneLogEventWithItsFieldsAtTheTopLevel(String function, String file,
                                                                          String expectedLevel, @TempDir Path dir)
            throws IOException {
        InvokeResult result = invoke(Repo.root().resolve("template.yaml"), function, file, dir);

        List<Map<String, Object>> events = new ArrayList<>();
        for (String line : lines(result)) {
            if (!(parse(line) instanceof Map<?, ?> parsed)) {
                // Lines nobody wrote through the runtime's logger (a library's stderr) Lambda wraps as text; none
                // of them may carry what the function logs.
                assertThat(line).as("a result or note outside a JSON log event").doesNotContain("\"type\"");
                continue;
            }
            @SuppressWarnings("unchecked")
            Map<String, Object> event = (Map<String, Object>) parsed;
            event.forEach((field, value) -> assertThat(isJsonText(value))
                    .as("field %s holds JSON as an escaped string, which Logs Insights cannot query: %s", field, line)
                    .isFalse());
            events.add(event);
        }
        Map<String, String> expected = EventFilesTest.EXPECTED.get(file);
        // The embedded-metric-format documents, each its own event as written: not wrapped, so CloudWatch Logs
        // extracts the metrics (a document inside "message" would be lost), and with no level to filter them by.
        List<Map<String, Object>> metrics = events.stream().filter(event -> event.containsKey("_aws")).toList();
        assertThat(metrics).as("one document per outcome and one for the run").hasSize(Outcome.values().length + 1)
                .allSatisfy(document -> {
                    assertThat(document).doesNotContainKeys("message", "level", "timestamp")
                            .containsEntry("Run", function.equals("JoinEventFunction") ? "JOIN_EVENT" : "MANUAL");
                    assertThat(((Map<?, ?>) document.get("_aws")).get("CloudWatchMetrics")).isInstanceOf(List.class);
                });
        List<Map<String, Object>> results = events.stream()
                .filter(event -> "account-result".equals(event.get("type"))).toList();
        assertThat(results).as("one result event per account, in %s", events).hasSize(expected.size());
        expected.forEach((account, outcome) -> assertThat(results)
                .filteredOn(event -> account.equals(event.get("accountId"))).singleElement()
                .satisfies(event -> {
                    assertThat(event).containsEntry("outcome", outcome).containsEntry("level", expectedLevel)
                            .containsEntry("AWSRequestId", result.requestId())
                            .containsKeys("accountName", "joinedMethod", "reason", "actions");
                    // RFC 3339, or Lambda replaces the level with INFO and adds its own timestamp.
                    assertThat(Instant.parse((String) event.get("timestamp")))
                            .isBetween(Instant.now().minus(Duration.ofMinutes(5)), Instant.now());
                }));
    }

    @Test
    void textLogFormat_eachResultIsOneReadableJsonLine(@TempDir Path dir) throws IOException {
        Path textTemplate = dir.resolve("template.yaml");
        String template = Files.readString(Repo.root().resolve("template.yaml"), StandardCharsets.UTF_8);
        assertThat(template).contains("LogFormat: JSON");
        // ApplicationLogLevel/SystemLogLevel apply to JSON only, so Lambda ignores them with Text.
        Files.writeString(textTemplate, template.replace("LogFormat: JSON", "LogFormat: Text"),
                StandardCharsets.UTF_8);

        InvokeResult result = invoke(textTemplate, "JoinEventFunction", "account-joined.json", dir);

        List<String> resultLines = lines(result).stream().filter(line -> line.contains("\"account-result\""))
                .toList();
        Map<String, String> expected = EventFilesTest.EXPECTED.get("account-joined.json");
        assertThat(resultLines).as("one line per account result").hasSize(expected.size());
        String line = resultLines.getFirst();
        Matcher text = TEXT_LINE.matcher(line);
        assertThat(text.matches()).as("[LEVEL] followed by one JSON object: %s", line).isTrue();
        assertThat(text.group(1)).isEqualTo("INFO");
        @SuppressWarnings("unchecked")
        Map<String, Object> fields = (Map<String, Object>) parse(text.group(2));
        String account = expected.keySet().iterator().next();
        assertThat(fields).containsEntry("type", "account-result").containsEntry("accountId", account)
                .containsEntry("outcome", expected.get(account)).doesNotContainKey("message");
        assertThat(lines(result)).as("metrics: raw JSON lines, no [LEVEL] in front")
                .filteredOn(each -> each.contains("\"_aws\"")).hasSize(Outcome.values().length + 1)
                .allSatisfy(each -> assertThat(((Map<?, ?>) parse(each)).get("Run")).isEqualTo("JOIN_EVENT"));
    }

    private static InvokeResult invoke(Path template, String function, String file, Path dir) throws IOException {
        try (AwsEmulator aws = AwsEmulator.start(EmulatorOptions.builder().seed(7).build(),
                Accounts.organization(EVENT_TIME.minus(Duration.ofMinutes(1))).build())) {
            Path envVars = dir.resolve("env.json");
            Files.writeString(envVars, LocalInvokeEventsTest.envVarsFile(aws), StandardCharsets.UTF_8);
            InvokeResult result = LocalInvoke.invoke(LocalInvokeEventsTest.request(template, function,
                    EventFiles.read(file), EnvVarsFile.read(envVars), line -> { }).build());
            assertThat(result.status()).as("%s %s: %s %s\n%s", function, file, result.errorType(),
                    result.errorMessage(), result.logs()).isEqualTo(InvokeResult.Status.SUCCESS);
            return result;
        }
    }

    /** What the function JVM wrote for the invocation (init included), as local-invoke captured it. */
    private static List<String> lines(InvokeResult result) {
        System.out.println(result.logs());
        return result.logs().lines().filter(line -> !line.isBlank()).toList();
    }

    private static Object parse(String line) {
        try {
            return Json.parse(line);
        } catch (Json.MalformedJsonException e) {
            return line;
        }
    }

    /** A string whose text is itself a JSON object or array: structure hidden from a query. */
    private static boolean isJsonText(Object value) {
        if (!(value instanceof String text)) {
            return false;
        }
        String trimmed = text.strip();
        return (trimmed.startsWith("{") || trimmed.startsWith("[")) && !(parse(trimmed) instanceof String);
    }
}
