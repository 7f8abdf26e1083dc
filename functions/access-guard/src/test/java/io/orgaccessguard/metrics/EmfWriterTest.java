package io.orgaccessguard.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.orgaccessguard.core.model.AccountResult;
import io.orgaccessguard.core.model.Action;
import io.orgaccessguard.core.model.Outcome;
import io.orgaccessguard.core.model.Reason;
import io.orgaccessguard.json.Json;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Every line checked against AWS's published specification of the embedded metric format,
 * https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/CloudWatch_Embedded_Metric_Format_Specification.html,
 * rule by rule ({@link #assertValidEmf}), and then for the numbers it carries.
 */
class EmfWriterTest {

    static final Instant FINISHED = Instant.parse("2026-11-20T09:14:03.250Z");

    /** The units the specification's JSON schema admits (CloudWatch's MetricDatum units). */
    static final Pattern UNIT = Pattern.compile("Seconds|Microseconds|Milliseconds|Bytes|Kilobytes|Megabytes|Gigabytes"
            + "|Terabytes|Bits|Kilobits|Megabits|Gigabits|Terabits|Percent|Count|Bytes/Second|Kilobytes/Second"
            + "|Megabytes/Second|Gigabytes/Second|Terabytes/Second|Bits/Second|Kilobits/Second|Megabits/Second"
            + "|Gigabits/Second|Terabits/Second|Count/Second|None");

    @Test
    void everyLine_isAValidEmfDocument() {
        for (String line : EmfWriter.lines(reconcile())) {
            assertValidEmf(line);
        }
    }

    @Test
    void oneDocumentPerOutcome_countsAccountsByRunAndOutcome_zerosIncluded() {
        List<Map<String, Object>> documents = documents(reconcile());

        assertThat(documents).hasSize(Outcome.values().length + 1);
        for (int i = 0; i < Outcome.values().length; i++) {
            Map<String, Object> document = documents.get(i);
            Outcome outcome = Outcome.values()[i];
            Map<String, Object> directive = onlyDirective(document);
            assertThat(directive).containsEntry("Namespace", "OrgAccessGuard")
                    .containsEntry("Dimensions", List.of(List.of("Run", "Outcome")))
                    .containsEntry("Metrics", List.of(Map.of("Name", "Accounts", "Unit", "Count")));
            int expected = switch (outcome) {
                case ACCESS_VERIFIED -> 3;
                case ROLE_CREATED -> 1;
                case ROLE_CREATED_UNVERIFIED -> 1;
                case ROLE_MISSING -> 2;
                case ROLE_INCOMPLETE -> 1;
                case SKIPPED -> 1;
                default -> 0;
            };
            assertThat(document).containsEntry("Run", "RECONCILE").containsEntry("Outcome", outcome.name())
                    .containsEntry("Accounts", expected);
        }
    }

    @Test
    void runDocument_carriesTheTotals_rolesCreatedAlsoWithoutDimensions() {
        Map<String, Object> document = documents(reconcile()).getLast();

        assertThat(directives(document)).containsExactly(
                Map.of("Namespace", "OrgAccessGuard", "Dimensions", List.of(List.of("Run")),
                        "Metrics", List.of(Map.of("Name", "AccountsWithoutAccess", "Unit", "Count"),
                                Map.of("Name", "AccountsChecked", "Unit", "Count"),
                                Map.of("Name", "RunDurationMs", "Unit", "Milliseconds"))),
                Map.of("Namespace", "OrgAccessGuard", "Dimensions", List.of(List.of("Run"), List.of()),
                        "Metrics", List.of(Map.of("Name", "RolesCreated", "Unit", "Count"))));
        // without access: ROLE_MISSING x2 and ROLE_CREATED_UNVERIFIED; ROLE_INCOMPLETE can be entered; SKIPPED is none
        assertThat(document).containsEntry("Run", "RECONCILE").containsEntry("AccountsWithoutAccess", 3)
                .containsEntry("AccountsChecked", 8).containsEntry("RolesCreated", 2)
                .containsEntry("RunDurationMs", 81234);
        assertThat(((Map<?, ?>) document.get("_aws")).get("Timestamp")).isEqualTo(FINISHED.toEpochMilli());
    }

    @Test
    void anEmptyRun_stillReportsZeros() {
        var metrics = RunMetrics.of(RunKind.JOIN_EVENT, List.of(), Duration.ofMillis(12), FINISHED);

        List<Map<String, Object>> documents = documents(metrics);

        assertThat(documents).allSatisfy(document -> assertThat(document).containsEntry("Run", "JOIN_EVENT"));
        assertThat(documents.subList(0, Outcome.values().length))
                .allSatisfy(document -> assertThat(document).containsEntry("Accounts", 0));
        assertThat(documents.getLast()).containsEntry("AccountsWithoutAccess", 0).containsEntry("RolesCreated", 0)
                .containsEntry("RunDurationMs", 12);
        EmfWriter.lines(metrics).forEach(EmfWriterTest::assertValidEmf);
    }

    // --- the specification, rule by rule ------------------------------------------------------------------------

    /**
     * "The LogEvent message MUST be a valid JSON object with no additional data at the beginning or end"; root member
     * {@code _aws} (an object with exactly {@code Timestamp}, milliseconds since the epoch, and
     * {@code CloudWatchMetrics}, an array of MetricDirectives); each MetricDirective exactly {@code Namespace},
     * {@code Dimensions}, {@code Metrics}, where Dimensions is an array of DimensionSets (the schema: at least one),
     * a DimensionSet an array of at most 30 dimension keys (it MAY be empty), each a member of the root with a string
     * value; Metrics at most 100 MetricDefinitions, each a {@code Name} that references a root member holding a number
     * (or an array of at most 100 numbers) and an optional valid {@code Unit}. Names are 1 to 255 characters (the
     * schema); a document is at most 256 KB (the older, stricter of the limits the page has stated).
     */
    static void assertValidEmf(String line) {
        assertThat(line).doesNotContain("\n").startsWith("{").endsWith("}");
        assertThat(line.getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(256 * 1024);
        Map<String, Object> root = object(Json.parse(line));

        Map<String, Object> aws = object(root.get("_aws"));
        assertThat(aws).containsOnlyKeys("Timestamp", "CloudWatchMetrics");
        assertThat(aws.get("Timestamp")).isInstanceOf(Long.class);
        assertThat((Long) aws.get("Timestamp")).isEqualTo(FINISHED.toEpochMilli());
        List<Object> directives = array(aws.get("CloudWatchMetrics"));
        assertThat(directives).isNotEmpty();

        Set<String> dimensionTargets = new HashSet<>();
        Set<String> metricTargets = new HashSet<>();
        for (Object item : directives) {
            Map<String, Object> directive = object(item);
            assertThat(directive).containsOnlyKeys("Namespace", "Dimensions", "Metrics");
            assertName(directive.get("Namespace"));
            List<Object> dimensionSets = array(directive.get("Dimensions"));
            assertThat(dimensionSets).isNotEmpty();
            for (Object set : dimensionSets) {
                List<Object> keys = array(set);
                assertThat(keys).hasSizeLessThanOrEqualTo(30).doesNotHaveDuplicates();
                keys.forEach(key -> {
                    assertName(key);
                    assertThat(root.get((String) key)).as("dimension target %s", key).isInstanceOf(String.class);
                    dimensionTargets.add((String) key);
                });
            }
            List<Object> definitions = array(directive.get("Metrics"));
            assertThat(definitions).isNotEmpty().hasSizeLessThanOrEqualTo(100);
            for (Object definitionItem : definitions) {
                Map<String, Object> definition = object(definitionItem);
                assertThat(definition).containsKey("Name").containsOnlyKeys("Name", "Unit");
                assertName(definition.get("Name"));
                if (definition.containsKey("Unit")) {
                    assertThat((String) definition.get("Unit")).matches(UNIT);
                }
                Object value = root.get((String) definition.get("Name"));
                if (value instanceof List<?> values) {
                    assertThat(values).hasSizeLessThanOrEqualTo(100).allMatch(Number.class::isInstance);
                } else {
                    assertThat(value).as("metric target %s", definition.get("Name")).isInstanceOf(Number.class);
                }
                metricTargets.add((String) definition.get("Name"));
            }
        }
        assertThat(dimensionTargets).doesNotContainAnyElementsOf(metricTargets);
        // nothing else on the root: every member is a target of some directive
        Set<String> expectedRoot = new HashSet<>(dimensionTargets);
        expectedRoot.addAll(metricTargets);
        expectedRoot.add("_aws");
        assertThat(root.keySet()).isEqualTo(expectedRoot);
    }

    private static void assertName(Object name) {
        assertThat(name).isInstanceOf(String.class);
        assertThat((String) name).isNotEmpty().hasSizeLessThanOrEqualTo(255);
    }

    // --- a reconcile of nine accounts -------------------------------------------------------------------------

    private static RunMetrics reconcile() {
        var results = new ArrayList<AccountResult>();
        results.add(result("222200000001", Outcome.ACCESS_VERIFIED));
        results.add(result("222200000002", Outcome.ACCESS_VERIFIED));
        results.add(result("222200000003", Outcome.ACCESS_VERIFIED));
        results.add(result("222200000004", Outcome.ROLE_CREATED, new Action.RoleCreated("arn:aws:iam::222200000004:role/R"),
                new Action.PolicyAttached("arn:aws:iam::222200000004:role/R", "arn:aws:iam::aws:policy/A")));
        results.add(result("222200000005", Outcome.ROLE_CREATED_UNVERIFIED,
                new Action.RoleCreated("arn:aws:iam::222200000005:role/R")));
        results.add(result("222200000006", Outcome.ROLE_MISSING));
        results.add(result("222200000007", Outcome.ROLE_MISSING));
        results.add(result("222200000008", Outcome.ROLE_INCOMPLETE));
        results.add(result("222200000009", Outcome.SKIPPED));
        return RunMetrics.of(RunKind.RECONCILE, results, Duration.ofMillis(81_234), FINISHED);
    }

    private static AccountResult result(String accountId, Outcome outcome, Action... actions) {
        return new AccountResult(accountId, "Account " + accountId, "INVITED", outcome,
                new Reason.Unexpected("test", "test", List.of()), Optional.empty(), List.of(actions),
                Optional.empty());
    }

    private static List<Map<String, Object>> documents(RunMetrics metrics) {
        return EmfWriter.lines(metrics).stream().map(line -> object(Json.parse(line))).toList();
    }

    private static Map<String, Object> onlyDirective(Map<String, Object> document) {
        List<Map<String, Object>> directives = directives(document);
        assertThat(directives).hasSize(1);
        return directives.getFirst();
    }

    private static List<Map<String, Object>> directives(Map<String, Object> document) {
        return array(object(document.get("_aws")).get("CloudWatchMetrics")).stream().map(EmfWriterTest::object)
                .toList();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> object(Object value) {
        assertThat(value).isInstanceOf(Map.class);
        return (Map<String, Object>) value;
    }

    @SuppressWarnings("unchecked")
    private static List<Object> array(Object value) {
        assertThat(value).isInstanceOf(List.class);
        return (List<Object>) value;
    }
}
