package io.orgaccessguard.handler;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.LambdaLogger;
import com.amazonaws.services.lambda.runtime.logging.LogFormat;
import com.amazonaws.services.lambda.runtime.logging.LogLevel;
import io.orgaccessguard.core.model.AccountResult;
import io.orgaccessguard.core.model.Outcome;
import io.orgaccessguard.core.port.RunLog;
import io.orgaccessguard.json.Json;
import io.orgaccessguard.notify.ResultWords;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One log event per account result (and per note) through Lambda's logger, each field of it a field Logs Insights can
 * query.
 *
 * <p>With the function's log format {@code JSON} ({@code AWS_LAMBDA_LOG_FORMAT}), the Java runtime turns each string
 * given to {@link LambdaLogger#log(String, LogLevel)} into its own event {@code {"timestamp","level","message",...}}:
 * a result written as JSON text would become an escaped string in {@code message}. So the event is written whole, as
 * the runtime's own Log4j2 appender does in JSON mode: one JSON object, handed to
 * {@link LambdaLogger#log(byte[], LogLevel)}, which the runtime filters by level but does not format. Lambda does not
 * double-encode a log event that is already JSON
 * (https://docs.aws.amazon.com/lambda/latest/dg/monitoring-cloudwatchlogs-logformat.html, "Default log format"), and
 * reads its {@code level} and RFC 3339 {@code timestamp}
 * (https://docs.aws.amazon.com/lambda/latest/dg/monitoring-cloudwatchlogs-log-level.html); the field names are the
 * ones the runtime itself writes ({@code timestamp}, {@code level}, {@code AWSRequestId}).
 *
 * <p>With the format {@code TEXT}, each result stays one readable line of JSON, after the runtime's {@code [LEVEL]}.
 * Nothing here holds credentials: results and notes carry account ids, names, outcomes and role ARNs only.
 */
final class LambdaRunLog implements RunLog {

    /** What Lambda sets from {@code LoggingConfig.LogFormat}; absent means TEXT. */
    private static final String LOG_FORMAT_VARIABLE = "AWS_LAMBDA_LOG_FORMAT";
    /** The Java runtime's own timestamp shape (UTC, milliseconds), which is RFC 3339. */
    private static final DateTimeFormatter TIMESTAMP = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'")
            .withZone(ZoneOffset.UTC);

    private final LambdaLogger logger;
    private final LogFormat format;
    private final Optional<String> requestId;

    /** For an invocation: its logger, its request id, and the log format Lambda configured. */
    LambdaRunLog(Context context) {
        this(context.getLogger(), Optional.ofNullable(context.getAwsRequestId()));
    }

    private LambdaRunLog(LambdaLogger logger, Optional<String> requestId) {
        this(logger, requestId,
                "JSON".equalsIgnoreCase(System.getenv(LOG_FORMAT_VARIABLE)) ? LogFormat.JSON : LogFormat.TEXT);
    }

    /** With the log format given, not read from the environment: how tests see both. */
    LambdaRunLog(LambdaLogger logger, Optional<String> requestId, LogFormat format) {
        this.logger = logger;
        this.requestId = requestId;
        this.format = format;
    }

    @Override
    public void accountResult(AccountResult result) {
        var fields = new LinkedHashMap<String, Object>();
        fields.put("type", "account-result");
        fields.putAll(ResultWords.json(result));
        write(fields, level(result.outcome()));
    }

    @Override
    public void note(String message) {
        var fields = new LinkedHashMap<String, Object>();
        fields.put("type", "note");
        fields.put("message", message);
        write(fields, LogLevel.INFO);
    }

    /**
     * Embedded metric format documents ({@code metrics/EmfWriter}), each written as it is: one raw JSON object (and a
     * newline), one log event, which CloudWatch Logs turns into metrics. Written without a level, the one way the Java
     * runtime neither wraps a line into its own JSON event (JSON format) nor prefixes it with {@code [LEVEL]} (TEXT
     * format); the runtime passes such a line whatever the level. In JSON format Lambda then reads a line without
     * {@code level} as INFO (https://docs.aws.amazon.com/lambda/latest/dg/monitoring-cloudwatchlogs-log-level.html),
     * which the template's {@code ApplicationLogLevel: INFO} keeps.
     */
    void metrics(List<String> documents) {
        for (String document : documents) {
            if (format == LogFormat.TEXT) {
                logger.log(document + "\n");
            } else {
                logger.log((document + "\n").getBytes(StandardCharsets.UTF_8));
            }
        }
    }

    private void write(Map<String, Object> fields, LogLevel level) {
        if (format == LogFormat.TEXT) {
            // Newline-ended, as in JSON: where the runtime writes to standard output (local runs) rather than to
            // Lambda's framed log, events are otherwise run together on one line.
            logger.log(Json.write(fields) + "\n", level);
            return;
        }
        var event = new LinkedHashMap<String, Object>();
        event.put("timestamp", TIMESTAMP.format(Instant.now()));
        event.put("level", level.name());
        requestId.ifPresent(id -> event.put("AWSRequestId", id));
        event.putAll(fields);
        // Newline-terminated, as the runtime's JSON formatter ends each event.
        logger.log((Json.write(event) + "\n").getBytes(StandardCharsets.UTF_8), level);
    }

    private static LogLevel level(Outcome outcome) {
        if (outcome == Outcome.FAILED) {
            return LogLevel.ERROR;
        }
        return outcome.needsPerson() ? LogLevel.WARN : LogLevel.INFO;
    }
}
