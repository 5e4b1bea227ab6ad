package org.scholion.documents;

import io.quarkus.security.Authenticated;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.EntityTag;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.jboss.resteasy.reactive.RestForm;
import org.jboss.resteasy.reactive.multipart.FileUpload;
import org.scholion.documents.ingest.Found;
import org.scholion.documents.ingest.Ingest;
import org.scholion.documents.ingest.Ingested;
import org.scholion.domain.DomainError;
import org.scholion.security.UserRef;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.scholion.annotations.jsonld.Iris;
import org.scholion.security.CurrentUser;
import org.scholion.security.UserDirectory;

@Path("/api/documents")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Documents", description = "The texts that groups read")
@SecurityRequirement(name = "bearer")
public class DocumentResource {
    static final String ANNOTATION_SERVICE = "http://www.w3.org/ns/oa#annotationService";
    static final String ESSAY = """
            {"id": "a0727c57-0050-4b46-b11a-b581534802d7", "slug": "red-terror-essay", "title": "Stalin and the Red Terror",
             "published": "2023-03-12", "revision": 1, "format": "text",
             "text": "Joseph Stalin is widely known for his ruthless regime as the leader of the Soviet Union. …",
             "length": 6150, "sha256": "d3427150981afb5599120633a43393860ca560107fb623a18c77f0db7ee8fb27", "public": true,
             "authors": [], "created": "2026-12-04T09:00:00Z", "updated": "2026-12-04T09:00:00Z"}""";
    static final String UPLOADED = """
            {"id": "9920e122-4ad9-4c57-b8d1-726f5198ddae", "slug": "the-red-terror-decree", "title": "The Red Terror decree",
             "published": "1918-09-05", "revision": 1, "format": "text",
             "text": "On 5 September 1918 the Council of People's Commissars decreed the Red Terror.",
             "length": 78, "sha256": "93a39c15f658fac62176d63759193eda0e558b7fc9c630f4b87d7af234ecbdbe", "public": false,
             "owner": {"id": "5d0c9a3e-1f2b-4c6d-8e9f-0a1b2c3d4e5f", "username": "ines", "name": "Ines Alvarez"},
             "authors": ["Council of People's Commissars"], "created": "2026-12-04T10:00:00Z", "updated": "2026-12-04T10:00:00Z"}""";
    static final String REVISED = """
            {"id": "9920e122-4ad9-4c57-b8d1-726f5198ddae", "slug": "the-red-terror-decree", "title": "The Red Terror decree",
             "published": "1918-09-05", "revision": 2, "format": "text",
             "text": "On 5 September 1918 the Council of People's Commissars of the RSFSR decreed the Red Terror.",
             "length": 91, "sha256": "e40d67b885d43915fa0f794dd0526c53a8336eeebf8bbf857f990e032c070dd8", "public": false,
             "owner": {"id": "5d0c9a3e-1f2b-4c6d-8e9f-0a1b2c3d4e5f", "username": "ines", "name": "Ines Alvarez"},
             "authors": ["Council of People's Commissars"], "licence": "Public domain",
             "created": "2026-12-04T10:00:00Z", "updated": "2026-12-05T08:30:00Z"}""";
    /** A multipart form shown as its parts: the file part carries the reading's bytes. */
    static final String UPLOAD_FORM = """
            {"file": "On 5 September 1918 the Council of People's Commissars decreed the Red Terror.",
             "title": "The Red Terror decree", "authors": "Council of People's Commissars", "published": "1918-09-05",
             "source": "https://www.marxists.org/history/ussr/government/1918/09/05.htm", "public": "false"}""";
    private final DocumentService documents;
    private final Iris iris;
    private final CurrentUser currentUser;
    private final UserDirectory users;
    private final Ingest ingest;

    DocumentResource(DocumentService documents, Iris iris, CurrentUser currentUser, UserDirectory users, Ingest ingest) {
        this.documents = documents;
        this.iris = iris;
        this.currentUser = currentUser;
        this.users = users;
        this.ingest = ingest;
    }

    /** The parts of an upload: the file and the document's details (multipart/form-data). */
    public static class UploadForm {
        @RestForm("file")
        @Schema(type = SchemaType.STRING, format = "binary", description = "The reading: plain text, Markdown, HTML or PDF;"
                + " its format is sniffed from its bytes (the name and declared type only tell Markdown from plain text)")
        public FileUpload file;

        @RestForm
        @Schema(description = "Required for a new document unless the file names one (an HTML title, a PDF's information)")
        public String title;

        @RestForm
        @Schema(description = "New documents only: lower-case words joined by hyphens; made from the title when absent")
        public String slug;

        @RestForm
        @Schema(description = "Authors, one per line or separated by semicolons")
        public String authors;

        @RestForm
        @Schema(description = "When it was published: YYYY-MM-DD")
        public String published;

        @RestForm
        @Schema(description = "A URL or DOI where the reading comes from")
        public String source;

        @RestForm
        @Schema(description = "A licence note")
        public String licence;

        @RestForm("public")
        @Schema(description = "true: every signed-in user may read it (default false for a new document)")
        public String isPublic;
    }

    @POST
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    @Operation(summary = "Bring a new document", description = "Instructors, moderators of a group and admins. The file becomes"
            + " revision 1: its canonical text (the string every selector counts in code points) and, for HTML and Markdown, a"
            + " sanitised rendition whose DOM textContent is exactly that text; for PDF the text page by page. The original file is"
            + " kept. The document is its owner's (and admins') until they assign it to a group or make it public.")
    @RequestBody(required = true, content = @Content(mediaType = MediaType.MULTIPART_FORM_DATA,
            schema = @Schema(implementation = UploadForm.class), examples = @ExampleObject(name = "a short text", value = UPLOAD_FORM)))
    @APIResponse(responseCode = "201", description = "Created; Location names the document",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = DocumentViews.Full.class),
                    examples = @ExampleObject(name = "uploaded", value = UPLOADED)))
    @APIResponse(responseCode = "400", description = "No file, an empty one, text that is not UTF-8, a damaged or encrypted PDF,"
            + " no title, a malformed slug or date")
    @APIResponse(responseCode = "403", description = "Students who moderate no group")
    @APIResponse(responseCode = "409", description = "The slug is taken")
    @APIResponse(responseCode = "413", description = "The file is larger than the upload limit, or its text longer than the text limit")
    @APIResponse(responseCode = "415", description = "Not plain text, Markdown, HTML or PDF, or not what its name or type says")
    public Response upload(UploadForm form) {
        UserRef user = currentUser.get();
        Upload in = read(form);
        DocumentService.Details details = details(form, in.read().found());
        Document d = documents.create(user, details, in.content(), in.original(form.file.fileName()));
        return Response.created(URI.create(iris.document(d.slug))).entity(full(d, documents.current(d)))
                .tag(new EntityTag(Integer.toString(d.revision))).build();
    }

    @PUT
    @Path("/{slug}")
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    @Operation(summary = "Publish a new revision, or change the details", description = "The owner and admins, with If-Match naming"
            + " the revision they based it on (the ETag of GET). With a file whose text differs, a new revision is published and every"
            + " annotation of the document is re-anchored against it on the server, once: 202 with the re-anchoring job in Location"
            + " (201 when there was nothing to re-anchor). Without a file, or with the same text, only the details change: 200."
            + " Every revision stays readable.")
    @RequestBody(required = true, content = @Content(mediaType = MediaType.MULTIPART_FORM_DATA,
            schema = @Schema(implementation = UploadForm.class), examples = {
                @ExampleObject(name = "a new revision", value = """
                        {"file": "On 5 September 1918 the Council of People's Commissars of the RSFSR decreed the Red Terror."}"""),
                @ExampleObject(name = "details only", value = "{\"licence\": \"Public domain\"}") }))
    @APIResponse(responseCode = "202", description = "Published; Location names the re-anchoring job (GET it for progress)",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = DocumentViews.Full.class),
                    examples = @ExampleObject(name = "revision 2", value = REVISED)))
    @APIResponse(responseCode = "201", description = "Published; no annotation to re-anchor; Location names the revision",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = DocumentViews.Full.class),
                    examples = @ExampleObject(name = "revision 2", value = REVISED)))
    @APIResponse(responseCode = "200", description = "The details changed; the text is the same revision",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = DocumentViews.Full.class),
                    examples = @ExampleObject(name = "a licence note added", value = REVISED)))
    @APIResponse(responseCode = "400", description = "As for an upload")
    @APIResponse(responseCode = "403", description = "A reader who is neither its owner nor an admin")
    @APIResponse(responseCode = "404", description = "No document the caller may read has this slug")
    @APIResponse(responseCode = "412", description = "If-Match names a revision that is no longer current")
    @APIResponse(responseCode = "428", description = "No If-Match")
    @APIResponse(responseCode = "413", description = "As for an upload")
    @APIResponse(responseCode = "415", description = "As for an upload")
    public Response revise(@PathParam("slug") String slug, @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch, UploadForm form) {
        UserRef user = currentUser.get();
        Document seen = documents.readable(user, slug);
        int expected = expectedRevision(ifMatch, seen.revision);
        Upload in = form.file == null ? null : read(form);
        DocumentService.Published p = documents.publish(user, slug, expected, details(form, null), in == null ? null : in.content(),
                in == null ? null : in.original(form.file.fileName()));
        Document d = p.document();
        Response.ResponseBuilder r;
        if (!p.changedText()) {
            r = Response.ok();
        } else if (p.toReanchor() > 0) {
            r = Response.accepted().location(URI.create(iris.document(d.slug) + "/revisions/" + p.to() + "/reanchoring"));
        } else {
            r = Response.status(Response.Status.CREATED).location(URI.create(iris.document(d.slug) + "/revisions/" + p.to()));
        }
        return r.entity(full(d, documents.current(d))).tag(new EntityTag(Integer.toString(d.revision))).build();
    }

    @GET
    @Path("/{slug}/revisions")
    @Operation(summary = "The document's revisions, oldest first, without their texts", description = "Every revision stays"
            + " readable for good: annotations record the revision their selectors hold for (target.state).")
    @APIResponse(responseCode = "200", description = "The revisions",
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(type = SchemaType.ARRAY, implementation = DocumentViews.RevisionSummary.class),
                    examples = @ExampleObject(name = "two revisions", value = """
                            [{"n": 1, "iri": "http://localhost:8080/api/documents/the-red-terror-decree/revisions/1", "format": "text",
                              "length": 78, "sha256": "93a39c15f658fac62176d63759193eda0e558b7fc9c630f4b87d7af234ecbdbe",
                              "created": "2026-12-04T10:00:00Z"},
                             {"n": 2, "iri": "http://localhost:8080/api/documents/the-red-terror-decree/revisions/2", "format": "text",
                              "length": 91, "sha256": "e40d67b885d43915fa0f794dd0526c53a8336eeebf8bbf857f990e032c070dd8",
                              "created": "2026-12-05T08:30:00Z"}]""")))
    @APIResponse(responseCode = "404", description = "No document the caller may read has this slug")
    public List<DocumentViews.RevisionSummary> revisions(@PathParam("slug") String slug) {
        Document d = documents.readable(currentUser.get(), slug);
        return documents.revisions(d.id).stream().map(r -> DocumentViews.RevisionSummary.of(r, iris.document(d.slug))).toList();
    }

    @GET
    @Path("/{slug}/revisions/{n}")
    @Operation(summary = "One revision: its text, and its rendition or pages", description = "Immutable; its IRI is what an"
            + " annotation's target.state.cached names.")
    @APIResponse(responseCode = "200", description = "The revision",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = DocumentViews.RevisionFull.class),
                    examples = @ExampleObject(name = "revision 2", value = """
                            {"n": 2, "iri": "http://localhost:8080/api/documents/the-red-terror-decree/revisions/2", "format": "text",
                             "text": "On 5 September 1918 the Council of People's Commissars of the RSFSR decreed the Red Terror.",
                             "length": 91, "sha256": "e40d67b885d43915fa0f794dd0526c53a8336eeebf8bbf857f990e032c070dd8",
                             "created": "2026-12-05T08:30:00Z"}""")))
    @APIResponse(responseCode = "404", description = "No such document for the caller, or no such revision")
    public Response revision(@PathParam("slug") String slug, @PathParam("n") String n) {
        Document d = documents.readable(currentUser.get(), slug);
        DocumentRevision r = documents.revision(d.id, DocumentRevision.number(n)).orElseThrow(DomainError::notFound);
        return Response.ok(DocumentViews.RevisionFull.of(r, iris.document(d.slug))).tag(new EntityTag(Integer.toString(r.n))).build();
    }

    @GET
    @Path("/{slug}/revisions/{n}/original")
    @Produces(MediaType.WILDCARD)
    @Operation(summary = "The file a revision was made from, as uploaded", description = "Always a download (Content-Disposition:"
            + " attachment), never shown inline: an uploaded HTML file is the uploader's, not sanitised.")
    @APIResponse(responseCode = "200", description = "The file, with the media type it was taken as", content = {
        @Content(mediaType = MediaType.TEXT_PLAIN, examples = @ExampleObject(name = "a plain-text upload",
                value = "On 5 September 1918 the Council of People's Commissars decreed the Red Terror.")),
        @Content(mediaType = "text/markdown", examples = @ExampleObject(name = "a Markdown upload",
                value = "# The Red Terror decree\n\nOn 5 September 1918 the *Council of People's Commissars* decreed the Red Terror.")),
        @Content(mediaType = MediaType.TEXT_HTML, examples = @ExampleObject(name = "an HTML upload",
                value = "<h1>The Red Terror decree</h1><p>On 5 September 1918 the Council of People's Commissars decreed the Red Terror.</p>")),
        @Content(mediaType = "application/pdf", schema = @Schema(type = SchemaType.STRING, format = "binary")) })
    @APIResponse(responseCode = "404", description = "No such document for the caller, no such revision, or it was not uploaded"
            + " (the shipped essay)")
    public Response original(@PathParam("slug") String slug, @PathParam("n") String n) {
        Document d = documents.readable(currentUser.get(), slug);
        int number = DocumentRevision.number(n);
        DocumentService.Original o = documents.original(d.id, number).orElseThrow(DomainError::notFound);
        String name = o.filename() == null || o.filename().isBlank() ? d.slug + "-" + number : o.filename();
        return Response.ok(o.bytes(), o.mediaType())
                .header("Content-Disposition", "attachment; filename=\"" + name.replaceAll("[^A-Za-z0-9._-]", "_") + "\"; filename*=UTF-8''"
                        + java.net.URLEncoder.encode(name, java.nio.charset.StandardCharsets.UTF_8).replace("+", "%20"))
                .header("X-Content-Type-Options", "nosniff").header("Content-Security-Policy", "sandbox; default-src 'none'").build();
    }

    @GET
    @Path("/{slug}/revisions/{n}/diff")
    @Operation(summary = "What changed between two revisions, word by word", description = "The text of revision `from` turned into"
            + " that of revision n, as a list of equal, deleted and inserted runs (java-diff-utils over words and the spaces between them).")
    @APIResponse(responseCode = "200", description = "The runs, in order",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = RevisionDiffs.Diff.class),
                    examples = @ExampleObject(name = "three words inserted", value = """
                            {"from": 1, "to": 2, "runs": [
                              {"op": "equal", "text": "On 5 September 1918 the Council of People's Commissars "},
                              {"op": "insert", "text": "of the RSFSR "},
                              {"op": "equal", "text": "decreed the Red Terror."}]}""")))
    @APIResponse(responseCode = "400", description = "from is missing or not a number")
    @APIResponse(responseCode = "404", description = "No such document for the caller, or no such revision")
    public RevisionDiffs.Diff diff(@PathParam("slug") String slug, @PathParam("n") String n, @QueryParam("from") String from) {
        Document d = documents.readable(currentUser.get(), slug);
        if (from == null || !from.matches("[0-9]{1,9}")) {
            throw DomainError.invalid("from", "from names the revision to compare with: a number");
        }
        DocumentRevision to = documents.revision(d.id, DocumentRevision.number(n)).orElseThrow(DomainError::notFound);
        DocumentRevision was = documents.revision(d.id, Integer.parseInt(from)).orElseThrow(DomainError::notFound);
        return RevisionDiffs.between(was, to);
    }

    /**
     * The revision the client based its change on: {@code If-Match: "n"} (the ETag of GET), or
     * {@code *} for whatever is current. Without one: 428; a weak or unknown tag never matches: 412.
     */
    static int expectedRevision(String ifMatch, int current) {
        if (ifMatch == null || ifMatch.isBlank()) {
            throw DomainError.versionRequired("send If-Match with the revision you based this on (the ETag of GET)");
        }
        for (String t : ifMatch.split(",")) {
            String s = t.strip();
            if (s.equals("*")) {
                return current;
            }
            if (s.length() > 2 && s.startsWith("\"") && s.endsWith("\"")) {
                try {
                    return Integer.parseInt(s.substring(1, s.length() - 1));
                } catch (NumberFormatException e) {
                    // not one of ours: stale below
                }
            }
        }
        throw DomainError.stale("If-Match names no revision of this document; GET it and send its ETag");
    }

    /** An upload read once: the file as sent (kept as the original) and what ingest made of it. */
    private record Upload(byte[] bytes, Ingested read) {
        DocumentService.Content content() {
            return new DocumentService.Content(read.format().key(), read.text(), read.rendition(), read.pages());
        }

        DocumentService.Original original(String filename) {
            return new DocumentService.Original(bytes, read.mediaType(), filename);
        }
    }

    private Upload read(UploadForm form) {
        if (form == null || form.file == null) {
            throw DomainError.invalid("file", "send the reading as a multipart part named file");
        }
        try {
            byte[] bytes = Files.readAllBytes(form.file.uploadedFile());
            return new Upload(bytes, ingest.read(bytes, form.file.fileName(), form.file.contentType()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The form's details; on a new document, the title and authors the file names stand in for missing ones. */
    private static DocumentService.Details details(UploadForm form, Found found) {
        String title = blank(form.title) ? found == null ? null : found.title() : form.title;
        List<String> authors = blank(form.authors) ? found == null || found.authors().isEmpty() ? null : found.authors()
                : List.of(form.authors.split("[;\\n]"));
        LocalDate published = null;
        if (!blank(form.published)) {
            try {
                published = LocalDate.parse(form.published.strip());
            } catch (DateTimeParseException e) {
                throw DomainError.invalid("published", "published is a date: YYYY-MM-DD");
            }
        }
        Boolean isPublic = null;
        if (!blank(form.isPublic)) {
            String v = form.isPublic.strip();
            if (!v.equals("true") && !v.equals("false")) {
                throw DomainError.invalid("public", "public is true or false");
            }
            isPublic = Boolean.valueOf(v);
        }
        return new DocumentService.Details(title, blank(form.slug) ? null : form.slug.strip(), authors, published,
                blank(form.source) ? null : form.source, blank(form.licence) ? null : form.licence, isPublic);
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }

    private DocumentViews.Full full(Document d, DocumentRevision r) {
        DocumentViews.Owner owner = d.ownerId == null ? null
                : users.findById(d.ownerId).map(u -> new DocumentViews.Owner(u.id, u.username, u.displayName)).orElse(null);
        return DocumentViews.Full.of(d, r, owner);
    }

    @GET
    @Operation(summary = "List documents", description = "The documents the caller may read (public ones, their own, those"
            + " assigned to their groups; admins: all), newest first, without their text.")
    @APIResponse(responseCode = "200", description = "The documents", content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(type = SchemaType.ARRAY, implementation = DocumentViews.Summary.class),
            examples = @ExampleObject(name = "the shipped essay", value = """
                    [{"id": "a0727c57-0050-4b46-b11a-b581534802d7", "slug": "red-terror-essay", "title": "Stalin and the Red Terror",
                      "published": "2023-03-12", "revision": 1, "format": "text", "length": 6150,
                      "sha256": "d3427150981afb5599120633a43393860ca560107fb623a18c77f0db7ee8fb27", "public": true,
                      "created": "2026-12-04T09:00:00Z", "updated": "2026-12-04T09:00:00Z"}]""")))
    @APIResponse(responseCode = "401", description = "No or invalid credentials")
    public List<DocumentViews.Summary> list() {
        return documents.list(currentUser.get()).stream().map(DocumentViews.Summary::of).toList();
    }

    @GET
    @Path("/{slug}")
    @Operation(summary = "Get one document with its text")
    @APIResponse(responseCode = "200", description = "The document and its current revision: the text, its length in code points"
            + " and SHA-256, and the rendition or pages where the format has them; the ETag is the revision's number; a Link header"
            + " (rel oa:annotationService) names its annotation container",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = DocumentViews.Full.class),
                    examples = @ExampleObject(name = "the essay (its text cut short here)", value = ESSAY)))
    @APIResponse(responseCode = "404", description = "No document the caller may read has this slug")
    @APIResponse(responseCode = "401", description = "No or invalid credentials")
    public Response get(@PathParam("slug") String slug) {
        Document d = documents.readable(currentUser.get(), slug);
        DocumentRevision r = documents.current(d);
        // the W3C Web Annotation Protocol's discovery link to the document's annotation container
        return Response.ok(full(d, r)).tag(new EntityTag(Integer.toString(r.n)))
                .header("Link", "<" + iris.container(slug) + ">; rel=\"" + ANNOTATION_SERVICE + "\"")
                .build();
    }
}
