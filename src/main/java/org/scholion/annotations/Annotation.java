package org.scholion.annotations;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.OffsetDateTime;
import java.util.UUID;
import org.hibernate.annotations.Generated;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.generator.EventType;
import org.hibernate.type.SqlTypes;
import org.scholion.security.Target;

/** One stored annotation or reply. Positions count Unicode code points of the document text. */
@Entity
@Table(name = "annotation")
public class Annotation extends PanacheEntityBase {
    public static final String GROUP = "group";
    public static final String PRIVATE = "private";

    @Id
    public UUID id;

    @Column(name = "document_id", nullable = false)
    public UUID documentId;

    @Column(name = "author_id", nullable = false)
    public UUID authorId;

    @Column(name = "group_id")
    public UUID groupId;

    @Column(nullable = false, length = 16)
    public String visibility;

    @Column(nullable = false, length = 16)
    public String motivation;

    @Column(name = "parent_id")
    public UUID parentId;

    @Column(name = "root_id", nullable = false)
    public UUID rootId;

    @Column(name = "start_pos")
    public Integer start;

    @Column(name = "end_pos")
    public Integer end;

    @Column(columnDefinition = "text")
    public String exact;

    @Column(length = 400)
    public String prefix;

    @Column(length = 400)
    public String suffix;

    /** The {@link Body} as JSON, see {@link StoredBodies}. */
    @JdbcTypeCode(SqlTypes.JSON)
    @Column(nullable = false, columnDefinition = "jsonb")
    public String body;

    @Column(length = 2000)
    public String canonical;

    @Column(length = 2000)
    public String via;

    /** The edit count: 1 when created, +1 for every edit and the delete (the revisions are numbered by it). */
    @Column(nullable = false)
    public int version;

    /**
     * The database's change number of this row: taken from one sequence on insert and on every
     * update (a trigger), so it moves whenever anything about the annotation changes, in every
     * instance's view at once. ETags and container validators are made from it.
     */
    @Generated(event = { EventType.INSERT, EventType.UPDATE })
    @Column(name = "change_seq", insertable = false, updatable = false)
    public long changeSeq;

    @Column(name = "created_at", nullable = false)
    public OffsetDateTime createdAt;

    @Column(name = "modified_at", nullable = false)
    public OffsetDateTime modifiedAt;

    @Column(name = "deleted_at")
    public OffsetDateTime deletedAt;

    public boolean isPrivate() {
        return PRIVATE.equals(visibility);
    }

    public boolean isReply() {
        return parentId != null;
    }

    public boolean isDeleted() {
        return deletedAt != null;
    }

    public Motivation motivation() {
        return Motivation.of(motivation).orElseThrow();
    }

    public Body body() {
        return StoredBodies.read(body);
    }

    /** The facts the permission map needs, with the annotation's group as the caller stands in it. */
    Target.Annotation asTarget(Target.Group group) {
        return new Target.Annotation(authorId, isPrivate(), isDeleted(), group);
    }
}
