package io.orgaccessguard.handler;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import io.orgaccessguard.aws.AwsClients;
import io.orgaccessguard.config.GuardConfig;
import io.orgaccessguard.core.run.AccessGuardService;
import io.orgaccessguard.core.model.RunReport;
import io.orgaccessguard.json.Json;
import io.orgaccessguard.core.model.CheckRequest;
import io.orgaccessguard.core.model.CheckRequest.ScheduledRun;
import io.orgaccessguard.metrics.EmfWriter;
import io.orgaccessguard.metrics.RunKind;
import io.orgaccessguard.metrics.RunMetrics;
import io.orgaccessguard.trigger.CheckRequestParser;
import io.orgaccessguard.core.model.InvalidRequestException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * The manual entry: re-check accounts by hand, or backfill. A request that does not fit the contract is refused
 * before anything is done, with an error that names the field.
 */
public final class ManualCheckHandler implements RequestStreamHandler {

    private final AccessGuardService service;
    private final GuardConfig config;

    public ManualCheckHandler() {
        this(GuardConfig.fromEnvironment());
    }

    private ManualCheckHandler(GuardConfig config) {
        this(ServiceFactory.create(config, AwsClients.fromEnvironment(config.s3ForcePathStyle())), config);
    }

    /** @param config what the response renders from (the continue command, the profiles) */
    public ManualCheckHandler(AccessGuardService service, GuardConfig config) {
        this.service = service;
        this.config = config;
    }

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        Instant started = Instant.now();
        CheckRequest request = request(input);
        var log = new LambdaRunLog(context);
        RunReport report = service.onRequest(request, log, Duration.ofMillis(context.getRemainingTimeInMillis()));
        Instant finished = Instant.now();
        metrics(request, report, started, finished).ifPresent(metrics -> log.metrics(EmfWriter.lines(metrics)));
        Map<String, Object> response = ReportJson.of(report, Optional.of(config));
        if (request.profiles()) {
            ProfileBlock.of(report, config, finished).ifPresent(block -> response.put("awsConfig", block));
        }
        EventInput.write(output, response);
    }

    /**
     * A manual request's own numbers; a scheduled run's, for the whole run, from the invocation that ends it (the
     * invocations before it add nothing: their accounts are counted once, at the end).
     */
    private static Optional<RunMetrics> metrics(CheckRequest request, RunReport report, Instant started,
                                                Instant finished) {
        if (request.selection() instanceof ScheduledRun) {
            return report.finishedRun().map(totals -> RunMetrics.of(RunKind.RECONCILE, totals, finished));
        }
        return Optional.of(RunMetrics.of(RunKind.MANUAL, report.results(), Duration.between(started, finished),
                finished));
    }

    private static CheckRequest request(InputStream input) throws IOException {
        try {
            return CheckRequestParser.parse(EventInput.read(input));
        } catch (Json.MalformedJsonException | EventInput.PayloadTooLargeException e) {
            throw new InvalidRequestException("", e.getMessage());
        }
    }
}
