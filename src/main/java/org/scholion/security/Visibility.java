package org.scholion.security;

import static org.scholion.security.Rule.and;
import static org.scholion.security.Rule.not;
import static org.scholion.security.Rule.or;

import org.scholion.domain.ModerationState;

/**
 * Who may see an annotation: the one definition. The permission map decides a single annotation
 * with {@link #READ}{@code .test}, and every query that lists or counts annotations (container
 * pages, counts, filters, validators) uses {@link #LISTED}{@code .sql} — both come from the rules
 * below. A new state (hidden, pending …) is a new {@link Rule.Leaf} here and one change to
 * {@link #READ}.
 */
public final class Visibility {
    private Visibility() {
    }

    // ---- the facts (each in both languages) ---------------------------------------------------

    /** A private note: no group, its author alone sees it (admins included). */
    public static final Rule<Target.Annotation> PRIVATE = new Rule.Leaf<>("private",
            (v, a) -> a.isPrivate(),
            v -> "a.visibility = 'private'");

    public static final Rule<Target.Annotation> AUTHOR = new Rule.Leaf<>("author",
            (v, a) -> a.authorId().equals(v.id()),
            v -> "a.author_id = :viewer");

    /** Admins read every group (a fact about the viewer alone: a literal in SQL). */
    public static final Rule<Target.Annotation> ADMIN = new Rule.Leaf<>("admin",
            (v, a) -> v.isAdmin(),
            v -> v.isAdmin() ? "TRUE" : "FALSE");

    /** The viewer belongs to the annotation's group (any role). */
    public static final Rule<Target.Annotation> MEMBER = new Rule.Leaf<>("member",
            (v, a) -> a.group() != null && a.group().isMember(),
            v -> "a.group_id IN (SELECT m.group_id FROM membership m WHERE m.user_id = :viewer" + v.groupsSql("m.group_id") + ")");

    public static final Rule<Target.Annotation> DELETED = new Rule.Leaf<>("deleted",
            (v, a) -> a.deleted(),
            v -> "a.deleted_at IS NOT NULL");

    /** The viewer moderates the annotation's group (admins are covered by {@link #ADMIN}). */
    public static final Rule<Target.Annotation> MODERATOR = new Rule.Leaf<>("moderator",
            (v, a) -> a.group() != null && a.group().isModerator(),
            v -> "a.group_id IN (SELECT m.group_id FROM membership m WHERE m.user_id = :viewer AND m.role = 'moderator'"
                    + v.groupsSql("m.group_id") + ")");

    /** A moderator hid it (or rejected it while it was pending). */
    public static final Rule<Target.Annotation> HIDDEN = new Rule.Leaf<>("hidden",
            (v, a) -> a.moderation() == ModerationState.HIDDEN,
            v -> "a.moderation = 'hidden'");

    /** It waits for a moderator's approval (pre-moderated group). */
    public static final Rule<Target.Annotation> PENDING = new Rule.Leaf<>("pending",
            (v, a) -> a.moderation() == ModerationState.PENDING,
            v -> "a.moderation = 'pending'");

    /** An annotation above it in its thread is hidden or pending: the thread below goes with it. */
    public static final Rule<Target.Annotation> CONCEALED_ABOVE = new Rule.Leaf<>("concealed above",
            (v, a) -> a.threadConcealed(),
            v -> "a.thread_concealed");

    /** Written by a moderator (or an admin) of its group. */
    public static final Rule<Target.Annotation> BY_MODERATOR = new Rule.Leaf<>("by moderator",
            (v, a) -> a.byModerator(),
            v -> "a.by_moderator");

    /**
     * What counts as "having posted" on a document in a group, over the alias {@code p}: an
     * annotation that says something (not a bare highlight), not deleted and not hidden by a
     * moderator (a pending one counts). {@code :viewer} is the poster.
     */
    public static final String POSTED = "p.author_id = :viewer AND p.deleted_at IS NULL AND p.moderation <> 'hidden'"
            + " AND p.motivation <> 'highlighting'";

    /**
     * Classmates' annotations on this document are held back from the viewer until they post
     * their own ({@link #POSTED}), and they have not posted enough yet: one, when the group hides
     * peers until one posts; the reading's threshold, when the document is on the group's reading
     * list with {@code reveal_after} and its due date (if any) has not passed. In SQL the reading's
     * part is a subquery independent of the listed row, so it is evaluated once per query.
     */
    public static final Rule<Target.Annotation> WAITS_FOR_POST = new Rule.Leaf<>("waits for post",
            (v, a) -> a.group() != null && a.viewerPosts() < a.group().settings().postsToSee(),
            v -> "((a.group_id IN (SELECT g.id FROM classroom_group g WHERE g.hide_peers_until_post)"
                    + " AND NOT EXISTS (SELECT 1 FROM annotation p WHERE p.document_id = a.document_id"
                    + " AND p.group_id = a.group_id AND " + POSTED + "))"
                    + " OR (a.group_id, a.document_id) IN (SELECT r.group_id, r.document_id FROM reading r"
                    + " WHERE r.reveal_after IS NOT NULL AND (r.due IS NULL OR r.due > now())"
                    + " AND r.reveal_after > (SELECT count(*) FROM annotation p WHERE p.document_id = r.document_id"
                    + " AND p.group_id = r.group_id AND " + POSTED + ")))");

    // ---- the rules ------------------------------------------------------------------------------

    /** Admins and the group's moderators moderate a group annotation. */
    public static final Rule<Target.Annotation> MODERATES = and(not(PRIVATE), or(ADMIN, MODERATOR));

    /**
     * May the viewer read the annotation? Its author reads a private note. A group annotation is
     * read by the group's moderators and admins whatever its state; by its author while they are a
     * member (hidden or pending too: they are told why); and by the other members when nothing
     * holds it back: not hidden, not pending, nothing above it in its thread hidden or pending,
     * and — in a group that hides peers until one posts — written by a moderator or the viewer
     * has posted here. Deleted annotations stay readable here: they answer with a tombstone so
     * that the replies under them keep their thread.
     */
    public static final Rule<Target.Annotation> READ = or(
            and(PRIVATE, AUTHOR),
            MODERATES,
            and(not(PRIVATE), MEMBER, or(AUTHOR,
                    and(not(HIDDEN), not(PENDING), not(CONCEALED_ABOVE), or(BY_MODERATOR, not(WAITS_FOR_POST))))));

    /** What a container lists and counts for the viewer: what they may read, without the deleted. */
    public static final Rule<Target.Annotation> LISTED = and(READ, not(DELETED));
}
