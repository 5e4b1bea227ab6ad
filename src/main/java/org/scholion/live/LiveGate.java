package org.scholion.live;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.quarkus.runtime.configuration.ConfigurationException;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.vertx.http.runtime.filters.Filters;
import io.quarkus.vertx.http.runtime.security.QuarkusHttpUser;
import io.quarkus.vertx.http.runtime.security.SecurityHandlerPriorities;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.Json;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.util.UUID;
import java.util.regex.Pattern;
import org.scholion.security.UserRef;
import org.scholion.system.TokenBucket;
import org.scholion.web.Problem;
import org.scholion.web.PublicUrl;

/**
 * How many live sockets there may be, and how fast they may be opened, decided on the upgrade
 * request before {@link LiveUpgradeCheck} (which cannot answer with a body) does any work for it:
 * <ul>
 * <li>an instance that holds {@link LiveConfig#maxSockets()} sockets, or that has accepted more
 * upgrades than its bucket allows, answers 503 with {@code Retry-After} (the load balancer or the
 * client's back-off tries again, perhaps elsewhere);</li>
 * <li>a user who holds {@link LiveConfig#maxSocketsPerUser()} sockets on this instance, or who opens
 * them faster than their bucket allows, gets 429 with {@code Retry-After} (RFC 6585 §4).</li>
 * </ul>
 * Both as problem+json saying which limit and what to do. A request the upgrade check refuses
 * without a lookup (a foreign Origin, a malformed query, a stopping instance) passes untouched and
 * costs no token. The socket counts here are read, not
 * reserved: upgrades racing each other past this gate are counted again, atomically, when the
 * socket opens ({@link LiveSockets#reserve}), and the excess is closed with 1013.
 */
@ApplicationScoped
class LiveGate {
    private static final Pattern LIVE_PATH = Pattern.compile("/api/documents/[^/]+/live");

    private final LiveHub hub;
    private final LiveSockets sockets;
    private final LiveConfig config;
    private final String origin;
    private final TokenBucket instanceUpgrades;
    /** Buckets of users who stopped opening sockets are dropped once they would be full again anyway. */
    private final Cache<UUID, TokenBucket> userUpgrades;

    LiveGate(LiveHub hub, LiveSockets sockets, LiveConfig config, PublicUrl publicUrl) {
        if (config.maxSockets() < 1 || config.maxSocketsPerUser() < 1 || config.upgradeBurst() < 1 || config.upgradeBurstPerUser() < 1
                || !(config.upgradesPerSecond() > 0) || !(config.upgradesPerSecondPerUser() > 0)) {
            throw new ConfigurationException("Scholion cannot start: the live limits (SCHOLION_LIVE_MAX_SOCKETS, _MAX_SOCKETS_PER_USER,"
                    + " _UPGRADE_BURST, _UPGRADE_BURST_PER_USER, _UPGRADES_PER_SECOND, _UPGRADES_PER_SECOND_PER_USER) must all be positive.");
        }
        this.hub = hub;
        this.sockets = sockets;
        this.config = config;
        this.origin = publicUrl.origin();
        this.instanceUpgrades = new TokenBucket(config.upgradeBurst(), config.upgradesPerSecond(), System.nanoTime());
        long refillSeconds = (long) Math.ceil(config.upgradeBurstPerUser() / config.upgradesPerSecondPerUser());
        this.userUpgrades = Caffeine.newBuilder().expireAfterAccess(Duration.ofSeconds(Math.max(60, refillSeconds)))
                .maximumSize(1_000_000).build();
    }

    void register(@Observes Filters filters) {
        // after authentication has attached the (deferred) identity, before authorization
        filters.register(this::check, SecurityHandlerPriorities.FORM_AUTHENTICATION - 10);
    }

    private void check(RoutingContext rc) {
        if (!"websocket".equalsIgnoreCase(rc.request().getHeader(HttpHeaders.UPGRADE))
                || !LIVE_PATH.matcher(rc.request().path()).matches() || hub.stopping()
                || LiveUpgradeCheck.malformed(rc.request(), origin) != 0) {
            // the upgrade check answers these without any lookup: they cost no token
            rc.next();
            return;
        }
        long now = System.nanoTime();
        if (sockets.sockets() >= config.maxSockets()) {
            refuse(rc, 503, 5, "This server holds as many live connections as it may (" + config.maxSockets()
                    + "). Try again later.");
            return;
        }
        if (!instanceUpgrades.take(now)) {
            refuse(rc, 503, seconds(instanceUpgrades, now), "This server is opening too many live connections at once. Try again shortly.");
            return;
        }
        Context context = Vertx.currentContext();
        QuarkusHttpUser.getSecurityIdentity(rc, null).onFailure().recoverWithNull().subscribe().with(
                identity -> context.runOnContext(v -> decide(rc, identity)),
                failure -> context.runOnContext(v -> rc.next()));
    }

    /** The per-user limits; an anonymous caller passes on to the upgrade check, which answers 401. */
    private void decide(RoutingContext rc, SecurityIdentity identity) {
        UserRef user = identity == null || identity.isAnonymous() ? null : identity.getAttribute(UserRef.ATTRIBUTE);
        if (user == null) {
            rc.next();
            return;
        }
        int max = config.maxSocketsPerUser();
        if (sockets.socketsOf(user.id()) >= max) {
            refuse(rc, 429, 5, "You have " + max + " live connections open, as many as one person may. Close a tab or window"
                    + " that shows a document, then try again.");
            return;
        }
        long now = System.nanoTime();
        TokenBucket bucket = userUpgrades.get(user.id(),
                k -> new TokenBucket(config.upgradeBurstPerUser(), config.upgradesPerSecondPerUser(), now));
        if (!bucket.take(now)) {
            long wait = seconds(bucket, now);
            refuse(rc, 429, wait, "Too many live connections opened in a short time: at most " + config.upgradeBurstPerUser()
                    + " at once, then " + config.upgradesPerSecondPerUser() + " a second. Try again in " + wait
                    + (wait == 1 ? " second." : " seconds."));
            return;
        }
        rc.next();
    }

    private static long seconds(TokenBucket bucket, long now) {
        return Math.max(1, (bucket.nanosUntilNext(now) + 999_999_999L) / 1_000_000_000L);
    }

    private static void refuse(RoutingContext rc, int status, long retryAfter, String detail) {
        Problem p = Problem.of(status, detail, rc.request().path());
        rc.response().setStatusCode(status).putHeader(HttpHeaders.CONTENT_TYPE, Problem.MEDIA_TYPE)
                .putHeader(HttpHeaders.RETRY_AFTER, String.valueOf(retryAfter)).end(Json.encode(p));
    }
}
