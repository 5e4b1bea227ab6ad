package org.scholion.exports;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.StreamWriteFeature;
import java.io.IOException;
import java.io.OutputStream;

/**
 * CSL-JSON, after the CSL 1.0 schema {@code csl-data.json}
 * (https://resource.citationstyles.org/schema/1.0/input/json/csl-data.json): an array of items,
 * each with the required {@code id} and {@code type}, names as {@code {family, given}} or
 * {@code {literal}}, {@code issued} as {@code {"date-parts": [[year, month, day]]}} with only the
 * parts known (the schema: "minItems": 1, "maxItems": 3), or {@code {literal}} when no year could
 * be read. The counts go in {@code note}, which styles may print, and in {@code custom}, which the
 * schema describes as "Used to store additional information that does not have a designated CSL
 * JSON field … custom is preferred for storing key-value pairs".
 *
 * <p>Types: article-journal, book, webpage, document. A book's container goes in
 * {@code collection-title} (its series); any other's in {@code container-title}.
 */
final class CslJsonWriter {
    /** The caller owns the stream: the resource's container closes it, a test reads it. */
    private static final JsonFactory JSON = JsonFactory.builder().disable(StreamWriteFeature.AUTO_CLOSE_TARGET).build();

    private CslJsonWriter() {
    }

    static void write(Iterable<Work> works, OutputStream out) throws IOException {
        CitationKeys keys = new CitationKeys();
        try (JsonGenerator g = JSON.createGenerator(out, JsonEncoding.UTF8).useDefaultPrettyPrinter()) {
            g.writeStartArray();
            for (Work work : works) {
                item(g, work, keys.next(work));
            }
            g.writeEndArray();
            g.writeRaw('\n');
        }
    }

    private static void item(JsonGenerator g, Work work, String id) throws IOException {
        g.writeStartObject();
        g.writeStringField("id", id);
        g.writeStringField("type", switch (work.kind()) {
            case ARTICLE -> "article-journal";
            case BOOK -> "book";
            case WEB_PAGE -> "webpage";
            case DOCUMENT -> "document";
        });
        string(g, "title", work.title());
        if (!work.names().isEmpty()) {
            g.writeArrayFieldStart("author");
            for (PersonName name : work.names()) {
                g.writeStartObject();
                if (name.isLiteral()) {
                    g.writeStringField("literal", name.literal());
                } else {
                    g.writeStringField("family", name.family());
                    g.writeStringField("given", name.given());
                }
                g.writeEndObject();
            }
            g.writeEndArray();
        }
        issued(g, work);
        string(g, work.kind() == Work.Kind.BOOK ? "collection-title" : "container-title", work.container());
        string(g, "DOI", work.doi());
        string(g, "ISBN", work.isbn());
        string(g, "URL", work.url());
        string(g, "note", work.note());
        g.writeObjectFieldStart("custom");
        g.writeNumberField("citations", work.citations());
        g.writeNumberField("annotations", work.annotations());
        g.writeArrayFieldStart("citers");
        for (String citer : work.citers()) {
            g.writeString(citer);
        }
        g.writeEndArray();
        g.writeEndObject();
        g.writeEndObject();
    }

    private static void issued(JsonGenerator g, Work work) throws IOException {
        if (work.published() == null) {
            return;
        }
        Issued issued = work.issued();
        g.writeObjectFieldStart("issued");
        if (issued == null) {
            g.writeStringField("literal", work.published());
        } else {
            g.writeArrayFieldStart("date-parts");
            g.writeStartArray();
            g.writeNumber(issued.year());
            if (issued.month() > 0) {
                g.writeNumber(issued.month());
                if (issued.day() > 0) {
                    g.writeNumber(issued.day());
                }
            }
            g.writeEndArray();
            g.writeEndArray();
        }
        g.writeEndObject();
    }

    private static void string(JsonGenerator g, String field, String value) throws IOException {
        if (value != null) {
            g.writeStringField(field, value);
        }
    }
}
