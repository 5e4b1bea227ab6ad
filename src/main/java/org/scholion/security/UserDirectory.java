package org.scholion.security;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/** Records users on first sign-in and finds them again. */
@ApplicationScoped
public class UserDirectory {
    /** Subjects of rows that stand for a user who has not signed in yet; Keycloak subjects are UUIDs, never this. */
    static final String PLACEHOLDER_PREFIX = "placeholder:";

    record Known(UUID id, String username, String displayName) {
    }

    /** Subject → what the database holds, so a known caller costs no query per request. */
    private final ConcurrentHashMap<String, Known> known = new ConcurrentHashMap<>();
    private final EntityManager em;

    UserDirectory(EntityManager em) {
        this.em = em;
    }

    /** The cached row for this caller, or empty when the row must be written (new user or changed name). */
    Optional<UUID> cached(String subject, String username, String displayName) {
        Known k = known.get(subject);
        if (k != null && k.username().equals(username) && k.displayName().equals(displayName)) {
            return Optional.of(k.id());
        }
        return Optional.empty();
    }

    /**
     * Inserts or refreshes the user's row; concurrent first requests of one user meet in ON CONFLICT.
     * A placeholder row written for this username before the user ever signed in (demo data) is
     * adopted, so what was attached to it (memberships) becomes theirs.
     */
    @Transactional
    UUID record(String subject, String username, String displayName) {
        List<UUID> adopted = em.createNativeQuery("""
                UPDATE app_user SET subject = :subject, display_name = :displayName, last_seen_at = now()
                 WHERE subject = :placeholder AND username = :username
                   AND NOT EXISTS (SELECT 1 FROM app_user WHERE subject = :subject)
                RETURNING id""", UUID.class)
                .setParameter("subject", subject)
                .setParameter("displayName", displayName)
                .setParameter("placeholder", placeholderSubject(username))
                .setParameter("username", username)
                .getResultList();
        UUID id = !adopted.isEmpty() ? adopted.get(0) : (UUID) em.createNativeQuery("""
                INSERT INTO app_user (id, subject, username, display_name, first_seen_at, last_seen_at)
                VALUES (:id, :subject, :username, :displayName, now(), now())
                ON CONFLICT (subject) DO UPDATE
                   SET username = EXCLUDED.username, display_name = EXCLUDED.display_name, last_seen_at = now()
                RETURNING id""", UUID.class)
                .setParameter("id", UUID.randomUUID())
                .setParameter("subject", subject)
                .setParameter("username", username)
                .setParameter("displayName", displayName)
                .getSingleResult();
        known.put(subject, new Known(id, username, displayName));
        return id;
    }

    /** The subject a placeholder row carries until its user first signs in. */
    static String placeholderSubject(String username) {
        return PLACEHOLDER_PREFIX + username;
    }

    /**
     * The row for a username that may not have signed in yet: the real one if it exists, else a
     * placeholder that {@link #record} hands over at the user's first sign-in. For demo data only.
     */
    @Transactional
    public UUID ensurePlaceholder(String username, String displayName) {
        em.createNativeQuery("""
                INSERT INTO app_user (id, subject, username, display_name, first_seen_at, last_seen_at)
                SELECT :id, :placeholder, :username, :displayName, now(), now()
                 WHERE NOT EXISTS (SELECT 1 FROM app_user WHERE username = :username)
                ON CONFLICT (subject) DO NOTHING""")
                .setParameter("id", UUID.randomUUID())
                .setParameter("placeholder", placeholderSubject(username))
                .setParameter("username", username)
                .setParameter("displayName", displayName)
                .executeUpdate();
        return (UUID) em.createNativeQuery("SELECT id FROM app_user WHERE username = :username ORDER BY first_seen_at LIMIT 1",
                UUID.class).setParameter("username", username).getSingleResult();
    }

    public Optional<AppUser> findByUsername(String username) {
        return AppUser.find("username", username).firstResultOptional();
    }

    public Optional<AppUser> findById(UUID id) {
        return Optional.ofNullable(AppUser.findById(id));
    }
}
