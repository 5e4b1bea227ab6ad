package org.scholion.security;

import static org.scholion.security.Rule.or;

/**
 * Who may see a document: the one definition, as {@link Visibility} is for annotations. The
 * permission map decides one document with {@link #READ}{@code .test}; the document list filters
 * with {@link #READ}{@code .sql} over {@code document d}. Whoever may not see a document is told
 * 404, exactly as if it did not exist.
 */
public final class DocumentVisibility {
    private DocumentVisibility() {
    }

    /** Its owner made it public (the shipped essay is public): everyone signed in reads it. */
    public static final Rule<Target.Document> PUBLIC = new Rule.Leaf<>("public",
            (v, d) -> d.isPublic(),
            v -> "d.is_public");

    public static final Rule<Target.Document> OWNER = new Rule.Leaf<>("owner",
            (v, d) -> d.isOwner(v),
            v -> "d.owner_id = :viewer");

    public static final Rule<Target.Document> ADMIN = new Rule.Leaf<>("admin",
            (v, d) -> v.isAdmin(),
            v -> v.isAdmin() ? "TRUE" : "FALSE");

    /** It is on the reading list of a group the viewer belongs to (any role). */
    public static final Rule<Target.Document> ASSIGNED = new Rule.Leaf<>("assigned to the viewer's group",
            (v, d) -> d.assigned(),
            v -> "d.id IN (SELECT r.document_id FROM reading r JOIN membership m ON m.group_id = r.group_id"
                    + " WHERE m.user_id = :viewer" + v.groupsSql("m.group_id") + ")");

    /** May the viewer read the document? */
    public static final Rule<Target.Document> READ = or(PUBLIC, OWNER, ADMIN, ASSIGNED);
}
