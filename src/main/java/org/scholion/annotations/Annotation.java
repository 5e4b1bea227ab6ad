package org.scholion.annotations;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import org.scholion.anchoring.Anchorer;
import org.scholion.anchoring.Reanchoring;
import jakarta.persistence.ColumnResult;
import jakarta.persistence.EntityResult;
import jakarta.persistence.SqlResultSetMapping;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.OffsetDateTime;
import java.util.UUID;
import org.hibernate.annotations.Generated;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.generator.EventType;
import org.hibernate.type.SqlTypes;
import org.scholion.domain.ModerationState;
import org.scholion.security.Target;

/** One stored annotation or reply. Positions count Unicode code points of the document text. */
@Entity
@Table(name = "annotation")
@SqlResultSetMapping(name = Annotation.WITH_EXTRAS, entities = @EntityResult(entityClass = Annotation.class),
        columns = { @ColumnResult(name = "x_upvoted", type = Boolean.class), @ColumnResult(name = "x_flagged", type = Boolean.class),
                @ColumnResult(name = "x_flags", type = Long.class), @ColumnResult(name = "x_reviews", type = String.class),
                @ColumnResult(name = "x_endorser", type = String.class), @ColumnResult(name = "x_flagsseen", type = String.class) })
@SqlResultSetMapping(name = Annotation.WITH_EXTRAS_AND_DOCUMENT, entities = @EntityResult(entityClass = Annotation.class),
        columns = { @ColumnResult(name = "x_upvoted", type = Boolean.class), @ColumnResult(name = "x_flagged", type = Boolean.class),
                @ColumnResult(name = "x_flags", type = Long.class), @ColumnResult(name = "x_reviews", type = String.class),
                @ColumnResult(name = "x_endorser", type = String.class), @ColumnResult(name = "x_flagsseen", type = String.class),
                @ColumnResult(name = "x_slug", type = String.class), @ColumnResult(name = "x_title", type = String.class) })
public class Annotation extends PanacheEntityBase {
    /** A row, then what one viewer is told beyond it ({@code ViewerExtras.columns}). */
    public static final String WITH_EXTRAS = "AnnotationWithExtras";
    /** As {@link #WITH_EXTRAS}, then its document's slug and title ({@code x_slug}, {@code x_title}). */
    public static final String WITH_EXTRAS_AND_DOCUMENT = "AnnotationWithExtrasAndDocument";
    public static final String GROUP = "group";
    public static final String PRIVATE = "private";

    @Id
    public UUID id;

    @Column(name = "document_id", nullable = false)
    public UUID documentId;

    @Column(name = "author_id", nullable = false)
    public UUID authorId;

    @Column(name = "group_id")
    public UUID groupId;

    @Column(nullable = false, length = 16)
    public String visibility;

    @Column(nullable = false, length = 16)
    public String motivation;

    @Column(name = "parent_id")
    public UUID parentId;

    @Column(name = "root_id", nullable = false)
    public UUID rootId;

    @Column(name = "start_pos")
    public Integer start;

    @Column(name = "end_pos")
    public Integer end;

    @Column(columnDefinition = "text")
    public String exact;

    @Column(length = 400)
    public String prefix;

    @Column(length = 400)
    public String suffix;

    /** The {@link Body} as JSON, see {@link StoredBodies}. */
    @JdbcTypeCode(SqlTypes.JSON)
    @Column(nullable = false, columnDefinition = "jsonb")
    public String body;

    @Column(length = 2000)
    public String canonical;

    @Column(length = 2000)
    public String via;

    /** The revision of its document that its selectors hold for (W3C: the target's TimeState). */
    @Column(nullable = false)
    public int revision;

    /** How its last re-anchoring went: exact, fuzzy or orphaned (an annotation never re-anchored is exact). */
    @Column(nullable = false, length = 8)
    public String anchoring = "exact";

    /** The latest revision it was re-anchored against: {@link #revision}, unless it is an orphan. */
    @Column(name = "checked_revision", nullable = false)
    public int checkedRevision;

    /**
     * What the client said that Scholion keeps as sent (issue 19, V14): ids, DOM selectors, other
     * states and W3C terms ({@code annotations/jsonld/ClientTerms}); {@code targetOn} is the revision
     * its target part holds for. Null when there was nothing.
     */
    @JdbcTypeCode(SqlTypes.JSON)
    @Column(columnDefinition = "jsonb")
    public String client;

    /** After a fuzzy re-anchoring: the quote its author selected (the selectors hold the edited text). */
    @Column(name = "original_exact", columnDefinition = "text")
    public String originalExact;

    /** The edit count: 1 when created, +1 for every edit and the delete (the revisions are numbered by it). */
    @Column(nullable = false)
    public int version;

    /**
     * How many times this row was written: 1 on insert, +1 on every update (a trigger, migration
     * V10), so it moves whenever anything about the annotation changes, in every instance's view at
     * once. Item ETags are made from it ({@link ItemTags}). Container validators are made in SQL
     * from the row's {@code change_seq}, which comes from one instance-wide sequence and therefore
     * leaves the server only inside a keyed digest ({@code ContainerTags}).
     */
    @Generated(event = { EventType.INSERT, EventType.UPDATE })
    @Column(name = "row_version", insertable = false, updatable = false)
    public long rowVersion;

    @Column(name = "created_at", nullable = false)
    public OffsetDateTime createdAt;

    @Column(name = "modified_at", nullable = false)
    public OffsetDateTime modifiedAt;

    @Column(name = "deleted_at")
    public OffsetDateTime deletedAt;

    /** See {@link ModerationState}; stored as its wire name. */
    @Column(name = "moderation", nullable = false, length = 16)
    public String moderation = ModerationState.VISIBLE.wire();

    /** Why a moderator hid it (shown to its author); null unless hidden. */
    @Column(name = "moderation_reason", length = 1000)
    public String moderationReason;

    @Column(name = "moderated_at")
    public OffsetDateTime moderatedAt;

    @Column(name = "moderated_by")
    public UUID moderatedBy;

    /** An annotation above it in its thread is hidden or pending (kept by {@link Threads}). */
    @Column(name = "thread_concealed", nullable = false)
    public boolean threadConcealed;

    /** Written by a moderator or an admin of its group: stays visible to peers who have not posted yet. */
    @Column(name = "by_moderator", nullable = false)
    public boolean byModerator;

    /**
     * The group has seen it at some time: false while a new annotation waits for its first approval.
     * Only then does holding it back withdraw something from its readers (live updates).
     */
    @Column(name = "ever_visible", nullable = false)
    public boolean everVisible = true;

    /** Set on a thread's first annotation: members may not reply in the thread. */
    @Column(name = "locked_at")
    public OffsetDateTime lockedAt;

    @Column(name = "locked_by")
    public UUID lockedBy;

    @Column(name = "endorsed_at")
    public OffsetDateTime endorsedAt;

    @Column(name = "endorsed_by")
    public UUID endorsedBy;

    /** When a source of it was last reviewed (the reviews are rows of {@code source_review}). */
    @Column(name = "reviewed_at")
    public OffsetDateTime reviewedAt;

    /**
     * Since when an edit of its author cleared a moderator's verdict on it (the endorsement, a
     * source's review), so its moderators should look again; null once one of them has acted.
     */
    @Column(name = "recheck_since")
    public OffsetDateTime recheckSince;

    /** What the edit changed that cleared the verdict; null with {@link #recheckSince}. */
    @Column(name = "recheck_reason", length = 1000)
    public String recheckReason;

    /** How many users found it helpful (their standing upvotes). */
    @Column(nullable = false)
    public int upvotes;

    public boolean isPrivate() {
        return PRIVATE.equals(visibility);
    }

    public boolean isReply() {
        return parentId != null;
    }

    public boolean isDeleted() {
        return deletedAt != null;
    }

    public ModerationState moderationState() {
        return ModerationState.of(moderation).orElseThrow();
    }

    public void moderationState(ModerationState state) {
        moderation = state.wire();
    }

    public Motivation motivation() {
        return Motivation.of(motivation).orElseThrow();
    }

    public Body body() {
        return StoredBodies.read(body);
    }

    /**
     * The facts the permission map needs, with the annotation's group as the caller stands in it.
     *
     * @param viewerPosts how many the caller has posted on its document in its group (see {@link Target.Annotation})
     * @param threadLocked whether its thread's first annotation is locked
     */
    Target.Annotation asTarget(Target.Group group, int viewerPosts, boolean threadLocked) {
        return new Target.Annotation(authorId, isPrivate(), isDeleted(), group, moderationState(), threadConcealed, byModerator,
                viewerPosts, threadLocked);
    }

    /**
     * Takes the outcome of re-anchoring onto revision {@code onto}: exact or fuzzy, the selectors
     * move there (a fuzzy match keeps the quote its author selected in {@link #originalExact});
     * orphaned, they stay on the last revision they held for. Either way it has been checked against
     * {@code onto}. Replies follow their thread (the caller moves them).
     */
    public void reanchored(Reanchoring.Outcome o, int onto) {
        if (o.kind() == Reanchoring.Kind.ORPHANED) {
            anchoring = "orphaned";
        } else {
            if (o.kind() == Reanchoring.Kind.FUZZY && originalExact == null) {
                originalExact = exact;
            }
            Anchorer.Anchor n = o.anchor();
            start = n.start();
            end = n.end();
            exact = n.exact();
            prefix = n.prefix();
            suffix = n.suffix();
            revision = onto;
            anchoring = originalExact == null ? "exact" : "fuzzy";
        }
        checkedRevision = onto;
    }

    /** Its selectors as an anchor on the revision they hold for. */
    public Anchorer.Anchor anchor() {
        return new Anchorer.Anchor(start, end, exact, prefix, suffix);
    }
}
