package org.scholion.documents;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;
import java.io.Serializable;
import java.time.OffsetDateTime;
import java.util.UUID;
import org.hibernate.annotations.Immutable;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/**
 * One published text of a document, never changed once written. {@link #body} is the canonical
 * text that every selector counts in Unicode code points; {@link #rendition}, for formatted
 * sources, is sanitised HTML whose DOM textContent is exactly that text.
 */
@Entity
@Immutable
@IdClass(DocumentRevision.Key.class)
@Table(name = "document_revision")
public class DocumentRevision {
    /** The primary key: a document and a revision number. */
    public static class Key implements Serializable {
        public UUID documentId;
        public int n;

        public Key() {
        }

        public Key(UUID documentId, int n) {
            this.documentId = documentId;
            this.n = n;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && n == k.n && java.util.Objects.equals(documentId, k.documentId);
        }

        @Override
        public int hashCode() {
            return java.util.Objects.hash(documentId, n);
        }
    }

    @Id
    @Column(name = "document_id")
    public UUID documentId;

    @Id
    public int n;

    /** text, markdown, html or pdf. */
    @Column(nullable = false, length = 16)
    public String format;

    @Column(nullable = false, columnDefinition = "text")
    public String body;

    @Column(name = "body_length", nullable = false)
    public int bodyLength;

    @Column(nullable = false, length = 64)
    public String sha256;

    @Column(columnDefinition = "text")
    public String rendition;

    /** PDF: the code-point offset in {@link #body} where each page starts. */
    @JdbcTypeCode(SqlTypes.ARRAY)
    @Column(columnDefinition = "integer[]")
    public int[] pages;

    @Column(name = "created_at", nullable = false)
    public OffsetDateTime createdAt;

    @Column(name = "created_by")
    public UUID createdBy;

    /** A revision's number from a path; anything else is a revision that is not there (404). */
    public static int number(String n) {
        if (n == null || !n.matches("[0-9]{1,9}")) {
            throw org.scholion.domain.DomainError.notFound();
        }
        return Integer.parseInt(n);
    }
}
