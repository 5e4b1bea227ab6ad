package org.scholion.devstack.lti;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/** The platform's RSA signing keys: the one it signs with, the ones it still publishes, and one it never publishes. */
final class FakeKeys {
    private final List<RSAKey> published = new CopyOnWriteArrayList<>();
    private final AtomicInteger fetches = new AtomicInteger();
    private volatile RSAKey current;
    private RSAKey stranger;

    FakeKeys() {
        current = generate();
        published.add(current);
    }

    /** An RSA 2048 key for RS256 signatures with a fresh kid. */
    static RSAKey generate() {
        try {
            return new RSAKeyGenerator(2048).keyUse(KeyUse.SIGNATURE).algorithm(JWSAlgorithm.RS256)
                    .keyID("fake-" + UUID.randomUUID()).generate();
        } catch (JOSEException e) {
            throw new IllegalStateException("Could not generate an RSA key", e);
        }
    }

    RSAKey current() {
        return current;
    }

    /** A new key signs from now on; the old one stays published, as a platform rolling its keys does. */
    synchronized String rotate() {
        RSAKey next = generate();
        published.add(next);
        current = next;
        return next.getKeyID();
    }

    /** Stops publishing a key (it still signs if it is the current one: a test may want exactly that). */
    boolean remove(String kid) {
        return published.removeIf(k -> k.getKeyID().equals(kid));
    }

    /** A key of the same shape that /jwks never shows, made on first use (key generation is not free). */
    synchronized RSAKey stranger() {
        if (stranger == null) {
            stranger = generate();
        }
        return stranger;
    }

    /** The JWK set as served at /jwks: public parts only. Counts as a fetch. */
    Map<String, Object> publicSet() {
        fetches.incrementAndGet();
        return Map.of("keys", published.stream().map(RSAKey::toPublicJWK).map(JWK::toJSONObject).toList());
    }

    int fetches() {
        return fetches.get();
    }
}
