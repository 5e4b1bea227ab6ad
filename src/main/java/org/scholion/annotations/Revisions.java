package org.scholion.annotations;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;
import org.scholion.annotations.AnnotatedDocuments.Doc;
import org.scholion.security.UserRef;

/** The versions an edit or a delete replaced, kept whole in {@code annotation_revision}. */
@ApplicationScoped
public class Revisions {

    /**
     * How a version is written down: its public representation at the time (the W3C mapping
     * provides it, so the domain does not know the W3C shapes).
     */
    public interface Snapshots {
        String snapshot(Annotation a, Doc doc, Author author);
    }

    private final EntityManager em;
    private final Snapshots snapshots;

    Revisions(EntityManager em, Snapshots snapshots) {
        this.em = em;
        this.snapshots = snapshots;
    }

    /** Keeps the annotation as it is now, before the caller's change. */
    public void keep(UserRef user, Annotation a, Doc doc, Author author, String reason) {
        AnnotationRevision r = new AnnotationRevision();
        r.annotationId = a.id;
        r.version = a.version;
        r.snapshot = snapshots.snapshot(a, doc, author);
        r.replacedBy = user.id();
        r.replacedAt = OffsetDateTime.now();
        r.reason = reason;
        em.persist(r);
    }

    /**
     * Keeps many annotations as they are now, before one change to all of them (re-anchoring), in
     * JDBC batches: the same rows {@link #keep} writes, without a round trip each.
     */
    public void keepAll(UserRef user, List<Annotation> annotations, Doc doc, java.util.function.Function<Annotation, Author> authors,
            String reason) {
        List<String> snapshotsOf = annotations.stream().map(a -> snapshots.snapshot(a, doc, authors.apply(a))).toList();
        java.sql.Timestamp now = java.sql.Timestamp.from(java.time.Instant.now());
        em.unwrap(org.hibernate.Session.class).doWork(c -> {
            try (java.sql.PreparedStatement ps = c.prepareStatement("INSERT INTO annotation_revision"
                    + " (annotation_id, version, snapshot, replaced_by, replaced_at, reason) VALUES (?, ?, CAST(? AS jsonb), ?, ?, ?)")) {
                for (int i = 0; i < annotations.size(); i++) {
                    Annotation a = annotations.get(i);
                    ps.setObject(1, a.id);
                    ps.setInt(2, a.version);
                    ps.setString(3, snapshotsOf.get(i));
                    ps.setObject(4, user.id());
                    ps.setTimestamp(5, now);
                    ps.setString(6, reason);
                    ps.addBatch();
                }
                ps.executeBatch();
            }
        });
    }

    /** The kept versions of an annotation, oldest first. */
    public List<AnnotationRevision> of(UUID annotationId) {
        return em.createQuery("SELECT r FROM AnnotationRevision r WHERE r.annotationId = :id ORDER BY r.version",
                AnnotationRevision.class).setParameter("id", annotationId).getResultList();
    }
}
