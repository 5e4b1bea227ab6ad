package org.scholion.moderation;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.scholion.annotations.AnnotatedDocuments.Doc;
import org.scholion.annotations.Annotation;
import org.scholion.annotations.AnnotationQueries;
import org.scholion.annotations.AnnotationQueries.Shown;
import org.scholion.annotations.AnnotationService;
import org.scholion.annotations.Author;
import org.scholion.annotations.AuthorEdited;
import org.scholion.annotations.AnnotationService.ExpectedVersion;
import org.scholion.annotations.Body;
import org.scholion.annotations.Threads;
import org.scholion.domain.DomainError;
import org.scholion.domain.ModerationState;
import org.scholion.security.Action;
import org.scholion.security.AppUser;
import org.scholion.security.UserRef;

/**
 * What the moderators of a group decide about its annotations: hide and unhide (with a reason
 * the author is told), approve and reject pending annotations, restore a deleted one, lock a
 * thread, endorse, review a source. Each decision goes through the permission map
 * ({@link Action#MODERATE}: moderators and admins; 409 in an archived group), row-locks the
 * annotation at the version the moderator saw (always required: every decision names it), is an UPDATE of the annotation row (so ETags,
 * validators and live updates follow it) and writes its entry in the {@link ModerationLog} in the
 * same transaction. Nothing is ever deleted.
 */
@ApplicationScoped
public class ModerationService {
    private final EntityManager em;
    private final AnnotationService annotations;
    private final AnnotationQueries queries;
    private final Threads threads;
    private final ModerationLog log;

    ModerationService(EntityManager em, AnnotationService annotations, AnnotationQueries queries, Threads threads, ModerationLog log) {
        this.em = em;
        this.annotations = annotations;
        this.queries = queries;
        this.threads = threads;
        this.log = log;
    }

    /**
     * Sets the moderation state: {@link ModerationState#HIDDEN} needs a reason (hiding a pending
     * annotation rejects it; hiding a hidden one again with another reason changes the reason);
     * {@link ModerationState#VISIBLE} unhides or approves, and on an annotation that is already
     * visible dismisses its open flags. Hiding resolves the open flags too. A decision that changes
     * nothing writes nothing. Returns nothing: the caller answers with the moderation record, read
     * after the commit (issue 20: a result made here was thrown away).
     */
    @Transactional
    public void decide(UserRef user, Doc doc, UUID id, ModerationState state, String reason, ExpectedVersion expected) {
        if (state == ModerationState.PENDING) {
            throw DomainError.invalid("state", "state must be 'visible' or 'hidden': only an author's write makes an annotation pending");
        }
        Annotation a = moderated(user, doc, id, expected);
        String recheck = lookedAgain(a);
        ModerationState before = a.moderationState();
        OffsetDateTime now = OffsetDateTime.now();
        if (state == ModerationState.HIDDEN) {
            if (reason == null) {
                throw DomainError.invalid("reason", "say why it is hidden: its author is told");
            }
            int flags = resolveFlags(user, a, Flag.HIDDEN, now);
            if (before != ModerationState.HIDDEN || !reason.equals(a.moderationReason)) {
                set(user, a, ModerationState.HIDDEN, reason, now);
                log.append(a.groupId, a.id, null, user.id(), before == ModerationState.PENDING ? "reject" : "hide", before.wire(),
                        ModerationState.HIDDEN.wire() + (flags == 0 ? "" : " (" + flags + " open flags resolved)"), reason);
            }
        } else if (before != ModerationState.VISIBLE) {
            set(user, a, ModerationState.VISIBLE, null, now);
            log.append(a.groupId, a.id, null, user.id(), before == ModerationState.PENDING ? "approve" : "unhide", before.wire(),
                    ModerationState.VISIBLE.wire(), reason);
        } else {
            int flags = resolveFlags(user, a, Flag.DISMISSED, now);
            if (flags > 0) {
                log.append(a.groupId, a.id, null, user.id(), "dismiss-flags", flags + " open", "0 open", reason);
            } else {
                dismissRecheck(user, a, recheck, reason);
            }
        }
        em.flush();
        if (before != a.moderationState()) {
            threads.reconceal(a.rootId);
        }
    }

    /** Undoes a delete: the annotation returns as it was (its moderation state too). The caller reads the record after. */
    @Transactional
    public void restore(UserRef user, Doc doc, UUID id, ExpectedVersion expected) {
        Annotation a = annotations.forChange(user, doc, id, Action.MODERATE, expected, true);
        if (a.isDeleted()) {
            a.deletedAt = null;
            log.append(a.groupId, a.id, null, user.id(), "restore", "deleted", "restored", null);
            em.flush();
        }
    }

    /** The state of a thread's lock after a change. */
    public record Lock(Annotation root, OffsetDateTime locked, Author lockedBy) {
    }

    /** Locks or unlocks the thread the annotation belongs to (the lock sits on its first annotation). */
    @Transactional
    public Lock lock(UserRef user, Doc doc, UUID id, boolean locked, ExpectedVersion expected) {
        Annotation a = moderated(user, doc, id, expected);
        Annotation root = a.isReply() ? em.find(Annotation.class, a.rootId, LockModeType.PESSIMISTIC_WRITE) : a;
        if ((root.lockedAt != null) != locked) {
            root.lockedAt = locked ? OffsetDateTime.now() : null;
            root.lockedBy = locked ? user.id() : null;
            log.append(root.groupId, root.id, null, user.id(), locked ? "lock" : "unlock", locked ? "open" : "locked",
                    locked ? "locked" : "open", null);
            em.flush();
        }
        AppUser by = root.lockedBy == null ? null : em.find(AppUser.class, root.lockedBy);
        return new Lock(root, root.lockedAt, by == null ? null : new Author(by.id, by.username, by.displayName));
    }

    /** Endorses (a badge everyone sees) or withdraws the endorsement; only a visible annotation is endorsed. */
    @Transactional
    public Shown endorse(UserRef user, Doc doc, UUID id, boolean endorsed, ExpectedVersion expected) {
        Annotation a = moderated(user, doc, id, expected);
        if (endorsed && a.moderationState() != ModerationState.VISIBLE) {
            throw DomainError.conflict("the annotation is " + a.moderationState().wire() + ": make it visible before endorsing it");
        }
        String recheck = lookedAgain(a);
        if ((a.endorsedAt != null) == endorsed) {
            dismissRecheck(user, a, recheck, null);
        } else {
            a.endorsedAt = endorsed ? OffsetDateTime.now() : null;
            a.endorsedBy = endorsed ? user.id() : null;
            log.append(a.groupId, a.id, null, user.id(), endorsed ? "endorse" : "unendorse", endorsed ? "not endorsed" : "endorsed",
                    endorsed ? "endorsed" : "not endorsed", null);
            em.flush();
        }
        return queries.shown(user, a);
    }

    /**
     * Reviews one source of the annotation (by its stable id), or withdraws the review
     * ({@code verdict} null). A review is a new row; the latest one of a source is its review.
     */
    @Transactional
    public Shown review(UserRef user, Doc doc, UUID id, UUID sourceId, SourceVerdict verdict, String note, ExpectedVersion expected) {
        Annotation a = moderated(user, doc, id, expected);
        List<Body.Source> sources = a.body().sources();
        if (sourceId == null || sources.stream().noneMatch(s -> s.id().equals(sourceId))) {
            throw DomainError.notFound("source", "this annotation has no source with this id");
        }
        String recheck = lookedAgain(a);
        Optional<String> current = currentVerdict(a.id, sourceId);
        String after = verdict == null ? null : verdict.wire();
        if (verdict == null && current.isEmpty()) {
            dismissRecheck(user, a, recheck, null);
            return queries.shown(user, a);
        }
        OffsetDateTime now = OffsetDateTime.now();
        em.createNativeQuery("""
                INSERT INTO source_review (annotation_id, source_id, verdict, note, reviewer_id, reviewed_at)
                VALUES (:a, :s, :verdict, :note, :reviewer, :at)""")
                .setParameter("a", a.id).setParameter("s", sourceId).setParameter("verdict", after)
                .setParameter("note", verdict == null ? null : note).setParameter("reviewer", user.id()).setParameter("at", now)
                .executeUpdate();
        // the review changes what everyone who reads the annotation sees: move the row
        a.reviewedAt = now;
        log.append(a.groupId, a.id, sourceId, user.id(), verdict == null ? "withdraw-review" : "review", current.orElse(null), after,
                verdict == null ? null : note);
        em.flush();
        return queries.shown(user, a);
    }

    // ---- verdicts follow the claim ----------------------------------------------------------------

    /**
     * A moderator's verdict belongs to what was judged. An author's edit that changes the claim
     * or any source clears the endorsement; a source's review is outdated when the claim changed
     * or that source's evidence (work, locator, excerpt) did. Each is a log entry with its reason,
     * by the author whose edit did it; an outdated review is a new row, the verdict before it
     * stays as history. Then the annotation waits on its moderators' queue until one of them acts.
     * Runs in the edit's transaction, before its flush.
     */
    void authorEdited(@Observes AuthorEdited e) {
        Annotation a = e.annotation();
        if (a.groupId == null) {
            return;
        }
        List<String> cleared = new ArrayList<>();
        if (a.endorsedAt != null) {
            a.endorsedAt = null;
            a.endorsedBy = null;
            log.append(a.groupId, a.id, null, e.editorId(), "endorsement-cleared", "endorsed", "not endorsed",
                    "edited by its author: " + e.changes());
            cleared.add("the endorsement was cleared");
        }
        int outdated = 0;
        if (a.reviewedAt != null) {
            OffsetDateTime now = OffsetDateTime.now();
            for (Map.Entry<UUID, String> review : currentVerdicts(a.id).entrySet()) {
                String why = e.claimChanges().isEmpty() ? e.changedEvidence().get(review.getKey()) : String.join("; ", e.claimChanges());
                if (why == null) {
                    continue;
                }
                em.createNativeQuery("""
                        INSERT INTO source_review (annotation_id, source_id, verdict, note, reviewer_id, reviewed_at, outdated)
                        VALUES (:a, :s, NULL, NULL, :by, :at, true)""")
                        .setParameter("a", a.id).setParameter("s", review.getKey()).setParameter("by", e.editorId())
                        .setParameter("at", now).executeUpdate();
                log.append(a.groupId, a.id, review.getKey(), e.editorId(), "review-outdated", review.getValue(), "outdated",
                        "edited by its author: " + why);
                outdated++;
            }
        }
        if (outdated > 0) {
            cleared.add(outdated == 1 ? "a source's review is outdated" : outdated + " source reviews are outdated");
        }
        if (!cleared.isEmpty()) {
            String reason = "Edited by its author after a verdict: " + String.join(" and ", cleared) + " (" + e.changes() + ")";
            a.recheckSince = a.recheckSince == null ? OffsetDateTime.now() : a.recheckSince;
            a.recheckReason = reason.length() <= 1000 ? reason : reason.substring(0, 999) + "…";
        }
    }

    /** A moderator acts on the annotation: it leaves the queue's "look again"; returns why it was there, or null. */
    private static String lookedAgain(Annotation a) {
        String reason = a.recheckReason;
        a.recheckSince = null;
        a.recheckReason = null;
        return reason;
    }

    /** A decision that changed nothing else still says the moderator looked at an annotation waiting for it. */
    private void dismissRecheck(UserRef user, Annotation a, String recheck, String reason) {
        if (recheck != null) {
            log.append(a.groupId, a.id, null, user.id(), "dismiss-recheck", recheck, null, reason);
            em.flush();
        }
    }

    /** Each source's standing verdict (the latest review row, if it has a verdict). */
    private Map<UUID, String> currentVerdicts(UUID annotationId) {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery("SELECT r.source_id, r.verdict FROM (SELECT DISTINCT ON (source_id) source_id,"
                + " verdict FROM source_review WHERE annotation_id = :a ORDER BY source_id, id DESC) r WHERE r.verdict IS NOT NULL")
                .setParameter("a", annotationId).getResultList();
        Map<UUID, String> out = new LinkedHashMap<>();
        rows.forEach(r -> out.put((UUID) r[0], (String) r[1]));
        return out;
    }

    private Optional<String> currentVerdict(UUID annotationId, UUID sourceId) {
        @SuppressWarnings("unchecked")
        List<String> v = em.createNativeQuery("SELECT verdict FROM source_review WHERE annotation_id = :a AND source_id = :s"
                + " ORDER BY id DESC LIMIT 1").setParameter("a", annotationId).setParameter("s", sourceId).getResultList();
        return v.isEmpty() ? Optional.empty() : Optional.ofNullable(v.get(0));
    }

    /**
     * The annotation, row-locked for a moderator's decision at the version the moderator saw (their
     * If-Match is required: a decision on a card that changed since it was shown is refused, issue
     * 17); a deleted one must be restored first.
     */
    private Annotation moderated(UserRef user, Doc doc, UUID id, ExpectedVersion expected) {
        Annotation a = annotations.forChange(user, doc, id, Action.MODERATE, expected, true);
        if (a.isDeleted()) {
            throw DomainError.conflict("the annotation was deleted: restore it first");
        }
        return a;
    }

    private static void set(UserRef user, Annotation a, ModerationState state, String reason, OffsetDateTime now) {
        a.moderationState(state);
        a.everVisible |= state == ModerationState.VISIBLE;
        a.moderationReason = reason;
        a.moderatedAt = now;
        a.moderatedBy = user.id();
    }

    /** Resolves the annotation's open flags; returns how many. */
    private int resolveFlags(UserRef user, Annotation a, String resolution, OffsetDateTime now) {
        return em.createNativeQuery("""
                UPDATE annotation_flag SET resolved_at = :now, resolved_by = :by, resolution = :resolution
                 WHERE annotation_id = :a AND resolved_at IS NULL""")
                .setParameter("now", now).setParameter("by", user.id()).setParameter("resolution", resolution)
                .setParameter("a", a.id).executeUpdate();
    }
}
