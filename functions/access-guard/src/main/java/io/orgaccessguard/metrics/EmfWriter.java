package io.orgaccessguard.metrics;

import io.orgaccessguard.core.model.Outcome;
import io.orgaccessguard.json.Json;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A run's metrics as CloudWatch embedded metric format (EMF) documents, one JSON object per line: written to the
 * function's log, CloudWatch Logs extracts them as metrics, with no API call and no client to load
 * (https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/CloudWatch_Embedded_Metric_Format_Specification.html:
 * "On Lambda ... writing JSON to standard out in the embedded metric format is sufficient").
 *
 * <p>Each document has the {@code _aws} metadata object (the {@code Timestamp} in milliseconds since the epoch and the
 * {@code CloudWatchMetrics} directives: {@code Namespace}, {@code Dimensions} as dimension sets, {@code Metrics} as
 * name and unit), and the metric values and dimension values as members of the root, as the specification requires.
 * Namespace {@value #NAMESPACE}:
 * <ul>
 *   <li>one document per outcome: {@code Accounts} (Count) with dimensions {@code Run} and {@code Outcome}, for every
 *       outcome, zeros included (a dimension is one value per document, and a graph should fall to 0, not stop);</li>
 *   <li>one document for the run: {@code AccountsWithoutAccess}, {@code AccountsChecked} (Count) and
 *       {@code RunDurationMs} (Milliseconds) by {@code Run} only, since only a {@code RECONCILE} run's numbers
 *       describe the whole organization (alarm on {@code AccountsWithoutAccess} with {@code Run=RECONCILE}); and
 *       {@code RolesCreated} (Count) by {@code Run} and also with the empty dimension set, which the specification
 *       allows ("A DimensionSet MAY be empty"), so the organization-wide sum needs no search expression.</li>
 * </ul>
 * The library AWS publishes (software.amazon.cloudwatchlogs:aws-embedded-metrics 4.2.0) would bring jackson-databind,
 * SLF4J 2, commons-lang3 and javatuples into a function that starts on jackson-jr alone; these few documents do not
 * need it.
 */
public final class EmfWriter {

    public static final String NAMESPACE = "OrgAccessGuard";
    public static final String RUN_DIMENSION = "Run";
    public static final String OUTCOME_DIMENSION = "Outcome";

    /** The metrics, with their CloudWatch units. */
    public enum Metric {
        ACCOUNTS("Accounts", "Count"),
        ACCOUNTS_WITHOUT_ACCESS("AccountsWithoutAccess", "Count"),
        ACCOUNTS_CHECKED("AccountsChecked", "Count"),
        ROLES_CREATED("RolesCreated", "Count"),
        RUN_DURATION("RunDurationMs", "Milliseconds");

        private final String metricName;
        private final String unit;

        Metric(String metricName, String unit) {
            this.metricName = metricName;
            this.unit = unit;
        }

        public String metricName() {
            return metricName;
        }

        public String unit() {
            return unit;
        }
    }

    private EmfWriter() {
    }

    /** The documents of one run, each one line of JSON, the per-outcome ones in the outcomes' declared order. */
    public static List<String> lines(RunMetrics metrics) {
        long timestamp = metrics.finishedAt().toEpochMilli();
        String run = metrics.kind().name();
        var lines = new ArrayList<String>();
        for (Outcome outcome : Outcome.values()) {
            var document = document(timestamp, List.of(
                    directive(List.of(List.of(RUN_DIMENSION, OUTCOME_DIMENSION)), List.of(Metric.ACCOUNTS))));
            document.put(RUN_DIMENSION, run);
            document.put(OUTCOME_DIMENSION, outcome.name());
            document.put(Metric.ACCOUNTS.metricName(), metrics.accountsByOutcome().get(outcome));
            lines.add(Json.write(document));
        }
        var totals = document(timestamp, List.of(
                directive(List.of(List.of(RUN_DIMENSION)), List.of(Metric.ACCOUNTS_WITHOUT_ACCESS,
                        Metric.ACCOUNTS_CHECKED, Metric.RUN_DURATION)),
                directive(List.of(List.of(RUN_DIMENSION), List.of()), List.of(Metric.ROLES_CREATED))));
        totals.put(RUN_DIMENSION, run);
        totals.put(Metric.ACCOUNTS_WITHOUT_ACCESS.metricName(), metrics.accountsWithoutAccess());
        totals.put(Metric.ACCOUNTS_CHECKED.metricName(), metrics.accountsChecked());
        totals.put(Metric.RUN_DURATION.metricName(), metrics.runDuration().toMillis());
        totals.put(Metric.ROLES_CREATED.metricName(), metrics.rolesCreated());
        lines.add(Json.write(totals));
        return lines;
    }

    private static Map<String, Object> document(long timestamp, List<Map<String, Object>> directives) {
        var aws = new LinkedHashMap<String, Object>();
        aws.put("Timestamp", timestamp);
        aws.put("CloudWatchMetrics", directives);
        var document = new LinkedHashMap<String, Object>();
        document.put("_aws", aws);
        return document;
    }

    private static Map<String, Object> directive(List<List<String>> dimensionSets, List<Metric> metrics) {
        var directive = new LinkedHashMap<String, Object>();
        directive.put("Namespace", NAMESPACE);
        directive.put("Dimensions", dimensionSets);
        directive.put("Metrics", metrics.stream().map(metric -> {
            var definition = new LinkedHashMap<String, Object>();
            definition.put("Name", metric.metricName());
            definition.put("Unit", metric.unit());
            return definition;
        }).toList());
        return directive;
    }
}
