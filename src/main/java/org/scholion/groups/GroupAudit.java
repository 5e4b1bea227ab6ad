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

/** Who changed what in a group, and when; one row per state change, kept forever. */
@Entity
@Table(name = "group_audit")
public class GroupAudit extends PanacheEntityBase {
    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(name = "group_id", nullable = false)
    public UUID groupId;

    @Column(name = "actor_id", nullable = false)
    public UUID actorId;

    @Column(nullable = false, length = 40)
    public String action;

    /** The user the change was about (joined, left, promoted, removed), if any. */
    @Column(name = "subject_id")
    public UUID subjectId;

    @Column(nullable = false, length = 2000)
    public String detail;

    @Column(nullable = false)
    public OffsetDateTime at;
}
