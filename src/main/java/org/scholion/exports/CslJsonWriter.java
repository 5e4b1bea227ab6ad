package org.scholion.exports;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.StreamWriteFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import de.undercouch.citeproc.csl.CSLDate;
import de.undercouch.citeproc.csl.CSLDateBuilder;
import de.undercouch.citeproc.csl.CSLItemData;
import de.undercouch.citeproc.csl.CSLItemDataBuilder;
import de.undercouch.citeproc.csl.CSLName;
import de.undercouch.citeproc.csl.CSLNameBuilder;
import de.undercouch.citeproc.csl.CSLType;
import de.undercouch.citeproc.helper.json.MapJsonBuilderFactory;
import java.io.IOException;
import java.io.OutputStream;

/**
 * CSL-JSON, after the CSL 1.0 schema {@code csl-data.json}
 * (https://resource.citationstyles.org/schema/1.0/input/json/csl-data.json): an array of items,
 * each with the required {@code id} and {@code type}, names as {@code {family, given}} or
 * {@code {literal}}, {@code issued} as {@code {"date-parts": [[year, month, day]]}} with only the
 * parts known (the schema: "minItems": 1, "maxItems": 3), or {@code {literal}} when no year could
 * be read. The counts go in {@code note}, which styles may print. (The schema's {@code custom}
 * object has no field in citeproc-java's {@link CSLItemData}, so the counts are not repeated there.)
 *
 * <p>Types: article-journal, book, webpage, document. A book's container goes in
 * {@code collection-title} (its series); any other's in {@code container-title}.
 *
 * <p>Each item is a citeproc-java {@link CSLItemData}, the model its processor reads, turned into
 * CSL-JSON's variable names and shapes by its own {@code toJson}; Jackson writes that out, one item
 * at a time, in UTF-8. (citeproc-java's own string builder would give the same JSON, but with
 * every character beyond ASCII escaped and no line breaks.)
 */
final class CslJsonWriter {
    /** The caller owns the stream: the resource's container closes it, a test reads it. */
    private static final ObjectMapper JSON = JsonMapper.builder(
                    JsonFactory.builder().disable(StreamWriteFeature.AUTO_CLOSE_TARGET).build())
            // citeproc-java's JSON model leaves the type as its CSLType, whose toString is the CSL name
            .enable(SerializationFeature.WRITE_ENUMS_USING_TO_STRING)
            // one flush at the end, not one per item
            .disable(SerializationFeature.FLUSH_AFTER_WRITE_VALUE)
            .build();
    private static final MapJsonBuilderFactory CSL_JSON = new MapJsonBuilderFactory();

    private CslJsonWriter() {
    }

    static void write(Iterable<Work> works, OutputStream out) throws IOException {
        CitationKeys keys = new CitationKeys();
        try (JsonGenerator g = JSON.createGenerator(out, JsonEncoding.UTF8).useDefaultPrettyPrinter()) {
            g.writeStartArray();
            for (Work work : works) {
                JSON.writeValue(g, item(work, keys.next(work)).toJson(CSL_JSON.createJsonBuilder()));
            }
            g.writeEndArray();
            g.writeRaw('\n');
        }
    }

    private static CSLItemData item(Work work, String id) {
        CSLItemDataBuilder item = new CSLItemDataBuilder()
                .id(id)
                .type(switch (work.kind()) {
                    case ARTICLE -> CSLType.ARTICLE_JOURNAL;
                    case BOOK -> CSLType.BOOK;
                    case WEB_PAGE -> CSLType.WEBPAGE;
                    case DOCUMENT -> CSLType.DOCUMENT;
                })
                .title(work.title())
                .issued(issued(work))
                .DOI(work.doi())
                .ISBN(work.isbn())
                .URL(work.url())
                .note(work.note());
        if (!work.names().isEmpty()) {
            item.author(work.names().stream().map(CslJsonWriter::name).toArray(CSLName[]::new));
        }
        if (work.kind() == Work.Kind.BOOK) {
            item.collectionTitle(work.container());
        } else {
            item.containerTitle(work.container());
        }
        return item.build();
    }

    private static CSLName name(PersonName name) {
        return name.isLiteral()
                ? new CSLNameBuilder().literal(name.literal()).build()
                : new CSLNameBuilder().family(name.family()).given(name.given()).build();
    }

    private static CSLDate issued(Work work) {
        if (work.published() == null) {
            return null;
        }
        Issued issued = work.issued();
        if (issued == null) {
            return new CSLDateBuilder().literal(work.published()).build();
        }
        CSLDateBuilder date = new CSLDateBuilder();
        if (issued.month() == 0) {
            date.dateParts(issued.year());
        } else if (issued.day() == 0) {
            date.dateParts(issued.year(), issued.month());
        } else {
            date.dateParts(issued.year(), issued.month(), issued.day());
        }
        return date.build();
    }
}
