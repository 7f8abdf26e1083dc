package io.orgaccessguard.core.check;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 30, unit = TimeUnit.SECONDS)
class PropagationWaitTest {

    private static final Duration MS_10 = Duration.ofMillis(10);
    private static final Duration MS_20 = Duration.ofMillis(20);
    private static final Duration MS_80 = Duration.ofMillis(80);

    /** Counts attempts and records when each was made; succeeds from attempt {@code succeedAt} on (0 = never). */
    private static final class Attempts {
        private final int succeedAt;
        private final List<Long> times = new ArrayList<>();

        Attempts(int succeedAt) {
            this.succeedAt = succeedAt;
        }

        boolean attempt() {
            times.add(System.nanoTime());
            return succeedAt > 0 && times.size() >= succeedAt;
        }

        int count() {
            return times.size();
        }

        /** Milliseconds between attempt i and i + 1. */
        long gapMillis(int i) {
            return TimeUnit.NANOSECONDS.toMillis(times.get(i + 1) - times.get(i));
        }
    }

    @Test
    void until_firstAttemptSucceeds_returnsTrueAfterOneAttemptWithoutWaiting() {
        var attempts = new Attempts(1);
        var wait = new PropagationWait(Duration.ofSeconds(60), Duration.ofSeconds(20), Duration.ofSeconds(20));
        long start = System.nanoTime();

        assertThat(wait.until(attempts::attempt)).isTrue();

        assertThat(attempts.count()).isEqualTo(1);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
    }

    @Test
    void until_thirdAttemptSucceeds_returnsTrueAfterExactlyThreeAttempts() {
        var attempts = new Attempts(3);

        assertThat(new PropagationWait(Duration.ofSeconds(10), MS_10, MS_80).until(attempts::attempt)).isTrue();

        assertThat(attempts.count()).isEqualTo(3);
    }

    @Test
    void until_zeroBudget_triesOnceAndReturnsFalse() {
        var attempts = new Attempts(0);

        assertThat(new PropagationWait(Duration.ZERO, MS_10, MS_80).until(attempts::attempt)).isFalse();

        assertThat(attempts.count()).isEqualTo(1);
    }

    @Test
    void until_zeroBudgetAndFirstAttemptSucceeds_returnsTrue() {
        var attempts = new Attempts(1);

        assertThat(new PropagationWait(Duration.ZERO, MS_10, MS_80).until(attempts::attempt)).isTrue();
    }

    @Test
    void until_neverSucceeds_returnsFalseOnlyOnceTheBudgetIsSpent() {
        var attempts = new Attempts(0);
        Duration budget = Duration.ofMillis(300);
        long start = System.nanoTime();

        assertThat(new PropagationWait(budget, MS_10, MS_80).until(attempts::attempt)).isFalse();

        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(budget);
        assertThat(attempts.count()).isGreaterThanOrEqualTo(2);
    }

    @Test
    void until_neverSucceeds_spacesAttemptsByDoublingDelays() {
        var attempts = new Attempts(0);

        new PropagationWait(Duration.ofMillis(400), MS_10, MS_80).until(attempts::attempt);

        // Sleeps of 10, 20, 40, 80, 80, 80, 80 and the 10 left: at most 9 attempts (a fixed 10 ms would give ~40).
        assertThat(attempts.count()).isBetween(4, 9);
        // Every sleep but the last (cut to what is left of the budget) is at least the doubled delay.
        long[] minimumGaps = {10, 20, 40};
        for (int i = 0; i < minimumGaps.length && i + 2 < attempts.count(); i++) {
            assertThat(attempts.gapMillis(i)).as("gap after attempt %d", i + 1).isGreaterThanOrEqualTo(minimumGaps[i]);
        }
    }

    @Test
    void until_neverSucceeds_capsTheDelayAtMaxDelay() {
        var attempts = new Attempts(0);

        new PropagationWait(Duration.ofMillis(600), MS_10, MS_20).until(attempts::attempt);

        // Capped at 20 ms: about 30 attempts. Uncapped doubling (10, 20, 40, 80, 160, 290) would make 7.
        assertThat(attempts.count()).isGreaterThan(10);
    }

    @Test
    void until_interrupted_throwsAndKeepsTheInterruptFlag() {
        var wait = new PropagationWait(Duration.ofSeconds(5), MS_10, MS_80);
        var attempts = new AtomicInteger();
        Thread.currentThread().interrupt();
        try {
            assertThatThrownBy(() -> wait.until(() -> attempts.incrementAndGet() < 0))
                    .isInstanceOf(IllegalStateException.class)
                    .hasCauseInstanceOf(InterruptedException.class);
            assertThat(Thread.currentThread().isInterrupted()).isTrue();
            assertThat(attempts).hasValue(1);
        } finally {
            Thread.interrupted();
        }
    }

    @Test
    void of_budget_startsAtHalfASecondAndCapsAtTwo() {
        PropagationWait wait = PropagationWait.of(Duration.ofSeconds(60));

        assertThat(wait).isEqualTo(new PropagationWait(Duration.ofSeconds(60), Duration.ofMillis(500),
                Duration.ofSeconds(2)));
    }
}
