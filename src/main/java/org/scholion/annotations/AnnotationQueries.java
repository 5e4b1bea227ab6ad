package org.scholion.annotations;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.Query;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.scholion.annotations.AnnotatedDocuments.Doc;
import org.scholion.annotations.listing.ViewerExtras;
import org.scholion.annotations.listing.ViewerExtras.Extras;
import org.scholion.domain.DomainError;
import org.scholion.groups.Memberships;
import org.scholion.security.Action;
import org.scholion.security.AppUser;
import org.scholion.security.Permissions;
import org.scholion.security.Target;
import org.scholion.security.UserRef;
import org.scholion.security.Visibility;

/**
 * Reading annotations one by one: one annotation for one caller (and how the caller stands towards
 * it, for the permission map), one for many viewers, several for one viewer. Listings of many are
 * in {@code listing/}.
 */
@ApplicationScoped
public class AnnotationQueries {
    /**
     * An annotation with what an answer about it needs.
     *
     * @param author null for a deleted annotation (its tombstone names no one)
     * @param target how the caller stands towards it, for the permission map (e.g. may they edit)
     * @param extras what the caller is told beyond the row (upvoted, flagged, reviews …)
     */
    public record Shown(Annotation annotation, Author author, Target.Annotation target, Extras extras) {
        public Shown(Annotation annotation, Author author, Target.Annotation target) {
            this(annotation, author, target, Extras.NONE);
        }
    }

    private final EntityManager em;
    private final Permissions permissions;
    private final Memberships memberships;

    AnnotationQueries(EntityManager em, Permissions permissions, Memberships memberships) {
        this.em = em;
        this.permissions = permissions;
        this.memberships = memberships;
    }

    // ---- one annotation --------------------------------------------------------------------------

    /** The annotation if the caller may read it (deleted ones included, for their tombstone); not found otherwise. */
    public Shown get(UserRef user, Doc doc, UUID id) {
        Found f = readable(user, doc, id, null);
        return shown(user, f.annotation(), f.target());
    }

    /** As {@link #get}, for an annotation already loaded (and checked, and perhaps changed) by the caller. */
    public Shown shown(UserRef user, Annotation a) {
        return shown(user, a, target(user, a));
    }

    private Shown shown(UserRef user, Annotation a, Target.Annotation target) {
        if (a.isDeleted()) {
            return new Shown(a, null, target, Extras.NONE);
        }
        // the viewer's extras and the author in one statement
        Object[] r = (Object[]) em.createNativeQuery("SELECT " + ViewerExtras.columns(user) + ", u.id AS author_id, u.username AS author_username,"
                + " u.display_name AS author_name FROM annotation a LEFT JOIN app_user u ON u.id = a.author_id WHERE a.id = :id")
                .setParameter("id", a.id).setParameter("viewer", user.id()).getSingleResult();
        Author author = r[ViewerExtras.COLUMNS] == null ? null
                : new Author((UUID) r[ViewerExtras.COLUMNS], (String) r[ViewerExtras.COLUMNS + 1], (String) r[ViewerExtras.COLUMNS + 2]);
        return new Shown(a, author, target, ViewerExtras.of(r, 0));
    }

    /** An annotation and how the caller stands towards it. */
    public record Found(Annotation annotation, Target.Annotation target) {
    }

    /**
     * The annotation the caller may read, or not found naming {@code field} (null: the request
     * itself). Each call loads the row and the caller's standing in its group.
     */
    public Found readable(UserRef user, Doc doc, UUID id, String field) {
        Annotation a = em.find(Annotation.class, id);
        Target.Annotation target = a == null || !a.documentId.equals(doc.id()) ? null : target(user, a);
        if (target == null || !permissions.may(user, Action.READ_ANNOTATION, target)) {
            throw field == null ? DomainError.notFound() : DomainError.notFound(field, "no annotation you can see has this IRI");
        }
        return new Found(a, target);
    }

    /** The permission map's view of an annotation for this caller (tests and tools). */
    public Target.Annotation targetOf(UserRef user, UUID id) {
        return target(user, em.find(Annotation.class, id));
    }

    /**
     * How the caller stands towards the annotation: its group through the one membership lookup;
     * whether the caller has posted here, looked up only when the group hides peers until one
     * posts; whether its thread is locked.
     */
    public Target.Annotation target(UserRef user, Annotation a) {
        Target.Group group = a.groupId == null ? null
                : memberships.standing(a.groupId, user, a.documentId)
                        .orElseThrow(() -> new IllegalStateException("group " + a.groupId + " vanished"));
        int posts = group != null && group.settings().postsToSee() > 0 ? posts(a, List.of(user.id())).getOrDefault(user.id(), 0) : 0;
        return a.asTarget(group, posts, threadLocked(a));
    }

    /**
     * How each of several viewers stands towards one annotation, in at most three queries whatever
     * their number (the group and its settings, the viewers' roles, who of them has posted here):
     * for deciding one annotation for many viewers at once (live updates).
     */
    public Map<UUID, Target.Annotation> targets(Annotation a, Collection<UserRef> viewers) {
        Map<UUID, Target.Annotation> out = new HashMap<>();
        boolean locked = threadLocked(a);
        if (a.groupId == null || viewers.isEmpty()) {
            viewers.forEach(v -> out.put(v.id(), a.asTarget(null, 0, locked)));
            return out;
        }
        Target.Group group = memberships.standing(a.groupId, viewers.iterator().next(), a.documentId)
                .orElseThrow(() -> new IllegalStateException("group " + a.groupId + " vanished"));
        List<UUID> ids = viewers.stream().map(UserRef::id).toList();
        Map<UUID, Target.MemberRole> roles = memberships.roles(a.groupId, ids);
        Map<UUID, Integer> posts = group.settings().postsToSee() > 0 ? posts(a, ids) : Map.of();
        for (UserRef v : viewers) {
            Target.Group seen = new Target.Group(group.id(), group.archived(), v.reaches(group.id()) ? roles.get(v.id()) : null,
                    group.settings());
            out.put(v.id(), a.asTarget(seen, posts.getOrDefault(v.id(), 0), locked));
        }
        return out;
    }

    /**
     * Several annotations of one document as one viewer stands towards them and would be shown
     * them: the mirror of {@link #targets(Annotation, Collection)} (one viewer, many annotations),
     * for live catch-up. A fixed number of statements whatever their number: the rows with the
     * viewer's extras (as a listing page reads them), the viewer's standing in each of their groups
     * (one for a catch-up, which follows one group), whether the viewer has posted there (only where
     * the group hides peers until one posts), which of their threads are locked, their authors.
     * Ids that are not annotations of the document are left out.
     *
     * @return in no particular order
     */
    public List<Shown> seenBy(UserRef viewer, Doc doc, Collection<UUID> ids) {
        if (ids.isEmpty()) {
            return List.of();
        }
        Query q = em.createNativeQuery("SELECT a.*, " + ViewerExtras.columns(viewer) + " FROM annotation a"
                + " WHERE a.id IN (:ids) AND a.document_id = :doc", Annotation.WITH_EXTRAS)
                .setParameter("ids", ids).setParameter("doc", doc.id()).setParameter("viewer", viewer.id());
        List<Annotation> rows = new ArrayList<>();
        Map<UUID, Extras> extras = new HashMap<>();
        for (Object row : q.getResultList()) {
            Object[] r = (Object[]) row;
            Annotation a = (Annotation) r[0];
            rows.add(a);
            extras.put(a.id, ViewerExtras.of(r, 1));
        }
        if (rows.isEmpty()) {
            return List.of();
        }
        Map<UUID, Target.Group> groups = new HashMap<>();
        Map<UUID, Integer> posted = new HashMap<>();
        for (Annotation a : rows) {
            if (a.groupId != null && !groups.containsKey(a.groupId)) {
                Target.Group g = memberships.standing(a.groupId, viewer, a.documentId)
                        .orElseThrow(() -> new IllegalStateException("group " + a.groupId + " vanished"));
                groups.put(a.groupId, g);
                posted.put(a.groupId, g.settings().postsToSee() > 0 ? posts(a, List.of(viewer.id())).getOrDefault(viewer.id(), 0) : 0);
            }
        }
        Set<UUID> roots = rows.stream().map(a -> a.rootId).collect(Collectors.toSet());
        @SuppressWarnings("unchecked")
        List<UUID> lockedList = em.createNativeQuery("SELECT r.id FROM annotation r WHERE r.id IN (:roots) AND r.locked_at IS NOT NULL",
                UUID.class).setParameter("roots", roots).getResultList();
        Set<UUID> locked = Set.copyOf(lockedList);
        Set<UUID> authorIds = rows.stream().filter(a -> !a.isDeleted()).map(a -> a.authorId).collect(Collectors.toSet());
        Map<UUID, Author> authors = authorIds.isEmpty() ? Map.of()
                : em.createQuery("SELECT u FROM AppUser u WHERE u.id IN :ids", AppUser.class).setParameter("ids", authorIds)
                        .getResultStream().collect(Collectors.toMap(u -> u.id, Author::of));
        List<Shown> out = new ArrayList<>();
        for (Annotation a : rows) {
            Target.Group g = a.groupId == null ? null : groups.get(a.groupId);
            Target.Annotation t = a.asTarget(g, a.groupId == null ? 0 : posted.get(a.groupId), locked.contains(a.rootId));
            // a deleted one keeps its extras: its tombstone carries the viewer's ETag, as in the live stream
            out.add(new Shown(a, a.isDeleted() ? null : authors.get(a.authorId), t, extras.get(a.id)));
        }
        return out;
    }

    /**
     * How many annotations each of the users has posted on the annotation's document in its group
     * ({@link Visibility#POSTED}); those who posted none are left out.
     */
    private Map<UUID, Integer> posts(Annotation a, List<UUID> users) {
        @SuppressWarnings("unchecked")
        List<Object[]> found = em.createNativeQuery("SELECT p.author_id, count(*) FROM annotation p WHERE p.document_id = :doc"
                + " AND p.group_id = :group AND p.author_id IN (:users) AND " + Visibility.POSTED.replace("p.author_id = :viewer AND ", "")
                + " GROUP BY p.author_id")
                .setParameter("doc", a.documentId).setParameter("group", a.groupId).setParameter("users", users).getResultList();
        Map<UUID, Integer> out = new HashMap<>();
        for (Object[] r : found) {
            out.put((UUID) r[0], ((Number) r[1]).intValue());
        }
        return out;
    }

    private boolean threadLocked(Annotation a) {
        Annotation root = a.isReply() ? em.find(Annotation.class, a.rootId) : a;
        return root != null && root.lockedAt != null;
    }

    /** A timestamp as JDBC hands it over, as an OffsetDateTime (null stays null). */
    public static OffsetDateTime toOffset(Object o) {
        if (o == null) {
            return null;
        }
        if (o instanceof OffsetDateTime t) {
            return t;
        }
        if (o instanceof java.time.Instant i) {
            return i.atOffset(ZoneOffset.UTC);
        }
        if (o instanceof java.sql.Timestamp ts) {
            return ts.toInstant().atOffset(ZoneOffset.UTC);
        }
        throw new IllegalStateException("unexpected timestamp type " + o.getClass());
    }
}
