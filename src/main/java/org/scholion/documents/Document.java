package org.scholion.documents;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.UUID;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/**
 * A text that groups read together: its details and the number of its current revision. The
 * texts themselves are {@link DocumentRevision}s, immutable once published.
 */
@Entity
@Table(name = "document")
public class Document extends PanacheEntityBase {
    @Id
    public UUID id;

    @Column(nullable = false, unique = true, length = 120)
    public String slug;

    @Column(nullable = false, length = 300)
    public String title;

    public LocalDate published;

    /** The current revision's number. */
    @Column(nullable = false)
    public int revision;

    /** Who brought it; null for the documents the project ships. */
    @Column(name = "owner_id")
    public UUID ownerId;

    @Column(name = "is_public", nullable = false)
    public boolean isPublic;

    @JdbcTypeCode(SqlTypes.ARRAY)
    @Column(nullable = false, columnDefinition = "varchar(300)[]")
    public String[] authors = new String[0];

    /** A URL or DOI where the reading comes from. */
    @Column(length = 2000)
    public String source;

    @Column(length = 1000)
    public String licence;

    @Column(name = "created_at", nullable = false)
    public OffsetDateTime createdAt;

    @Column(name = "updated_at", nullable = false)
    public OffsetDateTime updatedAt;
}
