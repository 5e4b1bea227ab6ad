package org.scholion.imports;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.agroal.api.AgroalDataSource;
import io.quarkus.narayana.jta.runtime.TransactionConfiguration;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.BiFunction;
import org.scholion.annotations.AnnotatedDocuments;
import org.scholion.annotations.AnnotatedDocuments.Doc;
import org.scholion.annotations.AnnotationQueries.Shown;
import org.scholion.annotations.AnnotationService;
import org.scholion.annotations.Draft;
import org.scholion.annotations.jsonld.AnnotationReader;
import org.scholion.annotations.jsonld.Iris;
import org.scholion.domain.DomainError;
import org.scholion.domain.NamedSql;
import org.scholion.groups.Memberships;
import org.scholion.security.Action;
import org.scholion.security.Permissions;
import org.scholion.security.Target;
import org.scholion.security.UserRef;

/**
 * Imports annotations all or nothing: each is read and written exactly as a POST to its
 * container would (the same {@link AnnotationReader}, the same {@link AnnotationService}: the
 * server anchors the quote in the current revision, the group's rules apply, the importer is the
 * author, the original IRI becomes {@code via}), in one transaction. Every refusal is collected
 * with where it is in the file; if there is any, the transaction rolls back and the whole list is
 * the answer. Replies are written after what they answer (whatever the file's order) and point at
 * its new IRI.
 */
@ApplicationScoped
public class ImportService {
    private final AnnotationReader reader;
    private final AnnotationService annotations;
    private final AnnotatedDocuments documents;
    private final Memberships memberships;
    private final Permissions permissions;
    private final Iris iris;
    private final AgroalDataSource db;

    ImportService(AnnotationReader reader, AnnotationService annotations, AnnotatedDocuments documents, Memberships memberships,
            Permissions permissions, Iris iris, AgroalDataSource db) {
        this.reader = reader;
        this.annotations = annotations;
        this.documents = documents;
        this.memberships = memberships;
        this.permissions = permissions;
        this.iris = iris;
        this.db = db;
    }

    /**
     * One annotation of the file, before it is written.
     *
     * @param pointer   where it is in the file (JSON Pointer), for problems
     * @param id        its id in the file, unique in it
     * @param parent    the id in the file of the annotation it replies to, or null
     * @param existing  the IRI of an annotation already on this server that it replies to, or null
     * @param document  for a top-level annotation: the IRI or URL of the document it is on
     * @param shared    false: it goes into the importer's private notes whatever the import's group
     * @param build     the W3C annotation to POST, given its document's IRI and its parent's new IRI
     */
    record Entry(String pointer, String id, String parent, String existing, String document, boolean shared,
            BiFunction<String, String, ObjectNode> build) {
    }

    /** What was written: how many annotations and replies, and each one's id in the file and IRI here. */
    public record Imported(int annotations, int replies, List<Item> items) {
    }

    public record Item(String from, String to) {
    }

    /**
     * Writes the entries as the user, into the group (null: their private notes), all or nothing.
     * Not found or forbidden for a group the user may not import into, before anything is read;
     * unprocessable with every problem when any entry is refused.
     */
    @Transactional
    @TransactionConfiguration(timeout = 600)
    public Imported write(UserRef user, UUID group, List<Entry> entries, List<DomainError.FieldError> fileProblems) {
        if (group != null) {
            Target.Group g = memberships.standing(group, user).orElseThrow(Permissions::notFound);
            permissions.require(user, Action.IMPORT_INTO_GROUP, g, "group");
        }
        List<DomainError.FieldError> problems = new ArrayList<>(fileProblems);
        Map<String, Entry> byId = new LinkedHashMap<>();
        for (Entry e : entries) {
            if (byId.putIfAbsent(e.id(), e) != null) {
                problems.add(new DomainError.FieldError(e.pointer() + "/id", "the id " + e.id() + " is given twice in the file"));
            }
        }
        Map<String, String> written = new HashMap<>();
        Map<String, Doc> docs = new HashMap<>();
        Map<String, String> docOf = new HashMap<>();
        Set<String> failed = new HashSet<>();
        int replies = 0;
        List<Item> items = new ArrayList<>();
        for (Entry e : inOrder(entries, byId, problems)) {
            try {
                String parentIri = null;
                Doc doc;
                if (e.parent() != null) {
                    if (failed.contains(e.parent()) || !written.containsKey(e.parent())) {
                        failed.add(e.id());
                        problems.add(new DomainError.FieldError(e.pointer() + "/target",
                                "the annotation it replies to (" + e.parent() + ") could not be imported"));
                        continue;
                    }
                    parentIri = written.get(e.parent());
                    doc = docs.get(docOf.get(e.parent()));
                } else if (e.existing() != null) {
                    parentIri = e.existing();
                    doc = documents.find(user, slugOfAnnotation(e.existing()));
                } else {
                    doc = document(user, e.document(), docs);
                }
                ObjectNode node = e.build().apply(iris.document(doc.slug()), parentIri);
                node.remove("group");
                node.remove("visibility");
                if (e.parent() == null && e.existing() == null) {
                    if (group != null && e.shared()) {
                        node.put("group", group.toString());
                    } else {
                        node.put("visibility", "private");
                    }
                }
                Draft draft = reader.forCreate(node, doc.slug());
                Shown shown = annotations.createWithin(user, doc, draft, Optional.empty());
                String iri = iris.annotation(doc.slug(), shown.annotation().id);
                written.put(e.id(), iri);
                docs.putIfAbsent(doc.slug(), doc);
                docOf.put(e.id(), doc.slug());
                items.add(new Item(e.id(), iri));
                if (shown.annotation().isReply()) {
                    replies++;
                }
            } catch (DomainError d) {
                failed.add(e.id());
                problems.add(new DomainError.FieldError(d.field() == null ? e.pointer() : e.pointer() + "/" + d.field().replace('.', '/'),
                        d.getMessage()));
            }
        }
        if (!problems.isEmpty()) {
            throw DomainError.unprocessable("The import was refused and nothing was written: " + problems.size()
                    + (problems.size() == 1 ? " problem" : " problems") + " (listed in errors, each at its place in the file).",
                    problems);
        }
        return new Imported(items.size() - replies, replies, items);
    }

    /** The entries with each reply after what it answers; a reply whose parent is not in the file, or a loop, is a problem. */
    private static List<Entry> inOrder(List<Entry> entries, Map<String, Entry> byId, List<DomainError.FieldError> problems) {
        List<Entry> out = new ArrayList<>(entries.size());
        Set<String> placed = new HashSet<>();
        for (Entry e : entries) {
            List<Entry> chain = new ArrayList<>();
            Set<String> seen = new HashSet<>();
            Entry c = e;
            boolean broken = false;
            while (c != null && !placed.contains(c.id())) {
                if (!seen.add(c.id())) {
                    problems.add(new DomainError.FieldError(e.pointer() + "/target", "replies in this file answer each other in a loop"));
                    broken = true;
                    break;
                }
                chain.add(0, c);
                if (c.parent() == null) {
                    break;
                }
                Entry p = byId.get(c.parent());
                if (p == null) {
                    problems.add(new DomainError.FieldError(c.pointer() + "/target",
                            "it replies to " + c.parent() + ", which is not in the file"));
                    broken = true;
                    break;
                }
                c = p;
            }
            if (broken) {
                chain.forEach(x -> placed.add(x.id()));
                continue;
            }
            for (Entry x : chain) {
                if (placed.add(x.id())) {
                    out.add(x);
                }
            }
        }
        return out;
    }

    /**
     * The document an IRI or URL names, if the user may read it: one of ours by its IRI, or the
     * reading whose {@code source} is that address (another server's annotations of the same text).
     */
    private Doc document(UserRef user, String ref, Map<String, Doc> docs) {
        if (ref == null) {
            throw DomainError.invalid("target/source", "the annotation names no document (target.source)");
        }
        String slug = null;
        if (ref.startsWith(iris.documentsBase())) {
            String rest = ref.substring(iris.documentsBase().length());
            int cut = rest.indexOf('/');
            slug = cut < 0 ? rest : rest.substring(0, cut);
        } else {
            String bare = ref.replaceAll("#.*$", "").replaceAll("/+$", "");
            List<Object[]> rows = NamedSql.of("SELECT d.slug FROM document d WHERE d.source IN (:a, :b, :c) ORDER BY d.created_at LIMIT 1")
                    .rows(db, Map.of("a", ref, "b", bare, "c", bare + "/"));
            slug = rows.isEmpty() ? null : (String) rows.get(0)[0];
        }
        if (slug == null || slug.isEmpty()) {
            throw DomainError.notFound("target/source", "no reading here is " + ref
                    + ": bring the reading first (its source set to this address), then import its annotations");
        }
        Doc cached = docs.get(slug);
        if (cached != null) {
            return cached;
        }
        try {
            return documents.find(user, slug);
        } catch (DomainError.NotFound e) {
            throw DomainError.notFound("target/source", "no reading you may read is " + ref);
        }
    }

    /** The slug of the document an annotation IRI of this server is under. */
    private String slugOfAnnotation(String iri) {
        String rest = iri.substring(iris.documentsBase().length());
        return rest.substring(0, rest.indexOf('/'));
    }

    static boolean isOurAnnotation(Iris iris, String iri) {
        return iri != null && iri.startsWith(iris.documentsBase()) && iri.contains("/annotations/");
    }

    static String text(JsonNode n) {
        return n != null && n.isTextual() ? n.asText() : null;
    }
}
