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
 * member's row; a member reads their own; a non-member is told 404. Five statements whatever the
 * class's size: the reading and its rubric, the members, the sources an instructor verified, every
 * counted annotation once (the figures, the passages and the scores' items), the overrides.
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
        String only = "";
        if (!everyone) {
            only = " AND m.user_id = :only";
            params.put("only", user.id());
        }
        List<Object[]> members = NamedSql.of("SELECT m.user_id, u.username, u.display_name, m.role FROM membership m"
                + " JOIN app_user u ON u.id = m.user_id WHERE m.group_id = :group" + only
                + " ORDER BY m.role DESC, lower(u.display_name), u.username").rows(db, params);
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
        Map<UUID, Figures> figures = figures(params, only, reading.due(), verifiedByAnnotation);
        Map<UUID, Override> overrides = overrides(groupId, reading.doc().id(), everyone ? null : user.id());
        List<Row> rows = new ArrayList<>(members.size());
        for (Object[] r : members) {
            UUID id = (UUID) r[0];
            Figures f = figures.getOrDefault(id, new Figures());
            Scoring.Score score = reading.rubric() == null ? null : Scoring.score(reading.rubric(), reading.due(), f.written);
            rows.add(new Row(new Author(id, (String) r[1], (String) r[2]), (String) r[3], f.annotations, f.replies, f.words,
                    f.sources, verifiedByAuthor.getOrDefault(id, 0L), f.passages, f.upvotes, f.first, f.last,
                    reading.due() == null ? null : f.beforeDue, score == null ? null : score.total(), overrides.get(id),
                    score == null ? List.of() : score.items()));
        }
        return new Report(reading.doc(), groupId, reading.due(), reading.rubric(), rows);
    }

    /** One member's figures, summed over what they wrote that counts. */
    private static final class Figures {
        long annotations;
        long replies;
        long words;
        long sources;
        long upvotes;
        long passages;
        long beforeDue;
        OffsetDateTime first;
        OffsetDateTime last;
        final List<Scoring.Written> written = new ArrayList<>();
    }

    /**
     * Every annotation and reply that counts, once (an index-only scan of the participation index, V19),
     * summed per member here: counts, words, sources, upvotes, first and last, before the due date, the
     * passages (where {@link Passages#starts} marks one: a top-level range's window in text order, replies
     * sorted after them with no range) and what the scores are computed from.
     */
    private Map<UUID, Figures> figures(Map<String, Object> params, String only, OffsetDateTime due,
            Map<UUID, List<Scoring.Verified>> verified) {
        Map<UUID, Figures> out = new HashMap<>();
        // in the order they were written (the scores' order: sorting presorted rows costs the scores one comparison each)
        for (Object[] r : NamedSql.of("SELECT * FROM (SELECT a.author_id, a.id, a.parent_id IS NOT NULL, a.created_at, a.words,"
                + " a.source_count, a.upvotes, " + Passages.starts("a.author_id") + " FROM annotation a WHERE " + COUNTED
                + " AND a.author_id IN (SELECT m.user_id FROM membership m WHERE m.group_id = :group" + only + ")) c"
                + " ORDER BY 1, 4, 2").rows(db, params)) {
            Figures f = out.computeIfAbsent((UUID) r[0], k -> new Figures());
            UUID id = (UUID) r[1];
            boolean reply = (Boolean) r[2];
            OffsetDateTime created = AnnotationQueries.toOffset(r[3]);
            if (reply) {
                f.replies++;
            } else {
                f.annotations++;
                f.passages += n(r[7]);
            }
            f.words += n(r[4]);
            f.sources += n(r[5]);
            f.upvotes += n(r[6]);
            f.first = f.first == null ? created : f.first;
            f.last = created;
            if (due != null && !created.isAfter(due)) {
                f.beforeDue++;
            }
            f.written.add(new Scoring.Written(id, reply, created, verified.getOrDefault(id, List.of())));
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
