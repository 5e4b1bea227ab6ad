package org.scholion.groups;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
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

    /**
     * The group as the caller stands in it (role null: not a member), with its moderation
     * settings; empty when no group has this id.
     */
    public Optional<Target.Group> standing(UUID groupId, UserRef user) {
        return standing(groupId, user, null);
    }

    /**
     * As {@link #standing(UUID, UserRef)}, with the settings in force on one document: the reveal
     * threshold of its reading, when it is on the group's list with one and not past due — in the
     * same query.
     */
    public Optional<Target.Group> standing(UUID groupId, UserRef user, UUID document) {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery("""
                SELECT g.archived, m.role, g.require_sources, g.pre_moderation, g.hide_peers_until_post, r.reveal_after
                  FROM classroom_group g
                  LEFT JOIN membership m ON m.group_id = g.id AND m.user_id = :user
                  LEFT JOIN reading r ON r.group_id = g.id AND r.document_id = :doc AND (r.due IS NULL OR r.due > now())
                 WHERE g.id = :group""")
                .setParameter("user", user.id()).setParameter("group", groupId)
                .setParameter("doc", document == null ? NO_DOCUMENT : document).getResultList();
        if (rows.isEmpty()) {
            return Optional.empty();
        }
        Object[] r = rows.get(0);
        // a token restricted to other groups does not carry its owner's membership here
        return Optional.of(new Target.Group(groupId, Boolean.TRUE.equals(r[0]), user.reaches(groupId) ? role((String) r[1]) : null,
                new Target.Settings(Boolean.TRUE.equals(r[2]), Boolean.TRUE.equals(r[3]), Boolean.TRUE.equals(r[4]),
                        r[5] == null ? 0 : ((Number) r[5]).intValue())));
    }

    /** Matches no reading: documents have random ids. */
    private static final UUID NO_DOCUMENT = new UUID(0, 0);

    /**
     * How each of several users stands in one group, in one query: the roles of those who are
     * members (a user left out is not one). For deciding one annotation for many viewers at once.
     */
    public Map<UUID, MemberRole> roles(UUID groupId, Collection<UUID> users) {
        if (users.isEmpty()) {
            return Map.of();
        }
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery("SELECT m.user_id, m.role FROM membership m WHERE m.group_id = :group"
                + " AND m.user_id IN (:users)").setParameter("group", groupId).setParameter("users", users).getResultList();
        Map<UUID, MemberRole> roles = new HashMap<>();
        for (Object[] r : rows) {
            roles.put((UUID) r[0], role((String) r[1]));
        }
        return roles;
    }

    /** The caller's role in a group already loaded (e.g. locked) by the caller. */
    Target.Group standing(Group g, UserRef user) {
        return standing(g.id, user).map(s -> new Target.Group(g.id, g.archived, s.callerRole(), g.settings()))
                .orElseGet(() -> new Target.Group(g.id, g.archived, null, g.settings()));
    }

    static MemberRole role(String column) {
        return column == null ? null : new Membership.RoleColumn().convertToEntityAttribute(column);
    }
}
