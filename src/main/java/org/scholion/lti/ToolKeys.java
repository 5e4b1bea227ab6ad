package org.scholion.lti;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import io.quarkus.logging.Log;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.text.ParseException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Scholion's signing keys as an LTI tool (RS256): it signs deep-linking responses and the client
 * assertions of its service calls with the newest key that is not retired, and publishes the public
 * parts at {@code /lti/jwks}. The first start makes a key (under an advisory lock, so two instances
 * starting together make one); {@link #rotate} makes a new one and retires the old, which stays
 * published for {@code scholion.lti.key-overlap}, so what it signed still verifies where a platform
 * cached it. The private parts never leave this class but to sign.
 *
 * <p>Every instance re-reads the keys at most {@link #REREAD} after another rotated them.
 */
@ApplicationScoped
public class ToolKeys {
    static final Duration REREAD = Duration.ofSeconds(60);
    /** pg_advisory_xact_lock key: "ltik" */
    private static final long LOCK = 0x6c74696bL;

    /** The signing key and what /lti/jwks shows, as read at {@code readAt}. */
    record Keys(RSAKey signing, JWKSet published, String publishedJson, Instant readAt) {
    }

    /** A key as an admin sees it: never its material. */
    public record KeyInfo(String kid, OffsetDateTime created, OffsetDateTime retired, boolean signing) {
    }

    private final EntityManager em;
    private final Duration overlap;
    private volatile Keys keys;

    ToolKeys(EntityManager em, @ConfigProperty(name = "scholion.lti.key-overlap", defaultValue = "P7D") Duration overlap) {
        this.em = em;
        this.overlap = overlap;
    }

    void onStart(@Observes @Priority(20) StartupEvent event) {
        ensure();
        keys = read();
    }

    /** The key to sign with now. */
    public RSAKey signing() {
        return current().signing();
    }

    /** The JWK set of every published key, public parts only, as JSON. */
    public String publishedJson() {
        return current().publishedJson();
    }

    JWKSet published() {
        return current().published();
    }

    /** Makes a new signing key and retires the one that signed until now (published for the overlap still). */
    @Transactional
    public String rotate() {
        em.createNativeQuery("SELECT pg_advisory_xact_lock(:k)").setParameter("k", LOCK).getSingleResult();
        em.createNativeQuery("UPDATE lti_tool_key SET retired_at = now() WHERE retired_at IS NULL").executeUpdate();
        String kid = insertNew();
        keys = null;
        Log.infof("LTI: a new signing key %s; the previous one stays published for %s", kid, overlap);
        return kid;
    }

    @Transactional
    public List<KeyInfo> list() {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery("""
                SELECT kid, created_at, retired_at FROM lti_tool_key
                 WHERE retired_at IS NULL OR retired_at > now() - make_interval(secs => :overlap)
                 ORDER BY created_at DESC""").setParameter("overlap", (double) overlap.toSeconds()).getResultList();
        List<KeyInfo> out = new ArrayList<>();
        for (Object[] r : rows) {
            OffsetDateTime retired = r[2] == null ? null : ((Instant) r[2]).atOffset(java.time.ZoneOffset.UTC);
            out.add(new KeyInfo((String) r[0], ((Instant) r[1]).atOffset(java.time.ZoneOffset.UTC), retired, retired == null));
        }
        return out;
    }

    private Keys current() {
        Keys k = keys;
        if (k == null || k.readAt().plus(REREAD).isBefore(Instant.now())) {
            k = read();
            keys = k;
        }
        return k;
    }

    @Transactional
    void ensure() {
        em.createNativeQuery("SELECT pg_advisory_xact_lock(:k)").setParameter("k", LOCK).getSingleResult();
        Number signing = (Number) em.createNativeQuery("SELECT count(*) FROM lti_tool_key WHERE retired_at IS NULL").getSingleResult();
        if (signing.longValue() == 0) {
            Log.infof("LTI: made the tool's first signing key %s", insertNew());
        }
    }

    @Transactional
    Keys read() {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery("""
                SELECT private_jwk, retired_at IS NULL FROM lti_tool_key
                 WHERE retired_at IS NULL OR retired_at > now() - make_interval(secs => :overlap)
                 ORDER BY retired_at IS NULL DESC, created_at DESC""").setParameter("overlap", (double) overlap.toSeconds())
                .getResultList();
        if (rows.isEmpty() || !Boolean.TRUE.equals(rows.get(0)[1])) {
            ensure();
            return read();
        }
        List<JWK> published = new ArrayList<>();
        RSAKey signing = null;
        for (Object[] r : rows) {
            RSAKey key = parse((String) r[0]);
            if (signing == null) {
                signing = key;
            }
            published.add(key.toPublicJWK());
        }
        JWKSet set = new JWKSet(published);
        return new Keys(signing, set, set.toString(true), Instant.now());
    }

    private String insertNew() {
        RSAKey key;
        try {
            key = new RSAKeyGenerator(2048).keyUse(KeyUse.SIGNATURE).algorithm(JWSAlgorithm.RS256).keyIDFromThumbprint(true)
                    .generate();
        } catch (JOSEException e) {
            throw new IllegalStateException("could not make an RSA key", e);
        }
        em.createNativeQuery("INSERT INTO lti_tool_key (kid, private_jwk) VALUES (:kid, :jwk)")
                .setParameter("kid", key.getKeyID()).setParameter("jwk", key.toJSONString()).executeUpdate();
        return key.getKeyID();
    }

    private static RSAKey parse(String json) {
        try {
            return RSAKey.parse(json);
        } catch (ParseException e) {
            // the message could quote the key: say only which row is bad
            throw new IllegalStateException("a stored LTI signing key is not a valid RSA JWK");
        }
    }
}
