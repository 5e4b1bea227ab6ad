package org.scholion.live;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;
import java.util.OptionalInt;

/** Settings of live updates ({@code scholion.live.*}); see the README's configuration table. */
@ConfigMapping(prefix = "scholion.live")
public interface LiveConfig {

    /** How long events are kept for catching up; a client whose cursor is older is told to reload. */
    @WithDefault("P7D")
    Duration retention();

    /** How often retention runs (any instance may; it is idempotent). */
    @WithDefault("PT10M")
    Duration purgeInterval();

    /** Polling when no notification arrives (the listener reconnecting, a lost notification). */
    @WithDefault("PT1S")
    Duration pollInterval();

    /** Give up on a cursor held by a transaction left open this long (it is logged). */
    @WithDefault("PT30S")
    Duration gapTimeout();

    /**
     * A PostgreSQL URL for the LISTEN connection when the datasource goes through a pooler in
     * transaction mode (LISTEN needs a session); default: the datasource's own URL.
     */
    Optional<String> listenUrl();

    /** At most this many missed events are replayed on reconnect; more and the client is told to reload. */
    @WithDefault("500")
    int catchUpLimit();

    /** The longest message a client may send (a ping is 15 characters); longer closes the socket with 1009. */
    @WithDefault("1024")
    int maxMessageChars();

    /** Messages a client may send at once, then {@link #messagesPerSecond()}; beyond that the socket is closed. */
    @WithDefault("20")
    int messageBurst();

    @WithDefault("5")
    double messagesPerSecond();

    /** Messages queued for one slow client before it is disconnected. */
    @WithDefault("1000")
    int sendQueueLimit();

    /**
     * Open sockets one user may hold on one instance (a handful of tabs); one more is refused. Each
     * socket costs the instance memory, a catch-up on reconnect and a share of every fan-out.
     */
    @WithDefault("8")
    int maxSocketsPerUser();

    /** Open sockets one instance holds at most, all users together; one more is refused (503). */
    @WithDefault("10000")
    int maxSockets();

    /** Upgrades (new sockets) one user may make at once, then {@link #upgradesPerSecondPerUser()}. */
    @WithDefault("10")
    int upgradeBurstPerUser();

    @WithDefault("1")
    double upgradesPerSecondPerUser();

    /** Upgrades one instance accepts at once from all users, then {@link #upgradesPerSecond()}. */
    @WithDefault("200")
    int upgradeBurst();

    @WithDefault("100")
    double upgradesPerSecond();

    /**
     * Threads that catch reconnecting sockets up (read what they missed, decide what they may see),
     * beside the one thread that dispatches live events, which never waits for a catch-up. Default:
     * half the processors, at least one, so that catching up never takes every core from dispatching.
     */
    OptionalInt catchUpThreads();

    /** {@link #catchUpThreads()}, or its default. */
    default int catchUpThreadsOrDefault() {
        return Math.max(1, catchUpThreads().orElse(Runtime.getRuntime().availableProcessors() / 2));
    }

    /** How often an instance confirms its readers in live_presence. */
    @WithDefault("PT10S")
    Duration presenceHeartbeat();

    /** A reader whose instance has not confirmed it for this long no longer counts. */
    @WithDefault("PT30S")
    Duration presenceTimeout();
}
