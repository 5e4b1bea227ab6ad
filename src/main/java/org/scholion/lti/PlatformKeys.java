package org.scholion.lti;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import io.quarkus.logging.Log;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.scholion.web.Destinations;

/**
 * The platforms' public keys (their JWKS), fetched when first needed and kept. A {@code kid} not in
 * the kept set fetches the set again — at most once per {@link #REFETCH} per platform, so a stream of
 * forged tokens with made-up kids cannot make Scholion hammer a platform — and is refused if it is
 * still unknown. Sets are bounded in size (a platform publishes a handful of keys).
 */
@ApplicationScoped
public class PlatformKeys {
    static final Duration REFETCH = Duration.ofSeconds(30);
    private static final int MAX_BYTES = 256 * 1024;

    private record Fetched(JWKSet keys, Instant at) {
    }

    private final Cache<UUID, Fetched> sets = Caffeine.newBuilder().maximumSize(1_000).build();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3))
            .followRedirects(HttpClient.Redirect.NEVER).build();
    private final Destinations.Reach reach;

    PlatformKeys(@ConfigProperty(name = "scholion.lti.allow-loopback-platforms", defaultValue = "false") boolean allowLoopback) {
        this.reach = allowLoopback ? Destinations.Reach.ANY : Destinations.Reach.NOT_LOOPBACK;
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
            if (again != null && again.at().plus(REFETCH).isAfter(Instant.now())) {
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
        String url = platform.jwksUrl();
        Optional<String> refused = Destinations.refusal(url, reach);
        if (refused.isPresent()) {
            Log.warnf("LTI: the JWKS URL of platform %s %s", platform.name(), refused.get());
            return new JWKSet();
        }
        try {
            HttpResponse<InputStream> r = http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5))
                    .header("Accept", "application/json").GET().build(), HttpResponse.BodyHandlers.ofInputStream());
            try (InputStream in = r.body()) {
                byte[] body = in.readNBytes(MAX_BYTES + 1);
                if (r.statusCode() != 200 || body.length > MAX_BYTES) {
                    Log.warnf("LTI: the JWKS of platform %s at %s answered %d (%d bytes)", platform.name(), url, r.statusCode(), body.length);
                    return new JWKSet();
                }
                return JWKSet.parse(new String(body, StandardCharsets.UTF_8));
            }
        } catch (IOException | ParseException e) {
            Log.warnf("LTI: could not read the JWKS of platform %s at %s: %s", platform.name(), url, e.getMessage());
            return new JWKSet();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new JWKSet();
        }
    }
}
