package org.scholion.documents;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** What the API shows of a document; entities never leave the service. */
final class DocumentViews {
    private DocumentViews() {
    }

    @Schema(name = "DocumentSummary", description = "A document without its text")
    record Summary(UUID id, String slug, String title, LocalDate published,
            @Schema(description = "Length of the text in Unicode code points") int length,
            @Schema(description = "SHA-256 of the UTF-8 text, hex") String sha256,
            OffsetDateTime created, OffsetDateTime updated) {
        static Summary of(Document d) {
            return new Summary(d.id, d.slug, d.title, d.published, d.bodyLength, d.sha256, d.createdAt, d.updatedAt);
        }
    }

    @Schema(name = "Document", description = "A document with its full text")
    record Full(UUID id, String slug, String title, LocalDate published,
            @Schema(description = "The full text, UTF-8; annotation positions count its code points") String text,
            @Schema(description = "Length of the text in Unicode code points") int length,
            @Schema(description = "SHA-256 of the UTF-8 text, hex") String sha256,
            OffsetDateTime created, OffsetDateTime updated) {
        static Full of(Document d) {
            return new Full(d.id, d.slug, d.title, d.published, d.body, d.bodyLength, d.sha256, d.createdAt, d.updatedAt);
        }
    }
}
