package org.scholion.documents.assignments;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import org.scholion.documents.Document;
import org.scholion.documents.DocumentService;
import org.scholion.domain.DomainError;
import org.scholion.groups.GroupService;
import org.scholion.security.Action;
import org.scholion.security.UserRef;

/**
 * Reading lists: moderators assign documents to their groups. Assigning lets the group's members
 * read the document ({@code security/DocumentVisibility}); every change is an entry in the group's log.
 */
@ApplicationScoped
public class ReadingService {
    private final EntityManager em;
    private final GroupService groups;
    private final DocumentService documents;

    ReadingService(EntityManager em, GroupService groups, DocumentService documents) {
        this.em = em;
        this.groups = groups;
        this.documents = documents;
    }

    /** What a moderator sets for a reading; every field optional. */
    public record Terms(OffsetDateTime due, String instructions, Integer revealAfter) {
    }

    /** A reading with its document's slug, title and current revision. */
    public record Listed(Reading reading, String slug, String title, int revision) {
    }

    public record Assigned(Listed listed, boolean created) {
    }

    /**
     * Puts the document on the group's reading list, or changes its terms. The moderator must be
     * able to read the document themselves (their own, a public one, one an admin shared).
     */
    @Transactional
    public Assigned assign(UserRef user, UUID groupId, String slug, Terms terms) {
        groups.require(user, groupId, Action.MANAGE_GROUP);
        Document d = documents.readable(user, slug);
        Reading r = em.find(Reading.class, new Reading.Key(groupId, d.id));
        boolean created = r == null;
        if (created) {
            r = new Reading();
            r.groupId = groupId;
            r.documentId = d.id;
            r.assignedBy = user.id();
            r.assignedAt = OffsetDateTime.now();
        } else if (Objects.equals(r.due, terms.due()) && Objects.equals(r.instructions, terms.instructions())
                && Objects.equals(r.revealAfter, terms.revealAfter())) {
            return new Assigned(new Listed(r, d.slug, d.title, d.revision), false);
        }
        r.due = terms.due();
        r.instructions = terms.instructions();
        r.revealAfter = terms.revealAfter();
        if (created) {
            r.persist();
        }
        groups.audit(groupId, user.id(), created ? "reading-assign" : "reading-update", d.id, describe(d, r));
        return new Assigned(new Listed(r, d.slug, d.title, d.revision), created);
    }

    /** Takes the document off the group's reading list; the group's log keeps what it was. */
    @Transactional
    public void unassign(UserRef user, UUID groupId, String slug) {
        groups.require(user, groupId, Action.MANAGE_GROUP);
        Document d = documents.readable(user, slug);
        Reading r = em.find(Reading.class, new Reading.Key(groupId, d.id));
        if (r == null) {
            throw DomainError.notFound("this document is not on the group's reading list");
        }
        groups.audit(groupId, user.id(), "reading-remove", d.id, describe(d, r));
        r.delete();
    }

    /** The group's reading list: by due date (none last), then when assigned. */
    public List<Listed> list(UserRef user, UUID groupId) {
        groups.require(user, groupId, Action.READ_GROUP);
        List<Object[]> rows = em.createQuery("""
                select r, d.slug, d.title, d.revision from Reading r, Document d
                 where d.id = r.documentId and r.groupId = :g
                 order by r.due nulls last, r.assignedAt, d.title""", Object[].class)
                .setParameter("g", groupId).getResultList();
        List<Listed> out = new ArrayList<>(rows.size());
        for (Object[] row : rows) {
            out.add(new Listed((Reading) row[0], (String) row[1], (String) row[2], (Integer) row[3]));
        }
        return out;
    }

    /** The log's detail column holds 2,000 characters: long instructions are cut there (the reading itself keeps them whole). */
    private static String describe(Document d, Reading r) {
        String s = describeWhole(d, r);
        return s.length() <= 2000 ? s : s.substring(0, Character.isHighSurrogate(s.charAt(1998)) ? 1998 : 1999) + "…";
    }

    private static String describeWhole(Document d, Reading r) {
        return d.slug + (r.due == null ? "" : ", due " + r.due) + (r.revealAfter == null ? "" : ", reveal after " + r.revealAfter)
                + (r.instructions == null ? "" : ", instructions: " + r.instructions);
    }
}
