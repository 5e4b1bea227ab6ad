package org.scholion.live;

import java.time.Duration;

/**
 * Which new events an instance may hand out, in cursor order, without ever skipping one that
 * commits later. No I/O: the caller reads the rows and the snapshot, this decides.
 * <p>
 * Cursors come from a sequence, assigned when a transaction inserts its event, not when it
 * commits. So a reader can see cursor 100 committed while 99 is still in flight; handing out 100
 * and moving on would lose 99 for every client that resumes "after 100". Therefore events are
 * handed out only up to the first gap. A gap is either a transaction still running or a cursor
 * burnt by a rollback. The transaction holding a gap's cursor took its id before its cursor (the
 * trigger runs after its row write, and {@code live_publish} asks for the id first), so it is older than
 * the snapshot in which the gap was first seen. Once a later snapshot's {@code xmin} (oldest running
 * transaction) has passed that first snapshot's {@code xmax}, every such transaction has ended: a
 * committed cursor would now be visible, so a still missing one was rolled back and is skipped.
 * <p>
 * The same wait guards start-up: the largest cursor visible at start is a safe position only once
 * every transaction running at start has ended.
 */
final class LiveCursor {

    /** The reader's snapshot: {@code pg_snapshot_xmin} and {@code pg_snapshot_xmax} of {@code pg_current_snapshot()}. */
    record Snapshot(long xmin, long xmax) {
    }

    /** What one call may hand out: the first {@code take} rows, and cursors given up on after the timeout. */
    record Step(int take, long skippedFrom, long skippedTo) {
        boolean skipped() {
            return skippedFrom > 0;
        }
    }

    private final long gapTimeoutNanos;
    private long delivered;
    private long startXmax;
    private boolean ready;
    private long gapFrom = -1;
    private long gapXmax;
    private long gapSince;

    /**
     * @param delivered the largest cursor visible in {@code atStart}
     * @param gapTimeout how long a gap may block before it is given up (a transaction left open for that long)
     */
    LiveCursor(long delivered, Snapshot atStart, Duration gapTimeout) {
        this.delivered = delivered;
        this.startXmax = atStart.xmax();
        this.gapTimeoutNanos = gapTimeout.toNanos();
    }

    /** Every cursor up to this one is final and has been handed out. */
    long delivered() {
        return delivered;
    }

    /** Whether start-up's wait is over: before that, nothing is handed out and nobody may subscribe. */
    boolean ready() {
        return ready;
    }

    /** Whether a gap blocks progress, so the caller should look again soon rather than wait for a notification. */
    boolean waiting() {
        return !ready || gapFrom >= 0;
    }

    /**
     * Takes the rows read in snapshot {@code s} (ascending cursors, all above {@link #delivered()})
     * and says how many of them, from the start, may be handed out now; advances past them.
     */
    Step advance(long[] ids, Snapshot s, long nowNanos) {
        if (!ready) {
            if (s.xmin() < startXmax) {
                return new Step(0, 0, 0);
            }
            ready = true;
        }
        int take = 0;
        long skippedFrom = 0;
        long skippedTo = 0;
        for (long id : ids) {
            long expected = delivered + 1;
            if (id == expected) {
                delivered = id;
                take++;
                continue;
            }
            if (gapFrom != expected) {
                gapFrom = expected;
                gapXmax = s.xmax();
                gapSince = nowNanos;
            }
            boolean ended = s.xmin() >= gapXmax;
            boolean givenUp = nowNanos - gapSince >= gapTimeoutNanos;
            if (!ended && !givenUp) {
                return new Step(take, skippedFrom, skippedTo);
            }
            if (!ended) {
                // a transaction has held these cursors longer than the timeout: skip them, loudly
                skippedFrom = skippedFrom == 0 ? expected : skippedFrom;
                skippedTo = id - 1;
            }
            gapFrom = -1;
            delivered = id;
            take++;
        }
        if (gapFrom >= 0 && gapFrom <= delivered) {
            gapFrom = -1;
        }
        return new Step(take, skippedFrom, skippedTo);
    }
}
