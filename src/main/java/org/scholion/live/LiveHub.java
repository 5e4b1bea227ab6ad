package org.scholion.live;

import io.quarkus.logging.Log;
import io.quarkus.runtime.ShutdownDelayInitiatedEvent;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.websockets.next.CloseReason;
import io.vertx.core.json.JsonObject;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArraySet;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.scholion.security.UserRef;

/**
 * This instance's live subscribers and the one worker thread that serves them: it reads new events
 * (woken by the listener, or by its own poll timer), asks {@link LiveAudience} once per event for
 * all local subscribers of the document, sends, keeps presence and runs retention. Every send and
 * every subscriber's position is decided on that thread, in cursor order, so a subscriber is never
 * sent an event twice or out of order.
 * <p>
 * Replaying what a reconnecting client missed is not done on that thread: one user's many sockets
 * would hold every other group's events back (issue 17). A small pool prepares each catch-up (one
 * read of the missed events, one batched decision for all of them: {@link LiveAudience#sightsOf})
 * while the worker goes on. Meanwhile the socket is registered but held: live events meant for it
 * are kept (and their annotations noted), not sent. When the catch-up is ready the worker sends it
 * — leaving out annotations a held event is newer about — then {@code ready}, then what it held,
 * and the socket is live. Catch-up covers cursors up to the position the worker had reached when
 * the socket arrived, held events everything after, so the two never overlap or race.
 * <p>
 * Split by concern (issue 20): this class keeps the registry of subscribers and the worker that fans
 * events out and admits sockets; {@link LiveCatchUps} prepares catch-ups on its pool;
 * {@link LivePresence} keeps who is reading; {@link LiveRetention} deletes old events;
 * {@link LiveSockets} counts sockets against the limits.
 */
@ApplicationScoped
class LiveHub {
    private static final int BATCH = 500;
    private static final long GAP_POLL_MILLIS = 10;

    private final LiveStore store;
    private final LiveListener listener;
    private final LiveAudience audience;
    private final LiveConfig config;
    private final SealedCursors cursors;
    private final LiveCatchUps catchUps;
    private final LivePresence presence;
    private final LiveRetention retention;

    private final Map<UUID, Set<Subscription>> byDocument = new ConcurrentHashMap<>();
    private final LinkedBlockingQueue<Runnable> tasks = new LinkedBlockingQueue<>();
    private final AtomicBoolean pollWanted = new AtomicBoolean(true);
    private volatile boolean running;
    private volatile boolean stopping;
    private Thread worker;

    // worker-thread state
    private LiveCursor cursor;
    private final List<Subscription> waitingForStart = new ArrayList<>();
    private long lastPoll;
    private long lastExpiryCheck;

    private final List<OutboxFollower> followers;

    LiveHub(LiveStore store, LiveListener listener, LiveAudience audience, LiveConfig config, SealedCursors cursors,
            jakarta.enterprise.inject.Instance<OutboxFollower> followers) {
        this.followers = followers.stream().toList();
        this.store = store;
        this.listener = listener;
        this.audience = audience;
        this.config = config;
        this.cursors = cursors;
        this.presence = new LivePresence(store, config);
        this.retention = new LiveRetention(store, config);
        this.catchUps = new LiveCatchUps(store, audience, config, cursors);
    }

    // ---- life cycle ---------------------------------------------------------------------------

    /** After StartupChecks (priority 1) has migrated the database. */
    void onStart(@Observes @Priority(100) StartupEvent event) {
        running = true;
        worker = new Thread(this::run, "scholion-live");
        worker.setDaemon(true);
        worker.start();
        listener.start(this::onNotification, this::wake);
    }

    /**
     * The pre-shutdown phase (quarkus.shutdown.delay): readiness already says "down", so the load
     * balancer sends reconnecting clients elsewhere. Tells every subscriber to come back (1012).
     */
    void onShutdownDelay(@Observes ShutdownDelayInitiatedEvent event) {
        stopping = true;
        closeAll();
    }

    void onStop(@Observes ShutdownEvent event) {
        stopping = true;
        running = false;
        listener.stop();
        catchUps.stop();
        wake();
        closeAll();
        try {
            if (worker != null) {
                worker.join(3000);
            }
            presence.leaveAll();
        } catch (Exception e) {
            Log.debugf("live: presence rows of this instance stay until they time out: %s", e.getMessage());
        }
    }

    /** Whether new sockets should go to another instance. */
    boolean stopping() {
        return stopping;
    }

    private void closeAll() {
        List<io.smallrye.mutiny.Uni<Void>> closing = new ArrayList<>();
        for (Set<Subscription> subs : byDocument.values()) {
            for (Subscription s : subs) {
                if (s.closing.compareAndSet(false, true)) {
                    closing.add(s.connection.close(new CloseReason(LiveProtocol.RESTARTING,
                            "Server restarting: reconnect with since")).onFailure().recoverWithNull());
                }
            }
        }
        if (!closing.isEmpty()) {
            try {
                io.smallrye.mutiny.Uni.join().all(closing).andCollectFailures().await().atMost(Duration.ofSeconds(3));
            } catch (RuntimeException e) {
                Log.debugf("live: not every socket closed cleanly on shutdown: %s", e.getMessage());
            }
        }
    }

    // ---- called from the endpoint (event loop) ------------------------------------------------

    void join(Subscription s) {
        tasks.add(() -> admit(s));
    }

    void leave(Subscription s) {
        tasks.add(() -> remove(s));
    }

    /** Sends one message, and disconnects a client that lets too many pile up. */
    void send(Subscription s, String text) {
        if (s.closing.get()) {
            return;
        }
        if (s.unsent.incrementAndGet() > config.sendQueueLimit()) {
            close(s, LiveProtocol.TOO_SLOW, "Too slow: reconnect with since");
            return;
        }
        s.connection.sendText(text).subscribe().with(ok -> s.unsent.decrementAndGet(), e -> s.unsent.decrementAndGet());
    }

    void close(Subscription s, short code, String reason) {
        if (s.closing.compareAndSet(false, true)) {
            s.connection.close(new CloseReason(code, reason)).subscribe().with(ok -> {
            }, e -> Log.debugf("live: closing %s failed: %s", s, e.getMessage()));
        }
    }

    private void onNotification(String payload) {
        if (payload.contains("\"presence\"")) {
            try {
                JsonObject o = new JsonObject(payload);
                presence.dirty(UUID.fromString(o.getString("document")), UUID.fromString(o.getString("group")));
            } catch (RuntimeException e) {
                Log.debugf("live: ignored a notification: %s", payload);
            }
        }
        wake();
    }

    private void wake() {
        if (pollWanted.compareAndSet(false, true)) {
            tasks.add(() -> {
            });
        }
    }

    /** Subscribers on this instance, for tests and metrics. */
    int subscribers() {
        return byDocument.values().stream().mapToInt(Set::size).sum();
    }

    // ---- the worker ---------------------------------------------------------------------------

    private void run() {
        while (running && cursor == null) {
            try {
                LiveStore.Batch start = store.start();
                cursor = new LiveCursor(start.events().get(0).cursor(), start.snapshot(), config.gapTimeout());
            } catch (Exception e) {
                Log.warnf("live: cannot read live_event yet (%s); retrying", e.getMessage());
                sleep(1000);
            }
        }
        while (running) {
            try {
                Runnable task = tasks.poll(cursor.waiting() ? GAP_POLL_MILLIS : 50, TimeUnit.MILLISECONDS);
                while (task != null) {
                    task.run();
                    task = tasks.poll();
                }
                long now = System.nanoTime();
                if (pollWanted.getAndSet(false) || cursor.waiting() || now - lastPoll >= config.pollInterval().toNanos()) {
                    lastPoll = now;
                    poll();
                }
                housekeeping(now);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (Exception e) {
                // the database may be restarting: keep the subscribers, try again shortly
                Log.warnf("live: %s", e.toString());
                sleep(500);
            }
        }
    }

    private void poll() throws Exception {
        while (true) {
            LiveStore.Batch b = store.after(cursor.delivered(), BATCH);
            List<LiveStore.Event> events = b.events();
            long[] ids = events.stream().mapToLong(LiveStore.Event::cursor).toArray();
            boolean wasReady = cursor.ready();
            LiveCursor.Step step = cursor.advance(ids, b.snapshot(), System.nanoTime());
            if (step.skipped()) {
                Log.warnf("live: cursors %d..%d were held by a transaction for over %s; skipped (clients reload to see them)",
                        step.skippedFrom(), step.skippedTo(), config.gapTimeout());
            }
            for (int i = 0; i < step.take(); i++) {
                dispatch(events.get(i));
            }
            if (cursor.ready() && step.take() > 0 || !wasReady && cursor.ready()) {
                for (OutboxFollower f : followers) {
                    f.finalUpTo(cursor.delivered());
                }
            }
            if (!wasReady && cursor.ready()) {
                List<Subscription> waiting = new ArrayList<>(waitingForStart);
                waitingForStart.clear();
                for (Subscription s : waiting) {
                    admit(s);
                }
            }
            if (step.take() < BATCH) {
                return;
            }
        }
    }

    private void dispatch(LiveStore.Event e) {
        if ("access".equals(e.kind())) {
            recheck(e);
            return;
        }
        if ("document".equals(e.kind())) {
            audience.documentChanged(e.document());
            return;
        }
        if ("revised".equals(e.kind())) {
            audience.documentChanged(e.document());
            revised(e);
            return;
        }
        if ("reanchored".equals(e.kind())) {
            // for webhooks (OutboxFollower); readers learn of a revision's moves from its annotations' own events
            return;
        }
        Set<Subscription> subs = byDocument.get(e.document());
        if (subs == null || e.group() == null) {
            return;
        }
        List<Subscription> targets = new ArrayList<>();
        Map<UUID, UserRef> viewers = new LinkedHashMap<>();
        for (Subscription s : subs) {
            if ((s.live || s.catchingUp()) && e.group().equals(s.group) && s.position < e.cursor()) {
                targets.add(s);
                viewers.putIfAbsent(s.user.id(), s.user);
            }
        }
        if (targets.isEmpty()) {
            return;
        }
        String slug = targets.get(0).slug;
        Map<UUID, LiveAudience.Sight> sights = audience.sights(slug, e.annotation(), viewers.values());
        Map<LiveAudience.Sight, String> messages = new HashMap<>();
        // one task per event loop writes to all of its sockets: no thread hop (and wake-up) per socket
        Map<Thread, List<Runnable>> byLoop = new HashMap<>();
        Map<Thread, io.vertx.core.Context> loops = new HashMap<>();
        String sealed = cursors.seal(e.cursor());
        for (Subscription s : targets) {
            s.position = e.cursor();
            String m = messages.computeIfAbsent(sights.getOrDefault(s.user.id(), LiveAudience.UNSEEN),
                    sight -> LiveProtocol.of(e.kind(), audience.annotationIri(slug, e.annotation()), sealed, sight));
            if (s.catchingUp()) {
                s.overtaken.add(e.annotation());
                hold(s, e.cursor(), m);
                continue;
            }
            if (m == null) {
                continue;
            }
            if (s.loop == null || s.loopThread == null) {
                send(s, m);
                continue;
            }
            loops.putIfAbsent(s.loopThread, s.loop);
            byLoop.computeIfAbsent(s.loopThread, t -> new ArrayList<>()).add(() -> send(s, m));
        }
        byLoop.forEach((thread, sends) -> loops.get(thread).runOnContext(v -> sends.forEach(Runnable::run)));
    }

    /** Keeps a live message for a socket that is catching up; one that lets too many pile up is disconnected. */
    private void hold(Subscription s, long cursor, String message) {
        if (message == null) {
            return;
        }
        if (s.held.size() >= config.sendQueueLimit()) {
            close(s, LiveProtocol.TOO_SLOW, "Too slow: reconnect with since");
            return;
        }
        s.held.add(new Subscription.Held(cursor, message));
    }

    /** A new revision of a document: every reader of it, in any group, reads it again. */
    private void revised(LiveStore.Event e) {
        Set<Subscription> subs = byDocument.get(e.document());
        if (subs == null) {
            return;
        }
        String m = LiveProtocol.revised(cursors.seal(e.cursor()));
        for (Subscription s : subs) {
            if ((s.live || s.catchingUp()) && s.position < e.cursor()) {
                s.position = e.cursor();
                if (s.catchingUp()) {
                    hold(s, e.cursor(), m);
                } else {
                    post(s, List.of(m));
                }
            }
        }
    }

    /** A membership changed: whoever may no longer read the group is disconnected; the others reload. */
    private void recheck(LiveStore.Event e) {
        Map<String, Boolean> decided = new HashMap<>();
        for (Set<Subscription> subs : byDocument.values()) {
            for (Subscription s : subs) {
                if ((!s.live && !s.catchingUp()) || !s.user.id().equals(e.user()) || !s.group.equals(e.group())
                        || s.position >= e.cursor()) {
                    continue;
                }
                boolean may = decided.computeIfAbsent(s.slug, slug -> audience.mayFollow(s.user, slug, s.group));
                s.position = e.cursor();
                if (may) {
                    String reload = LiveProtocol.reload(cursors.seal(e.cursor()), "your role in the group changed");
                    if (s.catchingUp()) {
                        hold(s, e.cursor(), reload);
                    } else {
                        post(s, List.of(reload));
                    }
                } else {
                    close(s, LiveProtocol.ACCESS_REVOKED, "You no longer belong to this group");
                }
            }
        }
    }

    /**
     * A new socket (worker thread): registered at once, so that it receives every event after the
     * position reached now; live at once when it has nothing to catch up on, else held while its
     * catch-up is prepared off this thread ({@link #finish} makes it live).
     */
    private void admit(Subscription s) {
        if (s.closing.get() || !s.connection.isOpen()) {
            return;
        }
        if (!cursor.ready()) {
            waitingForStart.add(s);
            return;
        }
        long now = cursor.delivered();
        s.position = now;
        byDocument.computeIfAbsent(s.document, d -> new CopyOnWriteArraySet<>()).add(s);
        presence.arrive(s);
        if (s.since == null && !s.sinceUnknown) {
            goLive(s, List.of(), LiveProtocol.ready(cursors.seal(now)));
            return;
        }
        s.held = new ArrayList<>();
        s.overtaken = new HashSet<>();
        try {
            catchUps.start(s, now, c -> tasks.add(() -> finish(s, c)));
        } catch (RejectedExecutionException e) {
            finish(s, LiveCatchUps.CatchUp.reload(now, "the server is busy"));
        }
    }

    /**
     * A catch-up is ready (worker thread): sends it, then {@code ready}, then what was held for the
     * socket meanwhile, and makes it live. An annotation a held event is about is left out of the
     * catch-up: that event, decided later, tells its newer state. On a reload the held events are
     * dropped too: the client reloads everything after the reload's cursor.
     */
    private void finish(Subscription s, LiveCatchUps.CatchUp c) {
        List<Subscription.Held> held = s.held;
        Set<UUID> overtaken = s.overtaken;
        s.held = null;
        s.overtaken = null;
        Set<Subscription> subs = byDocument.get(s.document);
        if (held == null || s.closing.get() || subs == null || !subs.contains(s)) {
            return;
        }
        List<String> out = new ArrayList<>();
        if (c.reloadReason() != null) {
            s.position = Math.max(s.position, c.position());
            goLive(s, out, LiveProtocol.reload(cursors.seal(s.position), c.reloadReason()));
            return;
        }
        for (LiveCatchUps.Missed m : c.missed()) {
            if (!overtaken.contains(m.annotation())) {
                out.add(m.message());
            }
        }
        out.add(LiveProtocol.ready(cursors.seal(c.position())));
        for (Subscription.Held h : held) {
            // a client ahead of this instance (since > now) had these already
            if (h.cursor() > c.position()) {
                out.add(h.message());
            }
        }
        s.position = Math.max(s.position, c.position());
        goLive(s, out, null);
    }

    /** Sends the messages (and then {@code last}, if any) in order, and makes the socket live. */
    private void goLive(Subscription s, List<String> messages, String last) {
        List<String> all = new ArrayList<>(messages);
        if (last != null) {
            all.add(last);
        }
        s.live = true;
        presence.dirty(s.document, s.group);
        post(s, all);
    }

    /**
     * Sends from the worker thread, in order with everything else it sends the socket: as a task on
     * the socket's event loop, like {@link #dispatch}'s writes. (A write made directly from this thread
     * would be queued at once and could overtake a task queued before it: a presence before the
     * {@code ready} it follows.)
     */
    private void post(Subscription s, List<String> messages) {
        if (s.loop == null) {
            messages.forEach(m -> send(s, m));
        } else {
            s.loop.runOnContext(v -> messages.forEach(m -> send(s, m)));
        }
    }

    private void remove(Subscription s) {
        Set<Subscription> subs = byDocument.get(s.document);
        if (subs == null || !subs.remove(s)) {
            waitingForStart.remove(s);
            return;
        }
        presence.depart(s);
    }

    private void housekeeping(long now) throws Exception {
        presence.keep(now, byDocument, this::post);
        retention.keep(now);
        if (now - lastExpiryCheck >= 200_000_000L) {
            lastExpiryCheck = now;
            closeExpired(System.currentTimeMillis());
        }
    }

    /**
     * Closes sockets whose sign-in runs out within a second, with a code that says "authenticate
     * again" (before Quarkus' own 1008 at the expiry itself).
     */
    private void closeExpired(long nowMillis) {
        for (Set<Subscription> subs : byDocument.values()) {
            for (Subscription s : subs) {
                if (s.expiresAt - 1000 <= nowMillis) {
                    close(s, LiveProtocol.REAUTHENTICATE, "Authentication expired: sign in again and resubscribe with since");
                }
            }
        }
    }

    Collection<Subscription> all() {
        return byDocument.values().stream().flatMap(Set::stream).toList();
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
