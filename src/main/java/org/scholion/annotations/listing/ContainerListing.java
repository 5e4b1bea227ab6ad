package org.scholion.annotations.listing;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.scholion.annotations.AnnotatedDocuments.Doc;
import org.scholion.annotations.Annotation;
import org.scholion.annotations.AnnotationQueries;
import org.scholion.annotations.Author;
import org.scholion.annotations.Filter;
import org.scholion.annotations.listing.ListingSql.Where;
import org.scholion.annotations.listing.ViewerExtras.Extras;
import org.scholion.domain.DomainError;
import org.scholion.domain.NamedSql;
import org.scholion.security.UserRef;

/**
 * The container's listing of one document for one caller: its summary and exact validator
 * ({@link #state}) and its pages ({@link #page}), over {@link ListingSql#where}.
 */
@ApplicationScoped
public class ContainerListing {
    /**
     * What the caller sees in a container (with its filters), summed up in one query: how many
     * annotations, the latest change, and a validator that moves exactly when what this caller
     * may see moves — any listed annotation changing, appearing or leaving, or the caller's own
     * memberships or groups changing — and is the same in every app instance, since it is made
     * from the database alone.
     *
     * @param heaviest the largest {@code annotation.weight} of the listing (0 when it is empty): an
     *                 upper bound of the bytes any one of its rows adds to a page (see migration V8)
     */
    public record ContainerState(long total, OffsetDateTime modified, String validator, long heaviest) {
        /** The number of the last page (from 0) when the listing is cut into pages of this size. */
        public int lastPage(int pageSize) {
            return lastPage(total, pageSize);
        }

        static int lastPage(long total, int pageSize) {
            return total == 0 ? 0 : (int) ((total - 1) / pageSize);
        }
    }

    /**
     * A page of a listing. Each item is what its representation is made of (the row's id and version,
     * its author as named now, the viewer's extras) and, when the writer did not have that item written
     * already, its annotation; {@link #reread} reads one the writer lost meanwhile.
     */
    public record Page(List<Listed> items, long total, OffsetDateTime modified, int page, int pageSize,
            Function<UUID, Annotation> reread) {
        public int lastPage() {
            return ContainerState.lastPage(total, pageSize);
        }
    }

    /** One row of a listing; {@code annotation} is null when the caller had its item already (or wanted only ids). */
    public record Listed(UUID id, long rowVersion, Author author, Extras extras, Annotation annotation) {
    }

    /** Listings evaluated, under their fingerprint, caller, document and filter ({@link #state}); small records. */
    private final Cache<String, ContainerState> states = Caffeine.newBuilder().maximumSize(50_000)
            .expireAfterAccess(Duration.ofMinutes(10)).build();
    private final EntityManager em;
    private final AgroalDataSource db;

    ContainerListing(EntityManager em, AgroalDataSource db) {
        this.em = em;
        this.db = db;
    }

    /**
     * The listing's summary and validator; not found when it filters by a group the caller may not
     * read. Evaluating the listing costs a pass over every annotation of the document with the
     * visibility rule, so it is done only when its inputs moved: a first, cheap query reads the
     * {@linkplain #fingerprint fingerprint} of everything the listing depends on, and the summary is
     * kept in memory under it (with the caller, their admin role, the document and the filter). The
     * validator itself stays exact — a write someone else cannot see moves the fingerprint, not
     * their ETag — and comes from the database alone, so every instance agrees.
     */
    public ContainerState state(UserRef user, Doc doc, Filter f) {
        Fingerprint fingerprint = fingerprint(user, doc, f);
        return states.get(fingerprint.document() + "|" + fingerprint.caller() + "|" + user.id() + "|" + user.isAdmin() + "|"
                + doc.id() + "|" + f, k -> evaluate(user, doc, f, fingerprint.caller()));
    }

    /**
     * @param document the document's annotations (count, highest and sum of their change numbers)
     * @param caller   what the caller's view depends on besides them: their access number, their groups'
     *                 change numbers, the flags they see
     */
    record Fingerprint(String document, String caller) {
    }

    /** The caller's groups, over the alias {@code g}. */
    private static String callersGroups(UserRef user) {
        return user.isAdmin() ? "TRUE" : "g.id IN (SELECT m.group_id FROM membership m WHERE m.user_id = :viewer" + user.groupsSql("m.group_id") + ")";
    }

    /** 1 when the filter names no group or a group the caller may read, else 0. */
    private static String filterGroup(UserRef user, Filter f) {
        return f.group() == null ? "1"
                : "(SELECT count(*) FROM classroom_group g WHERE g.id = :group AND (" + (user.isAdmin() ? "TRUE"
                        : "EXISTS (SELECT 1 FROM membership m WHERE m.group_id = g.id AND m.user_id = :viewer"
                                + user.groupsSql("m.group_id") + ")") + "))";
    }

    /**
     * Flags are not changes of the annotation row: the viewer's own flags and, where they moderate,
     * everyone's move their validator (and no one else's).
     */
    private static String flagsSeen(UserRef user) {
        String seen = "f.flagger_id = :viewer OR " + (user.isAdmin() ? "TRUE"
                : "f.group_id IN (SELECT m.group_id FROM membership m WHERE m.user_id = :viewer AND m.role = 'moderator'"
                        + user.groupsSql("m.group_id") + ")");
        return "(SELECT coalesce(max(f.change_seq), 0) || '-' || count(*) FROM annotation_flag f WHERE f.document_id = :doc"
                + " AND (" + seen + "))";
    }

    /**
     * Everything the listing of this document depends on, for this caller, in one cheap query: the
     * count, the highest and the sum of the change numbers of the document's annotations that are
     * not deleted (read from the listing index alone; a trigger takes a new number from one
     * sequence on every insert and update, so any write moves the sum, whatever order transactions
     * commit in), the caller's access number, their groups' change numbers and the flags they see.
     * Not found when the filter names a group the caller may not read.
     */
    Fingerprint fingerprint(UserRef user, Doc doc, Filter f) {
        NamedSql q = NamedSql.of("SELECT count(*), coalesce(max(a.change_seq), 0), coalesce(sum(a.change_seq), 0),"
                + " (SELECT u.access_seq FROM app_user u WHERE u.id = :viewer),"
                + " (SELECT coalesce(max(g.change_seq), 0) FROM classroom_group g WHERE " + callersGroups(user) + "),"
                + " " + filterGroup(user, f) + ", " + flagsSeen(user)
                + " FROM annotation a WHERE a.document_id = :doc AND a.deleted_at IS NULL");
        Map<String, Object> params = new HashMap<>(4);
        params.put("doc", doc.id());
        params.put("viewer", user.id());
        if (f.group() != null) {
            params.put("group", f.group());
        }
        Object[] r = q.row(db, params);
        if (((Number) r[5]).longValue() == 0) {
            throw DomainError.notFound("group", "no group you belong to has this id");
        }
        return new Fingerprint(r[0] + "." + r[1] + "." + r[2], r[3] + "." + r[4] + "." + r[6]);
    }

    /**
     * The listing evaluated: what the caller sees, summed up, and its exact validator — the count,
     * highest and sum of the change numbers of what they see, and {@code caller}, the part of the
     * fingerprint read just before that does not depend on the annotations.
     */
    private ContainerState evaluate(UserRef user, Doc doc, Filter f, String caller) {
        Where w = ListingSql.where(user, doc, f);
        // plain JDBC, like the fingerprint: a filter value never asked before (a new creator= each time)
        // evaluates the listing on every request, and through Hibernate the statement cost more than the query
        Object[] r = NamedSql.of("SELECT count(*), max(a.modified_at), coalesce(max(a.change_seq), 0),"
                + " coalesce(sum(a.change_seq), 0), coalesce(max(a.weight), 0)"
                + " FROM annotation a WHERE " + w.sql()).row(db, w.params());
        long total = ((Number) r[0]).longValue();
        return new ContainerState(total, AnnotationQueries.toOffset(r[1]), total + "." + r[2] + "." + r[3] + "." + caller, ((Number) r[4]).longValue());
    }

    /**
     * One page of what the caller may see, in creation order (or most upvoted first): one statement
     * whatever its size for what its items are made of (ids, row versions, authors, the viewer's
     * extras), and one more for the whole rows of the items {@code written} says are not written yet.
     *
     * @param full descriptions (authors and extras), not only IRIs
     */
    public Page page(UserRef user, Doc doc, Filter f, ContainerState state, int page, int pageSize, boolean full,
            Predicate<Listed> written) {
        List<Listed> items = List.of();
        if (state.total() > (long) page * pageSize) {
            Where w = ListingSql.where(user, doc, f);
            String order = (f.byUpvotes() ? " ORDER BY a.upvotes DESC, a.created_at, a.id" : " ORDER BY a.created_at, a.id")
                    + " LIMIT :limit OFFSET :offset";
            Map<String, Object> params = new HashMap<>(w.params());
            params.put("limit", pageSize);
            params.put("offset", (long) page * pageSize);
            if (!full) {
                items = NamedSql.of("SELECT a.id FROM annotation a WHERE " + w.sql() + order).rows(db, params).stream()
                        .map(r -> new Listed((UUID) r[0], 0, null, Extras.NONE, null)).toList();
            } else {
                // what each item is made of, without its text: most items are written already (for this
                // viewer or one shown the same), and reading 100 whole rows into entities was a third of a
                // classroom's CPU (issue 20); the rows of the items not written yet are read after
                List<Listed> listed = new ArrayList<>();
                for (Object[] r : NamedSql.of("SELECT a.id, a.row_version, au.id, au.username, au.display_name, "
                        + ViewerExtras.columns(user) + " FROM annotation a LEFT JOIN app_user au ON au.id = a.author_id WHERE "
                        + w.sql() + order).rows(db, params)) {
                    Author author = r[2] == null ? null : new Author((UUID) r[2], (String) r[3], (String) r[4]);
                    listed.add(new Listed((UUID) r[0], ((Number) r[1]).longValue(), author, ViewerExtras.of(r, 5), null));
                }
                Set<UUID> unwritten = listed.stream().filter(l -> !written.test(l)).map(Listed::id).collect(Collectors.toSet());
                Map<UUID, Annotation> rows = unwritten.isEmpty() ? Map.of()
                        : em.createQuery("SELECT a FROM Annotation a WHERE a.id IN :ids", Annotation.class).setParameter("ids", unwritten)
                                .getResultStream().collect(Collectors.toMap(a -> a.id, a -> a));
                items = listed.stream().map(l -> unwritten.contains(l.id())
                        ? new Listed(l.id(), l.rowVersion(), l.author(), l.extras(), rows.get(l.id())) : l).toList();
            }
        }
        return new Page(items, state.total(), state.modified(), page, pageSize, id -> em.find(Annotation.class, id));
    }
}
