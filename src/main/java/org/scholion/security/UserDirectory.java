package org.scholion.security;

import io.quarkus.cache.Cache;
import io.quarkus.cache.CacheName;
import io.quarkus.cache.CaffeineCache;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

/** Records users on first sign-in and finds them again. */
@ApplicationScoped
public class UserDirectory {
    /** Subjects of rows that stand for a user who has not signed in yet; Keycloak subjects are UUIDs, never this. */
    static final String PLACEHOLDER_PREFIX = "placeholder:";

    /** What a token says of its user; the row id is cached under it, so a changed name or role is a new key. */
    record Known(String subject, String username, String displayName, Set<String> roles) {
    }

    /**
     * Known callers → their row id, so a known caller costs no query per request: the bounded
     * {@code users} cache (quarkus-cache; size in application.properties).
     */
    private final CaffeineCache known;
    private final EntityManager em;

    UserDirectory(EntityManager em, @CacheName("users") Cache known) {
        this.em = em;
        this.known = known.as(CaffeineCache.class);
    }

    /** The cached row for this caller, or empty when the row must be written (new user or changed name). */
    Optional<UUID> cached(String subject, String username, String displayName, Set<String> roles) {
        CompletableFuture<UUID> id = known.getIfPresent(new Known(subject, username, displayName, roles));
        return id != null && id.isDone() && !id.isCompletedExceptionally() ? Optional.of(id.join()) : Optional.empty();
    }

    /**
     * Inserts or refreshes the user's row; concurrent first requests of one user meet in ON CONFLICT.
     * Keycloak's users come through {@link UserRecorder}; an LMS's through its launch (lti/), whose
     * subjects start with {@code lti:} and never meet a Keycloak subject (a UUID).
     * A placeholder row written for this username before the user ever signed in (demo data) is
     * adopted, so what was attached to it (memberships) becomes theirs.
     */
    @Transactional
    public UUID record(String subject, String username, String displayName, Set<String> roles) {
        // a fixed set of names (Roles), joined with commas; string_to_array makes the text[] of them
        String sorted = String.join(",", roles.stream().sorted().toList());
        List<UUID> adopted = em.createNativeQuery("""
                UPDATE app_user SET subject = :subject, display_name = :displayName, roles = string_to_array(:roles, ','), last_seen_at = now()
                 WHERE subject = :placeholder AND username = :username
                   AND NOT EXISTS (SELECT 1 FROM app_user WHERE subject = :subject)
                RETURNING id""", UUID.class)
                .setParameter("subject", subject)
                .setParameter("displayName", displayName)
                .setParameter("placeholder", placeholderSubject(username))
                .setParameter("username", username)
                .setParameter("roles", sorted)
                .getResultList();
        UUID id = !adopted.isEmpty() ? adopted.get(0) : (UUID) em.createNativeQuery("""
                INSERT INTO app_user (id, subject, username, display_name, roles, first_seen_at, last_seen_at)
                VALUES (:id, :subject, :username, :displayName, string_to_array(:roles, ','), now(), now())
                ON CONFLICT (subject) DO UPDATE
                   SET username = EXCLUDED.username, display_name = EXCLUDED.display_name, roles = EXCLUDED.roles,
                       last_seen_at = now()
                RETURNING id""", UUID.class)
                .setParameter("id", UUID.randomUUID())
                .setParameter("subject", subject)
                .setParameter("username", username)
                .setParameter("displayName", displayName)
                .setParameter("roles", sorted)
                .getSingleResult();
        known.put(new Known(subject, username, displayName, roles), CompletableFuture.completedFuture(id));
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
