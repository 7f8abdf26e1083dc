package io.orgaccessguard.emulator.faults;

/** A classic token bucket: {@code rate} tokens per second, holding at most {@code burst}. */
final class TokenBucket {

    private final double rate;
    private final double burst;
    private double tokens;
    private long lastNanos;

    TokenBucket(double rate) {
        this.rate = rate;
        this.burst = Math.max(1, rate);
        this.tokens = burst;
        this.lastNanos = System.nanoTime();
    }

    synchronized boolean tryAcquire() {
        long now = System.nanoTime();
        tokens = Math.min(burst, tokens + (now - lastNanos) / 1e9 * rate);
        lastNanos = now;
        if (tokens >= 1) {
            tokens -= 1;
            return true;
        }
        return false;
    }
}
