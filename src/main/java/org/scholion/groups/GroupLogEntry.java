package org.scholion.groups;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.OffsetDateTime;
import java.util.UUID;

/**
 * One line of a group's log: who did what to what or whom, when, the value before and after, and
 * why — a member joining or promoted, a setting changed, a reading assigned, an annotation hidden, a
 * source reviewed, a score overridden. Written once, never changed (the table refuses UPDATE and
 * DELETE).
 */
@Entity
@Table(name = "group_log")
public class GroupLogEntry extends PanacheEntityBase {
    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(name = "group_id", nullable = false, updatable = false)
    public UUID groupId;

    /** The annotation acted on; null for a change of the group itself. */
    @Column(name = "annotation_id", updatable = false)
    public UUID annotationId;

    /** The source reviewed, for a review. */
    @Column(name = "source_id", updatable = false)
    public UUID sourceId;

    @Column(name = "actor_id", nullable = false, updatable = false)
    public UUID actorId;

    /** What the entry is about besides an annotation: the member (joined, promoted, removed), the document assigned, the student whose score was set. */
    @Column(name = "subject_id", updatable = false)
    public UUID subjectId;

    @Column(nullable = false, length = 40, updatable = false)
    public String action;

    @Column(name = "before_value", length = 1000, updatable = false)
    public String before;

    @Column(name = "after_value", length = 2000, updatable = false)
    public String after;

    @Column(length = 1000, updatable = false)
    public String reason;

    @Column(nullable = false, updatable = false)
    public OffsetDateTime at;

    /** A new entry, now; the caller persists it in the transaction of the change it records. */
    public static GroupLogEntry of(UUID groupId, UUID actorId, String action, UUID annotationId, UUID sourceId, UUID subjectId,
            String before, String after, String reason) {
        GroupLogEntry e = new GroupLogEntry();
        e.groupId = groupId;
        e.actorId = actorId;
        e.action = action;
        e.annotationId = annotationId;
        e.sourceId = sourceId;
        e.subjectId = subjectId;
        e.before = before;
        e.after = after;
        e.reason = reason;
        e.at = OffsetDateTime.now();
        return e;
    }
}
