package org.scholion.search;

import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.scholion.annotations.Annotation;
import org.scholion.annotations.AnnotationQueries;
import org.scholion.annotations.Author;
import org.scholion.annotations.Filter;
import org.scholion.annotations.listing.ListingSql;
import org.scholion.annotations.listing.ViewerExtras;
import org.scholion.annotations.listing.ViewerExtras.Extras;
import org.scholion.domain.DomainError;
import org.scholion.domain.NamedSql;
import org.scholion.search.SearchQuery.Sort;
import org.scholion.security.DocumentVisibility;
import org.scholion.security.UserRef;

/**
 * Search across every document and group the caller may see: PostgreSQL full-text search over what
 * annotations say (comment, tags, quote, sources' titles and authors: the generated {@code search}
 * vector of migration V16, a GIN index; ranked by ts_rank, not the costlier cover density of
 * ts_rank_cd: a common word matches thousands of annotations and each is ranked), trigram matching
 * of the quote and of authors' names, and
 * the readings' own text. What the caller may see is the permission map's rule — {@link ListingSql}
 * over {@code Visibility.LISTED}, and {@code DocumentVisibility.READ} for the annotation's
 * document — in the same statement that matches, counts and ranks: nothing the caller may not see
 * is counted, ranked or quoted in a snippet.
 */
@ApplicationScoped
public class SearchService {
    /** How many readings matching by their text the first page lists at most. */
    static final int MAX_DOCUMENTS = 5;
    /** Trigram matching needs three characters to use its index; shorter words match lexemes only. */
    static final int MIN_SUBSTRING = 3;
    /** The ts_headline of a reading reads this much of its text (its cost grows with the text). */
    static final int DOCUMENT_HEADLINE_CHARS = 50_000;

    private static final String TSQ = "websearch_to_tsquery('english', :q)";

    private final AgroalDataSource db;
    private final EntityManager em;

    SearchService(AgroalDataSource db, EntityManager em) {
        this.db = db;
        this.em = em;
    }

    /** An annotation found, with what it is shown with. */
    public record Hit(Annotation annotation, String slug, Author author, Extras extras, Snippet snippet, BigDecimal rank) {
    }

    /** A reading found by its own text. */
    public record DocumentHit(String slug, String title, int revision, Snippet snippet, BigDecimal rank) {
    }

    /**
     * @param total annotations matched, plus the readings listed
     * @param next  where the next page starts, null on the last page
     */
    public record Results(long total, List<DocumentHit> documents, List<Hit> hits, Cursor next) {
    }

    public Results search(UserRef user, SearchQuery sq) {
        String cursorFor = Cursor.digest(sq);
        if (sq.after() != null && !sq.after().search().equals(cursorFor)) {
            throw DomainError.invalid("cursor", "this cursor belongs to another search: send it with the same"
                    + " words, filters and sort as the search that gave it");
        }
        ListingSql.Where w = where(user, groupsOf(user), sq);
        Map<String, Object> params = new HashMap<>(w.params());
        Sort sort = sq.effectiveSort();
        // a real, as ts_rank gives it: rounding thousands of ranks as numerics cost more than ranking them
        String rank = sq.q() == null ? "CAST(0 AS real)"
                : "ts_rank(a.search, " + TSQ + ", 32)"
                        + (substring(sq) ? " + CASE WHEN a.exact ILIKE :like THEN CAST(0.05 AS real) ELSE CAST(0 AS real) END" : "");
        String keyset = "TRUE";
        if (sq.after() != null) {
            Cursor c = sq.after();
            params.put("c_created", c.created());
            params.put("c_id", c.id());
            keyset = switch (sort) {
                case RELEVANCE -> {
                    params.put("c_rank", c.rank() == null ? 0f : c.rank().floatValue());
                    yield "(m.rank < CAST(:c_rank AS real) OR (m.rank = CAST(:c_rank AS real) AND (m.created_at, m.id) < (:c_created, :c_id)))";
                }
                case UPVOTES -> {
                    params.put("c_upvotes", c.upvotes() == null ? 0 : c.upvotes());
                    yield "(m.upvotes, m.created_at, m.id) < (:c_upvotes, :c_created, :c_id)";
                }
                case NEWEST -> "(m.created_at, m.id) < (:c_created, :c_id)";
            };
        }
        String order = switch (sort) {
            case RELEVANCE -> "m.rank DESC, m.created_at DESC, m.id DESC";
            case UPVOTES -> "m.upvotes DESC, m.created_at DESC, m.id DESC";
            case NEWEST -> "m.created_at DESC, m.id DESC";
        };
        params.put("limit", sq.limit() + 1);
        // the matches once (materialised): counted whole, and the page cut from them after the cursor
        List<Object[]> rows = NamedSql.of("WITH m AS MATERIALIZED (SELECT a.id, a.created_at, a.upvotes, " + rank + " AS rank"
                + " FROM annotation a WHERE " + w.sql() + ")"
                + " SELECT t.total, p.id, p.created_at, p.upvotes, p.rank FROM (SELECT count(*) AS total FROM m) t"
                + " LEFT JOIN LATERAL (SELECT m.* FROM m WHERE " + keyset + " ORDER BY " + order + " LIMIT :limit) p ON TRUE")
                .rows(db, params);
        long total = ((Number) rows.get(0)[0]).longValue();
        List<Object[]> page = rows.stream().filter(r -> r[1] != null).collect(Collectors.toCollection(ArrayList::new));
        Cursor next = null;
        if (page.size() > sq.limit()) {
            page = page.subList(0, sq.limit());
            Object[] last = page.get(page.size() - 1);
            next = new Cursor(cursorFor, sort == Sort.RELEVANCE ? rank(last[4]) : null,
                    sort == Sort.UPVOTES ? ((Number) last[3]).intValue() : null, AnnotationQueries.toOffset(last[2]), (UUID) last[1]);
        }
        List<Hit> hits = hits(user, sq, page);
        List<DocumentHit> documents = sq.q() != null && sq.after() == null && !sq.annotationsOnly() ? documents(user, sq) : List.of();
        return new Results(total + documents.size(), documents, hits, next);
    }

    /** A search with no words and no filters: {@link #visible}. */
    private static final SearchQuery EVERYTHING = new SearchQuery(null, null, null, null, null, null, null, null, null, null, null,
            null, Sort.NEWEST, 1, null);

    /**
     * The annotations (alias {@code a}) the caller may see, as search finds them: the permission map's
     * rule and the index-friendly condition on the caller's groups. Other views of the annotations that
     * search (the Hypothesis-compatible API) narrow this clause and never widen it.
     */
    public ListingSql.Where visible(UserRef user) {
        return where(user, groupsOf(user), EVERYTHING);
    }

    /** Whether the words are long enough for trigram matching of quotes and names. */
    private static boolean substring(SearchQuery sq) {
        return sq.q() != null && sq.q().replace("\"", "").strip().codePointCount(0, sq.q().replace("\"", "").strip().length())
                >= MIN_SUBSTRING;
    }

    /** A rank as PostgreSQL computed it (a real), exactly: its shortest decimal that reads back as the same real. */
    private static BigDecimal rank(Object real) {
        return new BigDecimal(Float.toString(((Number) real).floatValue()));
    }

    /** The groups the caller belongs to (none is asked for an admin, who sees every group). */
    List<UUID> groupsOf(UserRef user) {
        if (user.isAdmin()) {
            return List.of();
        }
        return NamedSql.of("SELECT m.group_id FROM membership m WHERE m.user_id = :viewer" + user.groupsSql("m.group_id")
                + " ORDER BY m.group_id")
                .rows(db, Map.of("viewer", user.id())).stream().map(r -> (UUID) r[0]).toList();
    }

    /**
     * What the caller may see, narrowed by the filters and the words.
     *
     * @param groups the caller's groups ({@link #groupsOf}), written into the statement
     */
    static ListingSql.Where where(UserRef user, List<UUID> groups, SearchQuery sq) {
        ListingSql.Where listed = ListingSql.listed(user);
        StringBuilder w = new StringBuilder(listed.sql());
        Map<String, Object> params = new LinkedHashMap<>(listed.params());
        // an annotation is found only where its document may be read
        w.append(" AND a.document_id IN (SELECT d.id FROM document d WHERE ").append(DocumentVisibility.READ.sql(user)).append(")");
        if (!user.isAdmin()) {
            // implied by LISTED (a group annotation for a member, a private one for its author), said again as
            // something an index answers: the match is ANDed with the caller's groups and own notes before any
            // row is read, so a common word costs what the caller may see of it, not what the whole server holds.
            // The groups are written in as a literal (UUIDs, nothing a caller types), not a parameter or a
            // subquery: only a list the planner can see lets it weigh the group index against the words' (a
            // BitmapAnd for a student of a small class, the words alone for an instructor of most of the server)
            String literal = groups.stream().map(UUID::toString).collect(Collectors.joining(",", "'{", "}'"));
            w.append(" AND (a.group_id = ANY (CAST(" + literal + " AS uuid[])) OR a.author_id = :viewer)");
        }
        ListingSql.filters(new Filter(sq.group(), sq.user(), sq.tag(), sq.motivation(), null, sq.state(), false, sq.anchoring()), w,
                params);
        if (sq.document() != null) {
            w.append(" AND a.document_id IN (SELECT d.id FROM document d WHERE d.slug = :slug)");
            params.put("slug", sq.document());
        }
        if (sq.verdict() != null) {
            w.append(" AND a.body @> CAST(:verdict AS jsonb)");
            params.put("verdict", "{\"verdict\": \"" + sq.verdict().wire() + "\"}");
        }
        if (sq.from() != null) {
            w.append(" AND a.created_at >= :from");
            params.put("from", sq.from());
        }
        if (sq.to() != null) {
            w.append(" AND a.created_at < :to");
            params.put("to", sq.to());
        }
        if (sq.hasSources() != null) {
            w.append(sq.hasSources() ? " AND a.body -> 'sources' IS NOT NULL" : " AND a.body -> 'sources' IS NULL");
        }
        if (sq.q() != null) {
            params.put("q", sq.q());
            w.append(" AND (a.search @@ ").append(TSQ);
            if (substring(sq)) {
                // each arm has its index (GIN on the vector, trigram GIN on the quote, the author index),
                // so the OR is a BitmapOr, not a pass over every annotation
                w.append(" OR a.exact ILIKE :like OR a.author_id = ANY (ARRAY(SELECT u.id FROM app_user u"
                        + " WHERE (u.username || ' ' || u.display_name) ILIKE :like))");
                params.put("like", "%" + likeEscaped(sq.q().replace("\"", "").strip()) + "%");
            }
            w.append(")");
        }
        return new ListingSql.Where(w.toString(), params);
    }

    /** The text with LIKE's wildcards and its escape character taken literally. */
    public static String likeEscaped(String s) {
        return s.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
    }

    /** The page's annotations, whole, with their authors, the caller's extras and their snippets. */
    private List<Hit> hits(UserRef user, SearchQuery sq, List<Object[]> page) {
        if (page.isEmpty()) {
            return List.of();
        }
        UUID[] ids = page.stream().map(r -> (UUID) r[1]).toArray(UUID[]::new);
        Map<String, Object> params = new HashMap<>();
        params.put("ids", ids);
        params.put("viewer", user.id());
        String headline = "NULL";
        if (sq.q() != null) {
            params.put("q", sq.q());
            params.put("opts", Snippet.HEADLINE_OPTIONS);
            headline = "ts_headline('english', concat_ws(' — ', a.body #>> '{comment,text}', a.exact), " + TSQ + ", :opts)";
        }
        Map<UUID, Object[]> shown = new HashMap<>();
        for (Object[] r : NamedSql.of("SELECT a.id, d.slug, au.id, au.username, au.display_name, " + headline + ", "
                + ViewerExtras.columns(user) + " FROM annotation a JOIN document d ON d.id = a.document_id"
                + " LEFT JOIN app_user au ON au.id = a.author_id WHERE a.id = ANY (:ids)").rows(db, params)) {
            shown.put((UUID) r[0], r);
        }
        Map<UUID, Annotation> annotations = em.createQuery("SELECT a FROM Annotation a WHERE a.id IN :ids", Annotation.class)
                .setParameter("ids", List.of(ids)).getResultStream().collect(Collectors.toMap(a -> a.id, Function.identity()));
        List<Hit> out = new ArrayList<>();
        for (Object[] p : page) {
            UUID id = (UUID) p[1];
            Object[] r = shown.get(id);
            Annotation a = annotations.get(id);
            if (r == null || a == null) {
                continue;
            }
            Author author = r[2] == null ? null : new Author((UUID) r[2], (String) r[3], (String) r[4]);
            Snippet snippet = r[5] == null ? new Snippet(quoteOrComment(a), List.of())
                    : Snippet.ofHeadline((String) r[5]).orFind(a.exact, sq.q());
            out.add(new Hit(a, (String) r[1], author, ViewerExtras.of(r, 6), snippet, rank(p[4])));
        }
        return out;
    }

    private static String quoteOrComment(Annotation a) {
        String text = a.body().comment() != null ? a.body().comment().text() : a.exact;
        if (text == null) {
            return "";
        }
        return text.length() <= 200 ? text : text.substring(0, Character.isHighSurrogate(text.charAt(199)) ? 199 : 200) + "…";
    }

    /** The readings the caller may read whose text or title matches, best first. */
    private List<DocumentHit> documents(UserRef user, SearchQuery sq) {
        Map<String, Object> params = new HashMap<>();
        params.put("q", sq.q());
        params.put("viewer", user.id());
        params.put("opts", Snippet.HEADLINE_OPTIONS);
        params.put("chars", DOCUMENT_HEADLINE_CHARS);
        params.put("max", MAX_DOCUMENTS);
        String slug = "";
        if (sq.document() != null) {
            slug = " AND d.slug = :slug";
            params.put("slug", sq.document());
        }
        List<DocumentHit> out = new ArrayList<>();
        for (Object[] r : NamedSql.of("SELECT f.slug, f.title, f.revision, f.rank,"
                + " ts_headline('english', left(f.body, :chars), " + TSQ + ", :opts) FROM ("
                + "SELECT d.slug, d.title, d.revision, r.body, round(CAST(ts_rank(r.search, " + TSQ + ", 1)"
                + " + CASE WHEN to_tsvector('english', d.title) @@ " + TSQ + " THEN 1 ELSE 0 END AS numeric), 6) AS rank"
                + " FROM document d JOIN document_revision r ON r.document_id = d.id AND r.n = d.revision"
                + " WHERE " + DocumentVisibility.READ.sql(user) + slug
                + " AND (r.search @@ " + TSQ + " OR to_tsvector('english', d.title) @@ " + TSQ + ")"
                + " ORDER BY rank DESC, d.slug LIMIT :max) f ORDER BY f.rank DESC, f.slug").rows(db, params)) {
            out.add(new DocumentHit((String) r[0], (String) r[1], ((Number) r[2]).intValue(), Snippet.ofHeadline((String) r[4]),
                    (BigDecimal) r[3]));
        }
        return out;
    }

    /** The plan PostgreSQL chooses for a search's matching (tests check that it uses the indexes). */
    public List<String> explain(UserRef user, SearchQuery sq) {
        ListingSql.Where w = where(user, groupsOf(user), sq);
        return NamedSql.of("EXPLAIN SELECT a.id FROM annotation a WHERE " + w.sql()).rows(db, w.params()).stream()
                .map(r -> (String) r[0]).toList();
    }
}
