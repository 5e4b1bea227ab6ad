package org.scholion.exports;

import io.agroal.api.AgroalDataSource;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.scholion.annotations.AnnotatedDocuments;
import org.scholion.annotations.AnnotatedDocuments.Doc;
import org.scholion.annotations.Annotation;
import org.scholion.annotations.AnnotationQueries;
import org.scholion.annotations.Author;
import org.scholion.annotations.listing.ListingSql;
import org.scholion.annotations.listing.ViewerExtras;
import org.scholion.annotations.listing.ViewerExtras.Extras;
import org.scholion.domain.DomainError;
import org.scholion.domain.NamedSql;
import org.scholion.groups.Memberships;
import org.scholion.security.Action;
import org.scholion.security.DocumentVisibility;
import org.scholion.security.Permissions;
import org.scholion.security.Target;
import org.scholion.security.UserRef;

/**
 * What an export holds: for a group, everything its moderators see in it (hidden and pending
 * annotations included, deleted ones not); for oneself, one's own annotations in every group and
 * one's private notes; either narrowed to one document. The rows come through the permission
 * map's rule ({@link ListingSql#listed}) and the document's visibility, exactly as search and the
 * container read them, in creation order (so a reply follows what it answers), in chunks of
 * {@link #CHUNK}, each read in its own short transaction: an export of any size holds one chunk in
 * memory.
 */
@ApplicationScoped
public class AnnotationExports {
    static final int CHUNK = 500;

    private final AgroalDataSource db;
    private final EntityManager em;
    private final Memberships memberships;
    private final Permissions permissions;
    private final AnnotatedDocuments documents;

    AnnotationExports(AgroalDataSource db, EntityManager em, Memberships memberships, Permissions permissions,
            AnnotatedDocuments documents) {
        this.db = db;
        this.em = em;
        this.memberships = memberships;
        this.permissions = permissions;
        this.documents = documents;
    }

    /** One exported annotation and what it is shown with. */
    public record Row(Annotation annotation, String slug, Author author, Extras extras) {
    }

    /**
     * The export the caller asks for, checked: a group's needs its moderator (or an admin; 404 for a
     * non-member, 403 for a member), a document must be one the caller may read (404).
     *
     * @param group null for the caller's own annotations
     * @param slug  null for every document
     */
    public Selection select(UserRef user, UUID group, String slug) {
        Doc doc = slug == null ? null : documents.find(user, slug);
        if (group != null) {
            Target.Group g = memberships.standing(group, user).orElseThrow(Permissions::notFound);
            permissions.require(user, Action.EXPORT_GROUP, g);
        }
        ListingSql.Where listed = ListingSql.listed(user);
        Map<String, Object> params = new LinkedHashMap<>(listed.params());
        StringBuilder w = new StringBuilder(listed.sql());
        w.append(" AND a.deleted_at IS NULL AND a.document_id IN (SELECT d.id FROM document d WHERE ")
                .append(DocumentVisibility.READ.sql(user)).append(")");
        if (group != null) {
            w.append(" AND a.group_id = :group");
            params.put("group", group);
        } else {
            w.append(" AND a.author_id = :viewer");
        }
        if (doc != null) {
            w.append(" AND a.document_id = :doc");
            params.put("doc", doc.id());
        }
        // what was written up to now: the count and the chunks agree, whatever is written meanwhile
        OffsetDateTime asOf = AnnotationQueries.toOffset(NamedSql.of("SELECT now()").row(db, Map.of())[0]);
        w.append(" AND a.created_at <= :asof");
        params.put("asof", asOf);
        ListingSql.Where where = new ListingSql.Where(w.toString(), params);
        long total = ((Number) NamedSql.of("SELECT count(*) FROM annotation a WHERE " + where.sql()).row(db, where.params())[0])
                .longValue();
        return new Selection(user, where, total, doc);
    }

    /** An export's rows, read chunk by chunk. */
    public final class Selection {
        private final UserRef user;
        private final ListingSql.Where where;
        private final long total;
        private final Doc doc;

        private Selection(UserRef user, ListingSql.Where where, long total, Doc doc) {
            this.user = user;
            this.where = where;
            this.total = total;
            this.doc = doc;
        }

        public long total() {
            return total;
        }

        /** The document the export is narrowed to, or null. */
        public Doc document() {
            return doc;
        }

        /** Hands each chunk of rows, in creation order, to {@code each}. */
        public void forEachChunk(Consumer<List<Row>> each) {
            OffsetDateTime afterCreated = null;
            UUID afterId = null;
            while (true) {
                OffsetDateTime t = afterCreated;
                UUID id = afterId;
                List<Row> chunk = QuarkusTransaction.requiringNew().call(() -> chunk(t, id));
                if (chunk.isEmpty()) {
                    return;
                }
                each.accept(chunk);
                Annotation last = chunk.get(chunk.size() - 1).annotation();
                afterCreated = last.createdAt;
                afterId = last.id;
                if (chunk.size() < CHUNK) {
                    return;
                }
            }
        }

        private List<Row> chunk(OffsetDateTime afterCreated, UUID afterId) {
            Map<String, Object> params = new HashMap<>(where.params());
            String after = "";
            if (afterCreated != null) {
                after = " AND (a.created_at, a.id) > (:after_t, :after_id)";
                params.put("after_t", afterCreated);
                params.put("after_id", afterId);
            }
            params.put("chunk", CHUNK);
            List<Object[]> rows = NamedSql.of("SELECT a.id, d.slug, au.id, au.username, au.display_name, "
                    + ViewerExtras.columns(user) + " FROM annotation a JOIN document d ON d.id = a.document_id"
                    + " LEFT JOIN app_user au ON au.id = a.author_id WHERE " + where.sql() + after
                    + " ORDER BY a.created_at, a.id LIMIT :chunk").rows(db, params);
            if (rows.isEmpty()) {
                return List.of();
            }
            List<UUID> ids = rows.stream().map(r -> (UUID) r[0]).toList();
            Map<UUID, Annotation> annotations = em.createQuery("SELECT a FROM Annotation a WHERE a.id IN :ids", Annotation.class)
                    .setParameter("ids", ids).getResultStream().collect(Collectors.toMap(a -> a.id, Function.identity()));
            List<Row> out = new ArrayList<>(rows.size());
            for (Object[] r : rows) {
                Annotation a = annotations.get((UUID) r[0]);
                em.detach(a);
                Author author = r[2] == null ? null : new Author((UUID) r[2], (String) r[3], (String) r[4]);
                out.add(new Row(a, (String) r[1], author, ViewerExtras.of(r, 5)));
            }
            return out;
        }
    }

    /** The group's name, for labels and file names (the caller was checked by {@link #select}). */
    public String groupName(UUID group) {
        Object[] r = NamedSql.of("SELECT g.name FROM classroom_group g WHERE g.id = :g").row(db, Map.of("g", group));
        return (String) r[0];
    }

    static DomainError neither() {
        return DomainError.invalid("group", "say whose annotations to export: group=<id> (its moderators) or mine=true");
    }
}
