package org.scholion.lti;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import io.quarkus.logging.Log;
import jakarta.enterprise.context.ApplicationScoped;
import java.text.ParseException;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/**
 * The platforms' public keys (their JWKS), fetched when first needed and kept. A {@code kid} not in
 * the kept set fetches the set again — at most once per {@code scholion.lti.jwks-refetch} (30 s) per platform, so a stream of
 * forged tokens with made-up kids cannot make Scholion hammer a platform — and is refused if it is
 * still unknown. Sets are bounded in size (a platform publishes a handful of keys).
 */
@ApplicationScoped
public class PlatformKeys {

    private record Fetched(JWKSet keys, Instant at) {
    }

    private final Cache<UUID, Fetched> sets = Caffeine.newBuilder().maximumSize(1_000).build();
    private final PlatformServices services;
    /** At most one fetch of a platform's keys in this long (30 s; the tests shorten it). */
    private final Duration refetch;

    PlatformKeys(PlatformServices services,
            @org.eclipse.microprofile.config.inject.ConfigProperty(name = "scholion.lti.jwks-refetch", defaultValue = "PT30S") Duration refetch) {
        this.services = services;
        this.refetch = refetch;
    }

    /** The platform's RSA key with this kid, fetching its set when the kid is not known yet (and the last fetch is old enough). */
    Optional<RSAKey> key(Platforms.Platform platform, String kid) {
        Fetched f = sets.getIfPresent(platform.id());
        Optional<RSAKey> found = f == null ? Optional.empty() : find(f.keys(), kid);
        if (found.isPresent()) {
            return found;
        }
        synchronized (this) {
            Fetched again = sets.getIfPresent(platform.id());
            if (again != f && again != null) {
                found = find(again.keys(), kid);
                if (found.isPresent()) {
                    return found;
                }
            }
            if (again != null && again.at().plus(refetch).isAfter(Instant.now())) {
                return Optional.empty();
            }
            Fetched fresh = new Fetched(fetch(platform), Instant.now());
            sets.put(platform.id(), fresh);
            return find(fresh.keys(), kid);
        }
    }

    /** Forgets a platform's keys (it was removed or registered again). */
    void forget(UUID platform) {
        sets.invalidate(platform);
    }

    private static Optional<RSAKey> find(JWKSet set, String kid) {
        JWK k = set.getKeyByKeyId(kid);
        return k instanceof RSAKey rsa && !rsa.isPrivate() ? Optional.of(rsa) : Optional.empty();
    }

    private JWKSet fetch(Platforms.Platform platform) {
        try {
            return JWKSet.parse(services.fetch(platform.jwksUrl()).toString());
        } catch (PlatformServices.ServiceFailure | ParseException e) {
            Log.warnf("LTI: could not read the keys of platform %s at %s: %s", platform.name(), platform.jwksUrl(), e.getMessage());
            return new JWKSet();
        }
    }
}
