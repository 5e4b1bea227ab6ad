package org.scholion.annotations;

import org.scholion.web.PublicUrl;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;
import java.time.OffsetDateTime;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import org.scholion.documents.DocumentService;
import org.scholion.security.Action;
import org.scholion.security.AppUser;
import org.scholion.security.Permissions;
import org.scholion.security.Target;
import org.scholion.security.UserRef;
import org.scholion.web.ProblemException;

/**
 * Creates, reads, lists, changes and soft-deletes annotations. Every decision about who may do
 * what goes through {@link Permissions}; the list query is the same rule written as SQL.
 */
@ApplicationScoped
public class AnnotationService {
    /** A document as annotations need it; documents never change once imported, so it is cached. */
    record Doc(UUID id, String slug, String title, TextAnchor.Text text) {
    }

    /** Container filters; each null when not asked for. */
    record Filter(UUID group, String creator, String tag, String motivation, String visibility) {
        static final Filter NONE = new Filter(null, null, null, null, null);
    }

    /** An annotation with what the presenter needs to show it. */
    /** An annotation with its author and how the caller stands towards it (so answers need no second lookup). */
    record Shown(Annotation annotation, AnnotationJsonLd.Author author, Target.Annotation target) {
    }

    private final EntityManager em;
    private final DocumentService documents;
    private final Permissions permissions;
    private final Event<AnnotationVersions.Changed> changed;
    private final AnnotationJsonLd presenter;
    private final String base;
    private final ConcurrentHashMap<String, Doc> docs = new ConcurrentHashMap<>();

    AnnotationService(EntityManager em, DocumentService documents, Permissions permissions,
            Event<AnnotationVersions.Changed> changed, PublicUrl publicUrl) {
        this.em = em;
        this.documents = documents;
        this.permissions = permissions;
        this.changed = changed;
        this.base = publicUrl.base();
        this.presenter = new AnnotationJsonLd(this.base);
    }

    String base() {
        return base;
    }

    AnnotationJsonLd presenter() {
        return presenter;
    }

    Doc document(String slug) {
        Doc d = docs.get(slug);
        if (d != null) {
            return d;
        }
        return documents.findBySlug(slug).map(x -> {
            Doc doc = new Doc(x.id, x.slug, x.title, TextAnchor.Text.of(x.body));
            docs.put(slug, doc);
            return doc;
        }).orElseThrow(() -> new ProblemException(404, "No document has the slug '" + slug + "'."));
    }

    // ---- create -------------------------------------------------------------------------------

    @Transactional
    public Shown create(UserRef user, String slug, AnnotationInput.Draft draft, String slugHeader) {
        Doc doc = document(slug);
        Annotation a = new Annotation();
        a.id = freeId(slugHeader);
        a.documentId = doc.id();
        a.authorId = user.id();
        a.motivation = draft.motivation();
        a.body = AnnotationJsonLd.write(draft.body());
        a.canonical = draft.canonical();
        a.via = draft.clientId() != null ? draft.clientId() : draft.via();
        if (draft.parentId() != null) {
            Annotation parent = visibleIn(user, doc, draft.parentId(), "target");
            if (parent.isDeleted()) {
                throw ProblemException.field(409, "target", "the annotation replied to was deleted");
            }
            if (draft.group() != null && !draft.group().equals(parent.groupId)) {
                throw ProblemException.field(400, "group", "a reply belongs to its thread's group");
            }
            if (draft.visibility() != null && !draft.visibility().equals(parent.visibility)) {
                throw ProblemException.field(400, "visibility", "a reply has its thread's visibility");
            }
            a.parentId = parent.id;
            a.rootId = parent.rootId;
            a.groupId = parent.groupId;
            a.visibility = parent.visibility;
        } else {
            String visibility = draft.visibility() != null ? draft.visibility()
                    : draft.group() != null ? Annotation.GROUP : Annotation.PRIVATE;
            if (visibility.equals(Annotation.PRIVATE) && draft.group() != null) {
                throw ProblemException.field(400, "group", "a private annotation belongs to no group; leave out group");
            }
            if (visibility.equals(Annotation.GROUP) && draft.group() == null) {
                throw ProblemException.field(400, "group", "visibility 'group' needs the group's id");
            }
            a.rootId = a.id;
            a.groupId = draft.group();
            a.visibility = visibility;
            anchor(a, doc, draft.selector());
        }
        Target.Group group = null;
        if (a.groupId != null) {
            group = group(user, a.groupId);
            requireField(permissions.decide(user, Action.ANNOTATE_IN_GROUP, group), "group");
        }
        OffsetDateTime now = OffsetDateTime.now();
        a.createdAt = now;
        a.modifiedAt = now;
        a.version = 1;
        em.persist(a);
        em.flush();
        changed.fire(new AnnotationVersions.Changed(slug));
        return new Shown(a, new AnnotationJsonLd.Author(user.id(), user.username(), user.displayName()),
                new Target.Annotation(a.authorId, a.isPrivate(), group));
    }

    /** The id the client proposed in {@code Slug} when it is a UUID no annotation has; otherwise a new one. */
    private UUID freeId(String slugHeader) {
        if (slugHeader != null) {
            try {
                UUID wanted = UUID.fromString(slugHeader.strip());
                if (wanted.toString().equalsIgnoreCase(slugHeader.strip()) && em.find(Annotation.class, wanted) == null) {
                    return wanted;
                }
            } catch (IllegalArgumentException e) {
                // not a UUID: the server chooses
            }
        }
        return UUID.randomUUID();
    }

    private static void anchor(Annotation a, Doc doc, AnnotationInput.Selector s) {
        TextAnchor.Anchor anchor = TextAnchor.resolve(doc.text(), s.exact(), s.prefix(), s.suffix(), s.start(), s.end());
        a.start = anchor.start();
        a.end = anchor.end();
        a.exact = anchor.exact();
        a.prefix = anchor.prefix();
        a.suffix = anchor.suffix();
    }

    // ---- read ---------------------------------------------------------------------------------

    /** The annotation if the caller may see it (deleted ones included, for their tombstone); 404 otherwise. */
    public Shown get(UserRef user, String slug, UUID id) {
        Doc doc = document(slug);
        Seen seen = seen(user, doc, id, null);
        Annotation a = seen.annotation();
        AnnotationJsonLd.Author author = a.isDeleted() ? null
                : Optional.ofNullable(em.find(AppUser.class, a.authorId)).map(AnnotationService::author).orElse(null);
        return new Shown(a, author, seen.target());
    }

    private record Seen(Annotation annotation, Target.Annotation target) {
    }

    private Annotation visibleIn(UserRef user, Doc doc, UUID id, String field) {
        return seen(user, doc, id, field).annotation();
    }

    private Seen seen(UserRef user, Doc doc, UUID id, String field) {
        Annotation a = em.find(Annotation.class, id);
        if (a == null || !a.documentId.equals(doc.id())) {
            throw notFound(field);
        }
        Target.Annotation target = target(user, a);
        if (permissions.decide(user, Action.READ_ANNOTATION, target) != Permissions.Decision.ALLOW) {
            throw notFound(field);
        }
        return new Seen(a, target);
    }

    private static ProblemException notFound(String field) {
        return field == null ? new ProblemException(404, "Nothing is here.")
                : ProblemException.field(404, field, "no annotation you can see has this IRI");
    }

    private Target.Annotation target(UserRef user, Annotation a) {
        return new Target.Annotation(a.authorId, a.isPrivate(), a.groupId == null ? null : group(user, a.groupId));
    }

    /** The group as the caller stands in it, read with plain SQL so this feature needs no group classes. */
    Target.Group group(UserRef user, UUID groupId) {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery("""
                SELECT g.archived, m.role FROM classroom_group g
                LEFT JOIN membership m ON m.group_id = g.id AND m.user_id = :user
                WHERE g.id = :group""")
                .setParameter("user", user.id()).setParameter("group", groupId).getResultList();
        if (rows.isEmpty()) {
            throw ProblemException.field(404, "group", "no group you belong to has this id");
        }
        Object[] r = rows.get(0);
        Target.MemberRole role = r[1] == null ? null
                : "moderator".equals(r[1]) ? Target.MemberRole.MODERATOR : Target.MemberRole.MEMBER;
        return new Target.Group(groupId, Boolean.TRUE.equals(r[0]), role);
    }

    private static void requireField(Permissions.Decision d, String field) {
        switch (d) {
            case ALLOW -> {
            }
            case NOT_FOUND -> throw ProblemException.field(404, field, "no group you belong to has this id");
            case FORBIDDEN -> throw ProblemException.field(403, field, "your role does not allow writing here");
            case ARCHIVED -> throw ProblemException.field(409, field, "the group is archived: it is read-only");
        }
    }

    // ---- list ---------------------------------------------------------------------------------

    /** One page of what the caller may see in the document's container, in three statements whatever its size. */
    public AnnotationJsonLd.Page page(UserRef user, String slug, Filter f, int page, int pageSize, boolean idsOnly) {
        Doc doc = document(slug);
        Map<String, Object> params = new HashMap<>();
        String where = where(user, doc, f, params);
        var count = em.createNativeQuery("SELECT count(*), max(a.modified_at) FROM annotation a WHERE " + where);
        params.forEach(count::setParameter);
        Object[] c = (Object[]) count.getSingleResult();
        long total = ((Number) c[0]).longValue();
        OffsetDateTime modified = toOffset(c[1]);
        List<Annotation> items = List.of();
        Map<UUID, AnnotationJsonLd.Author> authors = Map.of();
        if (total > (long) page * pageSize) {
            var q = em.createNativeQuery("SELECT a.* FROM annotation a WHERE " + where
                    + " ORDER BY a.created_at, a.id LIMIT :limit OFFSET :offset", Annotation.class);
            params.forEach(q::setParameter);
            q.setParameter("limit", pageSize).setParameter("offset", (long) page * pageSize);
            @SuppressWarnings("unchecked")
            List<Annotation> found = q.getResultList();
            items = found;
            if (!idsOnly && !items.isEmpty()) {
                Set<UUID> ids = items.stream().map(a -> a.authorId).collect(Collectors.toSet());
                authors = em.createQuery("SELECT u FROM AppUser u WHERE u.id IN :ids", AppUser.class).setParameter("ids", ids)
                        .getResultStream().collect(Collectors.toMap(u -> u.id, AnnotationService::author));
            }
        }
        return new AnnotationJsonLd.Page(items, authors, total, modified, page, pageSize);
    }

    /**
     * The visibility rule of {@link Permissions} for READ_ANNOTATION, as SQL: the caller's own
     * private annotations, and group annotations of groups the caller belongs to (admins: all
     * group annotations, never someone else's private ones). Deleted annotations left the container.
     */
    private static String where(UserRef user, Doc doc, Filter f, Map<String, Object> params) {
        StringBuilder w = new StringBuilder("a.document_id = :doc AND a.deleted_at IS NULL AND ("
                + "(a.visibility = 'private' AND a.author_id = :me) OR (a.visibility = 'group' AND ");
        w.append(user.isAdmin() ? "true" : "EXISTS (SELECT 1 FROM membership m WHERE m.group_id = a.group_id AND m.user_id = :me)");
        w.append("))");
        params.put("doc", doc.id());
        params.put("me", user.id());
        if (f.group() != null) {
            w.append(" AND a.group_id = :group");
            params.put("group", f.group());
        }
        if (f.creator() != null) {
            UUID creatorId = asUuid(f.creator());
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
            params.put("tag", AnnotationJsonLd.write(JsonNodeFactory.instance.arrayNode()
                    .add(JsonNodeFactory.instance.objectNode().put("purpose", "tagging").put("value", f.tag()))));
        }
        if (f.motivation() != null) {
            w.append(" AND a.motivation = :motivation");
            params.put("motivation", f.motivation());
        }
        if (f.visibility() != null) {
            w.append(" AND a.visibility = :visibility");
            params.put("visibility", f.visibility());
        }
        return w.toString();
    }

    static UUID asUuid(String s) {
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
            return i.atOffset(java.time.ZoneOffset.UTC);
        }
        if (o instanceof java.sql.Timestamp ts) {
            return ts.toInstant().atOffset(java.time.ZoneOffset.UTC);
        }
        throw new IllegalStateException("unexpected timestamp type " + o.getClass());
    }

    private static AnnotationJsonLd.Author author(AppUser u) {
        return new AnnotationJsonLd.Author(u.id, u.username, u.displayName);
    }

    // ---- update and delete --------------------------------------------------------------------

    /**
     * Replaces the annotation with the draft after checking the caller's {@code If-Match}; keeps the
     * replaced version in annotation_revision. Group, visibility, thread and canonical are fixed.
     */
    @Transactional
    public Shown update(UserRef user, String slug, UUID id, AnnotationInput.Draft draft, String ifMatch) {
        Doc doc = document(slug);
        Seen seen = editable(user, doc, id, ifMatch, true);
        Annotation a = seen.annotation();
        String iri = presenter.annotationIri(slug, id);
        if (draft.clientId() != null && !draft.clientId().equals(iri)) {
            throw ProblemException.field(400, "id", "id must be this annotation's IRI " + iri);
        }
        if (draft.group() != null && !draft.group().equals(a.groupId)) {
            throw ProblemException.field(400, "group", "the group of an annotation cannot change");
        }
        if (draft.visibility() != null && !draft.visibility().equals(a.visibility)) {
            throw ProblemException.field(400, "visibility", "the visibility of an annotation cannot change");
        }
        if (draft.canonical() != null && !draft.canonical().equals(a.canonical)) {
            throw ProblemException.field(400, "canonical", "canonical is kept unchanged once set");
        }
        if (!Objects.equals(draft.parentId(), a.parentId)) {
            throw ProblemException.field(400, "target", a.isReply() ? "a reply stays a reply to the same annotation"
                    : "an annotation on the text cannot become a reply");
        }
        AppUser author = em.find(AppUser.class, a.authorId);
        keepRevision(user, a, slug, author, "update");
        a.motivation = draft.motivation();
        a.body = AnnotationJsonLd.write(draft.body());
        if (!a.isReply()) {
            anchor(a, doc, draft.selector());
        }
        a.version++;
        a.modifiedAt = OffsetDateTime.now();
        em.flush();
        changed.fire(new AnnotationVersions.Changed(slug));
        return new Shown(a, author(author), seen.target());
    }

    /** Soft delete: the row and its revisions stay; the annotation leaves the container. */
    @Transactional
    public void delete(UserRef user, String slug, UUID id, String ifMatch) {
        Doc doc = document(slug);
        Annotation a = editable(user, doc, id, ifMatch, false).annotation();
        keepRevision(user, a, slug, em.find(AppUser.class, a.authorId), "delete");
        a.deletedAt = OffsetDateTime.now();
        a.version++;
        em.flush();
        changed.fire(new AnnotationVersions.Changed(slug));
    }

    private Seen editable(UserRef user, Doc doc, UUID id, String ifMatch, boolean ifMatchRequired) {
        Annotation found = em.find(Annotation.class, id);
        if (found == null || !found.documentId.equals(doc.id()) || found.isDeleted()) {
            throw new ProblemException(404, "Nothing is here.");
        }
        Target.Annotation target = target(user, found);
        permissions.require(user, Action.EDIT_ANNOTATION, target);
        // lock and re-read, then compare: two writers with the same If-Match cannot both win
        Annotation a = found;
        em.refresh(a, LockModeType.PESSIMISTIC_WRITE);
        if (a.isDeleted()) {
            throw new ProblemException(404, "Nothing is here.");
        }
        if (ifMatch == null || ifMatch.isBlank()) {
            if (ifMatchRequired) {
                throw ProblemException.field(428, "If-Match",
                        "send If-Match with the ETag of the version you edited, so no one else's change is lost");
            }
            return new Seen(a, target);
        }
        if (!Etags.matches(ifMatch, Etags.annotation(a))) {
            throw ProblemException.field(412, "If-Match", "the annotation changed since you read it; GET it again");
        }
        return new Seen(a, target);
    }

    private void keepRevision(UserRef user, Annotation a, String slug, AppUser author, String reason) {
        AnnotationRevision r = new AnnotationRevision();
        r.annotationId = a.id;
        r.version = a.version;
        r.snapshot = AnnotationJsonLd.write(presenter.document(a, slug, author == null ? null : author(author)));
        r.replacedBy = user.id();
        r.replacedAt = OffsetDateTime.now();
        r.reason = reason;
        em.persist(r);
    }
}
