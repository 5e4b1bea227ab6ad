package org.scholion.documents.assignments;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;
import java.io.Serializable;
import java.time.OffsetDateTime;
import java.util.Objects;
import java.util.UUID;

/** A document on a group's reading list. */
@Entity
@IdClass(Reading.Key.class)
@Table(name = "reading")
public class Reading extends PanacheEntityBase {
    /** The primary key: a group and a document. */
    public static class Key implements Serializable {
        public UUID groupId;
        public UUID documentId;

        public Key() {
        }

        public Key(UUID groupId, UUID documentId) {
            this.groupId = groupId;
            this.documentId = documentId;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && Objects.equals(groupId, k.groupId) && Objects.equals(documentId, k.documentId);
        }

        @Override
        public int hashCode() {
            return Objects.hash(groupId, documentId);
        }
    }

    @Id
    @Column(name = "group_id")
    public UUID groupId;

    @Id
    @Column(name = "document_id")
    public UUID documentId;

    public OffsetDateTime due;

    @Column(length = 4000)
    public String instructions;

    /** Peers' annotations on this reading stay hidden from a member until they posted this many of their own (or the due date passed). */
    @Column(name = "reveal_after")
    public Integer revealAfter;

    @Column(name = "assigned_by", nullable = false)
    public UUID assignedBy;

    @Column(name = "assigned_at", nullable = false)
    public OffsetDateTime assignedAt;
}
