package org.scholion.hypothesis;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Collectors;
import org.scholion.annotations.AnnotatedDocuments;
import org.scholion.annotations.Annotation;
import org.scholion.annotations.AnnotationQueries;
import org.scholion.annotations.Author;
import org.scholion.annotations.StoredBodies;
import org.scholion.annotations.jsonld.AnnotationReader;
import org.scholion.annotations.jsonld.Iris;
import org.scholion.annotations.listing.ListingSql;
import org.scholion.annotations.listing.ViewerExtras;
import org.scholion.domain.DomainError;
import org.scholion.domain.NamedSql;
import org.scholion.search.SearchService;
import org.scholion.security.UserRef;

/**
 * h's {@code GET /api/search} over Scholion's annotations: what the caller may see
 * ({@link SearchService#visible}, the permission map's rule), narrowed by h's filters, counted, sorted
 * by h's fields and cut by {@code search_after}, {@code offset} and {@code limit}; the page is then
 * presented as h presents annotations ({@link HypothesisView}).
 *
 * <p>How the filters read Scholion's data (h's reference says what each means):
 * <ul>
 * <li>{@code uri}/{@code url}: a document's IRI, its reader page ({@code /read/{slug}}) or the URL or
 * DOI the reading came from — "the specific URI or equivalent URIs"; several are ORed;</li>
 * <li>{@code wildcard_uri} ({@code *} any run, {@code _} one character) and {@code uri.parts} (a word
 * of the URI split at {@code #+/:=?.-}) over the same URIs;</li>
 * <li>{@code group}: a group's id, {@code __world__} for the caller's private notes; several are ORed;</li>
 * <li>{@code user}: {@code acct:name@authority} or a username;</li>
 * <li>{@code tag}/{@code tags}: each must be one of the annotation's tags (case as stored: lower);</li>
 * <li>{@code quote}, {@code text}: any of the words, as a case-insensitive substring, in the quote or
 * in the comment ("unicorn helmets" finds unicorn OR helmets); {@code any}: in the quote, the
 * comment, a tag or the document's URI; each such parameter given twice must match both;</li>
 * <li>{@code references}: the replies to the annotation, at any depth (h's references hold every
 * ancestor);</li>
 * <li>{@code _separate_replies}: rows are top-level annotations only, and {@code replies} holds up to
 * 200 replies to them, oldest first.</li>
 * </ul>
 */
@ApplicationScoped
public class HypothesisSearch {
    /** h's {@code _search_replies} limit. */
    static final int REPLIES_MAX = 200;
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final AgroalDataSource db;
    private final EntityManager em;
    private final SearchService search;
    private final HypothesisView view;
    private final Iris iris;

    HypothesisSearch(AgroalDataSource db, EntityManager em, SearchService search, HypothesisView view, Iris iris) {
        this.db = db;
        this.em = em;
        this.search = search;
        this.view = view;
        this.iris = iris;
    }

    /** {@code {total, rows}} and, with {@code _separate_replies}, {@code replies}. */
    public ObjectNode search(UserRef user, SearchParameters p) {
        ListingSql.Where visible = search.visible(user);
        StringBuilder w = new StringBuilder(visible.sql()).append(" AND a.deleted_at IS NULL");
        Map<String, Object> params = new HashMap<>(visible.params());
        filters(p, w, params);
        if (p.separateReplies()) {
            w.append(" AND a.parent_id IS NULL");
        }
        String key = switch (p.sort()) {
            case "created" -> "a.created_at";
            case "updated" -> "a.modified_at";
            case "id" -> "CAST(a.id AS text)";
            case "group" -> "COALESCE(CAST(a.group_id AS text), '" + HypothesisView.WORLD + "')";
            default -> "(SELECT u.username FROM app_user u WHERE u.id = a.author_id)";
        };
        String dir = p.ascending() ? "ASC" : "DESC";
        String after = "TRUE";
        if (p.searchAfter() != null) {
            after = "m.k " + (p.ascending() ? ">" : "<") + " :after";
            params.put("after", p.afterTime() != null ? p.afterTime() : p.searchAfter());
        }
        params.put("limit", p.limit());
        params.put("offset", p.offset());
        List<Object[]> rows = NamedSql.of("WITH m AS MATERIALIZED (SELECT a.id, " + key + " AS k FROM annotation a WHERE " + w + ")"
                + " SELECT t.total, p.id FROM (SELECT count(*) AS total FROM m) t LEFT JOIN LATERAL (SELECT m.id, m.k FROM m WHERE "
                + after + " ORDER BY m.k " + dir + ", m.id " + dir + " LIMIT :limit OFFSET :offset) p ON TRUE"
                + " ORDER BY p.k " + dir + ", p.id " + dir).rows(db, params);
        long total = ((Number) rows.get(0)[0]).longValue();
        List<UUID> ids = rows.stream().filter(r -> r[1] != null).map(r -> (UUID) r[1]).toList();
        ObjectNode out = NODES.objectNode().put("total", total);
        out.set("rows", present(user, ids));
        if (p.separateReplies()) {
            out.set("replies", present(user, replies(user, ids)));
        }
        return out;
    }

    /** Replies to these top-level annotations that the caller may see, oldest first, at most {@link #REPLIES_MAX}. */
    private List<UUID> replies(UserRef user, List<UUID> roots) {
        if (roots.isEmpty()) {
            return List.of();
        }
        ListingSql.Where visible = search.visible(user);
        Map<String, Object> params = new HashMap<>(visible.params());
        params.put("roots", roots.toArray(UUID[]::new));
        params.put("max", REPLIES_MAX);
        return NamedSql.of("SELECT a.id FROM annotation a WHERE " + visible.sql() + " AND a.deleted_at IS NULL"
                + " AND a.root_id = ANY (:roots) AND a.parent_id IS NOT NULL ORDER BY a.created_at, a.id LIMIT :max")
                .rows(db, params).stream().map(r -> (UUID) r[0]).toList();
    }

    private void filters(SearchParameters p, StringBuilder w, Map<String, Object> params) {
        if (!p.uris().isEmpty()) {
            List<String> slugs = new ArrayList<>();
            for (String u : p.uris()) {
                slug(u).ifPresent(slugs::add);
            }
            w.append(" AND a.document_id IN (SELECT d.id FROM document d WHERE d.slug = ANY (:uri_slugs) OR d.source = ANY (:uris))");
            params.put("uri_slugs", slugs.toArray(String[]::new));
            params.put("uris", p.uris().toArray(String[]::new));
        }
        String documentUris = "ARRAY[:documents || d.slug, :pages || d.slug, d.source]";
        if (!p.wildcardUris().isEmpty() || !p.uriParts().isEmpty()) {
            params.put("documents", iris.documentsBase());
            params.put("pages", iris.base() + "/read/");
        }
        for (int i = 0; i < p.wildcardUris().size(); i++) {
            // '*' any run of characters, '_' any one (LIKE's own '_'); '%' and '\' literally
            String like = p.wildcardUris().get(i).replace("\\", "\\\\").replace("%", "\\%").replace('*', '%');
            w.append(" AND a.document_id IN (SELECT d.id FROM document d WHERE EXISTS (SELECT 1 FROM unnest(" + documentUris
                    + ") x WHERE x LIKE :wild" + i + "))");
            params.put("wild" + i, like);
        }
        for (int i = 0; i < p.uriParts().size(); i++) {
            w.append(" AND a.document_id IN (SELECT d.id FROM document d WHERE EXISTS (SELECT 1 FROM unnest(" + documentUris
                    + ") x WHERE lower(:part" + i + ") = ANY (regexp_split_to_array(lower(x), '[#+/:=?.-]'))))");
            params.put("part" + i, p.uriParts().get(i));
        }
        if (!p.groups().isEmpty()) {
            List<UUID> groups = new ArrayList<>();
            boolean world = false;
            for (String g : p.groups()) {
                if (g.equals(HypothesisView.WORLD)) {
                    world = true;
                } else {
                    uuid(g).ifPresent(groups::add);
                }
            }
            w.append(" AND (a.group_id = ANY (:groups)" + (world ? " OR a.group_id IS NULL" : "") + ")");
            params.put("groups", groups.toArray(UUID[]::new));
        }
        if (p.user() != null) {
            w.append(" AND a.author_id IN (SELECT u.id FROM app_user u WHERE u.username = :username)");
            // another authority's user is no one here
            params.put("username", view.username(p.user()).orElse(""));
        }
        for (int i = 0; i < p.tags().size(); i++) {
            String tag;
            try {
                tag = AnnotationReader.tag(p.tags().get(i), "tag");
            } catch (DomainError e) {
                // no stored tag can be what Scholion would refuse to store
                w.append(" AND FALSE");
                continue;
            }
            w.append(" AND a.body @> CAST(:tag" + i + " AS jsonb)");
            params.put("tag" + i, StoredBodies.tagQuery(tag));
        }
        words(p.quote(), "quote", "a.exact ILIKE ANY (:%s)", w, params);
        words(p.text(), "text", "(a.body #>> '{comment,text}') ILIKE ANY (:%s)", w, params);
        words(p.any(), "any", "(a.exact ILIKE ANY (:%1$s) OR (a.body #>> '{comment,text}') ILIKE ANY (:%1$s)"
                + " OR EXISTS (SELECT 1 FROM jsonb_array_elements_text(a.body -> 'tags') t WHERE t ILIKE ANY (:%1$s))"
                + " OR a.document_id IN (SELECT d.id FROM document d WHERE d.slug ILIKE ANY (:%1$s) OR d.source ILIKE ANY (:%1$s)))",
                w, params);
        if (!p.references().isEmpty()) {
            List<UUID> refs = p.references().stream().map(HypothesisSearch::uuid).flatMap(Optional::stream).toList();
            w.append(" AND a.id IN (WITH RECURSIVE below AS (SELECT c.id FROM annotation c WHERE c.parent_id = ANY (:references)"
                    + " UNION SELECT c.id FROM annotation c JOIN below ON c.parent_id = below.id) SELECT id FROM below)");
            params.put("references", refs.toArray(UUID[]::new));
        }
    }

    /**
     * One condition per value given: any of its words (split at white space) found, as a
     * case-insensitive substring, by {@code condition} (with {@code %s} its array of LIKE patterns).
     */
    private static void words(List<String> values, String name, String condition, StringBuilder w, Map<String, Object> params) {
        for (int i = 0; i < values.size(); i++) {
            String[] likes = java.util.Arrays.stream(values.get(i).strip().split("\\s+")).filter(s -> !s.isEmpty())
                    .map(s -> "%" + SearchService.likeEscaped(s) + "%").toArray(String[]::new);
            String param = name + i;
            w.append(" AND ").append(String.format(condition, param));
            params.put(param, likes);
        }
    }

    /** The slug of a document IRI or reader page on this server; empty for any other URI. */
    Optional<String> slug(String uri) {
        for (String prefix : List.of(iris.documentsBase(), iris.base() + "/read/")) {
            if (uri.startsWith(prefix)) {
                String rest = uri.substring(prefix.length());
                int end = rest.length();
                for (char c : new char[] { '/', '?', '#' }) {
                    int at = rest.indexOf(c);
                    if (at >= 0 && at < end) {
                        end = at;
                    }
                }
                return end == 0 ? Optional.empty() : Optional.of(java.net.URLDecoder.decode(rest.substring(0, end),
                        java.nio.charset.StandardCharsets.UTF_8));
            }
        }
        return Optional.empty();
    }

    static Optional<UUID> uuid(String s) {
        return Optional.ofNullable(ListingSql.uuidOrNull(s.strip()));
    }

    // ---- presenting ---------------------------------------------------------------------------

    /**
     * These annotations as h presents them to the caller, in this order. The caller must be allowed to
     * see each (the search's statement decided it, or the permission map for one annotation).
     */
    public ArrayNode present(UserRef user, List<UUID> ids) {
        ArrayNode out = NODES.arrayNode();
        if (ids.isEmpty()) {
            return out;
        }
        // what each row is shown with, in one statement over JDBC (Hibernate parsed this native statement
        // again on every request: a search page's CPU), and the rows themselves by their ids (JPQL, planned once)
        Map<String, Object> params = new HashMap<>();
        params.put("ids", ids.toArray(UUID[]::new));
        params.put("viewer", user.id());
        Map<UUID, Object[]> shown = new HashMap<>();
        for (Object[] r : NamedSql.of("SELECT a.id, d.slug, d.title, au.id, au.username, au.display_name, " + ViewerExtras.columns(user)
                + " FROM annotation a JOIN document d ON d.id = a.document_id LEFT JOIN app_user au ON au.id = a.author_id"
                + " WHERE a.id = ANY (:ids)").rows(db, params)) {
            shown.put((UUID) r[0], r);
        }
        Map<UUID, Annotation> rows = em.createQuery("SELECT a FROM Annotation a WHERE a.id IN :ids", Annotation.class)
                .setParameter("ids", ids).getResultStream().collect(Collectors.toMap(a -> a.id, a -> a));
        Map<UUID, List<UUID>> references = references(rows.values().stream().filter(Annotation::isReply).map(a -> a.id).toList());
        for (UUID id : ids) {
            Object[] r = shown.get(id);
            Annotation a = rows.get(id);
            if (r == null || a == null || r[3] == null) {
                continue;
            }
            out.add(view.annotation(a, (String) r[1], (String) r[2], new Author((UUID) r[3], (String) r[4], (String) r[5]),
                    ViewerExtras.of(r, 6), references.getOrDefault(id, List.of())));
        }
        return out;
    }

    /**
     * An annotation a write just returned, as h presents it: from what the write's transaction saw, not
     * read again (this request's session may still hold the row as it was before).
     */
    public ObjectNode present(AnnotatedDocuments.Doc doc, AnnotationQueries.Shown shown) {
        Annotation a = shown.annotation();
        return view.annotation(a, doc.slug(), doc.title(), shown.author(), shown.extras(),
                a.isReply() ? references(List.of(a.id)).getOrDefault(a.id, List.of()) : List.of());
    }

    /** For each reply, the ids of the annotations above it, root first. */
    private Map<UUID, List<UUID>> references(Collection<UUID> replies) {
        if (replies.isEmpty()) {
            return Map.of();
        }
        Map<UUID, List<Object[]>> chains = new LinkedHashMap<>();
        for (Object[] r : NamedSql.of("WITH RECURSIVE up AS (SELECT a.id AS child, a.parent_id AS ancestor, 1 AS depth"
                + " FROM annotation a WHERE a.id = ANY (:ids) AND a.parent_id IS NOT NULL"
                + " UNION ALL SELECT up.child, p.parent_id, up.depth + 1 FROM up JOIN annotation p ON p.id = up.ancestor"
                + " WHERE p.parent_id IS NOT NULL) SELECT child, ancestor, depth FROM up")
                .rows(db, Map.of("ids", replies.toArray(UUID[]::new)))) {
            chains.computeIfAbsent((UUID) r[0], k -> new ArrayList<>()).add(r);
        }
        Map<UUID, List<UUID>> out = new HashMap<>();
        chains.forEach((child, links) -> out.put(child, links.stream()
                .sorted(Comparator.comparingInt((Object[] l) -> ((Number) l[2]).intValue()).reversed())
                .map(l -> (UUID) l[1]).toList()));
        return out;
    }
}
