package org.scholion.annotations;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.Query;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.scholion.annotations.AnnotatedDocuments.Doc;
import org.scholion.domain.DomainError;
import org.scholion.groups.Memberships;
import org.scholion.security.Action;
import org.scholion.security.AppUser;
import org.scholion.security.Permissions;
import org.scholion.security.Target;
import org.scholion.security.UserRef;
import org.scholion.security.Visibility;

/**
 * Reading annotations: one annotation for one caller, and the container's listing. Every listing
 * query narrows by {@link Visibility#LISTED}, the same rule the permission map applies to one
 * annotation.
 */
@ApplicationScoped
public class AnnotationQueries {

    /** An annotation's author as shown in {@code creator}. */
    public record Author(UUID id, String username, String displayName) {
        static Author of(AppUser u) {
            return new Author(u.id, u.username, u.displayName);
        }
    }

    /**
     * An annotation with what an answer about it needs.
     *
     * @param author null for a deleted annotation (its tombstone names no one)
     * @param target how the caller stands towards it, for the permission map (e.g. may they edit)
     */
    public record Shown(Annotation annotation, Author author, Target.Annotation target) {
    }

    /**
     * What the caller sees in a container (with its filters), summed up in one query: how many
     * annotations, the latest change, and a validator that moves exactly when what this caller
     * may see moves — any listed annotation changing, appearing or leaving, or the caller's own
     * memberships or groups changing — and is the same in every app instance, since it is made
     * from the database alone.
     */
    public record ContainerState(long total, OffsetDateTime modified, String validator) {
        /** The number of the last page (from 0) when the listing is cut into pages of this size. */
        public int lastPage(int pageSize) {
            return total == 0 ? 0 : (int) ((total - 1) / pageSize);
        }
    }

    /** One page of the listing. */
    public record Page(List<Annotation> items, Map<UUID, Author> authors, long total, OffsetDateTime modified, int page,
            int pageSize) {
        public int lastPage() {
            return new ContainerState(total, modified, "").lastPage(pageSize);
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
        Annotation a = readable(user, doc, id, null);
        Author author = a.isDeleted() ? null : Optional.ofNullable(em.find(AppUser.class, a.authorId)).map(Author::of).orElse(null);
        return new Shown(a, author, target(user, a));
    }

    /**
     * The annotation the caller may read, or not found naming {@code field} (null: the request
     * itself). Each call loads the row and the caller's standing in its group.
     */
    Annotation readable(UserRef user, Doc doc, UUID id, String field) {
        Annotation a = em.find(Annotation.class, id);
        if (a == null || !a.documentId.equals(doc.id()) || !permissions.may(user, Action.READ_ANNOTATION, target(user, a))) {
            throw field == null ? DomainError.notFound() : DomainError.notFound(field, "no annotation you can see has this IRI");
        }
        return a;
    }

    /** The permission map's view of an annotation for this caller (tests and tools). */
    public Target.Annotation targetOf(UserRef user, UUID id) {
        return target(user, em.find(Annotation.class, id));
    }

    /** How the caller stands towards the annotation (its group through the one membership lookup). */
    Target.Annotation target(UserRef user, Annotation a) {
        Target.Group group = a.groupId == null ? null
                : memberships.standing(a.groupId, user).orElseThrow(() -> new IllegalStateException("group " + a.groupId + " vanished"));
        return a.asTarget(group);
    }

    // ---- the container ---------------------------------------------------------------------------

    /** The listing's summary and validator; not found when it filters by a group the caller may not read. */
    public ContainerState state(UserRef user, Doc doc, Filter f) {
        Where w = where(user, doc, f);
        String groups = user.isAdmin() ? "TRUE" : "g.id IN (SELECT m.group_id FROM membership m WHERE m.user_id = :viewer)";
        String filterGroup = f.group() == null ? "1"
                : "(SELECT count(*) FROM classroom_group g WHERE g.id = :group AND (" + (user.isAdmin() ? "TRUE"
                        : "EXISTS (SELECT 1 FROM membership m WHERE m.group_id = g.id AND m.user_id = :viewer)") + "))";
        Query q = em.createNativeQuery("SELECT count(*), max(a.modified_at), coalesce(max(a.change_seq), 0),"
                + " coalesce(sum(a.change_seq), 0),"
                + " (SELECT u.access_seq FROM app_user u WHERE u.id = :viewer),"
                + " (SELECT coalesce(max(g.change_seq), 0) FROM classroom_group g WHERE " + groups + "),"
                + " " + filterGroup
                + " FROM annotation a WHERE " + w.sql());
        w.bind(q);
        Object[] r = (Object[]) q.getSingleResult();
        if (((Number) r[6]).longValue() == 0) {
            throw DomainError.notFound("group", "no group you belong to has this id");
        }
        long total = ((Number) r[0]).longValue();
        String validator = total + "." + r[2] + "." + r[3] + "." + r[4] + "." + r[5];
        return new ContainerState(total, toOffset(r[1]), validator);
    }

    /** One page of what the caller may see, in creation order: two statements whatever its size. */
    public Page page(UserRef user, Doc doc, Filter f, ContainerState state, int page, int pageSize, boolean withAuthors) {
        List<Annotation> items = List.of();
        Map<UUID, Author> authors = Map.of();
        if (state.total() > (long) page * pageSize) {
            Where w = where(user, doc, f);
            Query q = em.createNativeQuery("SELECT a.* FROM annotation a WHERE " + w.sql()
                    + " ORDER BY a.created_at, a.id LIMIT :limit OFFSET :offset", Annotation.class);
            w.bind(q);
            q.setParameter("limit", pageSize).setParameter("offset", (long) page * pageSize);
            @SuppressWarnings("unchecked")
            List<Annotation> found = q.getResultList();
            items = found;
            if (withAuthors && !items.isEmpty()) {
                Set<UUID> ids = items.stream().map(a -> a.authorId).collect(Collectors.toSet());
                authors = em.createQuery("SELECT u FROM AppUser u WHERE u.id IN :ids", AppUser.class).setParameter("ids", ids)
                        .getResultStream().collect(Collectors.toMap(u -> u.id, Author::of));
            }
        }
        return new Page(items, authors, state.total(), state.modified(), page, pageSize);
    }

    /** A WHERE clause and its parameters. */
    private record Where(String sql, Map<String, Object> params) {
        void bind(Query q) {
            params.forEach(q::setParameter);
        }
    }

    /** The listing: this document, {@link Visibility#LISTED} for the caller, and the filters. */
    private static Where where(UserRef user, Doc doc, Filter f) {
        Map<String, Object> params = new LinkedHashMap<>();
        StringBuilder w = new StringBuilder("a.document_id = :doc AND ").append(Visibility.LISTED.sql(user));
        params.put("doc", doc.id());
        params.put("viewer", user.id());
        if (f.group() != null) {
            w.append(" AND a.group_id = :group");
            params.put("group", f.group());
        }
        if (f.creator() != null) {
            UUID creatorId = uuidOrNull(f.creator());
            if (creatorId != null) {
                w.append(" AND a.author_id = :creator");
                params.put("creator", creatorId);
            } else {
                w.append(" AND a.author_id IN (SELECT u.id FROM app_user u WHERE u.username = :creator)");
                params.put("creator", f.creator());
            }
        }
        if (f.tag() != null) {
            w.append(" AND a.body @> CAST(:tag AS jsonb)");
            params.put("tag", StoredBodies.tagQuery(f.tag()));
        }
        if (f.motivation() != null) {
            w.append(" AND a.motivation = :motivation");
            params.put("motivation", f.motivation().wire());
        }
        if (f.visibility() != null) {
            w.append(" AND a.visibility = :visibility");
            params.put("visibility", f.visibility());
        }
        return new Where(w.toString(), params);
    }

    /** A UUID in its canonical lower-case form, else null (then it is a username). */
    public static UUID uuidOrNull(String s) {
        try {
            UUID id = UUID.fromString(s);
            return id.toString().equalsIgnoreCase(s) ? id : null;
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static OffsetDateTime toOffset(Object o) {
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
