package io.orgaccessguard.handler;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import io.orgaccessguard.core.run.AccessGuardService;
import io.orgaccessguard.core.model.RunReport;
import io.orgaccessguard.json.Json;
import io.orgaccessguard.core.model.Trigger;
import io.orgaccessguard.core.model.Trigger.NotAJoin;
import io.orgaccessguard.trigger.TriggerEventParser;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Duration;

/**
 * The EventBridge entry: an account joined. Takes the raw stream so that a payload of any shape is ours to skip with
 * a reason, rather than a deserialisation error of the runtime's. A join that could not be handled fails the
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
        RunReport report = service.onEvent(trigger(input), new LambdaRunLog(context),
                Duration.ofMillis(context.getRemainingTimeInMillis()));
        if (!report.failures().isEmpty()) {
            throw new JoinNotHandledException(report.failures());
        }
        EventInput.write(output, ReportJson.of(report));
    }

    private static Trigger trigger(InputStream input) throws IOException {
        try {
            return TriggerEventParser.parse(EventInput.read(input));
        } catch (Json.MalformedJsonException | EventInput.PayloadTooLargeException e) {
            return new NotAJoin(e.getMessage());
        }
    }
}
