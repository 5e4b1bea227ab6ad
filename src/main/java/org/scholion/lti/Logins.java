package org.scholion.lti;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Logins in flight, in PostgreSQL (any instance may take any step): the state and nonce a login
 * initiation made, the verified launch waiting for the browser, and the browser's proof. One-time
 * all through: a nonce launches once, a launch completes once.
 */
@ApplicationScoped
class Logins {
    /** A login lives this long: the platform's authorization answers within seconds. */
    static final Duration LIFETIME = Duration.ofMinutes(10);

    record Started(String state, String nonce, String binding) {
    }

    /** A login as the launch finds it by its state. */
    record Pending(UUID platform, String nonce, boolean storage, boolean expired, boolean launched, String storageTarget) {
    }

    /** A verified launch as the browser completes it. */
    record Waiting(byte[] stateHash, UUID platform, String launchJson, byte[] bindingHash, boolean storage,
            Map<String, String> initiation) {
    }

    private final EntityManager em;
    private final ObjectMapper json;

    Logins(EntityManager em, ObjectMapper json) {
        this.em = em;
        this.json = json;
    }

    @Transactional
    Started start(UUID platform, Map<String, String> initiation, boolean storage) {
        Started s = new Started(Secrets.fresh(), Secrets.fresh(), Secrets.fresh());
        em.createNativeQuery("""
                INSERT INTO lti_login (state_hash, platform_id, nonce, binding_hash, storage, initiation, expires_at)
                VALUES (:state, :platform, :nonce, :binding, :storage, CAST(:initiation AS jsonb), now() + make_interval(secs => :life))""")
                .setParameter("state", Secrets.hash(s.state())).setParameter("platform", platform).setParameter("nonce", s.nonce())
                .setParameter("binding", Secrets.hash(s.binding())).setParameter("storage", storage)
                .setParameter("initiation", write(initiation)).setParameter("life", (double) LIFETIME.toSeconds())
                .executeUpdate();
        return s;
    }

    @Transactional
    Optional<Pending> pending(String state) {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery("""
                SELECT platform_id, nonce, storage, expires_at < now(), launched_at IS NOT NULL, initiation ->> 'lti_storage_target'
                  FROM lti_login WHERE state_hash = :s""")
                .setParameter("s", Secrets.hash(state)).getResultList();
        if (rows.isEmpty()) {
            return Optional.empty();
        }
        Object[] r = rows.get(0);
        return Optional.of(new Pending((UUID) r[0], (String) r[1], (Boolean) r[2], (Boolean) r[3], (Boolean) r[4], (String) r[5]));
    }

    /**
     * Uses the login's nonce: keeps the verified launch under a fresh handle for the browser's next
     * request. False when another request used it first (a replay).
     */
    @Transactional
    Optional<String> launched(String state, String claimsJson) {
        String handle = Secrets.fresh();
        int n = em.createNativeQuery("""
                UPDATE lti_login SET launched_at = now(), handle_hash = :h, launch = CAST(:launch AS jsonb)
                 WHERE state_hash = :s AND launched_at IS NULL AND expires_at >= now()""")
                .setParameter("h", Secrets.hash(handle)).setParameter("launch", claimsJson).setParameter("s", Secrets.hash(state))
                .executeUpdate();
        return n == 1 ? Optional.of(handle) : Optional.empty();
    }

    /** The launch waiting under this handle, not completed yet. */
    @Transactional
    Optional<Waiting> waiting(String handle) {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery("""
                SELECT state_hash, platform_id, CAST(launch AS text), binding_hash, storage, CAST(initiation AS text) FROM lti_login
                 WHERE handle_hash = :h AND completed_at IS NULL AND expires_at >= now()""")
                .setParameter("h", Secrets.hash(handle)).getResultList();
        if (rows.isEmpty()) {
            return Optional.empty();
        }
        Object[] r = rows.get(0);
        return Optional.of(new Waiting((byte[]) r[0], (UUID) r[1], (String) r[2], (byte[]) r[3], (Boolean) r[4], read((String) r[5])));
    }

    /** Marks the launch completed; false when another request completed it first. */
    @Transactional
    boolean complete(byte[] stateHash) {
        return em.createNativeQuery("UPDATE lti_login SET completed_at = now() WHERE state_hash = :s AND completed_at IS NULL")
                .setParameter("s", stateHash).executeUpdate() == 1;
    }

    /** A completed deep-linking launch as its picker finds it by the launch's handle. */
    record Completed(byte[] stateHash, UUID platform, String launchJson, boolean answered) {
    }

    @Transactional
    Optional<Completed> completed(String handle) {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery("""
                SELECT state_hash, platform_id, CAST(launch AS text), answered_at IS NOT NULL FROM lti_login
                 WHERE handle_hash = :h AND completed_at IS NOT NULL AND completed_at > now() - interval '1 hour'""")
                .setParameter("h", Secrets.hash(handle)).getResultList();
        if (rows.isEmpty()) {
            return Optional.empty();
        }
        Object[] r = rows.get(0);
        return Optional.of(new Completed((byte[]) r[0], (UUID) r[1], (String) r[2], (Boolean) r[3]));
    }

    /** The initiation that started a login: to start it again in a new tab. */
    @Transactional
    Map<String, String> initiation(byte[] stateHash) {
        @SuppressWarnings("unchecked")
        List<String> rows = em.createNativeQuery("SELECT CAST(initiation AS text) FROM lti_login WHERE state_hash = :s")
                .setParameter("s", stateHash).getResultList();
        return rows.isEmpty() ? Map.of() : read(rows.get(0));
    }

    /** Marks a deep-linking request answered; false when it was answered already. */
    @Transactional(Transactional.TxType.MANDATORY)
    boolean answered(byte[] stateHash) {
        return em.createNativeQuery("UPDATE lti_login SET answered_at = now() WHERE state_hash = :s AND answered_at IS NULL")
                .setParameter("s", stateHash).executeUpdate() == 1;
    }

    /** Does this secret hash to the kept one (in constant time)? */
    static boolean matches(String secret, byte[] kept) {
        return secret != null && MessageDigest.isEqual(Secrets.hash(secret), kept);
    }

    /** Logins are kept a day past their end (a launch's troubles can be looked into), then deleted. */
    @Transactional
    int prune() {
        return em.createNativeQuery("DELETE FROM lti_login WHERE expires_at < now() - interval '1 day'").executeUpdate();
    }

    private String write(Map<String, String> m) {
        try {
            return json.writeValueAsString(m);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    @SuppressWarnings("unchecked")
    private Map<String, String> read(String s) {
        try {
            return s == null ? Map.of() : json.readValue(s, LinkedHashMap.class);
        } catch (JsonProcessingException e) {
            return Map.of();
        }
    }
}
