package org.scholion.web;

import io.quarkus.logging.Log;
import io.quarkus.security.identity.SecurityIdentity;
import io.vertx.core.http.HttpServerRequest;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.cache.CaffeineCacheMetrics;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.HttpMethod;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Response;
import java.sql.SQLException;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;
import org.scholion.system.ExpireAt;
import org.scholion.system.RateBuckets;

/**
 * Each signed-in user may change things (POST, PUT, PATCH, DELETE on the API) at most
 * {@code scholion.write-rate.per-minute} times a minute, after a burst of
 * {@code scholion.write-rate.burst}; beyond that the answer is 429 problem+json with
 * {@code Retry-After} (RFC 6585 §4: "The 429 status code indicates that the user has sent too many
 * requests in a given amount of time ... The response representations SHOULD include details
 * explaining the condition, and MAY include a Retry-After header indicating how long to wait").
 * A refused request changes nothing and costs no token. Reads have their own, more generous limit
 * ({@link ReadRateLimit}).
 *
 * <p>The bucket is in the database ({@link RateBuckets}), so the limit is the user's whichever
 * instance answers: one autocommit statement on an unlogged table per change, no durable commit.
 * If the database does not answer, the change goes on to its resource (which fails on its own, as
 * a 503) rather than becoming a 500 here; the limit is then not asked again for a few seconds, so
 * that an outage does not cost each change two waits for a connection. A rate of 0 turns the
 * limit off (the benchmarks do).
 */
@ApplicationScoped
public class WriteRateLimit {
    private static final long RETRY_DATABASE_NANOS = 5_000_000_000L;
    private final int perMinute;
    private final int burst;
    private final RateBuckets shared;
    private final AtomicBoolean failing = new AtomicBoolean();
    private volatile long askAgainAt;
    /**
     * Users the database just refused, until the time it gave for their next token (System.nanoTime):
     * their changes are refused here without asking again, since only time refills a bucket. A user
     * flooding changes (issue 20's bad input under load) then costs the database one statement per
     * Retry-After, not two per request. Bounded; each entry leaves at its time; metric
     * {@code cache_*{cache="write-refusals"}}.
     */
    private final Cache<String, Long> refusedUntil = Caffeine.newBuilder().maximumSize(100_000)
            .expireAfter(new ExpireAt<String, Long>(until -> until - System.nanoTime())).recordStats().build();

    @Inject
    SecurityIdentity identity;

    WriteRateLimit(@ConfigProperty(name = "scholion.write-rate.per-minute") int perMinute,
            @ConfigProperty(name = "scholion.write-rate.burst") int burst, RateBuckets shared, MeterRegistry registry) {
        if (perMinute < 0 || (perMinute > 0 && burst < 1)) {
            throw new io.quarkus.runtime.configuration.ConfigurationException(
                    "Scholion cannot start: SCHOLION_WRITE_RATE_PER_MINUTE must be 0 (off) or more, and SCHOLION_WRITE_BURST at least 1.");
        }
        this.perMinute = perMinute;
        this.burst = burst;
        this.shared = shared;
        CaffeineCacheMetrics.monitor(registry, refusedUntil, "write-refusals");
    }

    /** After authentication and routing: only requests that reach a resource count. */
    @ServerRequestFilter
    Optional<Response> limit(ContainerRequestContext context, HttpServerRequest request) {
        if (perMinute == 0 || !isWrite(context.getMethod()) || identity.isAnonymous()) {
            return Optional.empty();
        }
        if (failing.get() && System.nanoTime() - askAgainAt < 0) {
            return Optional.empty();
        }
        String user = identity.getPrincipal().getName();
        Long until = refusedUntil.getIfPresent(user);
        long now = System.nanoTime();
        if (until != null && until - now > 0) {
            return Optional.of(refusal(request, Math.max(1, (until - now + 999_999_999L) / 1_000_000_000L)));
        }
        RateBuckets.Take take;
        try {
            take = shared.take(user, RateBuckets.Kind.WRITE, burst, perMinute / 60.0);
        } catch (SQLException | RuntimeException e) {
            askAgainAt = System.nanoTime() + RETRY_DATABASE_NANOS;
            if (failing.compareAndSet(false, true)) {
                Log.warnf("Write rate limit not applied: the database did not answer (%s); changes go on to their resources until it does",
                        e.toString());
            }
            return Optional.empty();
        }
        if (failing.compareAndSet(true, false)) {
            Log.info("Write rate limit applied again: the database answers");
        }
        if (take.taken()) {
            return Optional.empty();
        }
        refusedUntil.put(user, System.nanoTime() + take.retryAfterSeconds() * 1_000_000_000L);
        return Optional.of(refusal(request, take.retryAfterSeconds()));
    }

    private Response refusal(HttpServerRequest request, long seconds) {
        Problem p = Problem.of(429, "Too many changes in a short time: at most " + perMinute + " a minute (" + burst
                + " at once) per user. Nothing was changed; try again in " + seconds + (seconds == 1 ? " second." : " seconds."),
                LogRedaction.path(request.path()));
        return Response.fromResponse(ProblemMapper.respond(request, p)).header("Retry-After", String.valueOf(seconds)).build();
    }

    /** How many refusals were answered from the remembered time (tests). */
    public long refusalsRemembered() {
        return refusedUntil.stats().hitCount();
    }

    private static boolean isWrite(String method) {
        return HttpMethod.POST.equals(method) || HttpMethod.PUT.equals(method) || HttpMethod.PATCH.equals(method)
                || HttpMethod.DELETE.equals(method);
    }
}
