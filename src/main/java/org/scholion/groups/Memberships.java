package org.scholion.groups;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.scholion.security.Target;
import org.scholion.security.Target.MemberRole;
import org.scholion.security.UserRef;

/**
 * How a user stands in a group: the one membership lookup. Groups use it for their own
 * decisions, annotations for theirs; both hand the result to the permission map.
 */
@ApplicationScoped
public class Memberships {
    private final EntityManager em;

    Memberships(EntityManager em) {
        this.em = em;
    }

    /** The group as the caller stands in it (role null: not a member); empty when no group has this id. */
    public Optional<Target.Group> standing(UUID groupId, UserRef user) {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery("""
                SELECT g.archived, m.role FROM classroom_group g
                  LEFT JOIN membership m ON m.group_id = g.id AND m.user_id = :user
                 WHERE g.id = :group""")
                .setParameter("user", user.id()).setParameter("group", groupId).getResultList();
        if (rows.isEmpty()) {
            return Optional.empty();
        }
        Object[] r = rows.get(0);
        return Optional.of(new Target.Group(groupId, Boolean.TRUE.equals(r[0]), role((String) r[1])));
    }

    /** The caller's role in a group already loaded (e.g. locked) by the caller. */
    Target.Group standing(Group g, UserRef user) {
        return standing(g.id, user).map(s -> new Target.Group(g.id, g.archived, s.callerRole()))
                .orElseGet(() -> new Target.Group(g.id, g.archived, null));
    }

    static MemberRole role(String column) {
        return column == null ? null : new Membership.RoleColumn().convertToEntityAttribute(column);
    }
}
