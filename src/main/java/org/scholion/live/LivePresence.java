package org.scholion.live;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiConsumer;

/**
 * Who reads a document in a group, across instances (part of {@link LiveHub}): this instance's
 * readers go into {@code live_presence} (arrivals and departures batched, a heartbeat so that the
 * rows of an instance that died time out), and the subscribers of a document and group are told the
 * count when it may have moved (here or, by a notification, on another instance), at most every
 * quarter second. Everything but {@link #dirty} runs on the hub's worker thread.
 */
final class LivePresence {
    private static final long DEBOUNCE_NANOS = 250_000_000L;

    record Key(UUID document, UUID group) {
    }

    private final LiveStore store;
    private final LiveConfig config;
    /** Identifies this instance's rows in live_presence. */
    private final UUID instance = UUID.randomUUID();
    /** Documents and groups whose count may have moved; any thread. */
    private final Set<Key> dirty = ConcurrentHashMap.newKeySet();
    // worker-thread state
    private final Map<LiveStore.Reader, Integer> readers = new HashMap<>();
    private final Set<LiveStore.Reader> arrived = new HashSet<>();
    private final Set<LiveStore.Reader> departed = new HashSet<>();
    private long lastHeartbeat;
    private long lastSent;

    LivePresence(LiveStore store, LiveConfig config) {
        this.store = store;
        this.config = config;
    }

    /** The count of this document and group may have moved (any thread). */
    void dirty(UUID document, UUID group) {
        dirty.add(new Key(document, group));
    }

    /** A socket of this reader was admitted. */
    void arrive(Subscription s) {
        LiveStore.Reader r = s.reader();
        if (readers.merge(r, 1, Integer::sum) == 1 && !departed.remove(r)) {
            arrived.add(r);
        }
    }

    /** A socket of this reader went. */
    void depart(Subscription s) {
        LiveStore.Reader r = s.reader();
        Integer left = readers.computeIfPresent(r, (k, n) -> n == 1 ? null : n - 1);
        if (left == null && !arrived.remove(r)) {
            departed.add(r);
        }
        dirty(s.document, s.group);
    }

    /**
     * Writes arrivals and departures, heartbeats, and sends the counts that may have moved to the
     * live subscribers of {@code byDocument} through {@code post} (the hub's ordered send).
     */
    void keep(long now, Map<UUID, Set<Subscription>> byDocument, BiConsumer<Subscription, List<String>> post) throws Exception {
        if (!arrived.isEmpty() || !departed.isEmpty()) {
            store.present(instance, arrived);
            store.absent(instance, departed);
            arrived.clear();
            departed.clear();
        }
        if (now - lastHeartbeat >= config.presenceHeartbeat().toNanos()) {
            lastHeartbeat = now;
            store.heartbeat(instance, config.presenceTimeout());
            // readers on an instance that stopped heartbeating drop out without a notification
            for (Set<Subscription> subs : byDocument.values()) {
                for (Subscription s : subs) {
                    dirty(s.document, s.group);
                }
            }
        }
        if (now - lastSent >= DEBOUNCE_NANOS && !dirty.isEmpty()) {
            lastSent = now;
            send(byDocument, post);
        }
    }

    private void send(Map<UUID, Set<Subscription>> byDocument, BiConsumer<Subscription, List<String>> post) throws Exception {
        List<Key> keys = new ArrayList<>(dirty);
        dirty.removeAll(keys);
        for (Key k : keys) {
            Set<Subscription> subs = byDocument.get(k.document());
            if (subs == null || subs.stream().noneMatch(s -> s.group.equals(k.group()))) {
                continue;
            }
            int n = store.readers(k.document(), k.group(), config.presenceTimeout());
            String m = LiveProtocol.presence(n);
            for (Subscription s : subs) {
                if (s.live && s.group.equals(k.group()) && s.presenceSent != n) {
                    s.presenceSent = n;
                    post.accept(s, List.of(m));
                }
            }
        }
    }

    /** This instance stops: its rows go at once instead of timing out. */
    void leaveAll() throws Exception {
        store.leaveAll(instance);
    }
}
