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
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.scholion.annotations.AnnotatedDocuments.Doc;
import org.scholion.annotations.listing.ViewerExtras.Extras;
import org.scholion.annotations.AnnotationQueries.Shown;
import org.scholion.anchoring.Anchorer;
import org.scholion.annotations.listing.ViewerExtras;
import org.scholion.documents.RevisionTexts;
import jakarta.enterprise.event.Event;
import org.scholion.domain.DomainError;
import org.scholion.domain.ModerationState;
import org.scholion.groups.Memberships;
import org.scholion.security.Action;
import org.scholion.security.AppUser;
import org.scholion.security.Permissions;
import org.scholion.security.Target;
import org.scholion.security.UserRef;

/**
 * Writing annotations: create, replace, soft-delete. Every decision about who may do what goes
 * through {@link Permissions}; the replaced version of every edit and delete is kept in
 * {@code annotation_revision}. The database moves the row's version on every write (see
 * {@link Annotation#rowVersion}), which is what item ETags are made from.
 */
@ApplicationScoped
public class AnnotationService {

    /**
     * The version a change is based on, as the client knows it.
     *
     * @param rowVersion the {@link Annotation#rowVersion} the client read; ignored when {@code any}
     * @param flagsSeen  the version of the flags the client was shown with it
     *                   ({@link ViewerExtras.Extras#flagsSeen}), null for none
     */
    public record ExpectedVersion(boolean given, boolean any, long rowVersion, String flagsSeen) {
        /** The client named no version. */
        public static final ExpectedVersion NONE = new ExpectedVersion(false, false, 0, null);
        /** The client accepts whatever version is current ({@code If-Match: *}). */
        public static final ExpectedVersion ANY = new ExpectedVersion(true, true, 0, null);
        /** The client named a version this annotation never had (it can only be stale). */
        public static final ExpectedVersion UNKNOWN = new ExpectedVersion(true, false, -1, null);

        public static ExpectedVersion of(long rowVersion, String flagsSeen) {
            return new ExpectedVersion(true, false, rowVersion, flagsSeen);
        }

        boolean matches(Annotation a, String currentFlagsSeen) {
            return any || rowVersion == a.rowVersion && Objects.equals(flagsSeen, currentFlagsSeen);
        }
    }

    private final EntityManager em;
    private final Permissions permissions;
    private final Memberships memberships;
    private final AnnotationQueries queries;
    private final Revisions revisions;
    private final Threads threads;
    private final Event<ModerationChanged> moderationChanged;
    private final Event<AuthorEdited> authorEdited;
    private final int maxReplyDepth;
    private final RevisionTexts revisionTexts;
    private final RevisionPairs revisionPairs;

    private final Notices notices;
    private final ViewerExtras viewerExtras;

    AnnotationService(EntityManager em, Permissions permissions, Memberships memberships, AnnotationQueries queries,
            Revisions revisions, Threads threads, Event<ModerationChanged> moderationChanged, Event<AuthorEdited> authorEdited,
            @ConfigProperty(name = "scholion.annotations.max-reply-depth") int maxReplyDepth, RevisionTexts revisionTexts,
            RevisionPairs revisionPairs, Notices notices, ViewerExtras viewerExtras) {
        this.viewerExtras = viewerExtras;
        this.notices = notices;
        this.maxReplyDepth = maxReplyDepth;
        this.revisionTexts = revisionTexts;
        this.revisionPairs = revisionPairs;
        this.em = em;
        this.permissions = permissions;
        this.memberships = memberships;
        this.queries = queries;
        this.revisions = revisions;
        this.threads = threads;
        this.moderationChanged = moderationChanged;
        this.authorEdited = authorEdited;
    }

    // ---- create -------------------------------------------------------------------------------

    /**
     * @param proposedName a name the caller proposed for the new annotation, or empty: see {@link #idFor}
     */
    @Transactional
    public Shown create(UserRef user, Doc doc, Draft draft, Optional<String> proposedName) {
        return createWithin(user, doc, draft, proposedName);
    }

    /**
     * As {@link #create}, in the caller's transaction, which must be active: a refusal
     * ({@link DomainError}) leaves it usable, for an import that writes many annotations all or
     * nothing and reports every refusal (it rolls back when there was one).
     */
    public Shown createWithin(UserRef user, Doc doc, Draft draft, Optional<String> proposedName) {
        draft.requireConsistent();
        Annotation a = new Annotation();
        Optional<UUID> proposedId = proposedName.map(name -> idFor(user, doc, name));
        if (proposedId.isPresent() && em.find(Annotation.class, proposedId.get()) != null) {
            throw DomainError.idTaken("you already created an annotation under this name in this container; propose another name,"
                    + " or none");
        }
        a.id = proposedId.orElseGet(UUID::randomUUID);
        a.documentId = doc.id();
        a.revision = doc.revision();
        a.checkedRevision = doc.revision();
        a.authorId = user.id();
        a.motivation = draft.motivation().wire();
        a.body = StoredBodies.write(withSourceIds(draft.body(), List.of()));
        a.canonical = draft.canonical();
        a.via = draft.via();
        Target.Group group = null;
        if (draft.parentId() != null) {
            AnnotationQueries.Found found = queries.readable(user, doc, draft.parentId(), "target");
            Annotation parent = found.annotation();
            if (parent.isDeleted()) {
                throw DomainError.conflict("target", "the annotation replied to was deleted");
            }
            permissions.require(user, Action.REPLY, found.target(), "target");
            if (parent.moderationState() != ModerationState.VISIBLE || parent.threadConcealed) {
                throw DomainError.conflict("target", "the annotation replied to is " + (parent.threadConcealed ? "in a hidden thread"
                        : parent.moderationState().wire()) + ": it takes replies once a moderator makes it visible");
            }
            int depth = threads.depth(parent.id, maxReplyDepth) + 1;
            if (depth > maxReplyDepth) {
                throw DomainError.conflict("target", "replies nest at most " + maxReplyDepth + " deep and this one would be deeper:"
                        + " reply to an annotation higher in the thread");
            }
            if (draft.group() != null && !draft.group().equals(parent.groupId)) {
                throw DomainError.invalid("group", "a reply belongs to its thread's group");
            }
            if (draft.visibility() != null && !draft.visibility().equals(parent.visibility)) {
                throw DomainError.invalid("visibility", "a reply has its thread's visibility");
            }
            a.parentId = parent.id;
            a.rootId = parent.rootId;
            // a reply follows its thread from revision to revision
            a.revision = parent.revision;
            a.checkedRevision = parent.checkedRevision;
            a.anchoring = parent.anchoring;
            a.groupId = parent.groupId;
            a.visibility = parent.visibility;
            a.client = client(draft, a.revision);
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
            a.client = client(draft, anchor(a, doc, draft.selector(), draft.revision()));
        }
        if (a.groupId != null) {
            group = memberships.standing(a.groupId, user).orElseThrow(
                    () -> DomainError.notFound("group", "no group you belong to has this id"));
            permissions.require(user, Action.ANNOTATE_IN_GROUP, group, "group");
            a.byModerator = moderates(user, group);
            requireSources(user, group, draft);
            if (group.settings().preModeration() && !a.byModerator) {
                a.moderationState(ModerationState.PENDING);
                a.everVisible = false;
            }
        }
        OffsetDateTime now = OffsetDateTime.now();
        a.createdAt = now;
        a.modifiedAt = now;
        a.version = 1;
        try {
            em.persist(a);
            em.flush();
        } catch (PersistenceException e) {
            RevisionMoved.rethrowIfSo(e);
            if (proposedId.isPresent() && proposedId.get().equals(a.id)) {
                // two requests of this caller raced with the same name: the second learns it is taken
                throw DomainError.idTaken("you already created an annotation under this name in this container just now");
            }
            throw e;
        }
        if (a.moderationState() == ModerationState.PENDING) {
            moderationChanged.fire(new ModerationChanged(a.id, a.groupId, user.id(), null, ModerationState.PENDING, "submit"));
        }
        // what its author is told of a new annotation, as a GET would tell them: not upvoted, not flagged, no
        // reviews, and for a moderator no open flags; so the answer carries the card's etag as the page would
        Target.Annotation target = a.asTarget(group, 1, false);
        Extras fresh = new Extras(false, false, org.scholion.security.Visibility.MODERATES.test(user, target) ? 0 : null, Map.of(), null,
                null);
        return new Shown(a, new Author(user.id(), user.username(), user.displayName()), target, fresh);
    }

    /**
     * The id of an annotation whose name the caller proposed: a name-based UUID of the caller, the
     * document and the name. A proposed name is scoped to its caller, so whether an id is taken tells
     * the caller only about their own annotations — never whether someone else's exists — and the same
     * name twice is the same id (a retried POST cannot make a second annotation). Another caller cannot
     * reach these ids: their names start with their own user id, and finding a name of theirs with the
     * same digest would be a second preimage of MD5, which is not known to be feasible; random ids are
     * version 4 and these version 3, so the two never meet.
     */
    static UUID idFor(UserRef user, Doc doc, String name) {
        String us = "\u001f";
        return UUID.nameUUIDFromBytes(("scholion:annotation" + us + user.id() + us + doc.id() + us + name)
                .getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    /** Admins and the group's moderators: they set the rules, so their own writes are not held for approval. */
    private static boolean moderates(UserRef user, Target.Group group) {
        return user.isAdmin() || group.isModerator();
    }

    /** A group may ask members for at least one source on every top-level comment. */
    private static void requireSources(UserRef user, Target.Group group, Draft draft) {
        if (group.settings().requireSources() && !moderates(user, group)
                && draft.motivation() == Motivation.COMMENTING && draft.parentId() == null && draft.body().sources().isEmpty()) {
            throw DomainError.invalid("body", "this group asks for at least one source on every comment: add a SpecificResource"
                    + " body with purpose linking (its source is the cited work's IRI)");
        }
    }

    /**
     * Anchors on the document's current revision, or — when the client made the selector on an
     * older revision (its target's TimeState) — on that revision, carried forward to the current one
     * as re-anchoring would have moved it. "Current" is what this instance has cached; the database
     * checks it as the row is written (V13: a trigger, under the document's advisory lock, which a
     * publish takes exclusively), and refuses an anchor on a revision that is no longer current with
     * {@link RevisionMoved}, on which the caller anchors again on the new one.
     */
    private int anchor(Annotation a, Doc doc, Anchorer.Selector selector, Integer madeOn) {
        int current = doc.revision();
        int on = madeOn == null ? current : madeOn;
        if (on > current) {
            throw DomainError.conflict("target.state.cached", "the document has no revision " + on + " (its current one is " + current + ")");
        }
        Anchorer.Text text = on == doc.revision() ? doc.text() : revisionTexts.text(doc.id(), on);
        Anchorer.Resolved resolved = Anchorer.resolveLeniently(text, selector);
        notices.add(resolved.notice());
        Anchorer.Anchor anchor = resolved.anchor();
        a.start = anchor.start();
        a.end = anchor.end();
        a.exact = anchor.exact();
        a.prefix = anchor.prefix();
        a.suffix = anchor.suffix();
        a.revision = on;
        a.checkedRevision = on;
        a.anchoring = "exact";
        a.originalExact = null;
        if (on < current) {
            a.reanchored(revisionPairs.between(doc.id(), on, current).reanchor(anchor), current);
        }
        return on;
    }

    /**
     * What the client said that Scholion keeps (issue 19), with the revision its target part holds
     * for: the one the selectors were made on.
     */
    private static String client(Draft draft, int madeOn) {
        if (draft.client() == null) {
            return null;
        }
        com.fasterxml.jackson.databind.node.ObjectNode c = draft.client().deepCopy();
        if (c.has("target")) {
            ((com.fasterxml.jackson.databind.node.ObjectNode) c.get("target")).put("targetOn", madeOn);
        }
        return c.toString();
    }

    /**
     * Sources keep their identity across edits, and with it what moderators said of them: a
     * source sent with the id of one of the annotation's current sources keeps it if it cites the
     * same work; one sent without an id takes the id of the current source citing the same work,
     * if any. Any other source is new, with a new id — an id the client sends is never taken on
     * its word, so no review can pass to another work. Ids are unique in an annotation.
     */
    static Body withSourceIds(Body body, List<Body.Source> current) {
        Map<UUID, Body.Source> byId = new HashMap<>();
        Map<String, UUID> byWork = new HashMap<>();
        for (Body.Source s : current) {
            byId.put(s.id(), s);
            byWork.putIfAbsent(s.iri(), s.id());
        }
        Set<UUID> sent = new HashSet<>();
        for (Body.Source s : body.sources()) {
            if (s.id() != null && !sent.add(s.id())) {
                throw DomainError.invalid("body", "two sources have the same id urn:uuid:" + s.id());
            }
        }
        Set<UUID> used = new HashSet<>();
        List<Body.Source> out = new ArrayList<>();
        for (Body.Source s : body.sources()) {
            Body.Source named = s.id() == null ? null : byId.get(s.id());
            UUID id;
            if (named != null && named.iri().equals(s.iri()) && !used.contains(s.id())) {
                id = s.id();
            } else {
                UUID same = s.id() == null ? byWork.get(s.iri()) : null;
                id = same != null && !used.contains(same) && !sent.contains(same) ? same : UUID.randomUUID();
            }
            used.add(id);
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
        Target.Annotation target = queries.target(user, a);
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
        if (target.group() != null) {
            requireSources(user, target.group(), draft);
        }
        Author author = author(a);
        revisions.keep(user, a, doc, author, "update");
        AuthorEdited.Claim before = AuthorEdited.Claim.of(a);
        Body body = withSourceIds(draft.body(), before.body().sources());
        a.motivation = draft.motivation().wire();
        a.body = StoredBodies.write(body);
        if (!a.isReply()) {
            a.client = client(draft, anchor(a, doc, draft.selector(), draft.revision()));
        } else {
            a.client = client(draft, a.revision);
        }
        AuthorEdited edited = AuthorEdited.between(before, a, body, user.id());
        if (edited.changedAnything()) {
            authorEdited.fire(edited);
        }
        a.version++;
        a.modifiedAt = OffsetDateTime.now();
        // in a pre-moderated group a member's edit of an approved annotation waits for approval again
        boolean backToPending = target.group() != null && target.group().settings().preModeration()
                && !moderates(user, target.group()) && a.moderationState() == ModerationState.VISIBLE;
        if (backToPending) {
            a.moderationState(ModerationState.PENDING);
            a.moderatedAt = a.modifiedAt;
            moderationChanged.fire(new ModerationChanged(a.id, a.groupId, user.id(), ModerationState.VISIBLE, ModerationState.PENDING,
                    "edit"));
        }
        try {
            em.flush();
        } catch (PersistenceException e) {
            RevisionMoved.rethrowIfSo(e);
            throw e;
        }
        if (backToPending) {
            threads.reconceal(a.rootId);
        }
        return queries.shown(user, a);
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

    /** The annotation locked for a change by its author, at the expected version; a deleted one is not there. */
    private Annotation editable(UserRef user, Doc doc, UUID id, ExpectedVersion expected, boolean versionRequired) {
        Annotation a = em.find(Annotation.class, id);
        if (a == null || !a.documentId.equals(doc.id()) || a.isDeleted()) {
            throw DomainError.notFound();
        }
        Annotation locked = forChange(user, doc, id, a, Action.EDIT_ANNOTATION, expected, versionRequired);
        if (locked.isDeleted()) {
            throw DomainError.notFound();
        }
        return locked;
    }

    /**
     * The annotation, row-locked for a change the permission map allows the caller ({@code action}),
     * at the version the caller expects: the one way every write to an annotation starts (edits,
     * deletes, moderation). Deleted annotations are returned as they are; whether the change
     * applies to one is the caller's rule.
     *
     * @param versionRequired whether the change needs the caller's expected version (If-Match)
     */
    public Annotation forChange(UserRef user, Doc doc, UUID id, Action action, ExpectedVersion expected, boolean versionRequired) {
        return forChange(user, doc, id, null, action, expected, versionRequired);
    }

    /**
     * As above, for an annotation this transaction may have loaded already ({@code known}, or null):
     * that one is read again under the lock; otherwise the one read is made under the lock (a caller
     * refused below held it only until the rollback that follows).
     */
    private Annotation forChange(UserRef user, Doc doc, UUID id, Annotation known, Action action, ExpectedVersion expected,
            boolean versionRequired) {
        // read under the row lock, then check and compare: two writers with the same expected version cannot both win
        Annotation a = known;
        if (a == null) {
            a = em.find(Annotation.class, id, LockModeType.PESSIMISTIC_WRITE);
        } else {
            em.refresh(a, LockModeType.PESSIMISTIC_WRITE);
        }
        if (a == null || !a.documentId.equals(doc.id())) {
            throw DomainError.notFound();
        }
        permissions.require(user, action, queries.target(user, a));
        if (!expected.given()) {
            if (versionRequired) {
                throw DomainError.versionRequired(
                        "send If-Match with the ETag of the version you edited, so no one else's change is lost");
            }
        } else if (!expected.matches(a, expected.any() ? null : viewerExtras.flagsSeen(user, a))) {
            throw DomainError.stale("the annotation changed since you read it; GET it again");
        }
        return a;
    }

    private Author author(Annotation a) {
        return Optional.ofNullable(em.find(AppUser.class, a.authorId)).map(Author::of).orElse(null);
    }
}
