package org.scholion.system;

/**
 * One instance's view of a user's bucket kept in the database ({@link RateBuckets}): decided on
 * locally, without a round trip. Its level is the shared level as last synced, refilled since,
 * less what this instance let through since (still to push, or being pushed). A sync
 * {@link #drain drains} what was let through, pushes it, and hands back the shared level
 * ({@link #synced}), which then includes the other instances' use. Pure arithmetic on the caller's
 * clock (nanoseconds), safe to share between threads.
 *
 * <p>What was let through since the last sync counts as taken now, as the database counts it when
 * it is pushed: a bucket emptied from full refills from the next sync on, so a user may get up to
 * one sync interval's refill (rate × interval) less than an exact bucket would give — never more.
 */
public final class SyncedBucket {
    private final double burst;
    private final double perSecond;
    /** The shared level at {@link #syncedAt}. */
    private double shared;
    private long syncedAt;
    /** Let through since the last drain. */
    private int pending;
    /** Drained and being pushed: not yet in {@link #shared}. */
    private int inFlight;
    /** Asked since the last drain (taken or refused): worth syncing. */
    private boolean asked;

    /** A bucket this instance has not seen yet starts full (the next sync tells otherwise). */
    public SyncedBucket(int burst, double perSecond, long nowNanos) {
        if (burst < 1 || !(perSecond > 0)) {
            throw new IllegalArgumentException("a bucket needs a burst of at least 1 and a positive rate");
        }
        this.burst = burst;
        this.perSecond = perSecond;
        this.shared = burst;
        this.syncedAt = nowNanos;
    }

    /** Takes a token if the level allows one. */
    public synchronized boolean take(long nowNanos) {
        asked = true;
        if (level(nowNanos) < 1) {
            return false;
        }
        pending++;
        return true;
    }

    /** Whole seconds until a token is there: 0 when one is, else at least 1. */
    public synchronized long secondsUntilToken(long nowNanos) {
        return RateBuckets.secondsUntilToken(level(nowNanos), perSecond);
    }

    /** Starts a sync: how many were let through since the last, or -1 when nobody asked (nothing to sync). */
    public synchronized int drain() {
        if (!asked) {
            return -1;
        }
        asked = false;
        int n = pending;
        inFlight += n;
        pending = 0;
        return n;
    }

    /** The push returned the shared level, which includes what was drained. */
    public synchronized void synced(double sharedLevel, long nowNanos) {
        shared = sharedLevel;
        syncedAt = nowNanos;
        inFlight = 0;
    }

    /** The push failed: what was drained is pushed with the next one. */
    public synchronized void notSynced() {
        pending += inFlight;
        inFlight = 0;
        asked = true;
    }

    synchronized double level(long nowNanos) {
        return RateBuckets.level(shared, (nowNanos - syncedAt) / 1e9, burst, perSecond) - inFlight - pending;
    }
}
