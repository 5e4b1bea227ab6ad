package org.scholion.security;

import static org.scholion.security.Rule.and;
import static org.scholion.security.Rule.not;
import static org.scholion.security.Rule.or;

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
    public static final Rule PRIVATE = new Rule.Leaf("private",
            (v, a) -> a.isPrivate(),
            v -> "a.visibility = 'private'");

    public static final Rule AUTHOR = new Rule.Leaf("author",
            (v, a) -> a.authorId().equals(v.id()),
            v -> "a.author_id = :viewer");

    /** Admins read every group (a fact about the viewer alone: a literal in SQL). */
    public static final Rule ADMIN = new Rule.Leaf("admin",
            (v, a) -> v.isAdmin(),
            v -> v.isAdmin() ? "TRUE" : "FALSE");

    /** The viewer belongs to the annotation's group (any role). */
    public static final Rule MEMBER = new Rule.Leaf("member",
            (v, a) -> a.group() != null && a.group().isMember(),
            v -> "a.group_id IN (SELECT m.group_id FROM membership m WHERE m.user_id = :viewer)");

    public static final Rule DELETED = new Rule.Leaf("deleted",
            (v, a) -> a.deleted(),
            v -> "a.deleted_at IS NOT NULL");

    // ---- the rules ------------------------------------------------------------------------------

    /**
     * May the viewer read the annotation? Its author reads a private note; the members of its
     * group (and admins) read a group annotation. Deleted annotations stay readable here: they
     * answer with a tombstone so that the replies under them keep their thread.
     */
    public static final Rule READ = or(
            and(PRIVATE, AUTHOR),
            and(not(PRIVATE), or(ADMIN, MEMBER)));

    /** What a container lists and counts for the viewer: what they may read, without the deleted. */
    public static final Rule LISTED = and(READ, not(DELETED));
}
