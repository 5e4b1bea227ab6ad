package org.scholion.live;

import io.quarkus.logging.Log;

/**
 * Deletes live events older than {@code scholion.live.retention}, every {@code purge-interval} (part of
 * {@link LiveHub}, on its worker thread). A client whose cursor is older than what is kept is told to
 * reload when it reconnects.
 */
final class LiveRetention {
    private final LiveStore store;
    private final LiveConfig config;
    private long lastPurge;

    LiveRetention(LiveStore store, LiveConfig config) {
        this.store = store;
        this.config = config;
    }

    void keep(long now) throws Exception {
        if (lastPurge == 0 || now - lastPurge >= config.purgeInterval().toNanos()) {
            lastPurge = now;
            int purged = store.purge(config.retention());
            if (purged > 0) {
                Log.infof("live: retention deleted %d events older than %s", purged, config.retention());
            }
        }
    }
}
