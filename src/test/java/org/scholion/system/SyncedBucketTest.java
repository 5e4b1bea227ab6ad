package org.scholion.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The arithmetic of the shared buckets and of an instance's view of one, on a clock of our own. */
class SyncedBucketTest {
    private static final long SECOND = 1_000_000_000L;

    @Test
    void aLevelRefillsAtTheRateUpToTheBurstAndNeverGoesBackInTime() {
        assertEquals(3.5, RateBuckets.level(1.5, 2, 10, 1), 1e-9);
        assertEquals(10, RateBuckets.level(9, 60, 10, 1), 1e-9);
        assertEquals(-4, RateBuckets.level(-4, -3, 10, 1), 1e-9, "a clock going back refills nothing");
    }

    @Test
    void theWaitIsTheTimeToOneWholeTokenInWholeSecondsAtLeastOne() {
        assertEquals(0, RateBuckets.secondsUntilToken(1, 1));
        assertEquals(1, RateBuckets.secondsUntilToken(0.99, 1));
        assertEquals(1, RateBuckets.secondsUntilToken(0.5, 2));
        assertEquals(60, RateBuckets.secondsUntilToken(0, 1 / 60.0));
        assertEquals(6, RateBuckets.secondsUntilToken(-4.5, 1), "a bucket in debt waits until the debt is paid");
    }

    @Test
    void aNewBucketGivesItsBurstThenOneTokenPerRefillFromTheSyncOn() {
        SyncedBucket b = new SyncedBucket(3, 2, 0);
        assertTrue(b.take(0) && b.take(0) && b.take(0));
        assertFalse(b.take(0));
        assertEquals(1, b.secondsUntilToken(0));
        // what was let through counts as taken at the sync, as the database counts it: no refill before it
        assertFalse(b.take(SECOND / 2));
        assertEquals(3, b.drain());
        b.synced(0, SECOND / 2);
        assertFalse(b.take(SECOND * 3 / 4));
        assertTrue(b.take(SECOND), "two a second: one half a second after the sync");
        assertFalse(b.take(SECOND));
    }

    @Test
    void aBucketBelowItsBurstRefillsBetweenSyncs() {
        SyncedBucket b = new SyncedBucket(3, 2, 0);
        b.synced(0, 0);
        assertFalse(b.take(0));
        assertTrue(b.take(SECOND / 2));
        assertFalse(b.take(SECOND / 2));
        assertTrue(b.take(SECOND));
    }

    @Test
    void whatIsBeingPushedStillCountsUntilTheSharedLevelComesBack() {
        SyncedBucket b = new SyncedBucket(3, 1, 0);
        assertTrue(b.take(0) && b.take(0));
        assertEquals(2, b.drain());
        assertTrue(b.take(0), "one token left while two are in flight");
        assertFalse(b.take(0));
        // the database subtracted the two and says 1 is left; the third token, taken since, is still ours to push
        b.synced(1, 0);
        assertFalse(b.take(0));
        assertEquals(1, b.drain());
        b.synced(0, 0);
        assertEquals(0.0, b.level(0), 1e-9);
    }

    @Test
    void theOtherInstancesUseArrivesWithTheSync() {
        SyncedBucket b = new SyncedBucket(10, 1, 0);
        assertTrue(b.take(0));
        assertEquals(1, b.drain());
        // another instance let 12 through meanwhile: the shared level is in debt
        b.synced(-3, 0);
        assertFalse(b.take(3 * SECOND));
        assertEquals(1, b.secondsUntilToken(3 * SECOND));
        assertTrue(b.take(4 * SECOND), "the debt is paid back at the rate");
    }

    @Test
    void aFailedPushIsRetriedWithTheNext() {
        SyncedBucket b = new SyncedBucket(5, 1, 0);
        assertTrue(b.take(0) && b.take(0));
        assertEquals(2, b.drain());
        b.notSynced();
        assertTrue(b.take(0));
        assertEquals(3, b.drain(), "the two that were not pushed, and the one since");
        assertEquals(2.0, b.level(0), 1e-9);
    }

    @Test
    void aBucketNobodyAskedIsNotSyncedButARefusedOneIs() {
        SyncedBucket b = new SyncedBucket(1, 1, 0);
        assertEquals(-1, b.drain());
        assertTrue(b.take(0));
        assertEquals(1, b.drain());
        b.synced(0, 0);
        assertEquals(-1, b.drain());
        assertFalse(b.take(0));
        assertEquals(0, b.drain(), "a refused read is worth a sync: it learns what the others let through");
    }
}
