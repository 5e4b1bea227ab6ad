package org.scholion.live;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * This instance's open live sockets, counted against the per-user and per-instance limits. A socket
 * is counted atomically when it opens ({@link #reserve}: upgrades may race past {@link LiveGate},
 * which only reads the counts to refuse early) and uncounted once when it closes.
 */
@ApplicationScoped
class LiveSockets {
    private final LiveConfig config;
    private final AtomicInteger sockets = new AtomicInteger();
    /** Open sockets per user; a user's entry goes when their last socket closes. */
    private final Map<UUID, Integer> socketsByUser = new ConcurrentHashMap<>();

    LiveSockets(LiveConfig config) {
        this.config = config;
    }

    /** Counts a new socket; null when it may stay, else why not (a close reason, at most 123 bytes). */
    String reserve(Subscription s) {
        if (sockets.incrementAndGet() > config.maxSockets()) {
            sockets.decrementAndGet();
            return "This server holds as many live connections as it may";
        }
        int mine = socketsByUser.merge(s.user.id(), 1, Integer::sum);
        if (mine > config.maxSocketsPerUser()) {
            socketsByUser.computeIfPresent(s.user.id(), (k, v) -> v == 1 ? null : v - 1);
            sockets.decrementAndGet();
            return "You have " + config.maxSocketsPerUser() + " live connections open already";
        }
        s.reserved.set(true);
        return null;
    }

    /** A socket closed: it no longer counts (once, however often it is said). */
    void release(Subscription s) {
        if (s.reserved.compareAndSet(true, false)) {
            socketsByUser.computeIfPresent(s.user.id(), (k, v) -> v == 1 ? null : v - 1);
            sockets.decrementAndGet();
        }
    }

    /** Open sockets on this instance. */
    int sockets() {
        return sockets.get();
    }

    /** Open sockets of one user on this instance. */
    int socketsOf(UUID user) {
        return socketsByUser.getOrDefault(user, 0);
    }
}
