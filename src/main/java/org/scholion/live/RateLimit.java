package org.scholion.live;

/** A token bucket: {@code burst} at once, then {@code perSecond}. Not thread-safe: one per connection, used in order. */
final class RateLimit {
    private final double burst;
    private final double perNano;
    private double tokens;
    private long last;

    RateLimit(int burst, double perSecond, long nowNanos) {
        this.burst = burst;
        this.perNano = perSecond / 1e9;
        this.tokens = burst;
        this.last = nowNanos;
    }

    synchronized boolean take(long nowNanos) {
        tokens = Math.min(burst, tokens + (nowNanos - last) * perNano);
        last = nowNanos;
        if (tokens < 1) {
            return false;
        }
        tokens -= 1;
        return true;
    }
}
