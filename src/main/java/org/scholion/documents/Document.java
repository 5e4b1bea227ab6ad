package org.scholion.documents;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.UUID;

/** A text that groups read together. {@link #bodyLength} counts Unicode code points. */
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

    @Column(nullable = false, columnDefinition = "text")
    public String body;

    @Column(name = "body_length", nullable = false)
    public int bodyLength;

    @Column(nullable = false, length = 64)
    public String sha256;

    @Column(name = "created_at", nullable = false)
    public OffsetDateTime createdAt;

    @Column(name = "updated_at", nullable = false)
    public OffsetDateTime updatedAt;
}
