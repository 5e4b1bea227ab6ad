package org.scholion.groups;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.AttributeConverter;
import jakarta.persistence.Column;
import jakarta.persistence.Convert;
import jakarta.persistence.Converter;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;
import java.io.Serializable;
import java.time.OffsetDateTime;
import java.util.Locale;
import java.util.Objects;
import java.util.UUID;
import org.scholion.security.Target.MemberRole;

/** One user in one group with one role. Leaving or being removed deletes the row; group_audit keeps the history. */
@Entity
@Table(name = "membership")
@IdClass(Membership.Key.class)
public class Membership extends PanacheEntityBase {
    @Id
    @Column(name = "group_id")
    public UUID groupId;

    @Id
    @Column(name = "user_id")
    public UUID userId;

    @Convert(converter = RoleColumn.class)
    @Column(nullable = false, length = 16)
    public MemberRole role;

    @Column(name = "joined_at", nullable = false)
    public OffsetDateTime joinedAt;

    public static class Key implements Serializable {
        public UUID groupId;
        public UUID userId;

        public Key() {
        }

        public Key(UUID groupId, UUID userId) {
            this.groupId = groupId;
            this.userId = userId;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && Objects.equals(groupId, k.groupId) && Objects.equals(userId, k.userId);
        }

        @Override
        public int hashCode() {
            return Objects.hash(groupId, userId);
        }
    }

    /** The column holds 'moderator' | 'member' (a CHECK constraint), the API the same words. */
    @Converter
    static class RoleColumn implements AttributeConverter<MemberRole, String> {
        @Override
        public String convertToDatabaseColumn(MemberRole role) {
            return role == null ? null : wire(role);
        }

        @Override
        public MemberRole convertToEntityAttribute(String column) {
            return column == null ? null : MemberRole.valueOf(column.toUpperCase(Locale.ROOT));
        }
    }

    static String wire(MemberRole role) {
        return role.name().toLowerCase(Locale.ROOT);
    }
}
