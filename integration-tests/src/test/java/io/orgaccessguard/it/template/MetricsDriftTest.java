package io.orgaccessguard.it.template;

import static org.assertj.core.api.Assertions.assertThat;

import io.orgaccessguard.core.model.Outcome;
import io.orgaccessguard.json.Json;
import io.orgaccessguard.localinvoke.template.SamTemplate;
import io.orgaccessguard.metrics.EmfWriter;
import io.orgaccessguard.metrics.EmfWriter.Metric;
import io.orgaccessguard.metrics.RunKind;
import io.orgaccessguard.metrics.RunMetrics;
import io.orgaccessguard.testsupport.Fixtures;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The alarm and the dashboard of {@code template.yaml} read the metrics the function writes ({@link EmfWriter}): the
 * same namespace, metric names and dimension sets. A metric queried with a dimension set it is never written with is
 * an empty graph and an alarm that never fires, which no deploy would report.
 */
class MetricsDriftTest {

    /** The dimension sets each metric is written with (EmfWriter's documents). */
    private static final Map<String, Set<Set<String>>> WRITTEN = Map.of(
            Metric.ACCOUNTS.metricName(), Set.of(Set.of(EmfWriter.RUN_DIMENSION, EmfWriter.OUTCOME_DIMENSION)),
            Metric.ACCOUNTS_WITHOUT_ACCESS.metricName(), Set.of(Set.of(EmfWriter.RUN_DIMENSION)),
            Metric.ACCOUNTS_CHECKED.metricName(), Set.of(Set.of(EmfWriter.RUN_DIMENSION)),
            Metric.RUN_DURATION.metricName(), Set.of(Set.of(EmfWriter.RUN_DIMENSION)),
            Metric.ROLES_CREATED.metricName(), Set.of(Set.of(EmfWriter.RUN_DIMENSION), Set.of()));

    /** What a scheduled run that changes member accounts can end in: dry-run and skipped outcomes say nothing. */
    private static final Set<Outcome> GRAPHED = EnumSet.complementOf(EnumSet.of(Outcome.SKIPPED,
            Outcome.WOULD_CREATE, Outcome.WOULD_REPAIR));

    /** A metric a dashboard widget queries: namespace, name and dimensions. */
    record Query(String namespace, String metric, Map<String, String> dimensions) {
    }

    @Test
    void theWrittenDimensionSets_areTheOnesEmfWriterWrites() {
        Map<String, Set<Set<String>>> written = new LinkedHashMap<>();
        for (String line : EmfWriter.lines(RunMetrics.of(RunKind.MANUAL, List.of(), Duration.ZERO, Instant.EPOCH))) {
            Map<?, ?> aws = (Map<?, ?>) ((Map<?, ?>) Json.parse(line)).get("_aws");
            for (Object directive : (List<?>) aws.get("CloudWatchMetrics")) {
                Map<?, ?> d = (Map<?, ?>) directive;
                for (Object metric : (List<?>) d.get("Metrics")) {
                    for (Object set : (List<?>) d.get("Dimensions")) {
                        written.computeIfAbsent(String.valueOf(((Map<?, ?>) metric).get("Name")),
                                name -> new HashSet<>()).add(((List<?>) set).stream().map(String::valueOf)
                                .collect(Collectors.toSet()));
                    }
                }
            }
        }
        assertThat(written).isEqualTo(WRITTEN);
    }

    /**
     * The metric lines carry no level, which Lambda reads as INFO in the JSON log format
     * (https://docs.aws.amazon.com/lambda/latest/dg/monitoring-cloudwatchlogs-log-level.html): a higher
     * ApplicationLogLevel would drop every one of them, and the alarm would never see a datapoint.
     */
    @Test
    void theFunctionsLogLevel_keepsTheMetricLines() {
        for (var function : Templates.load().functions()) {
            assertThat(function.logFormat()).as(function.logicalId()).isEqualToIgnoringCase("JSON");
            assertThat(function.applicationLogLevel()).as(function.logicalId()).hasValueSatisfying(level ->
                    assertThat(level).isIn("TRACE", "DEBUG", "INFO"));
        }
    }

    @Test
    void theAlarm_watchesAccountsWithoutAccessOfTheScheduledRun_andTellsTheAlertTopic() {
        SamTemplate template = Templates.deployed(Map.of());
        Map<?, ?> alarm = (Map<?, ?>) template.resolver().resolve(template.resource("AccountsWithoutAccessAlarm")
                .get("Properties"));

        assertThat(alarm.get("Namespace")).isEqualTo(EmfWriter.NAMESPACE);
        assertThat(alarm.get("MetricName")).isEqualTo(Metric.ACCOUNTS_WITHOUT_ACCESS.metricName());
        assertThat(alarm.get("Dimensions")).isEqualTo(List.of(Map.of("Name", EmfWriter.RUN_DIMENSION,
                "Value", RunKind.RECONCILE.name())));
        assertThat(alarm.get("ComparisonOperator")).isEqualTo("GreaterThanThreshold");
        assertThat(String.valueOf(alarm.get("Threshold"))).isIn("0", "0.0");
        assertThat(alarm.get("AlarmActions")).isEqualTo(List.of(Fixtures.TOPIC_ARN));
        assertThat(alarm.get("TreatMissingData")).as("one datapoint per finished run: between runs, keep the state")
                .isEqualTo("ignore");
    }

    @Test
    void theDashboard_queriesOnlyWhatIsWritten_andGraphsEveryOutcomeOfAScheduledRun() {
        SamTemplate template = Templates.deployed(Map.of());
        String body = template.resolver().resolveString(((Map<?, ?>) template.resource("AccessDashboard")
                .get("Properties")).get("DashboardBody"));
        List<Query> queries = queries((Map<?, ?>) Json.parse(body));

        assertThat(queries).isNotEmpty().allSatisfy(query -> {
            assertThat(query.namespace()).isEqualTo(EmfWriter.NAMESPACE);
            assertThat(WRITTEN).as("metric %s", query.metric()).containsKey(query.metric());
            assertThat(WRITTEN.get(query.metric())).as("%s with dimensions %s", query.metric(), query.dimensions())
                    .contains(query.dimensions().keySet());
            String run = query.dimensions().get(EmfWriter.RUN_DIMENSION);
            if (run != null) {
                assertThat(Arrays.stream(RunKind.values()).map(RunKind::name)).contains(run);
            }
            String outcome = query.dimensions().get(EmfWriter.OUTCOME_DIMENSION);
            if (outcome != null) {
                assertThat(Arrays.stream(Outcome.values()).map(Outcome::name)).contains(outcome);
            }
        });
        Set<String> graphed = queries.stream().filter(query -> query.metric().equals(Metric.ACCOUNTS.metricName())
                        && RunKind.RECONCILE.name().equals(query.dimensions().get(EmfWriter.RUN_DIMENSION)))
                .map(query -> query.dimensions().get(EmfWriter.OUTCOME_DIMENSION))
                .collect(Collectors.toCollection(TreeSet::new));
        assertThat(graphed).isEqualTo(GRAPHED.stream().map(Outcome::name).collect(Collectors.toCollection(
                TreeSet::new)));
        assertThat(body).as("the alarm's threshold is drawn").contains(template.resolver().resolveString(Map.of(
                "Fn::GetAtt", List.of("AccountsWithoutAccessAlarm", "Arn"))));
    }

    /**
     * The metrics of every widget. In CloudWatch's dashboard body a metric is {@code [namespace, name, dimension,
     * value, ...]} (https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/CloudWatch-Dashboard-Body-Structure.html);
     * the template writes each one out in full, so that what it queries can be read here without CloudWatch's
     * shorthands.
     */
    private static List<Query> queries(Map<?, ?> dashboard) {
        var queries = new ArrayList<Query>();
        for (Object widget : (List<?>) dashboard.get("widgets")) {
            Map<?, ?> properties = (Map<?, ?>) ((Map<?, ?>) widget).get("properties");
            for (Object item : (List<?>) properties.get("metrics")) {
                List<String> entries = ((List<?>) item).stream().map(String::valueOf).toList();
                assertThat(entries).as("a metric written out in full").doesNotContain(".", "...");
                var dimensions = new LinkedHashMap<String, String>();
                for (int i = 2; i + 1 < entries.size(); i += 2) {
                    dimensions.put(entries.get(i), entries.get(i + 1));
                }
                queries.add(new Query(entries.get(0), entries.get(1), dimensions));
            }
        }
        return queries;
    }
}
