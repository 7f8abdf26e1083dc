package io.orgaccessguard.bench;

import com.amazonaws.services.lambda.runtime.ClientContext;
import com.amazonaws.services.lambda.runtime.CognitoIdentity;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.LambdaLogger;
import com.amazonaws.services.lambda.runtime.logging.LogLevel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * A Lambda context with Lambda's remaining-time clock. Its logger keeps no account-result line (10,000 of them would
 * weigh on the heap being measured, which CloudWatch Logs does not); it counts them and keeps the notes.
 */
final class BenchContext implements Context {

    private final long deadlineMillis;
    private final String requestId = UUID.randomUUID().toString();
    private final LongAdder lines = new LongAdder();
    private final LongAdder bytes = new LongAdder();
    private final List<String> notes = new CopyOnWriteArrayList<>();
    private final long startNanos = System.nanoTime();
    private final AtomicLong firstResultNanos = new AtomicLong(-1);
    private final AtomicLong lastResultNanos = new AtomicLong(-1);

    BenchContext(Duration remaining) {
        this.deadlineMillis = System.currentTimeMillis() + remaining.toMillis();
    }

    /** From the start of the invocation to the first account result logged: listing the accounts. */
    Duration untilFirstResult() {
        return Duration.ofNanos(Math.max(0, firstResultNanos.get() - startNanos));
    }

    /** From the start of the invocation to the last account result logged: the end of the checks. */
    Duration untilLastResult() {
        return Duration.ofNanos(Math.max(0, lastResultNanos.get() - startNanos));
    }

    long lines() {
        return lines.sum();
    }

    long bytes() {
        return bytes.sum();
    }

    /** Log lines that are not account results (run notes: time ran out, a status tag that could not be read...). */
    List<String> notes() {
        return List.copyOf(notes);
    }

    private void line(String message) {
        lines.increment();
        bytes.add(message.length());
        if (message.startsWith("{\"type\":\"account-result\"")) {
            long now = System.nanoTime();
            firstResultNanos.compareAndSet(-1, now);
            lastResultNanos.accumulateAndGet(now, Math::max);
        } else {
            notes.add(String.format(java.util.Locale.ROOT, "[%.1f s] %s", (System.nanoTime() - startNanos) / 1e9,
                    message));
        }
    }

    private final LambdaLogger logger = new LambdaLogger() {
        @Override
        public void log(String message) {
            line(message);
        }

        @Override
        public void log(byte[] message) {
            line(new String(message, StandardCharsets.UTF_8));
        }

        @Override
        public void log(String message, LogLevel level) {
            line(message);
        }
    };

    @Override
    public String getAwsRequestId() {
        return requestId;
    }

    @Override
    public String getLogGroupName() {
        return "/aws/lambda/org-access-guard-check";
    }

    @Override
    public String getLogStreamName() {
        return "benchmark";
    }

    @Override
    public String getFunctionName() {
        return "org-access-guard-check";
    }

    @Override
    public String getFunctionVersion() {
        return "$LATEST";
    }

    @Override
    public String getInvokedFunctionArn() {
        return "arn:aws:lambda:us-east-1:" + BenchOrganization.MANAGEMENT + ":function:org-access-guard-check";
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
