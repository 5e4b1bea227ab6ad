package org.scholion.lti;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** Which LMS course a group stands for (lti_context), for its members to see and its moderators to sync. */
@ApplicationScoped
class Courses {
    /** The course's keys. */
    record Link(UUID platform, String contextId, boolean roster) {
    }

    private final EntityManager em;

    Courses(EntityManager em) {
        this.em = em;
    }

    @Transactional
    Optional<Link> link(UUID group) {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery("""
                SELECT c.platform_id, c.context_id, c.memberships_url IS NOT NULL FROM lti_context c
                  JOIN lti_platform p ON p.id = c.platform_id AND p.removed_at IS NULL WHERE c.group_id = :g""")
                .setParameter("g", group).getResultList();
        return rows.stream().findFirst().map(r -> new Link((UUID) r[0], (String) r[1], (Boolean) r[2]));
    }

    @Transactional
    Optional<CourseResource.Course> of(UUID group) {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery("""
                SELECT p.name, c.context_id, c.memberships_url IS NOT NULL, c.synced_at FROM lti_context c
                  JOIN lti_platform p ON p.id = c.platform_id WHERE c.group_id = :g""").setParameter("g", group).getResultList();
        return rows.stream().findFirst().map(r -> new CourseResource.Course((String) r[0], (String) r[1], (Boolean) r[2],
                r[3] == null ? null : ((Instant) r[3]).atOffset(ZoneOffset.UTC)));
    }
}
