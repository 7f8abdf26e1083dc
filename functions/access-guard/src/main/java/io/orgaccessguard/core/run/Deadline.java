package io.orgaccessguard.core.run;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * The invocation's time budget: an account is only started when there is time to finish it (its calls plus the
 * propagation wait) and to wrap the run up (the digest, the response) before Lambda's timeout.
 *
 * @param clock the service's clock, so that tests can move time as the work goes
 */
public record Deadline(Instant end, Duration perAccount, Duration wrapUp, Clock clock) {

    /** Time reserved for the calls of one account, beyond the propagation wait. */
    static final Duration ACCOUNT_CALLS = Duration.ofSeconds(30);
    static final Duration WRAP_UP = Duration.ofSeconds(15);

    public static Deadline after(Duration remaining, Duration propagationWait) {
        return after(remaining, propagationWait, Clock.systemUTC());
    }

    public static Deadline after(Duration remaining, Duration propagationWait, Clock clock) {
        return new Deadline(clock.instant().plus(remaining), propagationWait.plus(ACCOUNT_CALLS), WRAP_UP, clock);
    }

    public boolean allowsAnotherAccount() {
        return Duration.between(clock.instant(), end).compareTo(perAccount.plus(wrapUp)) > 0;
    }

    /** Time for one more page of a listing (its calls, retries included) and the wrap-up; no propagation wait. */
    public boolean allowsAnotherPage() {
        return Duration.between(clock.instant(), end).compareTo(ACCOUNT_CALLS.plus(wrapUp)) > 0;
    }
}
