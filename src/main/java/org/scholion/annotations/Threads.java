package org.scholion.annotations;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import java.util.List;
import java.util.UUID;

/**
 * Keeps {@link Annotation#threadConcealed} true exactly for the replies below a hidden or pending
 * annotation, so the visibility rule needs no recursive query: after a moderation state changes,
 * the thread is walked once from its root and only the rows whose value changes are written (their
 * change numbers move, as what their readers may see moved).
 */
@ApplicationScoped
public class Threads {
    private final EntityManager em;

    Threads(EntityManager em) {
        this.em = em;
    }

    /** Recomputes the thread of this root; the changed rows are refreshed in the persistence context. */
    public void reconceal(UUID rootId) {
        em.flush();
        @SuppressWarnings("unchecked")
        List<UUID> changed = em.createNativeQuery("""
                WITH RECURSIVE t(id, concealed, holds) AS (
                    SELECT r.id, false, r.moderation <> 'visible' FROM annotation r WHERE r.id = :root
                  UNION ALL
                    SELECT c.id, t.concealed OR t.holds, c.moderation <> 'visible'
                      FROM t JOIN annotation c ON c.parent_id = t.id)
                UPDATE annotation a SET thread_concealed = t.concealed FROM t
                 WHERE a.id = t.id AND a.thread_concealed <> t.concealed
                RETURNING a.id""", UUID.class).setParameter("root", rootId).getResultList();
        for (UUID id : changed) {
            Annotation loaded = em.find(Annotation.class, id);
            if (loaded != null) {
                em.refresh(loaded);
            }
        }
    }

    /**
     * How deep the annotation sits in its thread (0 for an annotation on the text, 1 for a reply to
     * it, …), counting at most {@code limit} levels: a deeper one answers {@code limit}.
     */
    public int depth(UUID id, int limit) {
        Number d = (Number) em.createNativeQuery("""
                WITH RECURSIVE up(id, parent_id, depth) AS (
                    SELECT a.id, a.parent_id, 0 FROM annotation a WHERE a.id = :id
                  UNION ALL
                    SELECT p.id, p.parent_id, up.depth + 1 FROM up JOIN annotation p ON p.id = up.parent_id
                     WHERE up.depth < :limit)
                SELECT max(depth) FROM up""").setParameter("id", id).setParameter("limit", limit).getSingleResult();
        return d == null ? 0 : d.intValue();
    }
}
