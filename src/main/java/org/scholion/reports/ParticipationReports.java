package org.scholion.reports;

import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.scholion.annotations.AnnotatedDocuments;
import org.scholion.annotations.AnnotatedDocuments.Doc;
import org.scholion.annotations.AnnotationQueries;
import org.scholion.annotations.Author;
import org.scholion.domain.DomainError;
import org.scholion.domain.NamedSql;
import org.scholion.groups.GroupService;
import org.scholion.groups.Memberships;
import org.scholion.reports.Scoring.Rubric;
import org.scholion.security.Action;
import org.scholion.security.Permissions;
import org.scholion.security.Target;
import org.scholion.security.UserRef;

/**
 * The participation report of a group on one of its readings: per member, what they wrote there
 * and what it earned under the reading's rubric. What counts is what the class could see of it:
 * annotations and replies on the reading in the group that are not deleted, not hidden or
 * pending, and say something (a bare highlight does not). Moderators (and admins) read every
 * member's row; a member reads their own; a non-member is told 404. Four statements whatever the
 * class's size: the reading and its rubric, the members with their figures, the sources an
 * instructor verified, the overrides (and, with a rubric, the counted annotations for the scores).
 */
@ApplicationScoped
public class ParticipationReports {
    /** What counts, over the alias {@code a}, for {@code :group} and {@code :doc}. */
    private static final String COUNTED = "a.document_id = :doc AND a.group_id = :group AND a.deleted_at IS NULL"
            + " AND a.moderation = 'visible' AND a.motivation <> 'highlighting'";

    /** Sets a reading's rubric (the values are the statement's; a copy selects them from another group's). */
    private static final String RUBRIC_UPSERT = "INSERT INTO reading_rubric AS b (group_id, document_id, per_annotation, per_reply,"
            + " per_verified_source, cap, before_due_only, set_by, set_at)"
            + " VALUES (:group, :doc, :pa, :pr, :pv, CAST(:cap AS numeric), :bd, :by, now())"
            + " ON CONFLICT (group_id, document_id) DO UPDATE SET per_annotation = EXCLUDED.per_annotation,"
            + " per_reply = EXCLUDED.per_reply, per_verified_source = EXCLUDED.per_verified_source, cap = EXCLUDED.cap,"
            + " before_due_only = EXCLUDED.before_due_only, set_by = EXCLUDED.set_by, set_at = EXCLUDED.set_at RETURNING 1";

    private final AgroalDataSource db;
    private final Memberships memberships;
    private final Permissions permissions;
    private final AnnotatedDocuments documents;
    private final GroupService groups;

    ParticipationReports(AgroalDataSource db, Memberships memberships, Permissions permissions, AnnotatedDocuments documents,
            GroupService groups) {
        this.db = db;
        this.memberships = memberships;
        this.permissions = permissions;
        this.documents = documents;
        this.groups = groups;
    }

    /** A score an instructor set in place of the computed one. */
    public record Override(BigDecimal score, String reason, Author by, OffsetDateTime at) {
    }

    /** One member's row. {@code beforeDue} is null when the reading has no due date; {@code score} null without a rubric. */
    public record Row(Author user, String role, long annotations, long replies, long words, long sources, long verifiedSources,
            long passages, long upvotes, OffsetDateTime first, OffsetDateTime last, Long beforeDue, BigDecimal score,
            Override override, List<Scoring.Item> items) {
    }

    public record Report(Doc document, UUID group, OffsetDateTime due, Rubric rubric, List<Row> rows) {
    }

    /** The reading as the group has it: its due date and rubric. */
    record Reading(Doc doc, OffsetDateTime due, Rubric rubric) {
    }

    /** The report for the caller: every member's row for a moderator, one's own for a member. */
    public Report participation(UserRef user, UUID groupId, String slug) {
        Target.Group g = memberships.standing(groupId, user).orElseThrow(Permissions::notFound);
        permissions.require(user, Action.READ_GROUP, g);
        boolean everyone = permissions.may(user, Action.GRADE, g);
        Reading reading = reading(user, groupId, slug);
        Map<String, Object> params = new HashMap<>();
        params.put("group", groupId);
        params.put("doc", reading.doc().id());
        params.put("due", reading.due());
        String only = "";
        if (!everyone) {
            only = " AND m.user_id = :only";
            params.put("only", user.id());
        }
        List<Object[]> figures = NamedSql.of("""
                WITH members AS (
                  SELECT m.user_id, m.role, u.username, u.display_name FROM membership m JOIN app_user u ON u.id = m.user_id
                   WHERE m.group_id = :group""" + only + """
                ), counted AS (
                  SELECT a.id, a.author_id, a.parent_id, a.start_pos, a.end_pos, a.created_at, a.upvotes, a.words,
                         a.source_count AS sources
                    FROM annotation a WHERE""" + " " + COUNTED + """
                     AND a.author_id IN (SELECT user_id FROM members)
                ), figures AS (
                  SELECT a.author_id,
                         count(*) FILTER (WHERE a.parent_id IS NULL) AS annotations,
                         count(*) FILTER (WHERE a.parent_id IS NOT NULL) AS replies,
                         coalesce(sum(a.words), 0) AS words, coalesce(sum(a.sources), 0) AS sources,
                         coalesce(sum(a.upvotes), 0) AS upvotes, min(a.created_at) AS first, max(a.created_at) AS last,
                         count(*) FILTER (WHERE a.created_at <= CAST(:due AS timestamptz)) AS before_due
                    FROM counted a GROUP BY a.author_id
                ), passages AS (
                  SELECT x.author_id, count(*) AS passages FROM (
                    SELECT a.author_id,""" + " " + Passages.starts("a.author_id") + """
                           AS starts FROM counted a WHERE a.parent_id IS NULL) x
                   WHERE x.starts = 1 GROUP BY x.author_id
                )
                SELECT m.user_id, m.username, m.display_name, m.role, coalesce(f.annotations, 0), coalesce(f.replies, 0),
                       coalesce(f.words, 0), coalesce(f.sources, 0), 0, coalesce(p.passages, 0),
                       coalesce(f.upvotes, 0), f.first, f.last, coalesce(f.before_due, 0)
                  FROM members m LEFT JOIN figures f ON f.author_id = m.user_id LEFT JOIN passages p ON p.author_id = m.user_id
                 ORDER BY m.role DESC, lower(m.display_name), m.username""").rows(db, params);
        // the sources an instructor verified, each once, with its annotation and author: counted here, and
        // the scores' items (one statement for the class, not one per annotation)
        Map<UUID, List<Scoring.Verified>> verifiedByAnnotation = new HashMap<>();
        Map<UUID, Long> verifiedByAuthor = new HashMap<>();
        // from the reviews (few) to the sources still cited (the latest review of each source is its verdict)
        for (Object[] r : NamedSql.of("""
                SELECT a.author_id, a.id, v.source_id, s.value ->> 'title', u.display_name
                  FROM (SELECT DISTINCT ON (r.annotation_id, r.source_id) r.annotation_id, r.source_id, r.verdict, r.reviewer_id
                          FROM source_review r
                         WHERE r.annotation_id IN (SELECT x.id FROM annotation x
                                                    WHERE x.document_id = :doc AND x.group_id = :group AND x.deleted_at IS NULL)
                         ORDER BY r.annotation_id, r.source_id, r.id DESC) v
                  JOIN annotation a ON a.id = v.annotation_id
                 CROSS JOIN LATERAL jsonb_array_elements(a.body -> 'sources') WITH ORDINALITY s(value, i)
                  JOIN app_user u ON u.id = v.reviewer_id
                 WHERE v.verdict = 'verified' AND CAST(s.value ->> 'id' AS uuid) = v.source_id AND""" + " " + COUNTED
                + " AND a.author_id IN (SELECT m.user_id FROM membership m WHERE m.group_id = :group" + only + ")"
                + " ORDER BY a.id, s.i").rows(db, params)) {
            verifiedByAnnotation.computeIfAbsent((UUID) r[1], k -> new ArrayList<>())
                    .add(new Scoring.Verified((UUID) r[2], (String) r[3], (String) r[4]));
            verifiedByAuthor.merge((UUID) r[0], 1L, Long::sum);
        }
        Map<UUID, List<Scoring.Written>> written = reading.rubric() == null ? Map.of() : written(params, only, verifiedByAnnotation);
        Map<UUID, Override> overrides = overrides(groupId, reading.doc().id(), everyone ? null : user.id());
        List<Row> rows = new ArrayList<>(figures.size());
        for (Object[] r : figures) {
            UUID id = (UUID) r[0];
            Scoring.Score score = reading.rubric() == null ? null
                    : Scoring.score(reading.rubric(), reading.due(), written.getOrDefault(id, List.of()));
            rows.add(new Row(new Author(id, (String) r[1], (String) r[2]), (String) r[3], n(r[4]), n(r[5]), n(r[6]), n(r[7]),
                    verifiedByAuthor.getOrDefault(id, 0L), n(r[9]), n(r[10]), AnnotationQueries.toOffset(r[11]), AnnotationQueries.toOffset(r[12]),
                    reading.due() == null ? null : n(r[13]), score == null ? null : score.total(), overrides.get(id),
                    score == null ? List.of() : score.items()));
        }
        return new Report(reading.doc(), groupId, reading.due(), reading.rubric(), rows);
    }

    /** What each member wrote that counts, with its sources an instructor verified, for the scores. */
    private Map<UUID, List<Scoring.Written>> written(Map<String, Object> params, String only,
            Map<UUID, List<Scoring.Verified>> verified) {
        Map<UUID, List<Scoring.Written>> out = new HashMap<>();
        for (Object[] r : NamedSql.of("SELECT a.author_id, a.id, a.parent_id IS NOT NULL, a.created_at FROM annotation a WHERE "
                + COUNTED + " AND a.author_id IN (SELECT m.user_id FROM membership m WHERE m.group_id = :group" + only + ")"
                + " ORDER BY a.author_id, a.created_at, a.id").rows(db, params)) {
            out.computeIfAbsent((UUID) r[0], k -> new ArrayList<>()).add(new Scoring.Written((UUID) r[1], (Boolean) r[2],
                    AnnotationQueries.toOffset(r[3]), verified.getOrDefault((UUID) r[1], List.of())));
        }
        return out;
    }

    private Map<UUID, Override> overrides(UUID group, UUID doc, UUID only) {
        Map<String, Object> params = new HashMap<>();
        params.put("group", group);
        params.put("doc", doc);
        String one = "";
        if (only != null) {
            one = " AND o.user_id = :only";
            params.put("only", only);
        }
        Map<UUID, Override> out = new LinkedHashMap<>();
        for (Object[] r : NamedSql.of("SELECT DISTINCT ON (o.user_id) o.user_id, o.score, o.reason, u.id, u.username, u.display_name,"
                + " o.set_at FROM score_override o JOIN app_user u ON u.id = o.set_by WHERE o.group_id = :group AND o.document_id = :doc"
                + one + " ORDER BY o.user_id, o.id DESC").rows(db, params)) {
            if (r[1] != null) {
                out.put((UUID) r[0], new Override((BigDecimal) r[1], (String) r[2], new Author((UUID) r[3], (String) r[4], (String) r[5]),
                        AnnotationQueries.toOffset(r[6])));
            }
        }
        return out;
    }

    /** The document on the group's reading list (404 naming document when it is not), its due date and rubric. */
    Reading reading(UserRef user, UUID groupId, String slug) {
        Doc doc = documents.find(user, slug);
        List<Object[]> rows = NamedSql.of("SELECT r.due, b.per_annotation, b.per_reply, b.per_verified_source, b.cap, b.before_due_only"
                + " FROM reading r LEFT JOIN reading_rubric b ON b.group_id = r.group_id AND b.document_id = r.document_id"
                + " WHERE r.group_id = :group AND r.document_id = :doc").rows(db, Map.of("group", groupId, "doc", doc.id()));
        if (rows.isEmpty()) {
            throw DomainError.notFound("document", "this document is not on the group's reading list");
        }
        Object[] r = rows.get(0);
        Rubric rubric = r[1] == null ? null
                : new Rubric((BigDecimal) r[1], (BigDecimal) r[2], (BigDecimal) r[3], (BigDecimal) r[4], (Boolean) r[5]);
        return new Reading(doc, AnnotationQueries.toOffset(r[0]), rubric);
    }

    /** The reading's rubric, for any member (a student sees how they are scored); not found when none is set. */
    public Rubric rubric(UserRef user, UUID groupId, String slug) {
        Target.Group g = memberships.standing(groupId, user).orElseThrow(Permissions::notFound);
        permissions.require(user, Action.READ_GROUP, g);
        Rubric r = reading(user, groupId, slug).rubric();
        if (r == null) {
            throw DomainError.notFound("no rubric is set for this reading");
        }
        return r;
    }

    /** Sets the reading's rubric (moderators), logging the one it replaces. */
    @Transactional
    public Rubric setRubric(UserRef user, UUID groupId, String slug, Rubric rubric) {
        Target.Group g = memberships.standing(groupId, user).orElseThrow(Permissions::notFound);
        permissions.require(user, Action.GRADE, g);
        Reading reading = reading(user, groupId, slug);
        Map<String, Object> p = new HashMap<>();
        p.put("group", groupId);
        p.put("doc", reading.doc().id());
        p.put("pa", rubric.perAnnotation());
        p.put("pr", rubric.perReply());
        p.put("pv", rubric.perVerifiedSource());
        p.put("cap", rubric.cap());
        p.put("bd", rubric.beforeDueOnly());
        p.put("by", user.id());
        NamedSql.of(RUBRIC_UPSERT).rows(db, p);
        groups.log(groupId, user.id(), "rubric", reading.doc().id(), reading.rubric() == null ? null : describe(reading.rubric()),
                describe(rubric), null);
        return rubric;
    }

    /** Gives the target group's reading the source group's rubric for it, if it has one (carrying a course forward); logged. */
    public void copyRubric(UserRef user, UUID from, UUID to, UUID document) {
        Map<String, Object> p = Map.of("from", from, "to", to, "doc", document, "by", user.id());
        List<Object[]> copied = NamedSql.of(RUBRIC_UPSERT.replace("VALUES (:group, :doc, :pa, :pr, :pv, CAST(:cap AS numeric), :bd, :by, now())",
                "SELECT :to, s.document_id, s.per_annotation, s.per_reply, s.per_verified_source, s.cap, s.before_due_only, :by, now()"
                        + " FROM reading_rubric s WHERE s.group_id = :from AND s.document_id = :doc")).rows(db, p);
        if (!copied.isEmpty()) {
            groups.log(to, user.id(), "rubric", document, null, "copied from group " + from, null);
        }
    }

    /**
     * Sets (or, with a null score, withdraws) the instructor's score for one member on the reading,
     * with the reason; the override is kept beside the computed score, and the group log records
     * who, when and why.
     */
    @Transactional
    public void override(UserRef user, UUID groupId, String slug, UUID member, BigDecimal score, String reason) {
        Target.Group g = memberships.standing(groupId, user).orElseThrow(Permissions::notFound);
        permissions.require(user, Action.GRADE, g);
        Reading reading = reading(user, groupId, slug);
        if (memberships.roles(groupId, List.of(member)).get(member) == null) {
            throw DomainError.notFound("user", "no member of this group has this id");
        }
        Override before = overrides(groupId, reading.doc().id(), member).get(member);
        Map<String, Object> p = new HashMap<>();
        p.put("group", groupId);
        p.put("doc", reading.doc().id());
        p.put("user", member);
        p.put("score", score);
        p.put("reason", reason);
        p.put("by", user.id());
        NamedSql.of("INSERT INTO score_override (group_id, document_id, user_id, score, reason, set_by, set_at)"
                + " VALUES (:group, :doc, :user, CAST(:score AS numeric), :reason, :by, now()) RETURNING id").rows(db, p);
        groups.log(groupId, user.id(), "score-override", member, before == null ? null : before.score().toPlainString(),
                score == null ? null : score.toPlainString(), reason);
    }

    static String describe(Rubric r) {
        return "perAnnotation=" + r.perAnnotation().toPlainString() + ", perReply=" + r.perReply().toPlainString()
                + ", perVerifiedSource=" + r.perVerifiedSource().toPlainString() + ", cap="
                + (r.cap() == null ? "none" : r.cap().toPlainString()) + ", beforeDueOnly=" + r.beforeDueOnly();
    }

    private static long n(Object o) {
        return o == null ? 0 : ((Number) o).longValue();
    }
}
