package io.orgaccessguard.testsupport;

import com.amazonaws.services.lambda.runtime.ClientContext;
import com.amazonaws.services.lambda.runtime.CognitoIdentity;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.LambdaLogger;
import com.amazonaws.services.lambda.runtime.logging.LogLevel;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * The one fake Lambda context of every module (unit tests, integration tests, benchmarks): a deadline like Lambda's,
 * and a logger that keeps every line with its level, so tests can read what the function logged, or hands each line
 * to a sink of the caller's instead.
 */
public final class TestContext implements Context {

    /** One line the function logged, with the level it gave (UNDEFINED when it gave none). */
    public record Line(String message, LogLevel level) {
    }

    private final List<Line> lines = new CopyOnWriteArrayList<>();
    private final Consumer<Line> sink;
    private final long deadlineMillis;
    private final String requestId = UUID.randomUUID().toString();

    /**
     * A context whose logger hands each line to {@code sink} and keeps none ({@link #lines()} stays empty): for a
     * benchmark, where keeping 10,000 account results would weigh on the heap being measured, which CloudWatch Logs
     * does not.
     */
    public TestContext(long remainingMillis, Consumer<Line> sink) {
        this.deadlineMillis = System.currentTimeMillis() + remainingMillis;
        this.sink = sink;
    }

    public TestContext(long remainingMillis) {
        this.deadlineMillis = System.currentTimeMillis() + remainingMillis;
        this.sink = lines::add;
    }

    /** Lambda's longest timeout, 15 minutes. */
    public TestContext() {
        this(900_000);
    }

    public List<String> logLines() {
        return lines.stream().map(Line::message).toList();
    }

    public List<Line> lines() {
        return List.copyOf(lines);
    }

    public String log() {
        return String.join("\n", logLines());
    }

    private final LambdaLogger logger = new LambdaLogger() {
        @Override
        public void log(String message) {
            log(message, LogLevel.UNDEFINED);
        }

        @Override
        public void log(byte[] message) {
            log(new String(message, StandardCharsets.UTF_8), LogLevel.UNDEFINED);
        }

        @Override
        public void log(String message, LogLevel level) {
            sink.accept(new Line(message, level));
        }
    };

    @Override
    public String getAwsRequestId() {
        return requestId;
    }

    @Override
    public String getLogGroupName() {
        return "/aws/lambda/org-access-guard-test";
    }

    @Override
    public String getLogStreamName() {
        return "test";
    }

    @Override
    public String getFunctionName() {
        return "org-access-guard-test";
    }

    @Override
    public String getFunctionVersion() {
        return "$LATEST";
    }

    @Override
    public String getInvokedFunctionArn() {
        return "arn:aws:lambda:us-east-1:" + Fixtures.MANAGEMENT_ACCOUNT_ID + ":function:org-access-guard-test";
    }

    @Override
    public CognitoIdentity getIdentity() {
        return null;
    }

    @Override
    public ClientContext getClientContext() {
        return null;
    }

    @Override
    public int getRemainingTimeInMillis() {
        return (int) Math.max(0, deadlineMillis - System.currentTimeMillis());
    }

    @Override
    public int getMemoryLimitInMB() {
        return 512;
    }

    @Override
    public LambdaLogger getLogger() {
        return logger;
    }
}
