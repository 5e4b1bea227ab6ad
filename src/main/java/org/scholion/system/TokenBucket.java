package org.scholion.system;

/**
 * A token bucket: {@code burst} at once, then {@code perSecond}, in one instance's memory. Used for
 * a live connection's messages (one per connection) and the live upgrades; the per-user limits on
 * the API are shared by all instances ({@link RateBuckets}).
 */
public final class TokenBucket {
    private final double burst;
    private final double perNano;
    private double tokens;
    private long last;

    public TokenBucket(int burst, double perSecond, long nowNanos) {
        if (burst < 1 || !(perSecond > 0)) {
            throw new IllegalArgumentException("a bucket needs a burst of at least 1 and a positive rate");
        }
        this.burst = burst;
        this.perNano = perSecond / 1e9;
        this.tokens = burst;
        this.last = nowNanos;
    }

    /** Takes a token if there is one. */
    public synchronized boolean take(long nowNanos) {
        refill(nowNanos);
        if (tokens < 1) {
            return false;
        }
        tokens -= 1;
        return true;
    }

    /** How long until a token is there (0 when one is). */
    public synchronized long nanosUntilNext(long nowNanos) {
        refill(nowNanos);
        return tokens >= 1 ? 0 : (long) Math.ceil((1 - tokens) / perNano);
    }

    private void refill(long nowNanos) {
        tokens = Math.min(burst, tokens + Math.max(0, nowNanos - last) * perNano);
        last = Math.max(last, nowNanos);
    }
}
