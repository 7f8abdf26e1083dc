package io.orgaccessguard.it.support;

import com.amazonaws.services.lambda.runtime.ClientContext;
import com.amazonaws.services.lambda.runtime.CognitoIdentity;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.LambdaLogger;
import com.amazonaws.services.lambda.runtime.logging.LogLevel;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

/** A Lambda context whose logger keeps every line, so tests can read what the function logged. */
public final class TestContext implements Context {

    private final List<String> lines = new CopyOnWriteArrayList<>();
    private final long deadlineMillis;
    private final String requestId = UUID.randomUUID().toString();

    public TestContext(long remainingMillis) {
        this.deadlineMillis = System.currentTimeMillis() + remainingMillis;
    }

    public TestContext() {
        this(900_000);
    }

    public List<String> logLines() {
        return List.copyOf(lines);
    }

    public String log() {
        return String.join("\n", lines);
    }

    private final LambdaLogger logger = new LambdaLogger() {
        @Override
        public void log(String message) {
            lines.add(message);
        }

        @Override
        public void log(byte[] message) {
            lines.add(new String(message, StandardCharsets.UTF_8));
        }

        @Override
        public void log(String message, LogLevel level) {
            lines.add(message);
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
        return "arn:aws:lambda:us-east-1:111111111111:function:org-access-guard-test";
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
