package io.orgaccessguard.handler;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import io.orgaccessguard.core.run.AccessGuardService;
import io.orgaccessguard.core.model.RunReport;
import io.orgaccessguard.json.Json;
import io.orgaccessguard.core.model.CheckRequest;
import io.orgaccessguard.trigger.CheckRequestParser;
import io.orgaccessguard.core.model.InvalidRequestException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Duration;

/**
 * The manual entry: re-check accounts by hand, or backfill. A request that does not fit the contract is refused
 * before anything is done, with an error that names the field.
 */
public final class ManualCheckHandler implements RequestStreamHandler {

    private final AccessGuardService service;

    public ManualCheckHandler() {
        this(ServiceFactory.fromEnvironment());
    }

    public ManualCheckHandler(AccessGuardService service) {
        this.service = service;
    }

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        RunReport report = service.onRequest(request(input), new LambdaRunLog(context),
                Duration.ofMillis(context.getRemainingTimeInMillis()));
        EventInput.write(output, ReportJson.of(report));
    }

    private static CheckRequest request(InputStream input) throws IOException {
        try {
            return CheckRequestParser.parse(EventInput.read(input));
        } catch (Json.MalformedJsonException | EventInput.PayloadTooLargeException e) {
            throw new InvalidRequestException("", e.getMessage());
        }
    }
}
