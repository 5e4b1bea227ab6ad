package org.scholion.courses;

import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.scholion.anchoring.Reanchoring;
import org.scholion.annotations.AnnotatedDocuments;
import org.scholion.annotations.AnnotatedDocuments.Doc;
import org.scholion.annotations.Annotation;
import org.scholion.annotations.RevisionPairs;
import org.scholion.annotations.jsonld.Iris;
import org.scholion.domain.DomainError;
import org.scholion.domain.NamedSql;
import org.scholion.groups.GroupService;
import org.scholion.groups.Memberships;
import org.scholion.reports.ParticipationReports;
import org.scholion.security.Action;
import org.scholion.security.Permissions;
import org.scholion.security.Target;
import org.scholion.security.UserRef;

/**
 * Carries a course forward: a moderator of two groups copies readings of one group's list (their
 * instructions, reveal rule and rubric, not their due dates) and chosen annotations into the
 * other, in one transaction. A copy keeps its creator and what it says, takes {@code via} the
 * original's IRI, and is re-anchored on the current revision of its reading (exact, fuzzy or, when
 * the passage is gone, orphaned with the selectors it had); a reply is copied under its thread's
 * copy. Nothing of the source group changes. Everything wrong with the request is listed at once
 * and nothing is written.
 */
@ApplicationScoped
public class CourseCopy {
    private final EntityManager em;
    private final AgroalDataSource db;
    private final Memberships memberships;
    private final Permissions permissions;
    private final AnnotatedDocuments documents;
    private final RevisionPairs pairs;
    private final GroupService groups;
    private final Iris iris;
    private final ParticipationReports rubrics;

    CourseCopy(EntityManager em, AgroalDataSource db, Memberships memberships, Permissions permissions, AnnotatedDocuments documents,
            RevisionPairs pairs, GroupService groups, Iris iris, ParticipationReports rubrics) {
        this.rubrics = rubrics;
        this.em = em;
        this.db = db;
        this.memberships = memberships;
        this.permissions = permissions;
        this.documents = documents;
        this.pairs = pairs;
        this.groups = groups;
        this.iris = iris;
    }

    /** Which annotations to copy: the source group's moderators' top-level ones on the readings, or the listed ones. */
    public enum Choice { NONE, MODERATORS, IDS }

    public record Item(String from, String to, String anchoring) {
    }

    public record Copied(int readings, int annotations, int exact, int fuzzy, int orphaned, List<Item> items) {
    }

    @Transactional
    public Copied copy(UserRef user, UUID from, UUID to, List<String> readings, Choice choice, List<String> ids) {
        Target.Group source = memberships.standing(from, user).orElseThrow(Permissions::notFound);
        permissions.require(user, Action.EXPORT_GROUP, source);
        Target.Group target = memberships.standing(to, user).orElseThrow(() -> DomainError.notFound("to", "no group you belong to has this id"));
        permissions.require(user, Action.IMPORT_INTO_GROUP, target, "to");
        if (from.equals(to)) {
            throw DomainError.invalid("to", "copy into another group");
        }
        List<DomainError.FieldError> problems = new ArrayList<>();
        Map<UUID, Doc> docs = new LinkedHashMap<>();
        for (int i = 0; i < readings.size(); i++) {
            String slug = readings.get(i);
            try {
                Doc d = documents.find(user, slug);
                if (NamedSql.of("SELECT 1 FROM reading r WHERE r.group_id = :g AND r.document_id = :d").rows(db,
                        Map.of("g", from, "d", d.id())).isEmpty()) {
                    problems.add(new DomainError.FieldError("readings[" + i + "]", "not on the source group's reading list: " + slug));
                } else {
                    docs.put(d.id(), d);
                }
            } catch (DomainError.NotFound e) {
                problems.add(new DomainError.FieldError("readings[" + i + "]", "no document you may read has this slug: " + slug));
            }
        }
        List<Annotation> chosen = switch (choice) {
            case NONE -> List.of();
            case MODERATORS -> docs.isEmpty() ? List.of() : em.createQuery("SELECT a FROM Annotation a WHERE a.groupId = :g"
                    + " AND a.documentId IN :docs AND a.parentId IS NULL AND a.deletedAt IS NULL AND a.byModerator = true"
                    + " AND a.moderation = 'visible' ORDER BY a.createdAt, a.id", Annotation.class)
                    .setParameter("g", from).setParameter("docs", docs.keySet()).getResultList();
            case IDS -> listed(from, ids, docs, problems);
        };
        if (!problems.isEmpty()) {
            throw DomainError.unprocessable("Nothing was copied: " + problems.size() + (problems.size() == 1 ? " problem" : " problems")
                    + " (listed in errors).", problems);
        }
        for (Doc d : docs.values()) {
            copyReading(user, from, to, d);
        }
        // the creators' standing in the target group (a copy by one of its moderators stays visible to peers held back)
        Map<UUID, Target.MemberRole> roles = chosen.isEmpty() ? Map.of()
                : memberships.roles(to, chosen.stream().map(a -> a.authorId).distinct().toList());
        Map<UUID, Annotation> copies = new HashMap<>();
        List<Item> items = new ArrayList<>();
        int exact = 0;
        int fuzzy = 0;
        int orphaned = 0;
        OffsetDateTime now = OffsetDateTime.now();
        for (Annotation a : chosen) {
            Doc d = docs.get(a.documentId);
            Annotation c = copyOf(a, to, now);
            c.via = iris.annotation(d.slug(), a.id);
            if (a.parentId != null) {
                Annotation parent = copies.get(a.parentId);
                c.parentId = parent.id;
                c.rootId = parent.rootId;
                c.revision = parent.revision;
                c.checkedRevision = parent.checkedRevision;
                c.anchoring = parent.anchoring;
            } else {
                c.rootId = c.id;
                if (a.revision != d.revision() || "orphaned".equals(a.anchoring)) {
                    Reanchoring.Outcome o = pairs.between(a.documentId, a.revision, d.revision()).reanchor(a.anchor());
                    c.reanchored(o, d.revision());
                }
            }
            c.byModerator = roles.get(a.authorId) == Target.MemberRole.MODERATOR;
            em.persist(c);
            copies.put(a.id, c);
            switch (c.anchoring) {
                case "exact" -> exact++;
                case "fuzzy" -> fuzzy++;
                default -> orphaned++;
            }
            items.add(new Item(iris.annotation(d.slug(), a.id), iris.annotation(d.slug(), c.id), c.anchoring));
        }
        groups.log(to, user.id(), "copy", from, null, docs.size() + " readings, " + chosen.size() + " annotations", null);
        return new Copied(docs.size(), chosen.size(), exact, fuzzy, orphaned, items);
    }

    /** The listed annotations, each of the source group, not deleted, on one of the readings copied; replies after their parents. */
    private List<Annotation> listed(UUID from, List<String> ids, Map<UUID, Doc> docs, List<DomainError.FieldError> problems) {
        List<Annotation> out = new ArrayList<>();
        Map<UUID, Annotation> byId = new LinkedHashMap<>();
        for (int i = 0; i < ids.size(); i++) {
            String field = "ids[" + i + "]";
            UUID id = idOf(ids.get(i));
            Annotation a = id == null ? null : em.find(Annotation.class, id);
            if (a == null || !from.equals(a.groupId) || a.isDeleted()) {
                problems.add(new DomainError.FieldError(field, "no annotation of the source group has this IRI"));
            } else if (!docs.containsKey(a.documentId)) {
                problems.add(new DomainError.FieldError(field, "its reading is not among the readings copied"));
            } else {
                byId.put(a.id, a);
            }
        }
        for (Annotation a : byId.values()) {
            if (a.parentId != null && !byId.containsKey(a.parentId)) {
                problems.add(new DomainError.FieldError("ids", "a reply is copied with what it answers: list its parent "
                        + iris.annotation(docs.get(a.documentId).slug(), a.parentId) + " too"));
            }
        }
        byId.values().stream().sorted((x, y) -> x.createdAt.equals(y.createdAt) ? x.id.compareTo(y.id) : x.createdAt.compareTo(y.createdAt))
                .forEach(out::add);
        return out;
    }

    private UUID idOf(String iri) {
        if (iri == null || !iri.startsWith(iris.documentsBase()) || !iri.contains("/annotations/")) {
            return null;
        }
        try {
            return UUID.fromString(iri.substring(iri.lastIndexOf('/') + 1));
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** What the annotation says, by whom, where, as a new annotation of the group. */
    private static Annotation copyOf(Annotation a, UUID group, OffsetDateTime now) {
        Annotation c = new Annotation();
        c.id = UUID.randomUUID();
        c.documentId = a.documentId;
        c.authorId = a.authorId;
        c.groupId = group;
        c.visibility = Annotation.GROUP;
        c.motivation = a.motivation;
        c.start = a.start;
        c.end = a.end;
        c.exact = a.exact;
        c.prefix = a.prefix;
        c.suffix = a.suffix;
        c.body = a.body;
        c.canonical = a.canonical;
        c.revision = a.revision;
        c.checkedRevision = a.checkedRevision;
        c.anchoring = a.anchoring;
        c.originalExact = a.originalExact;
        c.version = 1;
        c.createdAt = now;
        c.modifiedAt = now;
        return c;
    }

    /** The reading on the target group's list with the source's instructions, reveal rule and rubric (its due date is the new term's). */
    private void copyReading(UserRef user, UUID from, UUID to, Doc d) {
        Map<String, Object> p = Map.of("from", from, "to", to, "doc", d.id(), "by", user.id());
        List<Object[]> existed = NamedSql.of("SELECT 1 FROM reading r WHERE r.group_id = :to AND r.document_id = :doc").rows(db,
                Map.of("to", to, "doc", d.id()));
        NamedSql.of("INSERT INTO reading AS r (group_id, document_id, due, instructions, reveal_after, assigned_by, assigned_at)"
                + " SELECT :to, s.document_id, NULL, s.instructions, s.reveal_after, :by, now() FROM reading s"
                + " WHERE s.group_id = :from AND s.document_id = :doc"
                + " ON CONFLICT (group_id, document_id) DO UPDATE SET instructions = EXCLUDED.instructions,"
                + " reveal_after = EXCLUDED.reveal_after RETURNING 1").rows(db, p);
        rubrics.copyRubric(user, from, to, d.id());
        groups.audit(to, user.id(), existed.isEmpty() ? "reading-assign" : "reading-update", d.id(), "copied from group " + from
                + ": " + d.title());
    }
}
