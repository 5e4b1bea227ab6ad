package org.scholion.exports;

import io.quarkus.security.Authenticated;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Pattern;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Request;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;
import jakarta.ws.rs.core.Variant;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.scholion.annotations.http.AnnotationResource;
import org.scholion.annotations.Body;
import org.scholion.annotations.jsonld.Representations;
import org.scholion.annotations.jsonld.Vocabulary;
import org.scholion.security.CurrentUser;
import org.scholion.security.UserRef;
import org.scholion.web.PublicUrl;

@Path("/api/exports")
@Authenticated
@Tag(name = "Exports", description = "Take annotations and the sources they cite to other tools: a W3C AnnotationCollection,"
        + " a spreadsheet, a bibliography. For oneself (`mine=true`: one's own annotations and private notes) or for a group"
        + " (`group=<id>`: its moderators and admins; 403 for a member, 404 for a non-member), optionally one document"
        + " (`document=<slug>`). Streamed: an export of any size starts at once and holds one chunk in memory.")
@SecurityRequirement(name = "bearer")
@APIResponse(responseCode = "401", description = "No or invalid credentials")
public class ExportResource {
    static final String JSON_LD = Vocabulary.MEDIA_TYPE;
    static final MediaType CSV = MediaType.valueOf("text/csv");
    static final MediaType BIBTEX = MediaType.valueOf("application/x-bibtex");
    static final MediaType RIS = MediaType.valueOf("application/x-research-info-systems");
    static final MediaType CSL = MediaType.valueOf("application/vnd.citationstyles.csl+json");
    private static final String UUID_PATTERN = "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}";

    private final AnnotationExports exports;
    private final CurrentUser currentUser;
    private final Representations representations;
    private final PublicUrl publicUrl;

    ExportResource(AnnotationExports exports, CurrentUser currentUser, Representations representations, PublicUrl publicUrl) {
        this.exports = exports;
        this.currentUser = currentUser;
        this.representations = representations;
        this.publicUrl = publicUrl;
    }

    @GET
    @Path("annotations")
    @Produces({ Vocabulary.MEDIA_TYPE, "application/ld+json", "text/csv" })
    @Operation(summary = "Export annotations", description = "`Accept: application/ld+json` (the default): a W3C"
            + " AnnotationCollection whose first page embeds every annotation in creation order, as a container page shows"
            + " them (minus what is said to the exporter alone: their ETag, upvote, flag); `POST /api/imports` takes it back."
            + " `Accept: text/csv`: one row per annotation (its IRI, document and revision, group, thread root and parent,"
            + " author, dates, motivation, quote, comment, tags, sources flattened, verdict, source reviews, moderation and"
            + " anchoring state, upvotes), UTF-8 with a byte order mark, every cell quoted and guarded against spreadsheet"
            + " formulas (OWASP, CSV Injection). A group's export holds everything its moderators see (hidden and pending"
            + " included, deleted not); `mine=true` one's own annotations in every group one belongs to and one's private notes.")
    @APIResponse(responseCode = "200", description = "The export", content = {
        @Content(mediaType = "application/ld+json", examples = @ExampleObject(name = "a group's annotations", value = """
                {"@context": ["http://www.w3.org/ns/anno.jsonld", "http://localhost:8080/ns/scholion.jsonld"],
                 "id": "http://localhost:8080/api/exports/annotations?group=0b6f7f3e-8a51-4c0e-9d3a-5c1f0e2a7b11",
                 "type": "AnnotationCollection", "label": "Annotations of History 101 — section B", "total": 1,
                 "first": {"id": "http://localhost:8080/api/exports/annotations?group=0b6f7f3e-8a51-4c0e-9d3a-5c1f0e2a7b11#page-0",
                           "type": "AnnotationPage", "startIndex": 0, "items": [""" + AnnotationResource.ITEM + """
                 ]}}""")),
        @Content(mediaType = "text/csv", examples = @ExampleObject(name = "a group's annotations", value = """
                "id","document","revision","group","thread","in reply to","author","author name","created","modified","motivation","quote","comment","tags","sources","verdict","source reviews","moderation","anchoring","upvotes"
                "http://localhost:8080/api/documents/red-terror-essay/annotations/0f8e6c1a-3b1d-4f1e-9c55-7a2d9b1e4c60","red-terror-essay","1","0b6f7f3e-8a51-4c0e-9d3a-5c1f0e2a7b11","","","alice","Alice Martin","2026-12-04T21:46:09.334Z","2026-12-04T21:46:09.334Z","assessing","Joseph Stalin","The figure is **contested**.","chronology","J. Arch Getty, Gábor T. Rittersporn, Viktor N. Zemskov. Victims of the Soviet Penal System in the Pre-war Years. The American Historical Review. 1993. p. 1017. https://doi.org/10.2307/2167582","misleading","Victims of the Soviet Penal System in the Pre-war Years: verified (Ines Alvarez)","visible","exact","1"
                """)) })
    @APIResponse(responseCode = "400", description = "Neither `group` nor `mine=true`, both, or a malformed parameter")
    @APIResponse(responseCode = "403", description = "A member of the group, not a moderator")
    @APIResponse(responseCode = "404", description = "No such group or document, or the caller may not see it")
    @APIResponse(responseCode = "406", description = "Neither JSON-LD nor CSV is acceptable")
    public Response annotations(
            @Valid @BeanParam Scope scope, @Context Request request) {
        UserRef user = currentUser.get();
        UUID g = scope.group();
        String document = scope.document;
        List<Variant> variants = Variant.mediaTypes(MediaType.valueOf("application/ld+json"), CSV).build();
        Variant v = request.selectVariant(variants);
        if (v == null) {
            return Response.notAcceptable(variants).build();
        }
        AnnotationExports.Selection selection = exports.select(user, g, document);
        String name = fileName(g, selection);
        if (v.getMediaType().isCompatible(CSV)) {
            StreamingOutput body = out -> AnnotationFormats.csv(out, selection, representations);
            return download(body, Csv.MEDIA_TYPE, name + ".csv");
        }
        String id = publicUrl.base() + "/api/exports/annotations?" + (g != null ? "group=" + g : "mine=true")
                + (document != null ? "&document=" + selection.document().slug() : "");
        String label = (g != null ? "Annotations of " + exports.groupName(g) : "Annotations of " + user.displayName())
                + (selection.document() != null ? " on " + selection.document().title() : "");
        StreamingOutput body = out -> AnnotationFormats.jsonLd(out, id, label, representations.iris().context(), selection,
                representations);
        return download(body, JSON_LD, name + ".jsonld");
    }

    @GET
    @Path("bibliography")
    @Produces({ "application/x-bibtex", "application/x-research-info-systems", "application/vnd.citationstyles.csl+json" })
    @Operation(summary = "Export the bibliography of the sources cited", description = "Every source cited in the annotations"
            + " the same export would hold, once per work (the same DOI, else the same web address, else the same ISBN or IRI),"
            + " with how often, in how many annotations and by whom it was cited (BibTeX `note`, RIS `N1`, CSL-JSON `note`)."
            + " `Accept`: `application/x-bibtex` (BibTeX, UTF-8), `application/x-research-info-systems` (RIS, what EndNote,"
            + " Zotero and Mendeley import) or `application/vnd.citationstyles.csl+json` (CSL-JSON, Zotero and Pandoc).")
    @APIResponse(responseCode = "200", description = "The bibliography", content = {
        @Content(mediaType = "application/x-bibtex", examples = @ExampleObject(name = "BibTeX", value = """
                @article{getty1993,
                  author = {Getty, J. Arch and Rittersporn, Gábor T. and Zemskov, Viktor N.},
                  title = {Victims of the Soviet Penal System in the Pre-war Years},
                  journal = {The American Historical Review},
                  year = {1993},
                  doi = {10.2307/2167582},
                  note = {Cited 2 times in 2 annotations by Alice Martin}
                }
                """)),
        @Content(mediaType = "application/x-research-info-systems", examples = @ExampleObject(name = "RIS", value = """
                TY  - JOUR
                AU  - Getty, J. Arch
                AU  - Rittersporn, Gábor T.
                AU  - Zemskov, Viktor N.
                TI  - Victims of the Soviet Penal System in the Pre-war Years
                PY  - 1993
                T2  - The American Historical Review
                JO  - The American Historical Review
                DO  - 10.2307/2167582
                N1  - Cited 2 times in 2 annotations by Alice Martin
                ER  -\s
                """)),
        @Content(mediaType = "application/vnd.citationstyles.csl+json", examples = @ExampleObject(name = "CSL-JSON", value = """
                [{"id": "getty1993", "type": "article-journal",
                  "author": [{"family": "Getty", "given": "J. Arch"}, {"family": "Rittersporn", "given": "Gábor T."},
                             {"family": "Zemskov", "given": "Viktor N."}],
                  "issued": {"date-parts": [[1993]]}, "container-title": "The American Historical Review",
                  "DOI": "10.2307/2167582", "note": "Cited 2 times in 2 annotations by Alice Martin",
                  "title": "Victims of the Soviet Penal System in the Pre-war Years"}]""")) })
    @APIResponse(responseCode = "400", description = "Neither `group` nor `mine=true`, both, or a malformed parameter")
    @APIResponse(responseCode = "403", description = "A member of the group, not a moderator")
    @APIResponse(responseCode = "404", description = "No such group or document, or the caller may not see it")
    @APIResponse(responseCode = "406", description = "None of the three formats is acceptable")
    public Response bibliography(
            @Valid @BeanParam Scope scope, @Context Request request) {
        UserRef user = currentUser.get();
        UUID g = scope.group();
        String document = scope.document;
        List<Variant> variants = Variant.mediaTypes(BIBTEX, RIS, CSL).build();
        Variant v = request.selectVariant(variants);
        if (v == null) {
            return Response.notAcceptable(variants).build();
        }
        AnnotationExports.Selection selection = exports.select(user, g, document);
        String name = fileName(g, selection) + "-sources";
        MediaType type = v.getMediaType();
        StreamingOutput body = out -> {
            Bibliography bibliography = new Bibliography();
            selection.forEachChunk(rows -> {
                for (AnnotationExports.Row r : rows) {
                    for (Body.Source s : r.annotation().body().sources()) {
                        bibliography.add(new Citation(s, r.annotation().id, r.author() == null ? null : r.author().displayName()));
                    }
                }
            });
            if (type.isCompatible(BIBTEX)) {
                Bibliography.writeBibtex(bibliography.works(), out);
            } else if (type.isCompatible(RIS)) {
                Bibliography.writeRis(bibliography.works(), out);
            } else {
                Bibliography.writeCslJson(bibliography.works(), out);
            }
        };
        if (type.isCompatible(BIBTEX)) {
            return download(body, Bibliography.BIBTEX_MEDIA_TYPE, name + ".bib");
        }
        if (type.isCompatible(RIS)) {
            return download(body, Bibliography.RIS_MEDIA_TYPE, name + ".ris");
        }
        return download(body, Bibliography.CSL_JSON_MEDIA_TYPE, name + ".json");
    }

    /** Whose annotations an export holds: a group's, or the caller's own; and which document. */
    public static class Scope {
        @QueryParam("group")
        @Pattern(regexp = UUID_PATTERN, message = "group must be a UUID")
        @Parameter(description = "The group (its moderators and admins)")
        public String group;

        @QueryParam("mine")
        @Pattern(regexp = "true|false", message = "mine must be true or false")
        @Parameter(description = "true: the caller's own annotations (and private notes)")
        public String mine;

        @QueryParam("document")
        @Parameter(description = "Only this document (its slug)")
        public String document;

        /** The group asked for, or null for the caller's own; a 400 unless exactly one of the two was asked. */
        UUID group() {
            boolean own = "true".equals(mine);
            if ((group == null) == !own) {
                throw AnnotationExports.neither();
            }
            return group == null ? null : UUID.fromString(group);
        }
    }

    private static String fileName(UUID group, AnnotationExports.Selection selection) {
        return "annotations-" + (group != null ? group.toString() : "mine")
                + (selection.document() != null ? "-" + selection.document().slug() : "");
    }

    private static Response download(StreamingOutput body, String type, String file) {
        return Response.ok(body, type).header("Content-Disposition", "attachment; filename=\"" + file + "\"")
                .header("Cache-Control", "private, no-store").build();
    }
}
