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
        @Content(mediaType = "application/ld+json"), @Content(mediaType = "text/csv") })
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
        @Content(mediaType = "application/x-bibtex"), @Content(mediaType = "application/x-research-info-systems"),
        @Content(mediaType = "application/vnd.citationstyles.csl+json") })
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
