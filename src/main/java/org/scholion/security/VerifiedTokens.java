package org.scholion.security;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.cache.CaffeineCacheMetrics;
import io.quarkus.oidc.AccessTokenCredential;
import io.quarkus.oidc.IdTokenCredential;
import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.IdentityProvider;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.SecurityIdentityAugmentor;
import io.quarkus.security.identity.request.TokenAuthenticationRequest;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.quarkus.vertx.http.runtime.security.HttpSecurityUtils;
import io.smallrye.mutiny.Uni;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.scholion.system.ExpireAt;

/**
 * Bearer tokens already verified, so that a client sending the same token again is not verified
 * again: the OIDC extension checks the signature (RSA), decodes and parses the claims on every
 * request, which a JFR profile of the annotation paths showed as a third of the app's CPU (issue
 * 20). A verified token's identity is what the token says; it cannot change while the token is
 * valid, since the token is signed. So its identity — as the OIDC provider made it, before this
 * app's augmentors — is kept under the token's exact text until the token's own {@code exp}, and a
 * repeated token is answered from here ahead of the OIDC provider. Everything this app decides
 * from the database (memberships, roles in groups, a removed member) is still decided on every
 * request: only the token's verification is remembered.
 *
 * <p>What is not cached: anything but a bearer access token (the browser's session cookie carries
 * an ID token and a refresh token, handled by the OIDC extension as before), an opaque token, a
 * token without {@code exp}. A token Keycloak revokes before it expires was accepted until its
 * {@code exp} before as well: bearer tokens are verified locally, with Keycloak's keys, not asked
 * about. A token signed by a key Keycloak has since removed stays accepted until it expires (at
 * most its lifespan, 5 minutes in the realm).
 *
 * <p>Bound: at most {@code scholion.verified-tokens.max-size} tokens (least recently used leave
 * first); each leaves at its expiry. Metric: {@code cache_*{cache="verified-tokens"}} on the
 * operations port (hits, misses, size, evictions).
 */
@ApplicationScoped
public class VerifiedTokens implements IdentityProvider<TokenAuthenticationRequest> {
    /** Marks an identity answered from here, so the recorder below does not put it back. */
    static final String FROM_CACHE = "scholion.verified-token";

    private final Cache<String, Verified> verified;
    private final LongSupplier clock;

    /** A verified token's identity and its expiry ({@code exp}, seconds since the epoch). */
    record Verified(SecurityIdentity identity, long expiresAt) {
    }

    @Inject
    VerifiedTokens(@ConfigProperty(name = "scholion.verified-tokens.max-size", defaultValue = "10000") long maxSize,
            MeterRegistry registry) {
        this(maxSize, () -> System.currentTimeMillis() / 1000);
        CaffeineCacheMetrics.monitor(registry, verified, "verified-tokens");
    }

    VerifiedTokens(long maxSize, LongSupplier epochSeconds) {
        this.clock = epochSeconds;
        this.verified = Caffeine.newBuilder().maximumSize(maxSize).recordStats().expireAfter(new ExpireAt<String, Verified>(
                v -> TimeUnit.SECONDS.toNanos(v.expiresAt() - clock.getAsLong()))).build();
    }

    @Override
    public Class<TokenAuthenticationRequest> getRequestType() {
        return TokenAuthenticationRequest.class;
    }

    /**
     * Ahead of the OIDC provider (its priority is 1001 in Quarkus 3.33; the identity provider
     * manager asks providers from the highest priority down and goes on to the next when one
     * answers nothing): nothing (null) lets it verify the token. VerifiedTokensTest fails if the
     * order ever changes.
     */
    @Override
    public int priority() {
        return 2000;
    }

    @Override
    public Uni<SecurityIdentity> authenticate(TokenAuthenticationRequest request, AuthenticationRequestContext context) {
        if (!(request.getToken() instanceof AccessTokenCredential)) {
            return Uni.createFrom().nullItem();
        }
        Verified v = verified.getIfPresent(request.getToken().getToken());
        // the cache's expiry is in nanoseconds of a monotonic clock; the token's is wall-clock seconds: both must agree
        if (v == null || v.expiresAt() <= clock.getAsLong()) {
            return Uni.createFrom().nullItem();
        }
        // the request's own context, not the one of the request that was verified first
        QuarkusSecurityIdentity.Builder b = QuarkusSecurityIdentity.builder(v.identity())
                .addAttribute(AuthenticationRequestContext.class.getName(), context)
                .addAttribute(FROM_CACHE, Boolean.TRUE);
        RoutingContext rc = HttpSecurityUtils.getRoutingContextAttribute(request);
        if (rc != null) {
            b.addAttribute(RoutingContext.class.getName(), rc);
        }
        return Uni.createFrom().item(b.build());
    }

    /**
     * Keeps an identity the OIDC provider just made from a bearer token. The first augmentor to
     * run, so that what is kept is the provider's identity, not this app's additions.
     */
    void remember(SecurityIdentity identity) {
        if (identity.isAnonymous() || identity.getAttribute(FROM_CACHE) != null
                || identity.getCredential(IdTokenCredential.class) != null) {
            return;
        }
        AccessTokenCredential token = identity.getCredential(AccessTokenCredential.class);
        if (token == null || token.isOpaque() || token.getRefreshToken() != null
                || !(identity.getPrincipal() instanceof JsonWebToken jwt) || jwt.getExpirationTime() <= clock.getAsLong()) {
            return;
        }
        verified.put(token.getToken(), new Verified(identity, jwt.getExpirationTime()));
    }

    /** How many repeated tokens were answered from here (tests). */
    long hits() {
        return verified.stats().hitCount();
    }

    /** Runs {@link #remember} first among the augmentors, on the identity as the provider made it. */
    @ApplicationScoped
    static class Recorder implements SecurityIdentityAugmentor {
        private final VerifiedTokens tokens;

        Recorder(VerifiedTokens tokens) {
            this.tokens = tokens;
        }

        @Override
        public int priority() {
            return Integer.MAX_VALUE;
        }

        @Override
        public Uni<SecurityIdentity> augment(SecurityIdentity identity, AuthenticationRequestContext context) {
            tokens.remember(identity);
            return Uni.createFrom().item(identity);
        }

        @Override
        public Uni<SecurityIdentity> augment(SecurityIdentity identity, AuthenticationRequestContext context,
                Map<String, Object> attributes) {
            return augment(identity, context);
        }
    }
}
