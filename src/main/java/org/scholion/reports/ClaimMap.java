package org.scholion.reports;

import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import org.scholion.annotations.AnnotatedDocuments;
import org.scholion.annotations.AnnotatedDocuments.Doc;
import org.scholion.annotations.Filter;
import org.scholion.annotations.listing.ListingSql;
import org.scholion.domain.NamedSql;
import org.scholion.groups.Memberships;
import org.scholion.security.Action;
import org.scholion.security.Permissions;
import org.scholion.security.Target;
import org.scholion.security.UserRef;

/**
 * Where a reading is contested and confusing, from the class's own annotations: the passages they
 * annotated (the union of overlapping ranges, in code points of the current revision) with how much
 * discussion each draws, its questions, its unanswered threads, the spread of verdicts on it, and,
 * for its moderators, its open flags. Computed in PostgreSQL in one statement over what the caller
 * may see ({@link ListingSql#where}: the permission map's rule), nothing sent anywhere else.
 */
@ApplicationScoped
public class ClaimMap {
    /** A passage's quoted text is cut after this many code points. */
    static final int MAX_EXACT = 1000;
    private static final com.fasterxml.jackson.databind.ObjectMapper JSON = new com.fasterxml.jackson.databind.ObjectMapper();

    private final AgroalDataSource db;
    private final AnnotatedDocuments documents;
    private final Memberships memberships;
    private final Permissions permissions;

    ClaimMap(AgroalDataSource db, AnnotatedDocuments documents, Memberships memberships, Permissions permissions) {
        this.db = db;
        this.documents = documents;
        this.memberships = memberships;
        this.permissions = permissions;
    }

    /**
     * @param flags open flags on its threads; null unless the caller moderates the group
     */
    @com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL)
    public record Passage(int start, int end, String exact, long annotations, long questions, Long flags, long unanswered,
            Map<String, Long> verdicts) {
    }

    /** The map of the document for the group; not found for a non-member (and a document the caller may not read). */
    public List<Passage> of(UserRef user, String slug, UUID group) {
        Doc doc = documents.find(user, slug);
        Target.Group g = memberships.standing(group, user).orElseThrow(Permissions::notFound);
        permissions.require(user, Action.READ_GROUP, g);
        boolean moderator = permissions.may(user, Action.READ_MODERATION, g);
        ListingSql.Where seen = ListingSql.where(user, doc, new Filter(group, null, null, null, null));
        Map<String, Object> params = new HashMap<>(seen.params());
        params.put("rev", doc.revision());
        List<Object[]> rows = NamedSql.of("""
                WITH seen AS (SELECT a.id, a.root_id, a.parent_id, a.author_id, a.start_pos, a.end_pos, a.motivation,
                                     a.body ->> 'verdict' AS verdict, a.revision, a.anchoring
                                FROM annotation a WHERE""" + " " + seen.sql() + """
                ), tops AS (
                  SELECT a.*,""" + " " + Passages.starts(null) + """
                          AS starts FROM seen a WHERE a.parent_id IS NULL AND a.revision = :rev AND a.anchoring <> 'orphaned'
                ), islands AS (
                  SELECT t.*, sum(t.starts) OVER (ORDER BY t.start_pos, t.end_pos, t.id) AS passage FROM tops t
                )
                SELECT i.passage, min(i.start_pos), max(i.end_pos), count(*),
                       count(*) FILTER (WHERE i.motivation = 'questioning'),
                       count(*) FILTER (WHERE NOT EXISTS (SELECT 1 FROM seen r WHERE r.root_id = i.id AND r.parent_id IS NOT NULL
                                                            AND r.author_id <> i.author_id)),
                       (SELECT count(*) FROM annotation_flag f JOIN annotation x ON x.id = f.annotation_id
                         WHERE f.resolved_at IS NULL AND x.deleted_at IS NULL
                           AND x.root_id IN (SELECT j.id FROM islands j WHERE j.passage = i.passage)),
                       CAST((SELECT jsonb_object_agg(v.verdict, v.n) FROM (SELECT j.verdict, count(*) AS n FROM islands j
                              WHERE j.passage = i.passage AND j.verdict IS NOT NULL GROUP BY j.verdict) v) AS text)
                  FROM islands i GROUP BY i.passage ORDER BY i.passage""").rows(db, params);
        List<Passage> out = new ArrayList<>(rows.size());
        for (Object[] r : rows) {
            int start = ((Number) r[1]).intValue();
            int end = Math.min(((Number) r[2]).intValue(), doc.text().length());
            String exact = doc.text().sub(start, Math.min(end, start + MAX_EXACT)) + (end - start > MAX_EXACT ? "…" : "");
            out.add(new Passage(start, end, exact, n(r[3]), n(r[4]), moderator ? n(r[6]) : null, n(r[5]),
                    verdicts(r[7])));
        }
        return out;
    }

    private static Map<String, Long> verdicts(Object json) {
        Map<String, Long> out = new TreeMap<>();
        if (json != null) {
            try {
                JSON.readTree((String) json).fields().forEachRemaining(e -> out.put(e.getKey(), e.getValue().asLong()));
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }
        return out;
    }

    private static long n(Object o) {
        return o == null ? 0 : ((Number) o).longValue();
    }
}
