package io.orgaccessguard.emulator.state;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The emulator's notion of "now": the wall clock plus an offset tests can advance, to expire sessions or let IAM
 * propagation pass without sleeping. SigV4's clock-skew check uses the real wall clock, because the SDK signs with it.
 */
public final class EmulatorClock {

    private final AtomicLong offsetMillis = new AtomicLong();

    public Instant now() {
        return Instant.now().plusMillis(offsetMillis.get());
    }

    public void advance(Duration duration) {
        offsetMillis.addAndGet(duration.toMillis());
    }
}
