package org.scholion.moderation;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.scholion.annotations.Annotation;
import org.scholion.annotations.Author;
import org.scholion.annotations.jsonld.Iris;
import org.scholion.annotations.jsonld.Representations;

/** The JSON answers of the moderation API (records at the edge), built from the domain's values. */
@ApplicationScoped
public class ModerationViews {

    @Schema(name = "ModerationUser")
    public record UserView(@Schema(description = "The user's IRI") String id, @Schema(example = "ines") String username,
            @Schema(example = "Ines Alvarez") String name) {
    }

    @Schema(name = "Flag", description = "A flag; `by` only in answers to moderators")
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record FlagView(String annotation, @Schema(example = "misinformation") String reason, String note, OffsetDateTime flagged,
            UserView by, OffsetDateTime resolved, @Schema(enumeration = { "hidden", "dismissed" }) String resolution) {
    }

    @Schema(name = "ModerationLogEntry")
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record LogView(long id, OffsetDateTime at, UserView actor,
            @Schema(example = "hide", description = "Moderation: submit, edit (back to pending), flag, hide, reject, unhide,"
                    + " approve, dismiss-flags, restore, lock, unlock, endorse, unendorse, review, withdraw-review, settings."
                    + " The group: create, join, leave, remove, role-change, update, archive, unarchive, rotate-code,"
                    + " reading-assign, reading-update, reading-remove. Reports: rubric, score-override. Webhooks: webhook.disabled"
                    + " (its owner as the actor, the endpoint as the subject)") String action,
            @Schema(description = "The annotation's IRI; absent for an entry about the group") String annotation,
            @Schema(description = "The reviewed source (urn:uuid:…)") String source,
            @Schema(example = "visible") String before, @Schema(example = "hidden") String after,
            @Schema(example = "Off-topic") String reason,
            @Schema(description = "Whom or what the entry is about besides an annotation: the member who joined, was promoted or"
                    + " removed; the document assigned; the student whose score was set; the webhook disabled (their user id, the"
                    + " document's id, the webhook's id)")
            UUID subject) {
    }

    @Schema(name = "Moderation", description = "An annotation's moderation as its moderators see it")
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record RecordView(String annotation, @Schema(enumeration = { "visible", "pending", "hidden" }) String state,
            String reason, OffsetDateTime moderated, UserView moderatedBy, OffsetDateTime deleted, OffsetDateTime locked,
            OffsetDateTime endorsed, int upvotes, List<FlagView> flags, List<LogView> history) {
    }

    @Schema(name = "Upvotes")
    public record UpvoteView(String annotation, int upvotes, boolean upvotedByMe) {
    }

    @Schema(name = "Endorsement")
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record EndorsementView(String annotation, OffsetDateTime endorsed, UserView endorsedBy) {
    }

    @Schema(name = "ThreadLock")
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record LockView(@Schema(description = "The IRI of the thread's first annotation") String thread, OffsetDateTime locked,
            UserView lockedBy) {
    }

    @Schema(name = "SourceReview")
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record ReviewView(String annotation, @Schema(description = "The source's id (urn:uuid:…)") String source,
            @Schema(enumeration = { "verified", "does-not-support", "unreliable" }) String verdict, String note,
            OffsetDateTime reviewed, UserView reviewer) {
    }

    @Schema(name = "ModerationQueueItem")
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record QueueItemView(
            @Schema(description = "The W3C Web Annotation as the moderator sees it (with moderationState, flagCount …)")
            ObjectNode annotation, DocumentView document, String state, OffsetDateTime deleted, List<FlagView> flags,
            @Schema(description = "Set when an edit of its author cleared a moderator's verdict (the endorsement, a source's"
                    + " review) and no moderator has acted on it since; null otherwise") RecheckView recheck) {
    }

    @Schema(name = "ModerationRecheck")
    public record RecheckView(@Schema(description = "When the first such edit was made") OffsetDateTime since,
            @Schema(description = "What the edit cleared, and what it changed") String reason) {
    }

    @Schema(name = "ModerationDocument")
    public record DocumentView(String slug, String title) {
    }

    @Schema(name = "ModerationQueue")
    public record QueueView(UUID group, @Schema(enumeration = { "open", "flagged", "pending", "recheck", "hidden", "orphaned", "deleted", "all" })
            String filter, long total, int page, int pageSize, List<QueueItemView> items) {
    }

    @Schema(name = "ModerationLog")
    public record LogPageView(UUID group, long total, int page, int pageSize, List<LogView> items) {
    }

    private final Iris iris;
    private final Representations writer;

    ModerationViews(Iris iris, Representations writer) {
        this.iris = iris;
        this.writer = writer;
    }

    UserView user(Author a) {
        return a == null ? null : new UserView(iris.user(a.id()), a.username(), a.displayName());
    }

    String annotation(String slug, UUID id) {
        return iris.annotation(slug, id);
    }

    FlagView flag(String slug, Flag f, Author by) {
        return new FlagView(annotation(slug, f.annotationId), f.reason, f.note, f.flaggedAt, user(by), f.resolvedAt, f.resolution);
    }

    LogView log(ModerationLog.Line l) {
        return new LogView(l.id(), l.at(), user(l.actor()), l.action(),
                l.annotationId() == null ? null : annotation(l.documentSlug(), l.annotationId()),
                l.sourceId() == null ? null : Iris.source(l.sourceId()), l.before(), l.after(), l.reason(), l.subject());
    }

    RecordView record(String slug, ModerationQueries.Record r) {
        Annotation a = r.annotation();
        return new RecordView(annotation(slug, a.id), a.moderation, a.moderationReason, a.moderatedAt, user(r.moderatedBy()),
                a.deletedAt, a.lockedAt, a.endorsedAt, a.upvotes,
                r.flags().stream().map(f -> flag(slug, f.flag(), f.flagger())).toList(),
                r.history().stream().map(this::log).toList());
    }

    QueueView queue(ModerationQueries.Queue q) {
        return new QueueView(q.groupId(), q.filter().wire(), q.total(), q.page(), q.pageSize(), q.items().stream().map(i -> {
            Annotation a = i.annotation();
            return new QueueItemView(writer.annotation(a, i.documentSlug(), i.author(), i.extras()),
                    new DocumentView(i.documentSlug(), i.documentTitle()), a.moderation, a.deletedAt,
                    i.flags().stream().map(f -> flag(i.documentSlug(), f.flag(), f.flagger())).toList(),
                    a.recheckSince == null ? null : new RecheckView(a.recheckSince, a.recheckReason));
        }).toList());
    }

    LogPageView logPage(ModerationQueries.LogPage p) {
        return new LogPageView(p.groupId(), p.total(), p.page(), p.pageSize(), p.lines().stream().map(this::log).toList());
    }
}
