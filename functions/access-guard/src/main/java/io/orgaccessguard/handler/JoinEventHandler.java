package io.orgaccessguard.handler;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import io.orgaccessguard.core.run.AccessGuardService;
import io.orgaccessguard.core.model.RunReport;
import io.orgaccessguard.json.Json;
import io.orgaccessguard.metrics.EmfWriter;
import io.orgaccessguard.metrics.RunKind;
import io.orgaccessguard.metrics.RunMetrics;
import io.orgaccessguard.core.model.Trigger;
import io.orgaccessguard.core.model.Trigger.NotAJoin;
import io.orgaccessguard.trigger.TriggerEventParser;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Duration;
import java.time.Instant;

/**
 * The EventBridge entry: an account joined. Takes the raw stream so that a payload of any shape is ours to skip with
 * a reason, rather than a deserialisation error of the runtime's, and makes the library's event of it
 * ({@link EventBridgeEvent}). A join that could not be handled fails the
 * invocation, so Lambda retries it and, in the end, parks it in the dead-letter queue.
 */
public final class JoinEventHandler implements RequestStreamHandler {

    private final AccessGuardService service;

    public JoinEventHandler() {
        this(ServiceFactory.fromEnvironment());
    }

    public JoinEventHandler(AccessGuardService service) {
        this.service = service;
    }

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        Instant started = Instant.now();
        var log = new LambdaRunLog(context);
        RunReport report = service.onEvent(trigger(input), log, Duration.ofMillis(context.getRemainingTimeInMillis()));
        Instant finished = Instant.now();
        // Before a failure is thrown: a join that could not be handled is what the numbers are for.
        log.metrics(EmfWriter.lines(RunMetrics.of(RunKind.JOIN_EVENT, report.results(),
                Duration.between(started, finished), finished)));
        if (!report.failures().isEmpty()) {
            throw new JoinNotHandledException(report.failures());
        }
        EventInput.write(output, ReportJson.of(report));
    }

    /**
     * The payload as the library's EventBridge event, its CloudTrail detail read by our parser; a payload the type
     * cannot hold (no object, no object detail) is read by the parser whole, which says what it is.
     */
    private static Trigger trigger(InputStream input) throws IOException {
        Object payload;
        try {
            payload = EventInput.read(input);
        } catch (Json.MalformedJsonException | EventInput.PayloadTooLargeException e) {
            return new NotAJoin(e.getMessage());
        }
        return EventBridgeEvent.of(payload)
                .map(event -> TriggerEventParser.parse(event.getSource(), event.getDetailType(), event.getDetail(),
                        EventBridgeEvent.time(payload)))
                .orElseGet(() -> TriggerEventParser.parse(payload));
    }
}
