package org.scholion.live;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The gap rule without a database: snapshots are (xmin, xmax) pairs as pg_current_snapshot() gives them. */
class LiveCursorTest {
    static final Duration TIMEOUT = Duration.ofSeconds(30);
    static final long S = 1_000_000_000L;

    private static LiveCursor ready(long delivered) {
        LiveCursor c = new LiveCursor(delivered, new LiveCursor.Snapshot(100, 100), TIMEOUT);
        c.advance(new long[0], new LiveCursor.Snapshot(100, 100), 0);
        return c;
    }

    @Test
    void contiguousCursorsAreHandedOutAtOnce() {
        LiveCursor c = ready(10);
        LiveCursor.Step s = c.advance(new long[] { 11, 12, 13 }, new LiveCursor.Snapshot(105, 110), 0);
        assertEquals(3, s.take());
        assertEquals(13, c.delivered());
        assertFalse(c.waiting());
    }

    @Test
    void aGapStopsTheStreamUntilEveryTransactionRunningWhenItWasSeenHasEnded() {
        LiveCursor c = ready(10);
        // 12 committed, 11 not visible: a transaction still running (xid 105..109) may hold it
        LiveCursor.Step s = c.advance(new long[] { 12 }, new LiveCursor.Snapshot(105, 110), 0);
        assertEquals(0, s.take());
        assertEquals(10, c.delivered());
        assertTrue(c.waiting());
        // still some of them running
        assertEquals(0, c.advance(new long[] { 12 }, new LiveCursor.Snapshot(108, 115), S).take());
        // 11 committed meanwhile: both go out, in order
        assertEquals(2, c.advance(new long[] { 11, 12 }, new LiveCursor.Snapshot(108, 116), 2 * S).take());
        assertEquals(12, c.delivered());
        assertFalse(c.waiting());
    }

    @Test
    void aGapWhoseTransactionsAllEndedWasARollbackAndIsSkipped() {
        LiveCursor c = ready(10);
        assertEquals(0, c.advance(new long[] { 12, 13 }, new LiveCursor.Snapshot(105, 110), 0).take());
        LiveCursor.Step s = c.advance(new long[] { 12, 13 }, new LiveCursor.Snapshot(110, 120), S);
        assertEquals(2, s.take());
        assertFalse(s.skipped(), "a rollback is not a timeout");
        assertEquals(13, c.delivered());
    }

    @Test
    void aGapSeenWithNoTransactionRunningIsARollback() {
        LiveCursor c = ready(10);
        assertEquals(1, c.advance(new long[] { 12 }, new LiveCursor.Snapshot(110, 110), 0).take());
        assertEquals(12, c.delivered());
    }

    @Test
    void aTransactionStartedAfterTheGapWasSeenDoesNotDelayIt() {
        LiveCursor c = ready(10);
        assertEquals(0, c.advance(new long[] { 12 }, new LiveCursor.Snapshot(105, 110), 0).take());
        // xid 130 started later and is still running; all below 110 have ended
        assertEquals(1, c.advance(new long[] { 12 }, new LiveCursor.Snapshot(130, 131), S).take());
    }

    @Test
    void aGapHeldLongerThanTheTimeoutIsGivenUpAndReported() {
        LiveCursor c = ready(10);
        assertEquals(0, c.advance(new long[] { 13 }, new LiveCursor.Snapshot(105, 110), 0).take());
        assertEquals(0, c.advance(new long[] { 13 }, new LiveCursor.Snapshot(105, 110), 29 * S).take());
        LiveCursor.Step s = c.advance(new long[] { 13 }, new LiveCursor.Snapshot(105, 110), 31 * S);
        assertEquals(1, s.take());
        assertTrue(s.skipped());
        assertEquals(11, s.skippedFrom());
        assertEquals(12, s.skippedTo());
    }

    @Test
    void nothingIsHandedOutBeforeTheTransactionsRunningAtStartHaveEnded() {
        LiveCursor c = new LiveCursor(50, new LiveCursor.Snapshot(90, 100), TIMEOUT);
        assertFalse(c.ready());
        assertEquals(0, c.advance(new long[] { 51 }, new LiveCursor.Snapshot(95, 101), 0).take());
        assertFalse(c.ready(), "xid 95..99 may hold a cursor below 50");
        assertEquals(1, c.advance(new long[] { 51 }, new LiveCursor.Snapshot(100, 101), S).take());
        assertTrue(c.ready());
    }
}
