package org.scholion.exports;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.stream.Collectors;
import org.scholion.annotations.Annotation;
import org.scholion.annotations.Body;
import org.scholion.annotations.jsonld.Representations;
import org.scholion.annotations.jsonld.Vocabulary;
import org.scholion.annotations.listing.ViewerExtras.SourceReview;

/**
 * The two formats of an annotation export, each written row by row to the response as the chunks
 * arrive: a W3C AnnotationCollection (JSON-LD, with a Jackson generator, never a tree of the whole
 * export) and a CSV sheet (one row per annotation).
 */
final class AnnotationFormats {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** What an export item leaves out of the annotation as the exporter sees it: what is said to them alone. */
    private static final List<String> VIEWERS_OWN = List.of("etag", "upvotedByMe", "flaggedByMe", "flagCount");

    static final List<String> CSV_HEADER = List.of("id", "document", "revision", "group", "thread", "in reply to", "author",
            "author name", "created", "modified", "motivation", "quote", "comment", "tags", "sources", "verdict",
            "source reviews", "moderation", "anchoring", "upvotes");

    private AnnotationFormats() {
    }

    /**
     * The export as a W3C AnnotationCollection whose first (and only) page embeds every item, as a W3C
     * client reads it and {@code POST /api/imports} takes it back.
     */
    static void jsonLd(OutputStream out, String id, String label, String contextIri, AnnotationExports.Selection selection,
            Representations representations) throws IOException {
        try (JsonGenerator g = JSON.getFactory().createGenerator(out, JsonEncoding.UTF8)) {
            g.writeStartObject();
            g.writeArrayFieldStart("@context");
            g.writeString(Vocabulary.ANNO_CONTEXT);
            g.writeString(contextIri);
            g.writeEndArray();
            g.writeStringField("id", id);
            g.writeStringField("type", "AnnotationCollection");
            g.writeStringField("label", label);
            g.writeNumberField("total", selection.total());
            g.writeObjectFieldStart("first");
            // one page, embedded: its IRI is the export's own with a fragment (W3C model §5.2: a page has an IRI)
            g.writeStringField("id", id + "#page-0");
            g.writeStringField("type", "AnnotationPage");
            g.writeNumberField("startIndex", 0);
            g.writeArrayFieldStart("items");
            selection.forEachChunk(rows -> {
                try {
                    for (AnnotationExports.Row r : rows) {
                        ObjectNode item = representations.item(r.annotation(), r.slug(), r.author(), r.extras());
                        item.remove(VIEWERS_OWN);
                        g.writeTree(item);
                    }
                    g.flush();
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
            g.writeEndArray();
            g.writeEndObject();
            g.writeEndObject();
        }
    }

    /** The export as a spreadsheet: one row per annotation, sources and reviews flattened into cells. */
    static void csv(OutputStream out, AnnotationExports.Selection selection, Representations representations) {
        try (Csv sheet = Csv.open(out, CSV_HEADER)) {
            selection.forEachChunk(rows -> {
                for (AnnotationExports.Row r : rows) {
                    Annotation a = r.annotation();
                    Body b = a.body();
                    sheet.row(representations.iris().annotation(r.slug(), a.id), r.slug(), a.revision, a.groupId,
                            a.isReply() ? representations.iris().annotation(r.slug(), a.rootId) : null,
                            a.parentId == null ? null : representations.iris().annotation(r.slug(), a.parentId),
                            r.author() == null ? null : r.author().username(), r.author() == null ? null : r.author().displayName(),
                            Representations.time(a.createdAt), Representations.time(a.modifiedAt), a.motivation, a.exact,
                            b.comment() == null ? null : b.comment().text(), String.join("; ", b.tags()),
                            b.sources().stream().map(AnnotationFormats::source).collect(Collectors.joining(" | ")),
                            b.verdict() == null ? null : b.verdict().wire(),
                            b.sources().stream().filter(s -> r.extras().reviews().containsKey(s.id()))
                                    .map(s -> review(s, r.extras().reviews().get(s.id()))).collect(Collectors.joining(" | ")),
                            a.moderation, a.isReply() ? null : a.anchoring, a.upvotes);
                }
                sheet.flush();
            });
        }
    }

    /** A cited source in one cell: what a reader needs to find it. */
    static String source(Body.Source s) {
        StringBuilder b = new StringBuilder();
        if (!s.authors().isEmpty()) {
            b.append(String.join(", ", s.authors())).append(". ");
        }
        if (s.title() != null) {
            b.append(s.title()).append(". ");
        }
        if (s.container() != null) {
            b.append(s.container()).append(". ");
        }
        if (s.published() != null) {
            b.append(s.published()).append(". ");
        }
        if (s.locator() != null) {
            b.append(s.locator()).append(". ");
        }
        return b.append(s.doi() != null ? "https://doi.org/" + s.doi() : s.iri()).toString();
    }

    private static String review(Body.Source s, SourceReview r) {
        return (s.title() != null ? s.title() : s.iri()) + ": " + r.verdict()
                + (r.reviewer() == null ? "" : " (" + r.reviewer().displayName() + ")");
    }
}
