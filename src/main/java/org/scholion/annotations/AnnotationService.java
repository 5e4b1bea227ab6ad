package org.scholion.annotations;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.PersistenceException;
import jakarta.transaction.Transactional;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.scholion.annotations.AnnotatedDocuments.Doc;
import org.scholion.annotations.AnnotationQueries.Author;
import org.scholion.annotations.AnnotationQueries.Shown;
import org.scholion.annotations.anchoring.TextAnchor;
import org.scholion.domain.DomainError;
import org.scholion.groups.Memberships;
import org.scholion.security.Action;
import org.scholion.security.AppUser;
import org.scholion.security.Permissions;
import org.scholion.security.Target;
import org.scholion.security.UserRef;

/**
 * Writing annotations: create, replace, soft-delete. Every decision about who may do what goes
 * through {@link Permissions}; the replaced version of every edit and delete is kept in
 * {@code annotation_revision}. The database moves the row's change number on every write (see
 * {@link Annotation#changeSeq}), which is what validators are made from.
 */
@ApplicationScoped
public class AnnotationService {

    /**
     * The version a change is based on, as the client knows it.
     *
     * @param changeSeq the {@link Annotation#changeSeq} the client read; ignored when {@code any}
     */
    public record ExpectedVersion(boolean given, boolean any, long changeSeq) {
        /** The client named no version. */
        public static final ExpectedVersion NONE = new ExpectedVersion(false, false, 0);
        /** The client accepts whatever version is current ({@code If-Match: *}). */
        public static final ExpectedVersion ANY = new ExpectedVersion(true, true, 0);
        /** The client named a version this annotation never had (it can only be stale). */
        public static final ExpectedVersion UNKNOWN = new ExpectedVersion(true, false, -1);

        public static ExpectedVersion of(long changeSeq) {
            return new ExpectedVersion(true, false, changeSeq);
        }

        boolean matches(Annotation a) {
            return any || changeSeq == a.changeSeq;
        }
    }

    private final EntityManager em;
    private final Permissions permissions;
    private final Memberships memberships;
    private final AnnotationQueries queries;
    private final Revisions revisions;

    AnnotationService(EntityManager em, Permissions permissions, Memberships memberships, AnnotationQueries queries,
            Revisions revisions) {
        this.em = em;
        this.permissions = permissions;
        this.memberships = memberships;
        this.queries = queries;
        this.revisions = revisions;
    }

    // ---- create -------------------------------------------------------------------------------

    /**
     * @param proposedId the id the client proposed; used when no annotation has it, else a new one
     */
    @Transactional
    public Shown create(UserRef user, Doc doc, Draft draft, Optional<UUID> proposedId) {
        draft.requireConsistent();
        Annotation a = new Annotation();
        a.id = proposedId.filter(id -> em.find(Annotation.class, id) == null).orElseGet(UUID::randomUUID);
        a.documentId = doc.id();
        a.authorId = user.id();
        a.motivation = draft.motivation().wire();
        a.body = StoredBodies.write(withSourceIds(draft.body(), List.of()));
        a.canonical = draft.canonical();
        a.via = draft.via();
        Target.Group group = null;
        if (draft.parentId() != null) {
            Annotation parent = queries.readable(user, doc, draft.parentId(), "target");
            if (parent.isDeleted()) {
                throw DomainError.conflict("target", "the annotation replied to was deleted");
            }
            if (draft.group() != null && !draft.group().equals(parent.groupId)) {
                throw DomainError.invalid("group", "a reply belongs to its thread's group");
            }
            if (draft.visibility() != null && !draft.visibility().equals(parent.visibility)) {
                throw DomainError.invalid("visibility", "a reply has its thread's visibility");
            }
            a.parentId = parent.id;
            a.rootId = parent.rootId;
            a.groupId = parent.groupId;
            a.visibility = parent.visibility;
        } else {
            String visibility = draft.visibility() != null ? draft.visibility()
                    : draft.group() != null ? Annotation.GROUP : Annotation.PRIVATE;
            if (visibility.equals(Annotation.PRIVATE) && draft.group() != null) {
                throw DomainError.invalid("group", "a private annotation belongs to no group; leave out group");
            }
            if (visibility.equals(Annotation.GROUP) && draft.group() == null) {
                throw DomainError.invalid("group", "visibility 'group' needs the group's id");
            }
            if (draft.selector() == null) {
                throw DomainError.invalid("target.selector", "an annotation on the text needs a selector");
            }
            a.rootId = a.id;
            a.groupId = draft.group();
            a.visibility = visibility;
            anchor(a, doc, draft.selector());
        }
        if (a.groupId != null) {
            group = memberships.standing(a.groupId, user).orElseThrow(
                    () -> DomainError.notFound("group", "no group you belong to has this id"));
            permissions.require(user, Action.ANNOTATE_IN_GROUP, group, "group");
        }
        OffsetDateTime now = OffsetDateTime.now();
        a.createdAt = now;
        a.modifiedAt = now;
        a.version = 1;
        try {
            em.persist(a);
            em.flush();
        } catch (PersistenceException e) {
            if (proposedId.isPresent() && proposedId.get().equals(a.id)) {
                // two requests raced for the same free proposed id: the second learns it is taken
                throw DomainError.idTaken("another annotation took this id just now; send again without proposing one");
            }
            throw e;
        }
        return new Shown(a, new Author(user.id(), user.username(), user.displayName()), a.asTarget(group));
    }

    private static void anchor(Annotation a, Doc doc, TextAnchor.Selector selector) {
        TextAnchor.Anchor anchor = TextAnchor.resolve(doc.text(), selector);
        a.start = anchor.start();
        a.end = anchor.end();
        a.exact = anchor.exact();
        a.prefix = anchor.prefix();
        a.suffix = anchor.suffix();
    }

    /**
     * Sources keep their identity across edits: a source sent with the id of one of the
     * annotation's current sources keeps it; one sent without an id takes the id of the current
     * source citing the same work, if any; otherwise it is new. Ids are unique in an annotation.
     */
    static Body withSourceIds(Body body, List<Body.Source> current) {
        Map<UUID, Body.Source> byId = new HashMap<>();
        Map<String, UUID> byWork = new HashMap<>();
        for (Body.Source s : current) {
            byId.put(s.id(), s);
            byWork.putIfAbsent(s.iri(), s.id());
        }
        Set<UUID> used = new HashSet<>();
        List<Body.Source> out = new ArrayList<>();
        for (int i = 0; i < body.sources().size(); i++) {
            Body.Source s = body.sources().get(i);
            UUID id = s.id();
            if (id == null) {
                UUID same = byWork.get(s.iri());
                id = same != null && !used.contains(same) ? same : UUID.randomUUID();
            }
            if (!used.add(id)) {
                throw DomainError.invalid("body", "two sources have the same id urn:uuid:" + id);
            }
            out.add(s.withId(id));
        }
        return new Body(body.comment(), body.tags(), body.verdict(), out);
    }

    // ---- update and delete --------------------------------------------------------------------

    /**
     * Replaces the annotation with the draft, if {@code expected} is its current version; keeps the
     * replaced version. Group, visibility, thread and canonical are fixed.
     */
    @Transactional
    public Shown update(UserRef user, Doc doc, UUID id, Draft draft, ExpectedVersion expected) {
        draft.requireConsistent();
        Annotation a = editable(user, doc, id, expected, true);
        if (draft.group() != null && !draft.group().equals(a.groupId)) {
            throw DomainError.invalid("group", "the group of an annotation cannot change");
        }
        if (draft.visibility() != null && !draft.visibility().equals(a.visibility)) {
            throw DomainError.invalid("visibility", "the visibility of an annotation cannot change");
        }
        if (draft.canonical() != null && !draft.canonical().equals(a.canonical)) {
            throw DomainError.invalid("canonical", "canonical is kept unchanged once set");
        }
        if (!Objects.equals(draft.parentId(), a.parentId)) {
            throw DomainError.invalid("target", a.isReply() ? "a reply stays a reply to the same annotation"
                    : "an annotation on the text cannot become a reply");
        }
        Author author = author(a);
        revisions.keep(user, a, doc, author, "update");
        a.motivation = draft.motivation().wire();
        a.body = StoredBodies.write(withSourceIds(draft.body(), a.body().sources()));
        if (!a.isReply()) {
            anchor(a, doc, draft.selector());
        }
        a.version++;
        a.modifiedAt = OffsetDateTime.now();
        em.flush();
        return new Shown(a, author, queries.target(user, a));
    }

    /** Soft delete: the row and its revisions stay; the annotation leaves the container. */
    @Transactional
    public void delete(UserRef user, Doc doc, UUID id, ExpectedVersion expected) {
        Annotation a = editable(user, doc, id, expected, false);
        revisions.keep(user, a, doc, author(a), "delete");
        a.deletedAt = OffsetDateTime.now();
        a.version++;
        em.flush();
    }

    /** The annotation locked for a change by the caller, at the expected version. */
    private Annotation editable(UserRef user, Doc doc, UUID id, ExpectedVersion expected, boolean versionRequired) {
        Annotation a = em.find(Annotation.class, id);
        if (a == null || !a.documentId.equals(doc.id()) || a.isDeleted()) {
            throw DomainError.notFound();
        }
        permissions.require(user, Action.EDIT_ANNOTATION, queries.target(user, a));
        // lock and re-read, then compare: two writers with the same expected version cannot both win
        em.refresh(a, LockModeType.PESSIMISTIC_WRITE);
        if (a.isDeleted()) {
            throw DomainError.notFound();
        }
        if (!expected.given()) {
            if (versionRequired) {
                throw DomainError.versionRequired(
                        "send If-Match with the ETag of the version you edited, so no one else's change is lost");
            }
        } else if (!expected.matches(a)) {
            throw DomainError.stale("the annotation changed since you read it; GET it again");
        }
        return a;
    }

    private Author author(Annotation a) {
        return Optional.ofNullable(em.find(AppUser.class, a.authorId)).map(Author::of).orElse(null);
    }
}
