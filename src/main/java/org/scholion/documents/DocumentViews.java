package org.scholion.documents;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** What the API shows of a document; entities never leave the service. */
final class DocumentViews {
    private DocumentViews() {
    }

    @Schema(name = "DocumentOwner", description = "Who brought the document")
    record Owner(UUID id, String username, String name) {
    }

    @Schema(name = "DocumentSummary", description = "A document without its text")
    record Summary(UUID id, String slug, String title, LocalDate published,
            @Schema(description = "The current revision's number (1 for a document never revised)") int revision,
            @Schema(description = "How the current revision was given", enumeration = { "text", "markdown", "html", "pdf" }) String format,
            @Schema(description = "Length of the current text in Unicode code points") int length,
            @Schema(description = "SHA-256 of the current UTF-8 text, hex") String sha256,
            @JsonProperty("public") @Schema(name = "public", description = "Every signed-in user may read it") boolean isPublic,
            OffsetDateTime created, OffsetDateTime updated) {
        static Summary of(DocumentService.Listed d) {
            return new Summary(d.id(), d.slug(), d.title(), d.published(), d.revision(), d.format(), d.length(), d.sha256(), d.isPublic(),
                    d.createdAt(), d.updatedAt());
        }
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    @Schema(name = "Document", description = "A document with its current text")
    record Full(UUID id, String slug, String title, LocalDate published,
            @Schema(description = "The current revision's number; the ETag names it too") int revision,
            @Schema(description = "How the current revision was given", enumeration = { "text", "markdown", "html", "pdf" }) String format,
            @Schema(description = "The canonical text, UTF-8; annotation positions count its code points") String text,
            @Schema(description = "Length of the text in Unicode code points") int length,
            @Schema(description = "SHA-256 of the UTF-8 text, hex") String sha256,
            @Schema(description = "HTML and Markdown: sanitised HTML whose DOM textContent is exactly `text`; absent otherwise",
                    nullable = true) String rendition,
            @Schema(description = "PDF: the code-point offset in `text` where each page starts; absent otherwise", nullable = true)
            List<Integer> pages,
            @JsonProperty("public") @Schema(name = "public", description = "Every signed-in user may read it") boolean isPublic,
            @Schema(description = "Who brought it; absent for the documents the project ships", nullable = true) Owner owner,
            List<String> authors,
            @Schema(description = "A URL or DOI where the reading comes from", nullable = true) String source,
            @Schema(nullable = true) String licence,
            OffsetDateTime created, OffsetDateTime updated) {
        static Full of(Document d, DocumentRevision r, Owner owner) {
            return new Full(d.id, d.slug, d.title, d.published, r.n, r.format, r.body, r.bodyLength, r.sha256, r.rendition,
                    r.pages == null ? null : java.util.Arrays.stream(r.pages).boxed().toList(), d.isPublic, owner, List.of(d.authors),
                    d.source, d.licence, d.createdAt, d.updatedAt);
        }
    }

    @Schema(name = "RevisionSummary", description = "A revision without its text")
    record RevisionSummary(int n, @Schema(description = "The revision's IRI") String iri, String format, int length, String sha256,
            OffsetDateTime created) {
        static RevisionSummary of(DocumentRevision r, String documentIri) {
            return new RevisionSummary(r.n, documentIri + "/revisions/" + r.n, r.format, r.bodyLength, r.sha256, r.createdAt);
        }
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    @Schema(name = "Revision", description = "One revision with its text")
    record RevisionFull(int n, String iri, String format, String text, int length, String sha256,
            @Schema(nullable = true) String rendition, @Schema(nullable = true) List<Integer> pages, OffsetDateTime created) {
        static RevisionFull of(DocumentRevision r, String documentIri) {
            return new RevisionFull(r.n, documentIri + "/revisions/" + r.n, r.format, r.body, r.bodyLength, r.sha256, r.rendition,
                    r.pages == null ? null : java.util.Arrays.stream(r.pages).boxed().toList(), r.createdAt);
        }
    }
}
