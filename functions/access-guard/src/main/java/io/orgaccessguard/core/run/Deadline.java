package io.orgaccessguard.core.run;

import java.time.Duration;

/**
 * The invocation's time budget: an account is only started when there is time to finish it (its calls plus the
 * propagation wait) and to wrap the run up (the digest, the response) before Lambda's timeout.
 */
public record Deadline(long endNanos, Duration perAccount, Duration wrapUp) {

    /** Time reserved for the calls of one account, beyond the propagation wait. */
    static final Duration ACCOUNT_CALLS = Duration.ofSeconds(30);
    static final Duration WRAP_UP = Duration.ofSeconds(15);

    public static Deadline after(Duration remaining, Duration propagationWait) {
        return new Deadline(System.nanoTime() + remaining.toNanos(), propagationWait.plus(ACCOUNT_CALLS), WRAP_UP);
    }

    /** No limit: for callers without a Lambda context. */
    public static Deadline none() {
        return new Deadline(Long.MAX_VALUE, Duration.ZERO, Duration.ZERO);
    }

    public boolean allowsAnotherAccount() {
        if (endNanos == Long.MAX_VALUE) {
            return true;
        }
        return endNanos - System.nanoTime() > perAccount.plus(wrapUp).toNanos();
    }
}
