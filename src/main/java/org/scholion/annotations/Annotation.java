package org.scholion.annotations;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.OffsetDateTime;
import java.util.UUID;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/** One stored annotation or reply. Positions count Unicode code points of the document text. */
@Entity
@Table(name = "annotation")
public class Annotation extends PanacheEntityBase {
    static final String GROUP = "group";
    static final String PRIVATE = "private";

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

    /** The normalised W3C body array as JSON. */
    @JdbcTypeCode(SqlTypes.JSON)
    @Column(nullable = false, columnDefinition = "jsonb")
    public String body;

    @Column(length = 2000)
    public String canonical;

    @Column(length = 2000)
    public String via;

    @Column(nullable = false)
    public int version;

    @Column(name = "created_at", nullable = false)
    public OffsetDateTime createdAt;

    @Column(name = "modified_at", nullable = false)
    public OffsetDateTime modifiedAt;

    @Column(name = "deleted_at")
    public OffsetDateTime deletedAt;

    boolean isPrivate() {
        return PRIVATE.equals(visibility);
    }

    boolean isReply() {
        return parentId != null;
    }

    boolean isDeleted() {
        return deletedAt != null;
    }
}
