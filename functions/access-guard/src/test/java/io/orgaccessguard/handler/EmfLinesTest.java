package io.orgaccessguard.handler;

import static io.orgaccessguard.handler.HandlerFixtures.payload;
import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.logging.LogFormat;
import com.amazonaws.services.lambda.runtime.logging.LogLevel;
import io.orgaccessguard.config.GuardConfig;
import io.orgaccessguard.core.port.AccessDirectory;
import io.orgaccessguard.core.check.AccountCheck;
import io.orgaccessguard.core.check.PropagationWait;
import io.orgaccessguard.core.check.RepairRights;
import io.orgaccessguard.core.model.Outcome;
import io.orgaccessguard.core.run.AccessGuardService;
import io.orgaccessguard.json.Json;
import io.orgaccessguard.metrics.EmfWriter;
import io.orgaccessguard.metrics.RunKind;
import io.orgaccessguard.metrics.RunMetrics;
import io.orgaccessguard.testsupport.EventFiles;
import io.orgaccessguard.testsupport.Fixtures;
import io.orgaccessguard.testsupport.InMemoryOrganization;
import io.orgaccessguard.testsupport.InMemoryRunStore;
import io.orgaccessguard.testsupport.InMemoryStatusStore;
import io.orgaccessguard.testsupport.MutableClock;
import io.orgaccessguard.testsupport.RecordingAnnouncer;
import io.orgaccessguard.testsupport.TestContext;
import java.io.ByteArrayOutputStream;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * What each invocation writes for CloudWatch: embedded metric format documents, one raw JSON object per log event,
 * checked field by field against the specification
 * (https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/CloudWatch_Embedded_Metric_Format_Specification.html):
 * a root {@code _aws} with {@code Timestamp} (milliseconds since the epoch) and {@code CloudWatchMetrics} directives,
 * each with a {@code Namespace}, {@code Dimensions} (arrays of dimension names, each a root member whose value is a
 * string) and {@code Metrics} ({@code Name}, each a root member whose value is a number, and a {@code Unit}).
 */
class EmfLinesTest {

    private static final String VERIFIED = "222222222222";
    private static final String MISSING = "333333333333";

    private final InMemoryOrganization organization = new InMemoryOrganization();
    private final ByteArrayOutputStream output = new ByteArrayOutputStream();

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object value) {
        return (Map<String, Object>) value;
    }

    /** The EMF documents among the log lines, parsed. */
    static List<Map<String, Object>> documents(List<String> lines) {
        return lines.stream().filter(line -> line.startsWith("{\"_aws\":")).map(line -> map(Json.parse(line))).toList();
    }

    /** The {@code Accounts} value of the document for this run kind and outcome. */
    static Optional<Integer> accounts(List<String> lines, String run, String outcome) {
        return documents(lines).stream().filter(document -> run.equals(document.get("Run"))
                        && outcome.equals(document.get("Outcome")))
                .map(document -> ((Number) document.get("Accounts")).intValue()).findFirst();
    }

    /** Every document is well formed EMF: each directive's dimensions and metrics are root members of their kind. */
    private static void assertWellFormed(Map<String, Object> document, Instant from, Instant to) {
        Map<String, Object> aws = map(document.get("_aws"));
        assertThat(aws.keySet()).containsExactly("Timestamp", "CloudWatchMetrics");
        assertThat(((Number) aws.get("Timestamp")).longValue()).isBetween(from.toEpochMilli(), to.toEpochMilli());
        List<?> directives = (List<?>) aws.get("CloudWatchMetrics");
        assertThat(directives).isNotEmpty();
        for (Object item : directives) {
            Map<String, Object> directive = map(item);
            assertThat(directive.keySet()).containsExactly("Namespace", "Dimensions", "Metrics");
            assertThat(directive.get("Namespace")).isEqualTo("OrgAccessGuard");
            for (Object set : (List<?>) directive.get("Dimensions")) {
                for (Object dimension : (List<?>) set) {
                    assertThat(document.get((String) dimension)).as("dimension %s", dimension).isInstanceOf(String.class);
                }
            }
            for (Object metricItem : (List<?>) directive.get("Metrics")) {
                Map<String, Object> metric = map(metricItem);
                assertThat(metric.keySet()).containsExactly("Name", "Unit");
                assertThat(document.get((String) metric.get("Name"))).as("metric %s", metric.get("Name"))
                        .isInstanceOf(Number.class);
                assertThat(metric.get("Unit")).isIn("Count", "Milliseconds");
            }
        }
    }

    private static Map<String, Object> totals(List<Map<String, Object>> documents) {
        return documents.stream().filter(document -> !document.containsKey("Outcome")).findFirst().orElseThrow();
    }

    @Test
    void manualRequest_writesOneDocumentPerOutcomeAndOneForTheRun_fieldByField() throws Exception {
        organization.member(VERIFIED).accessRoleMadeByHand();
        organization.member(MISSING);
        GuardConfig config = HandlerFixtures.configWithTopic();
        var handler = new ManualCheckHandler(HandlerFixtures.service(organization,
                new RecordingAnnouncer(config.notifyOn()), config), config);
        var context = new TestContext();
        Instant before = Instant.now();

        handler.handleRequest(payload("{\"accountIds\": [\"" + VERIFIED + "\", \"" + MISSING + "\"]}"), output,
                context);

        Instant after = Instant.now();
        List<TestContext.Line> metricLines = context.lines().stream()
                .filter(line -> line.message().startsWith("{\"_aws\":")).toList();
        assertThat(metricLines).as("written raw, with no level: never filtered, never prefixed")
                .hasSize(Outcome.values().length + 1)
                .allSatisfy(line -> assertThat(line.level()).isEqualTo(LogLevel.UNDEFINED));
        List<Map<String, Object>> documents = documents(context.logLines());
        documents.forEach(document -> assertWellFormed(document, before, after));

        List<Map<String, Object>> perOutcome = documents.subList(0, Outcome.values().length);
        assertThat(perOutcome).extracting(document -> document.get("Outcome"))
                .containsExactlyElementsOf(Arrays.stream(Outcome.values()).map(Outcome::name).toList());
        assertThat(perOutcome).allSatisfy(document -> {
            assertThat(document.get("Run")).isEqualTo("MANUAL");
            Map<String, Object> directive = map(((List<?>) map(document.get("_aws")).get("CloudWatchMetrics"))
                    .getFirst());
            assertThat(directive.get("Dimensions")).isEqualTo(List.of(List.of("Run", "Outcome")));
            assertThat(directive.get("Metrics")).isEqualTo(List.of(Map.of("Name", "Accounts", "Unit", "Count")));
            int expected = switch (Outcome.valueOf((String) document.get("Outcome"))) {
                case ACCESS_VERIFIED, ROLE_MISSING -> 1;
                default -> 0;
            };
            assertThat(document.get("Accounts")).as("%s", document.get("Outcome")).isEqualTo(expected);
        });

        Map<String, Object> run = totals(documents);
        assertThat(run).containsEntry("Run", "MANUAL").containsEntry("AccountsWithoutAccess", 1)
                .containsEntry("AccountsChecked", 2).containsEntry("RolesCreated", 0);
        assertThat(((Number) run.get("RunDurationMs")).longValue()).isBetween(0L,
                Duration.between(before, after).toMillis());
        assertThat(map(run.get("_aws")).get("CloudWatchMetrics")).isEqualTo(List.of(
                Map.of("Namespace", "OrgAccessGuard", "Dimensions", List.of(List.of("Run")), "Metrics", List.of(
                        Map.of("Name", "AccountsWithoutAccess", "Unit", "Count"),
                        Map.of("Name", "AccountsChecked", "Unit", "Count"),
                        Map.of("Name", "RunDurationMs", "Unit", "Milliseconds"))),
                Map.of("Namespace", "OrgAccessGuard", "Dimensions", List.of(List.of("Run"), List.of()), "Metrics",
                        List.of(Map.of("Name", "RolesCreated", "Unit", "Count")))));
    }

    @Test
    void joinEvent_writesJoinEventMetrics() throws Exception {
        organization.member(HandlerFixtures.JOINED_ACCOUNT_ID).accessRoleMadeByHand();
        GuardConfig config = HandlerFixtures.configWithTopic();
        var handler = new JoinEventHandler(HandlerFixtures.service(organization,
                new RecordingAnnouncer(config.notifyOn()), config));
        var context = new TestContext();

        handler.handleRequest(payload(EventFiles.read("handshake-accepted.json")), output, context);

        assertThat(accounts(context.logLines(), "JOIN_EVENT", "ACCESS_VERIFIED")).contains(1);
        assertThat(totals(documents(context.logLines()))).containsEntry("Run", "JOIN_EVENT")
                .containsEntry("AccountsWithoutAccess", 0).containsEntry("AccountsChecked", 1);
    }

    /**
     * A scheduled run is counted once, for the whole run, by the invocation that ends it: what the alarm on
     * {@code AccountsWithoutAccess} (Run=RECONCILE) reads is the organization's state, not one invocation's share.
     */
    @Test
    void scheduledRun_isCountedOnceWhenItFinishes_withTheWholeRunsNumbers() throws Exception {
        List<String> members = IntStream.range(0, 40).mapToObj(i -> String.format("%012d", 200_000_000_000L + i))
                .toList();
        for (int i = 0; i < members.size(); i++) {
            var member = organization.member(members.get(i));
            if (i % 10 == 0) {
                member.bootstrapRole();
            } else if (i % 10 != 5) {
                member.accessRoleMadeByHand();
            }
        }
        var clock = new MutableClock(Instant.parse("2026-12-01T08:00:00Z"));
        organization.onEachCall(() -> clock.advance(Duration.ofSeconds(1)));
        GuardConfig config = GuardConfig.from(Map.of(GuardConfig.NOTIFICATION_TOPIC_ARN, Fixtures.TOPIC_ARN,
                GuardConfig.BOOTSTRAP_ROLE_NAMES, Fixtures.BOOTSTRAP_ROLE,
                GuardConfig.ROLE_PROPAGATION_WAIT_SECONDS, "5"));
        var service = new AccessGuardService(organization, new AccountCheck(organization, organization, config.accessRole(),
                new RepairRights(config.bootstrapRoleNames(), config.repairTrust()), config.region(),
                new PropagationWait(config.rolePropagationWait(), Duration.ofMillis(20), Duration.ofMillis(200))),
                organization, new InMemoryStatusStore(), new InMemoryRunStore(),
                new RecordingAnnouncer(config.notifyOn()), AccessDirectory.NONE, ServiceFactory.runSettings(config),
                clock);
        var handler = new ManualCheckHandler(service, config);
        var invocations = new java.util.ArrayList<TestContext>();
        String request = "{\"reconcile\": \"start\"}";
        do {
            // Little more than the reserves (35 s an account, 15 s to wrap up): each invocation checks a few.
            var context = new TestContext(60_000);
            handler.handleRequest(payload(request), new ByteArrayOutputStream(), context);
            invocations.add(context);
            request = "{\"reconcile\": \"continue\"}";
            clock.advance(Duration.ofMinutes(15));
        } while (invocations.getLast().logLines().stream().noneMatch(line -> line.contains(" finished: "))
                && invocations.size() < 40);

        assertThat(invocations.size()).as("invocations").isGreaterThan(2);
        List<TestContext> before = invocations.subList(0, invocations.size() - 1);
        assertThat(before).as("invocations of a run under way count nothing")
                .allSatisfy(context -> assertThat(documents(context.logLines())).isEmpty());
        List<String> last = invocations.getLast().logLines();
        assertThat(accounts(last, "RECONCILE", "ACCESS_VERIFIED")).contains(32);
        assertThat(accounts(last, "RECONCILE", "ROLE_CREATED")).contains(4);
        assertThat(accounts(last, "RECONCILE", "ROLE_MISSING")).contains(4);
        assertThat(accounts(last, "RECONCILE", "SKIPPED")).as("the management account").contains(1);
        Map<String, Object> run = totals(documents(last));
        assertThat(run).containsEntry("Run", "RECONCILE").containsEntry("AccountsWithoutAccess", 4)
                .containsEntry("AccountsChecked", 40).containsEntry("RolesCreated", 4);
        assertThat(((Number) run.get("RunDurationMs")).longValue()).as("from the run's start, on its clock")
                .isGreaterThanOrEqualTo(Duration.ofMinutes(15).multipliedBy(invocations.size() - 1).toMillis());
    }

    @Test
    void jsonLogFormat_writesEachDocumentAsItsOwnRawJsonEvent() {
        var context = new TestContext();
        var log = new LambdaRunLog(context.getLogger(), Optional.of("request-1"), LogFormat.JSON);
        Instant now = Instant.now();

        log.metrics(EmfWriter.lines(RunMetrics.of(RunKind.MANUAL, List.of(), Duration.ZERO, now)));

        assertThat(context.lines()).hasSize(Outcome.values().length + 1).allSatisfy(line -> {
            assertThat(line.level()).isEqualTo(LogLevel.UNDEFINED);
            assertThat(line.message()).startsWith("{\"_aws\":").endsWith("}\n");
            assertThat(map(Json.parse(line.message().strip()))).doesNotContainKeys("level", "message", "timestamp");
        });
    }
}
