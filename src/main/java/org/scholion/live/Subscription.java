package org.scholion.live;

import org.scholion.system.TokenBucket;
import io.quarkus.websockets.next.CloseReason;
import io.quarkus.websockets.next.WebSocketConnection;
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
    /** The client's {@code since}, or null for "from now". */
    final Long since;
    /** When the caller's authentication expires (epoch millis), or Long.MAX_VALUE. */
    final long expiresAt;
    final TokenBucket rate;
    /** The Vert.x context of the socket's event loop (where writes cost no thread hop), or null. */
    final io.vertx.core.Context loop;
    /** The event loop's thread: sockets on one thread share one write task per event. */
    final Thread loopThread;
    final AtomicInteger unsent = new AtomicInteger();
    final AtomicBoolean closing = new AtomicBoolean();
    /** The last cursor this subscriber has been given (only the hub's worker thread writes it). */
    volatile long position;
    volatile boolean live;
    volatile int presenceSent = -1;

    Subscription(WebSocketConnection connection, Subscribe s, TokenBucket rate, io.vertx.core.Context loop) {
        this.connection = connection;
        this.loop = loop;
        this.loopThread = loop == null ? null : Thread.currentThread();
        this.user = s.user();
        this.slug = s.slug();
        this.document = s.document();
        this.group = s.group();
        this.since = s.since();
        this.expiresAt = s.expiresAt();
        this.rate = rate;
    }

    /** What the upgrade check established, handed to the endpoint through the connection's user data. */
    record Subscribe(UserRef user, String slug, UUID document, UUID group, Long since, long expiresAt) {
    }

    LiveStore.Reader reader() {
        return new LiveStore.Reader(document, group, user.id());
    }

    @Override
    public String toString() {
        return "live[" + connection.id() + " " + user.username() + " " + slug + " " + group + "]";
    }
}
