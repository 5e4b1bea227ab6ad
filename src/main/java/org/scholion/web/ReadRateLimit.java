package org.scholion.web;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.cache.CaffeineCacheMetrics;
import io.quarkus.logging.Log;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.security.identity.SecurityIdentity;
import io.vertx.core.http.HttpServerRequest;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.ws.rs.HttpMethod;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Response;
import java.sql.SQLException;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;
import org.scholion.system.RateBuckets;
import org.scholion.system.SyncedBucket;

/**
 * Each signed-in user may read the API (GET, HEAD under {@code /api/} and {@code /h/api/}) at most
 * {@code scholion.read-rate.per-minute} times a minute, after a burst of
 * {@code scholion.read-rate.burst}: generous (100 a second by default), so that a class never meets
 * it and a runaway script does. Beyond it the answer is 429 problem+json with {@code Retry-After},
 * as for changes ({@link WriteRateLimit}). A rate of 0 turns it off (the benchmarks do).
 *
 * <p>A read costs no round trip to the database (a 304 stays one query): each instance decides
 * from its own {@link SyncedBucket} per user, and every {@code scholion.read-rate.sync} (1 s) pushes
 * what it let through for all the users asked since, in one statement, into the buckets all
 * instances share ({@link RateBuckets}), taking back the shared levels. The bound: between two
 * syncs an instance does not know what the others let through, so a user spreading reads over n
 * instances may get up to about n × (burst + rate × sync interval) beyond the limit; what was
 * overdrawn leaves the shared level below zero and is paid back by refusals after the next sync,
 * so over longer times the limit holds. If the database does not answer, each instance limits on
 * its own until it does.
 *
 * <p>Buckets of users who stopped reading are dropped after ten minutes; the cache's size and hits
 * are metrics ({@code scholion.rate.read-buckets}).
 */
@ApplicationScoped
public class ReadRateLimit {
    private final int perMinute;
    private final int burst;
    private final Duration sync;
    private final RateBuckets shared;
    private final Cache<String, SyncedBucket> buckets = Caffeine.newBuilder()
            .expireAfterAccess(Duration.ofMinutes(10)).maximumSize(1_000_000).recordStats().build();
    private ScheduledExecutorService executor;
    private boolean failing;

    @Inject
    SecurityIdentity identity;

    ReadRateLimit(@ConfigProperty(name = "scholion.read-rate.per-minute") int perMinute,
            @ConfigProperty(name = "scholion.read-rate.burst") int burst,
            @ConfigProperty(name = "scholion.read-rate.sync") Duration sync, RateBuckets shared, MeterRegistry registry) {
        if (perMinute < 0 || (perMinute > 0 && burst < 1) || sync.isNegative() || sync.isZero()) {
            throw new io.quarkus.runtime.configuration.ConfigurationException(
                    "Scholion cannot start: SCHOLION_READ_RATE_PER_MINUTE must be 0 (off) or more, SCHOLION_READ_BURST at least 1,"
                            + " and SCHOLION_READ_RATE_SYNC more than 0.");
        }
        this.perMinute = perMinute;
        this.burst = burst;
        this.sync = sync;
        this.shared = shared;
        CaffeineCacheMetrics.monitor(registry, buckets, "scholion.rate.read-buckets");
    }

    void onStart(@Observes StartupEvent e) {
        if (perMinute == 0) {
            return;
        }
        executor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "scholion-read-rate-sync");
            t.setDaemon(true);
            return t;
        });
        executor.scheduleWithFixedDelay(this::sync, sync.toMillis(), sync.toMillis(), TimeUnit.MILLISECONDS);
    }

    void onStop(@Observes ShutdownEvent e) {
        if (executor != null) {
            executor.shutdownNow();
        }
    }

    /** After authentication and routing: only requests that reach a resource count. */
    @ServerRequestFilter
    Optional<Response> limit(ContainerRequestContext context, HttpServerRequest request) {
        if (perMinute == 0 || !isRead(context.getMethod()) || !RequestPath.isApi(RequestPath.canonical(request.path())) || identity.isAnonymous()) {
            return Optional.empty();
        }
        long now = System.nanoTime();
        SyncedBucket bucket = buckets.get(identity.getPrincipal().getName(), k -> new SyncedBucket(burst, perMinute / 60.0, now));
        if (bucket.take(now)) {
            return Optional.empty();
        }
        long seconds = Math.max(1, bucket.secondsUntilToken(now));
        Problem p = Problem.of(429, "Too many requests in a short time: at most " + perMinute + " reads a minute (" + burst
                + " at once) per user. Try again in " + seconds + (seconds == 1 ? " second." : " seconds."),
                LogRedaction.path(request.path()));
        return Optional.of(Response.fromResponse(ProblemMapper.respond(request, p)).header("Retry-After", String.valueOf(seconds)).build());
    }

    /** Pushes what this instance let through and takes back the shared levels (one statement). */
    void sync() {
        Map<String, SyncedBucket> asked = new HashMap<>();
        Map<String, Integer> used = new HashMap<>();
        buckets.asMap().forEach((subject, bucket) -> {
            int n = bucket.drain();
            if (n >= 0) {
                asked.put(subject, bucket);
                used.put(subject, n);
            }
        });
        if (used.isEmpty()) {
            return;
        }
        try {
            Map<String, Double> levels = shared.push(RateBuckets.Kind.READ, used, burst, perMinute / 60.0);
            long now = System.nanoTime();
            asked.forEach((subject, bucket) -> {
                Double level = levels.get(subject);
                if (level != null) {
                    bucket.synced(level, now);
                } else {
                    bucket.notSynced();
                }
            });
            if (failing) {
                failing = false;
                Log.info("Read rate limit shared again: the database answers");
            }
        } catch (SQLException | RuntimeException e) {
            asked.values().forEach(SyncedBucket::notSynced);
            if (!failing) {
                failing = true;
                Log.warnf("Read rate limit not shared: the database did not answer (%s); each instance limits on its own until it does",
                        e.toString());
            }
        }
    }

    private static boolean isRead(String method) {
        return HttpMethod.GET.equals(method) || HttpMethod.HEAD.equals(method);
    }
}
