package org.scholion.lti;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.scholion.security.UserRef;

/**
 * The browser sessions launches open: the cookie {@link #COOKIE} carries a random secret; only its
 * hash is kept, with the user and when it ends. A session is its user as the permission map knows
 * them (their memberships are read per request, so a student the platform dropped loses the group at
 * once). Ended by signing out, by its end, or by removing the platform.
 */
@ApplicationScoped
public class LtiSessions {
    public static final String COOKIE = "scholion_lti";

    private final EntityManager em;
    private final Duration lifetime;

    LtiSessions(EntityManager em, @ConfigProperty(name = "scholion.lti.session", defaultValue = "PT12H") Duration lifetime) {
        this.em = em;
        this.lifetime = lifetime;
    }

    Duration lifetime() {
        return lifetime;
    }

    /** A new session for the user; the secret for the cookie. */
    @Transactional
    String open(UUID user, UUID platform, String frameOrigins) {
        String secret = Secrets.fresh();
        em.createNativeQuery("""
                INSERT INTO lti_session (secret_hash, user_id, platform_id, expires_at, frame_origins)
                VALUES (:h, :u, :p, now() + make_interval(secs => :life), :frames)""")
                .setParameter("h", Secrets.hash(secret)).setParameter("u", user).setParameter("p", platform)
                .setParameter("frames", frameOrigins.length() > 2000 ? frameOrigins.substring(0, 2000) : frameOrigins)
                .setParameter("life", (double) lifetime.toSeconds()).executeUpdate();
        return secret;
    }

    /** A live session: its user, and the origins that may show Scholion in a frame for it. */
    public record Session(UserRef user, String frameOrigins) {
    }

    /** The live session of a platform still registered. */
    @Transactional
    public Optional<Session> session(String secret) {
        if (secret == null || secret.length() != 43) {
            return Optional.empty();
        }
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery("""
                SELECT u.id, u.subject, u.username, u.display_name, array_to_string(u.roles, ','), s.frame_origins
                  FROM lti_session s JOIN app_user u ON u.id = s.user_id JOIN lti_platform p ON p.id = s.platform_id
                 WHERE s.secret_hash = :h AND s.ended_at IS NULL AND s.expires_at > now() AND p.removed_at IS NULL""")
                .setParameter("h", Secrets.hash(secret)).getResultList();
        if (rows.isEmpty()) {
            return Optional.empty();
        }
        Object[] r = rows.get(0);
        String roles = (String) r[4];
        return Optional.of(new Session(new UserRef((UUID) r[0], (String) r[1], (String) r[2], (String) r[3],
                roles == null || roles.isEmpty() ? Set.of() : Set.of(roles.split(","))), (String) r[5]));
    }

    @Transactional
    public void end(String secret) {
        if (secret != null) {
            em.createNativeQuery("UPDATE lti_session SET ended_at = now() WHERE secret_hash = :h AND ended_at IS NULL")
                    .setParameter("h", Secrets.hash(secret)).executeUpdate();
        }
    }

    /** Sessions that ended more than a day ago. */
    @Transactional
    int prune() {
        return em.createNativeQuery("DELETE FROM lti_session WHERE coalesce(ended_at, expires_at) < now() - interval '1 day'").executeUpdate();
    }
}
