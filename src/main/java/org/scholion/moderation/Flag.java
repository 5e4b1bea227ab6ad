package org.scholion.moderation;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.OffsetDateTime;
import java.util.UUID;
import org.hibernate.annotations.Generated;
import org.hibernate.generator.EventType;

/**
 * A member's flag on an annotation, for the group's moderators. Open until a moderator decides
 * (hides the annotation, or keeps it visible: dismissed); the row stays either way.
 */
@Entity
@Table(name = "annotation_flag")
public class Flag extends PanacheEntityBase {
    public static final String HIDDEN = "hidden";
    public static final String DISMISSED = "dismissed";

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(name = "annotation_id", nullable = false)
    public UUID annotationId;

    @Column(name = "document_id", nullable = false)
    public UUID documentId;

    @Column(name = "group_id", nullable = false)
    public UUID groupId;

    @Column(name = "flagger_id", nullable = false)
    public UUID flaggerId;

    /** {@link FlagReason#wire()}. */
    @Column(nullable = false, length = 16)
    public String reason;

    @Column(length = 1000)
    public String note;

    @Column(name = "flagged_at", nullable = false)
    public OffsetDateTime flaggedAt;

    @Column(name = "resolved_at")
    public OffsetDateTime resolvedAt;

    @Column(name = "resolved_by")
    public UUID resolvedBy;

    /** {@link #HIDDEN} or {@link #DISMISSED} once resolved. */
    @Column(length = 16)
    public String resolution;

    /** Moves on insert and every update (a trigger), like an annotation's: the validators of those who see it. */
    @Generated(event = { EventType.INSERT, EventType.UPDATE })
    @Column(name = "change_seq", insertable = false, updatable = false)
    public long changeSeq;
}
