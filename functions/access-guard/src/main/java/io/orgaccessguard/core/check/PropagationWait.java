package io.orgaccessguard.core.check;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/**
 * Waits out IAM eventual consistency: a role created or changed a moment ago may not yet be assumable. Retries with
 * exponential backoff until the attempt succeeds or the budget is spent.
 */
public record PropagationWait(Duration budget, Duration firstDelay, Duration maxDelay) {

    /**
     * Polls at most every 2 s: a worker waiting for IAM is a worker not checking accounts, and with longer gaps it
     * overshoots the propagation (with 8 s, a role assumable after 5 s was seen at 7.5 s). An AssumeRole every 2 s is
     * far below STS's rate.
     */
    public static PropagationWait of(Duration budget) {
        return new PropagationWait(budget, Duration.ofMillis(500), Duration.ofSeconds(2));
    }

    /** True as soon as the attempt succeeds; false when the budget runs out first. Tries at least once. */
    public boolean until(BooleanSupplier attempt) {
        long deadline = System.nanoTime() + budget.toNanos();
        Duration delay = firstDelay;
        while (true) {
            if (attempt.getAsBoolean()) {
                return true;
            }
            long remaining = deadline - System.nanoTime();
            if (remaining <= 0) {
                return false;
            }
            sleep(Math.min(delay.toNanos(), remaining));
            delay = delay.multipliedBy(2).compareTo(maxDelay) > 0 ? maxDelay : delay.multipliedBy(2);
        }
    }

    private static void sleep(long nanos) {
        try {
            Thread.sleep(Duration.ofNanos(nanos));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for IAM propagation", e);
        }
    }
}
