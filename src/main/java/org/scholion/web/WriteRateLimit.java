package org.scholion.web;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.quarkus.security.identity.SecurityIdentity;
import io.vertx.core.http.HttpServerRequest;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.HttpMethod;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Response;
import java.time.Duration;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;
import org.scholion.system.TokenBucket;

/**
 * Each signed-in user may change things (POST, PUT, PATCH, DELETE on the API) at most
 * {@code scholion.write-rate.per-minute} times a minute, after a burst of
 * {@code scholion.write-rate.burst}; beyond that the answer is 429 problem+json with
 * {@code Retry-After} (RFC 6585 §4: "The 429 status code indicates that the user has sent too many
 * requests in a given amount of time ... The response representations SHOULD include details
 * explaining the condition, and MAY include a Retry-After header indicating how long to wait").
 * A refused request changes nothing and costs no token. Reads are not limited here: they are cheap
 * (cached pages, a 304 is one statement) and bounded per request ({@code PageBudget}).
 *
 * <p>The count is per app instance (no round trip to the database per write): behind a load balancer
 * spreading one user's requests over n instances, the user's limit is up to n times the setting.
 * Buckets of users who stopped writing are dropped after ten minutes, when they would be full anyway.
 * A rate of 0 turns the limit off (the benchmarks do).
 */
@ApplicationScoped
public class WriteRateLimit {
    private final int perMinute;
    private final int burst;
    private final Cache<String, TokenBucket> buckets = Caffeine.newBuilder()
            .expireAfterAccess(Duration.ofMinutes(10)).maximumSize(1_000_000).build();

    @Inject
    SecurityIdentity identity;

    WriteRateLimit(@ConfigProperty(name = "scholion.write-rate.per-minute") int perMinute,
            @ConfigProperty(name = "scholion.write-rate.burst") int burst) {
        if (perMinute < 0 || (perMinute > 0 && burst < 1)) {
            throw new io.quarkus.runtime.configuration.ConfigurationException(
                    "Scholion cannot start: SCHOLION_WRITE_RATE_PER_MINUTE must be 0 (off) or more, and SCHOLION_WRITE_BURST at least 1.");
        }
        this.perMinute = perMinute;
        this.burst = burst;
    }

    /** After authentication and routing: only requests that reach a resource count. */
    @ServerRequestFilter
    Optional<Response> limit(ContainerRequestContext context, HttpServerRequest request) {
        if (perMinute == 0 || !isWrite(context.getMethod()) || identity.isAnonymous()) {
            return Optional.empty();
        }
        long now = System.nanoTime();
        TokenBucket bucket = buckets.get(identity.getPrincipal().getName(), k -> new TokenBucket(burst, perMinute / 60.0, now));
        if (bucket.take(now)) {
            return Optional.empty();
        }
        long seconds = Math.max(1, (bucket.nanosUntilNext(now) + 999_999_999L) / 1_000_000_000L);
        Problem p = Problem.of(429, "Too many changes in a short time: at most " + perMinute + " a minute (" + burst
                + " at once) per user. Nothing was changed; try again in " + seconds + (seconds == 1 ? " second." : " seconds."),
                LogRedaction.path(request.path()));
        return Optional.of(Response.fromResponse(ProblemMapper.respond(request, p)).header("Retry-After", String.valueOf(seconds)).build());
    }

    private static boolean isWrite(String method) {
        return HttpMethod.POST.equals(method) || HttpMethod.PUT.equals(method) || HttpMethod.PATCH.equals(method)
                || HttpMethod.DELETE.equals(method);
    }
}
