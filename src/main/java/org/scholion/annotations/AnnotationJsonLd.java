package org.scholion.annotations;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.UncheckedIOException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The W3C JSON-LD presenter: turns stored annotations into Web Annotation Data Model documents and
 * container pages into AnnotationCollection / AnnotationPage documents. Nothing else builds IRIs.
 */
final class AnnotationJsonLd {
    static final String ANNO = AnnotationInput.ANNO_CONTEXT;
    static final String LDP = "http://www.w3.org/ns/ldp.jsonld";
    static final String PROFILE = "http://www.w3.org/ns/anno.jsonld";
    static final String MEDIA_TYPE = "application/ld+json; profile=\"" + PROFILE + "\"";
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    static final ObjectMapper JSON = new ObjectMapper();

    /** The author as shown in {@code creator}. */
    record Author(UUID id, String username, String displayName) {
    }

    private final String base;

    AnnotationJsonLd(String base) {
        this.base = base;
    }

    String documentIri(String slug) {
        return base + "/api/documents/" + slug;
    }

    String containerIri(String slug) {
        return documentIri(slug) + "/annotations/";
    }

    String annotationIri(String slug, UUID id) {
        return containerIri(slug) + id;
    }

    String context() {
        return base + "/ns/scholion.jsonld";
    }

    ArrayNode contexts(boolean ldp) {
        ArrayNode c = NODES.arrayNode().add(ANNO);
        if (ldp) {
            c.add(LDP);
        }
        return c.add(context());
    }

    /** The annotation as a standalone document, with its @context. */
    ObjectNode document(Annotation a, String slug, Author author) {
        ObjectNode o = NODES.objectNode();
        o.set("@context", contexts(false));
        o.setAll(item(a, slug, author));
        return o;
    }

    /** The annotation without @context, as embedded in a page. */
    ObjectNode item(Annotation a, String slug, Author author) {
        ObjectNode o = NODES.objectNode();
        o.put("id", annotationIri(slug, a.id));
        o.put("type", "Annotation");
        o.put("motivation", a.motivation);
        o.put("created", time(a.createdAt));
        o.put("modified", time(a.modifiedAt));
        if (author != null) {
            o.set("creator", NODES.objectNode()
                    .put("id", base + "/api/users/" + author.id())
                    .put("type", "Person")
                    .put("nickname", author.username())
                    .put("name", author.displayName()));
        }
        JsonNode body = read(a.body);
        if (!body.isEmpty()) {
            o.set("body", body);
        }
        o.set("target", target(a, slug));
        if (a.canonical != null) {
            o.put("canonical", a.canonical);
        }
        if (a.via != null) {
            o.put("via", a.via);
        }
        if (a.groupId != null) {
            o.put("group", a.groupId.toString());
        }
        o.put("visibility", a.visibility);
        return o;
    }

    /**
     * What a deleted annotation still shows so that its thread stays readable: where it was and
     * that it is gone, without its body or its author.
     */
    ObjectNode tombstone(Annotation a, String slug) {
        ObjectNode o = NODES.objectNode();
        o.set("@context", contexts(false));
        o.put("id", annotationIri(slug, a.id));
        o.put("type", "Annotation");
        o.put("motivation", a.motivation);
        o.set("target", target(a, slug));
        if (a.groupId != null) {
            o.put("group", a.groupId.toString());
        }
        o.put("visibility", a.visibility);
        o.put("deleted", time(a.deletedAt));
        return o;
    }

    private JsonNode target(Annotation a, String slug) {
        if (a.isReply()) {
            return NODES.textNode(annotationIri(slug, a.parentId));
        }
        ObjectNode quote = NODES.objectNode().put("type", "TextQuoteSelector").put("exact", a.exact);
        if (a.prefix != null) {
            quote.put("prefix", a.prefix);
        }
        if (a.suffix != null) {
            quote.put("suffix", a.suffix);
        }
        ObjectNode position = NODES.objectNode().put("type", "TextPositionSelector").put("start", a.start).put("end", a.end);
        ObjectNode t = NODES.objectNode().put("source", documentIri(slug));
        t.set("selector", NODES.arrayNode().add(quote).add(position));
        return t;
    }

    /** How the container lists its members (the three W3C Prefer options). */
    enum View {
        DESCRIPTIONS, IRIS, MINIMAL
    }

    /** One page of the container and where it sits. */
    record Page(List<Annotation> items, Map<UUID, Author> authors, long total, OffsetDateTime modified, int page, int pageSize) {
        int lastPage() {
            return total == 0 ? 0 : (int) ((total - 1) / pageSize);
        }
    }

    /**
     * The container as an AnnotationCollection; its first page is embedded unless the client asked
     * for the minimal container.
     *
     * @param query the canonical filter query (may be empty), shared by the collection and its pages
     */
    ObjectNode collection(String slug, String label, Page first, View view, String query) {
        ObjectNode o = NODES.objectNode();
        o.set("@context", contexts(true));
        o.put("id", collectionIri(slug, view, query));
        o.set("type", NODES.arrayNode().add("BasicContainer").add("AnnotationCollection"));
        o.put("label", label);
        o.put("total", first.total());
        if (first.modified() != null) {
            o.put("modified", time(first.modified()));
        }
        if (view == View.MINIMAL) {
            o.put("first", pageIri(slug, View.DESCRIPTIONS, query, 0, first.pageSize()));
            o.put("last", pageIri(slug, View.DESCRIPTIONS, query, first.lastPage(), first.pageSize()));
            return o;
        }
        ObjectNode page = pageBody(slug, first, view, query);
        o.set("first", page);
        o.put("last", pageIri(slug, view, query, first.lastPage(), first.pageSize()));
        return o;
    }

    /** A page requested by its own IRI. */
    ObjectNode page(String slug, String label, Page p, View view, String query) {
        ObjectNode o = NODES.objectNode();
        o.set("@context", contexts(false));
        ObjectNode body = pageBody(slug, p, view, query);
        ObjectNode partOf = NODES.objectNode().put("id", collectionIri(slug, view, query)).put("label", label)
                .put("total", p.total());
        if (p.modified() != null) {
            partOf.put("modified", time(p.modified()));
        }
        o.put("id", body.get("id").asText());
        o.put("type", "AnnotationPage");
        o.set("partOf", partOf);
        body.remove("id");
        body.remove("type");
        o.setAll(body);
        return o;
    }

    private ObjectNode pageBody(String slug, Page p, View view, String query) {
        ObjectNode o = NODES.objectNode();
        o.put("id", pageIri(slug, view, query, p.page(), p.pageSize()));
        o.put("type", "AnnotationPage");
        o.put("startIndex", (long) p.page() * p.pageSize());
        if (p.page() > 0) {
            o.put("prev", pageIri(slug, view, query, p.page() - 1, p.pageSize()));
        }
        if (p.page() < p.lastPage()) {
            o.put("next", pageIri(slug, view, query, p.page() + 1, p.pageSize()));
        }
        ArrayNode items = o.putArray("items");
        for (Annotation a : p.items()) {
            if (view == View.IRIS) {
                items.add(annotationIri(slug, a.id));
            } else {
                items.add(item(a, slug, p.authors().get(a.authorId)));
            }
        }
        return o;
    }

    String collectionIri(String slug, View view, String query) {
        String q = view == View.IRIS ? join("iris=1", query) : query;
        return containerIri(slug) + (q.isEmpty() ? "" : "?" + q);
    }

    String pageIri(String slug, View view, String query, int page, int pageSize) {
        String q = join(view == View.IRIS ? join("iris=1", query) : query, "page=" + page);
        if (pageSize != AnnotationResource.DEFAULT_PAGE_SIZE) {
            q = join(q, "pageSize=" + pageSize);
        }
        return containerIri(slug) + "?" + q;
    }

    private static String join(String a, String b) {
        return a.isEmpty() ? b : b.isEmpty() ? a : a + "&" + b;
    }

    static String time(OffsetDateTime t) {
        return t == null ? null
                : t.withOffsetSameInstant(ZoneOffset.UTC).truncatedTo(ChronoUnit.MILLIS).format(DateTimeFormatter.ISO_OFFSET_DATE_TIME);
    }

    static JsonNode read(String json) {
        try {
            return JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String write(JsonNode node) {
        try {
            return JSON.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
