package org.scholion.moderation;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;
import org.scholion.annotations.AnnotatedDocuments.Doc;
import org.scholion.annotations.Annotation;
import org.scholion.annotations.AnnotationService;
import org.scholion.annotations.AnnotationService.ExpectedVersion;
import org.scholion.domain.DomainError;
import org.scholion.domain.ModerationState;
import org.scholion.security.Action;
import org.scholion.security.UserRef;

/**
 * What readers of a group annotation tell about it: a flag for the moderators (one open flag per
 * user; nobody but the moderators learns who flagged) and an upvote ("helpful", one per user).
 * Both need the permission map's {@link Action#FLAG} / {@link Action#UPVOTE} (a reader of the
 * annotation who did not write it; 409 in an archived group) and a visible annotation.
 */
@ApplicationScoped
public class ReaderFeedback {
    private final EntityManager em;
    private final AnnotationService annotations;
    private final ModerationLog log;

    ReaderFeedback(EntityManager em, AnnotationService annotations, ModerationLog log) {
        this.em = em;
        this.annotations = annotations;
        this.log = log;
    }

    /** @param created false when the caller's open flag was already there (it is returned unchanged) */
    public record Flagged(Flag flag, boolean created) {
    }

    /** Flags the annotation; idempotent per user while their flag is open. */
    @Transactional
    public Flagged flag(UserRef user, Doc doc, UUID id, FlagReason reason, String note) {
        if (reason == FlagReason.OTHER && note == null) {
            throw DomainError.invalid("note", "say what is wrong when the reason is 'other'");
        }
        Annotation a = open(user, doc, id, Action.FLAG);
        @SuppressWarnings("unchecked")
        List<Long> inserted = em.createNativeQuery("""
                INSERT INTO annotation_flag (annotation_id, document_id, group_id, flagger_id, reason, note, flagged_at)
                VALUES (:a, :doc, :group, :user, :reason, :note, :at)
                ON CONFLICT (annotation_id, flagger_id) WHERE resolved_at IS NULL DO NOTHING
                RETURNING id""", Long.class)
                .setParameter("a", a.id).setParameter("doc", a.documentId).setParameter("group", a.groupId)
                .setParameter("user", user.id()).setParameter("reason", reason.wire()).setParameter("note", note)
                .setParameter("at", OffsetDateTime.now()).getResultList();
        if (!inserted.isEmpty()) {
            log.append(a.groupId, a.id, null, user.id(), "flag", null, reason.wire(), note);
        }
        Flag flag = em.createQuery("SELECT f FROM Flag f WHERE f.annotationId = :a AND f.flaggerId = :u AND f.resolvedAt IS NULL",
                Flag.class).setParameter("a", a.id).setParameter("u", user.id()).getSingleResult();
        return new Flagged(flag, !inserted.isEmpty());
    }

    /** The annotation's upvotes after a change, and whether the caller's is among them. */
    public record Upvotes(Annotation annotation, int count, boolean mine) {
    }

    /** Upvotes the annotation or withdraws the caller's upvote; idempotent both ways. */
    @Transactional
    public Upvotes upvote(UserRef user, Doc doc, UUID id, boolean up) {
        Annotation a = open(user, doc, id, Action.UPVOTE);
        OffsetDateTime now = OffsetDateTime.now();
        if (up) {
            em.createNativeQuery("""
                    INSERT INTO annotation_upvote (annotation_id, user_id, upvoted_at) VALUES (:a, :u, :now)
                    ON CONFLICT (annotation_id, user_id) DO UPDATE SET upvoted_at = :now, withdrawn_at = NULL
                     WHERE annotation_upvote.withdrawn_at IS NOT NULL""")
                    .setParameter("a", a.id).setParameter("u", user.id()).setParameter("now", now).executeUpdate();
        } else {
            em.createNativeQuery("UPDATE annotation_upvote SET withdrawn_at = :now WHERE annotation_id = :a AND user_id = :u"
                    + " AND withdrawn_at IS NULL").setParameter("a", a.id).setParameter("u", user.id()).setParameter("now", now)
                    .executeUpdate();
        }
        int count = ((Number) em.createNativeQuery("SELECT count(*) FROM annotation_upvote WHERE annotation_id = :a"
                + " AND withdrawn_at IS NULL").setParameter("a", a.id).getSingleResult()).intValue();
        if (count != a.upvotes) {
            // everyone who reads it sees the count: the row (and its change number) moves
            a.upvotes = count;
            em.flush();
        }
        return new Upvotes(a, count, up);
    }

    /** The annotation row-locked for the reader's action: allowed to them, not deleted, visible. */
    private Annotation open(UserRef user, Doc doc, UUID id, Action action) {
        Annotation a = annotations.forChange(user, doc, id, action, ExpectedVersion.NONE, false);
        if (a.isDeleted()) {
            throw DomainError.conflict("the annotation was deleted");
        }
        if (a.moderationState() != ModerationState.VISIBLE || a.threadConcealed) {
            throw DomainError.conflict("the annotation is not visible to the group yet (" + a.moderationState().wire()
                    + "): there is nothing to flag or upvote");
        }
        return a;
    }
}
