package org.scholion.groups;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.OffsetDateTime;
import java.util.UUID;
import org.scholion.security.Target;

/** A class (or a section of one) reading together. "Group" is an HQL keyword, hence the entity name. */
@Entity(name = "ClassroomGroup")
@Table(name = "classroom_group")
public class Group extends PanacheEntityBase {
    @Id
    public UUID id;

    @Column(nullable = false, length = 120)
    public String name;

    @Column(nullable = false, length = 2000)
    public String description;

    /** Secret: shown to moderators and admins only, never written to the audit log. */
    @Column(name = "join_code", nullable = false, unique = true, length = 64)
    public String joinCode;

    @Column(nullable = false)
    public boolean archived;

    @Column(name = "require_sources", nullable = false)
    public boolean requireSources;

    @Column(name = "pre_moderation", nullable = false)
    public boolean preModeration;

    @Column(name = "hide_peers_until_post", nullable = false)
    public boolean hidePeersUntilPost;

    @Column(name = "created_by", nullable = false)
    public UUID createdBy;

    @Column(name = "created_at", nullable = false)
    public OffsetDateTime createdAt;

    @Column(name = "updated_at", nullable = false)
    public OffsetDateTime updatedAt;

    /** What its moderators decided for it. */
    public Target.Settings settings() {
        return new Target.Settings(requireSources, preModeration, hidePeersUntilPost);
    }
}
