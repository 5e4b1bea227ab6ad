package org.scholion.live;

/**
 * Something else that reads the live outbox (live_event), in cursor order, without missing an
 * event: webhooks. The live hub's worker knows up to which cursor the outbox is final (every event
 * up to it is committed or was rolled back: see LiveCursor) and tells each follower as that number
 * moves. A follower reads the rows itself, from a position of its own; it must return at once (the
 * hub's worker calls it).
 */
public interface OutboxFollower {
    void finalUpTo(long cursor);
}
