package org.scholion.annotations;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.OffsetDateTime;
import java.util.UUID;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/** A version of an annotation that an edit or the delete replaced, kept whole. */
@Entity
@Table(name = "annotation_revision")
public class AnnotationRevision extends PanacheEntityBase {
    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(name = "annotation_id", nullable = false)
    public UUID annotationId;

    @Column(nullable = false)
    public int version;

    /** The annotation's W3C representation as it was before the change. */
    @JdbcTypeCode(SqlTypes.JSON)
    @Column(nullable = false, columnDefinition = "jsonb")
    public String snapshot;

    @Column(name = "replaced_by", nullable = false)
    public UUID replacedBy;

    @Column(name = "replaced_at", nullable = false)
    public OffsetDateTime replacedAt;

    @Column(nullable = false, length = 16)
    public String reason;
}
