package org.scholion.security;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/** Records users on first sign-in and finds them again. */
@ApplicationScoped
public class UserDirectory {
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

    /** Inserts or refreshes the user's row; concurrent first requests of one user meet in ON CONFLICT. */
    @Transactional
    UUID record(String subject, String username, String displayName) {
        UUID id = (UUID) em.createNativeQuery("""
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

    public Optional<AppUser> findByUsername(String username) {
        return AppUser.find("username", username).firstResultOptional();
    }

    public Optional<AppUser> findById(UUID id) {
        return Optional.ofNullable(AppUser.findById(id));
    }
}
