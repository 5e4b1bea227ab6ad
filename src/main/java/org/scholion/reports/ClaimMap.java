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
import org.scholion.annotations.Body;
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
        // one pass over what the caller sees of the class (an index-only scan of the participation index): the
        // passages are a window over the ranges, the verdicts counts by the four verdicts, and whether a thread
        // was answered a hash semi-join of its replies with its root (a window over the threads sorted the whole
        // class; a join of the passages with anything was planned as a nested loop over its thousands of rows)
        List<Object[]> rows = NamedSql.of("""
                WITH seen AS MATERIALIZED (
                  SELECT a.id, a.root_id, a.parent_id, a.author_id, a.start_pos, a.end_pos, a.motivation, a.verdict, a.revision,
                         a.anchoring
                    FROM annotation a WHERE""" + " " + seen.sql() + """
                ), answered AS (
                  SELECT DISTINCT r.root_id FROM seen r JOIN seen t ON t.id = r.root_id
                   WHERE r.parent_id IS NOT NULL AND r.author_id <> t.author_id
                ), tops AS (
                  SELECT a.*, a.id IN (SELECT root_id FROM answered) AS answered,""" + " " + Passages.starts(null) + """
                          AS starts FROM seen a WHERE a.parent_id IS NULL AND a.revision = :rev AND a.anchoring <> 'orphaned'
                ), islands AS (
                  SELECT t.*, sum(t.starts) OVER (ORDER BY t.start_pos, t.end_pos, t.id) AS passage FROM tops t
                )
                SELECT i.passage, min(i.start_pos), max(i.end_pos), count(*), count(*) FILTER (WHERE i.motivation = 'questioning'),
                       count(*) FILTER (WHERE NOT i.answered), coalesce(sum(fl.n), 0),
                       count(*) FILTER (WHERE i.verdict = 'accurate'), count(*) FILTER (WHERE i.verdict = 'inaccurate'),
                       count(*) FILTER (WHERE i.verdict = 'misleading'), count(*) FILTER (WHERE i.verdict = 'unsupported')
                  FROM islands i
                  LEFT JOIN (SELECT x.root_id, count(*) AS n FROM annotation_flag f JOIN annotation x ON x.id = f.annotation_id
                              WHERE f.resolved_at IS NULL AND x.deleted_at IS NULL AND f.group_id = :group AND f.document_id = :doc
                              GROUP BY x.root_id) fl ON fl.root_id = i.id
                 GROUP BY i.passage ORDER BY i.passage""").rows(db, params);
        List<Passage> out = new ArrayList<>(rows.size());
        for (Object[] r : rows) {
            int start = ((Number) r[1]).intValue();
            int end = Math.min(((Number) r[2]).intValue(), doc.text().length());
            String exact = doc.text().sub(start, Math.min(end, start + MAX_EXACT)) + (end - start > MAX_EXACT ? "…" : "");
            out.add(new Passage(start, end, exact, n(r[3]), n(r[4]), moderator ? n(r[6]) : null, n(r[5]),
                    verdicts(r)));
        }
        return out;
    }

    /** The verdicts given in the passage, each with its count (those not given left out). */
    private static Map<String, Long> verdicts(Object[] r) {
        Map<String, Long> out = new TreeMap<>();
        for (Body.Verdict v : Body.Verdict.values()) {
            long n = n(r[7 + v.ordinal()]);
            if (n > 0) {
                out.put(v.wire(), n);
            }
        }
        return out;
    }

    private static long n(Object o) {
        return o == null ? 0 : ((Number) o).longValue();
    }
}
