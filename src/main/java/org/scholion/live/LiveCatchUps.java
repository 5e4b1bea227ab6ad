package org.scholion.live;

import io.quarkus.logging.Log;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * Prepares what a reconnecting socket missed, off the hub's worker (part of {@link LiveHub}): one
 * user's many sockets would otherwise hold every other group's events back (issue 17). A small pool
 * reads the missed events and decides them for the subscriber in one batch; the hub sends the result
 * on its worker, in order with what it held for the socket meanwhile.
 */
final class LiveCatchUps {
    private final LiveStore store;
    private final LiveAudience audience;
    private final LiveConfig config;
    private final SealedCursors cursors;
    /** A socket has at most one catch-up queued, so the instance's socket limit bounds the queue. */
    private final ThreadPoolExecutor pool;

    LiveCatchUps(LiveStore store, LiveAudience audience, LiveConfig config, SealedCursors cursors) {
        this.store = store;
        this.audience = audience;
        this.config = config;
        this.cursors = cursors;
        AtomicInteger n = new AtomicInteger();
        int threads = config.catchUpThreadsOrDefault();
        this.pool = new ThreadPoolExecutor(threads, threads, 60, TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(Math.max(1, config.maxSockets())), r -> {
                    Thread t = new Thread(r, "scholion-live-catch-up-" + n.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                });
        this.pool.allowCoreThreadTimeOut(true);
    }

    /** Prepares the socket's catch-up up to {@code now} on the pool and hands it to {@code ready} there. */
    void start(Subscription s, long now, Consumer<CatchUp> ready) throws RejectedExecutionException {
        pool.execute(() -> ready.accept(prepare(s, now)));
    }

    void stop() {
        pool.shutdownNow();
    }

    /**
     * What a catch-up sends: the messages for what was missed up to {@code position}, in cursor
     * order (each with its annotation), or a reload (then no messages).
     */
    record CatchUp(long position, List<Missed> missed, String reloadReason) {
        static CatchUp reload(long position, String reason) {
            return new CatchUp(position, List.of(), reason);
        }
    }

    record Missed(UUID annotation, String message) {
    }

    /**
     * Prepares a catch-up (a catch-up thread): the group's events on the document in (since, now],
     * each annotation's latest only, decided for the subscriber in one batch. Touches no state of
     * the hub and sends nothing.
     */
    CatchUp prepare(Subscription s, long now) {
        try {
            if (s.sinceUnknown) {
                return CatchUp.reload(now, "unknown cursor");
            }
            long since = s.since;
            if (since < store.purgedThrough()) {
                return CatchUp.reload(now, "your cursor is older than the events kept");
            }
            if (since > now) {
                // another instance may be a few events ahead of this one; a cursor beyond every event is not ours
                if (since > store.start().events().get(0).cursor()) {
                    return CatchUp.reload(now, "unknown cursor");
                }
                return new CatchUp(since, List.of(), null);
            }
            List<LiveStore.Event> missed = store.catchUp(s.document, s.group, since, now, config.catchUpLimit());
            if (missed.size() > config.catchUpLimit()) {
                return CatchUp.reload(now, "too much happened while you were away");
            }
            for (LiveStore.Event e : missed) {
                if ("revised".equals(e.kind())) {
                    // the text itself changed meanwhile: the client reads everything again
                    return new CatchUp(now, List.of(new Missed(null, LiveProtocol.revised(cursors.seal(now)))), null);
                }
            }
            // the latest event of each annotation says it all: the message shows its state now
            Map<UUID, LiveStore.Event> last = new LinkedHashMap<>();
            for (LiveStore.Event e : missed) {
                last.remove(e.annotation());
                last.put(e.annotation(), e);
            }
            Map<UUID, LiveAudience.Sight> sights = audience.sightsOf(s.slug, s.user, last.keySet());
            List<Missed> out = new ArrayList<>();
            for (LiveStore.Event e : last.values()) {
                String m = LiveProtocol.of(e.kind(), audience.annotationIri(s.slug, e.annotation()), cursors.seal(e.cursor()),
                        sights.getOrDefault(e.annotation(), LiveAudience.UNSEEN));
                if (m != null) {
                    out.add(new Missed(e.annotation(), m));
                }
            }
            return new CatchUp(now, out, null);
        } catch (Exception e) {
            Log.warnf("live: catch-up for %s failed: %s", s, e.getMessage());
            return CatchUp.reload(now, "catching up failed");
        }
    }
}
