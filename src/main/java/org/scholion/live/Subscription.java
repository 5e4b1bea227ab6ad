package org.scholion.live;

import org.scholion.system.TokenBucket;
import io.quarkus.websockets.next.WebSocketConnection;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.scholion.security.UserRef;

/** One open socket: who, which document and group, and how far it has been sent. */
final class Subscription {
    final WebSocketConnection connection;
    final UserRef user;
    final String slug;
    final UUID document;
    final UUID group;
    /** The position of the client's {@code since}, or null for "from now" (or for a cursor that is not ours). */
    final Long since;
    /** The client sent a {@code since} that no instance sealed (changed, forged, or from before cursors were sealed). */
    final boolean sinceUnknown;
    /** When the caller's authentication expires (epoch millis), or Long.MAX_VALUE. */
    final long expiresAt;
    final TokenBucket rate;
    /** The Vert.x context of the socket's event loop (where writes cost no thread hop), or null. */
    final io.vertx.core.Context loop;
    /** The event loop's thread: sockets on one thread share one write task per event. */
    final Thread loopThread;
    final AtomicInteger unsent = new AtomicInteger();
    final AtomicBoolean closing = new AtomicBoolean();
    /** Whether it counts against the user's and the instance's socket limits (until it closes). */
    final AtomicBoolean reserved = new AtomicBoolean();
    /** The last cursor this subscriber has been given (only the hub's worker thread writes it). */
    volatile long position;
    volatile boolean live;
    volatile int presenceSent = -1;
    /**
     * While its catch-up is prepared off the dispatch thread: the live events meant for it
     * meanwhile, in cursor order, sent after the catch-up; null before and after. Worker thread only.
     */
    List<Held> held;
    /** While catching up: annotations that live events told it about meanwhile (newer than the catch-up). Worker thread only. */
    Set<UUID> overtaken;

    /** A live message held back until the catch-up before it has been sent. */
    record Held(long cursor, String message) {
    }

    Subscription(WebSocketConnection connection, Subscribe s, TokenBucket rate, io.vertx.core.Context loop) {
        this.connection = connection;
        this.loop = loop;
        this.loopThread = loop == null ? null : Thread.currentThread();
        this.user = s.user();
        this.slug = s.slug();
        this.document = s.document();
        this.group = s.group();
        this.since = s.since();
        this.sinceUnknown = s.sinceUnknown();
        this.expiresAt = s.expiresAt();
        this.rate = rate;
    }

    /** What the upgrade check established, handed to the endpoint through the connection's user data. */
    record Subscribe(UserRef user, String slug, UUID document, UUID group, Long since, boolean sinceUnknown, long expiresAt) {
    }

    boolean catchingUp() {
        return held != null;
    }

    LiveStore.Reader reader() {
        return new LiveStore.Reader(document, group, user.id());
    }

    @Override
    public String toString() {
        return "live[" + connection.id() + " " + user.username() + " " + slug + " " + group + "]";
    }
}
