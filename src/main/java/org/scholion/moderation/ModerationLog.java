package org.scholion.moderation;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.persistence.EntityManager;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.scholion.annotations.AnnotationQueries;
import org.scholion.annotations.Author;
import org.scholion.annotations.ModerationChanged;
import org.scholion.groups.GroupLogEntry;
import org.scholion.groups.GroupSettingsChanged;

/**
 * The append-only moderation log of every group: every change of an annotation's moderation
 * (submitted for approval, sent back to pending by an edit, hidden, unhidden, approved, rejected,
 * restored, locked, endorsed, a source reviewed), every flag, every change of the group's
 * settings — with who, when, the value before and after, and the reason. Entries are written in
 * the transaction of the change they record, so there is no change without its entry and no entry
 * without its change. Who may read it is decided by {@link ModerationQueries}.
 */
@ApplicationScoped
public class ModerationLog {
    private final EntityManager em;

    ModerationLog(EntityManager em) {
        this.em = em;
    }

    /** One entry as it is read: with the actor's name and the annotation's document. */
    public record Line(long id, OffsetDateTime at, Author actor, String action, UUID annotationId, String documentSlug,
            UUID sourceId, String before, String after, String reason, UUID subject) {
    }

    void append(UUID groupId, UUID annotationId, UUID sourceId, UUID actorId, String action, String before, String after,
            String reason) {
        em.persist(GroupLogEntry.of(groupId, actorId, action, annotationId, sourceId, null, before, after, reason));
    }

    /** An author's own write put the annotation into a moderation state (pre-moderation). */
    void authorWrote(@Observes ModerationChanged c) {
        append(c.groupId(), c.annotationId(), null, c.actorId(), c.action(), c.before() == null ? null : c.before().wire(),
                c.after().wire(), null);
    }

    /** One entry per setting that changed. */
    void settingsChanged(@Observes GroupSettingsChanged c) {
        setting(c, "requireSources", c.before().requireSources(), c.after().requireSources());
        setting(c, "preModeration", c.before().preModeration(), c.after().preModeration());
        setting(c, "hidePeersUntilPost", c.before().hidePeersUntilPost(), c.after().hidePeersUntilPost());
    }

    private void setting(GroupSettingsChanged c, String name, boolean before, boolean after) {
        if (before != after) {
            append(c.groupId(), null, null, c.actorId(), "settings", name + "=" + before, name + "=" + after, null);
        }
    }

    // ---- reading ----------------------------------------------------------------------------------

    public long count(UUID groupId) {
        return ((Number) em.createNativeQuery("SELECT count(*) FROM group_log WHERE group_id = :g").setParameter("g", groupId)
                .getSingleResult()).longValue();
    }

    /** The group's entries newest first, a page of them. */
    public List<Line> lines(UUID groupId, int page, int size) {
        return read("l.group_id = :key", groupId, " ORDER BY l.id DESC LIMIT " + size + " OFFSET " + ((long) page * size));
    }

    /** The id of the group's latest entry, 0 if none: where an export stops. */
    long lastId(UUID groupId) {
        return ((Number) em.createNativeQuery("SELECT coalesce(max(id), 0) FROM group_log WHERE group_id = :g")
                .setParameter("g", groupId).getSingleResult()).longValue();
    }

    /**
     * Up to {@code limit} of the group's entries after {@code afterId} and up to {@code upToId}, in the
     * order they happened: one chunk of an export (by key, so each chunk is one index range).
     */
    List<Line> chunk(UUID groupId, long afterId, long upToId, int limit) {
        return read("l.group_id = :key AND l.id > " + afterId + " AND l.id <= " + upToId, groupId, " ORDER BY l.id LIMIT " + limit);
    }

    /** One annotation's entries, in the order they happened: its moderation history. */
    public List<Line> ofAnnotation(UUID annotationId) {
        return read("l.annotation_id = :key", annotationId, " ORDER BY l.id");
    }

    private List<Line> read(String where, UUID key, String order) {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery("""
                SELECT l.id, l.at, u.id AS uid, u.username, u.display_name, l.action, l.annotation_id, d.slug, l.source_id,
                       l.before_value, l.after_value, l.reason, l.subject_id
                  FROM group_log l JOIN app_user u ON u.id = l.actor_id
                  LEFT JOIN annotation a ON a.id = l.annotation_id LEFT JOIN document d ON d.id = a.document_id
                """ + " WHERE " + where + order).setParameter("key", key).getResultList();
        List<Line> out = new ArrayList<>(rows.size());
        for (Object[] r : rows) {
            out.add(new Line(((Number) r[0]).longValue(), AnnotationQueries.toOffset(r[1]), new Author((UUID) r[2], (String) r[3], (String) r[4]),
                    (String) r[5], (UUID) r[6], (String) r[7], (UUID) r[8], (String) r[9], (String) r[10], (String) r[11],
                    (UUID) r[12]));
        }
        return out;
    }
}
