package org.scholion.annotations.listing;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.scholion.annotations.Filter;
import org.scholion.annotations.StoredBodies;
import org.scholion.annotations.AnnotatedDocuments.Doc;
import org.scholion.security.UserRef;
import org.scholion.security.Visibility;

/**
 * The WHERE clause of every reader of many annotations (the container, search, exports, reports):
 * {@link Visibility#LISTED} for the viewer — the permission map's own rule, never a copy of it —
 * and the filters, over the alias {@code a}.
 */
public final class ListingSql {
    private ListingSql() {
    }

    /** A WHERE clause over the alias {@code a} and its named parameters. */
    public record Where(String sql, Map<String, Object> params) {
        /** This clause and one more condition, with the parameters it names. */
        public Where and(String condition, Map<String, ?> more) {
            Map<String, Object> p = new LinkedHashMap<>(params);
            p.putAll(more);
            return new Where(sql + " AND " + condition, p);
        }
    }

    /** Every annotation the viewer may see in a listing, over all documents ({@code :viewer}). */
    public static Where listed(UserRef user) {
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("viewer", user.id());
        return new Where(Visibility.LISTED.sql(user), params);
    }

    /** The container's listing: this document, {@link Visibility#LISTED} for the caller, and the filters. */
    public static Where where(UserRef user, Doc doc, Filter f) {
        Map<String, Object> params = new LinkedHashMap<>();
        StringBuilder w = new StringBuilder("a.document_id = :doc AND ").append(Visibility.LISTED.sql(user));
        params.put("doc", doc.id());
        params.put("viewer", user.id());
        filters(f, w, params);
        return new Where(w.toString(), params);
    }

    /** The filter's conditions appended to {@code w} (each after " AND "), their values into {@code params}. */
    public static void filters(Filter f, StringBuilder w, Map<String, Object> params) {
        if (f.group() != null) {
            w.append(" AND a.group_id = :group");
            params.put("group", f.group());
        }
        if (f.creator() != null) {
            UUID creatorId = uuidOrNull(f.creator());
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
            params.put("tag", StoredBodies.tagQuery(f.tag()));
        }
        if (f.motivation() != null) {
            w.append(" AND a.motivation = :motivation");
            params.put("motivation", f.motivation().wire());
        }
        if (f.visibility() != null) {
            w.append(" AND a.visibility = :visibility");
            params.put("visibility", f.visibility());
        }
        if (f.moderation() != null) {
            w.append(" AND a.moderation = :moderation");
            params.put("moderation", f.moderation().wire());
        }
        if (f.anchoring() != null) {
            w.append(" AND a.anchoring = :anchoring");
            params.put("anchoring", f.anchoring());
        }
    }

    /** A UUID in its canonical lower-case form, else null (then it is a username). */
    public static UUID uuidOrNull(String s) {
        try {
            UUID id = UUID.fromString(s);
            return id.toString().equalsIgnoreCase(s) ? id : null;
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
