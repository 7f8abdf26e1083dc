package io.orgaccessguard.bench;

import io.orgaccessguard.testsupport.TestContext;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;

/**
 * What one benchmarked invocation logged, tallied rather than kept: the sink of its {@link TestContext}. No
 * account-result line is kept (10,000 of them would weigh on the heap being measured, which CloudWatch Logs does not);
 * they are counted and timed, and the other lines (run notes) are kept.
 */
final class LogTally implements Consumer<TestContext.Line> {

    private final LongAdder lines = new LongAdder();
    private final LongAdder bytes = new LongAdder();
    private final AtomicLong longestLine = new AtomicLong();
    private final List<String> notes = new CopyOnWriteArrayList<>();
    private final long startNanos = System.nanoTime();
    private final AtomicLong firstResultNanos = new AtomicLong(-1);
    private final AtomicLong lastResultNanos = new AtomicLong(-1);

    @Override
    public void accept(TestContext.Line line) {
        String message = line.message();
        lines.increment();
        bytes.add(message.length());
        longestLine.accumulateAndGet(message.length(), Math::max);
        if (message.startsWith("{\"type\":\"account-result\"")) {
            long now = System.nanoTime();
            firstResultNanos.compareAndSet(-1, now);
            lastResultNanos.accumulateAndGet(now, Math::max);
        } else {
            notes.add(String.format(Locale.ROOT, "[%.1f s] %s", (System.nanoTime() - startNanos) / 1e9, message));
        }
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

    /** The longest line logged, in characters: a log event must stay small at any organization size. */
    long longestLine() {
        return longestLine.get();
    }

    /** Log lines that are not account results (run notes: time ran out, a status tag that could not be read...). */
    List<String> notes() {
        return List.copyOf(notes);
    }
}
