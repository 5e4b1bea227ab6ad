package org.scholion.documents.assignments;

import io.quarkus.security.Authenticated;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.scholion.groups.GroupResource;
import org.scholion.security.CurrentUser;
import org.scholion.web.PublicUrl;

@Path("/api/groups/{id}/readings")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Reading lists", description = "The documents a group reads. Moderators (and admins) assign and unassign; members"
        + " read the list. Assigning a document lets the group's members read it; a non-member gets 404 for the group.")
@SecurityRequirement(name = "bearer")
@APIResponse(responseCode = "401", description = "No or invalid credentials")
public class ReadingResource {
    private static final String READING = """
            {"document": {"slug": "red-terror-essay", "title": "Stalin and the Red Terror",
                           "iri": "http://localhost:8080/api/documents/red-terror-essay", "revision": 1},
             "due": "2026-12-10T09:00:00Z", "instructions": "Check every date against a source.", "revealAfter": 2,
             "assignedBy": "5d0c9a3e-1f2b-4c6d-8e9f-0a1b2c3d4e5f", "assigned": "2026-12-01T08:00:00Z"}""";

    private final ReadingService readings;
    private final CurrentUser currentUser;
    private final PublicUrl publicUrl;

    ReadingResource(ReadingService readings, CurrentUser currentUser, PublicUrl publicUrl) {
        this.readings = readings;
        this.currentUser = currentUser;
        this.publicUrl = publicUrl;
    }

    @Schema(name = "ReadingTerms", description = "What a moderator sets for a reading; every field is optional")
    public record TermsRequest(
            @Schema(description = "When it is due: an ISO 8601 date-time with offset", example = "2026-12-10T09:00:00Z") OffsetDateTime due,
            @Size(max = 4000) @Schema(description = "What to do with the reading, for the group's members") String instructions,
            @Min(1) @Max(100) @Schema(description = "Peers' annotations on this reading stay hidden from a member until they have"
                    + " posted this many of their own, or until the due date") Integer revealAfter) {
    }

    @Schema(name = "ReadingDocument", description = "The document assigned")
    public record DocumentRef(String slug, String title, @Schema(description = "The document's API IRI") String iri,
            @Schema(description = "Its current revision") int revision) {
    }

    @Schema(name = "Reading", description = "A document on a group's reading list")
    public record ReadingView(DocumentRef document, OffsetDateTime due, String instructions, Integer revealAfter, UUID assignedBy,
            OffsetDateTime assigned) {
    }

    @GET
    @Operation(summary = "The group's reading list", description = "By due date (none last), then when assigned. Members and admins.")
    @APIResponse(responseCode = "200", description = "The readings",
            content = @Content(schema = @Schema(type = SchemaType.ARRAY, implementation = ReadingView.class),
                    examples = @ExampleObject(name = "one reading", value = "[" + READING + "]")))
    @APIResponse(responseCode = "404", description = "No group the caller belongs to has this id")
    public List<ReadingView> list(@PathParam("id") String id) {
        return readings.list(currentUser.get(), GroupResource.uuid(id)).stream().map(this::view).toList();
    }

    @PUT
    @Path("/{slug}")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Assign a document to the group, or change its terms", description = "Moderators and admins, on a group"
            + " that is not archived, for a document they may read themselves. Idempotent.")
    @RequestBody(content = @Content(schema = @Schema(implementation = TermsRequest.class), examples = @ExampleObject(name = "terms",
            value = "{\"due\": \"2026-12-10T09:00:00Z\", \"instructions\": \"Check every date against a source.\", \"revealAfter\": 2}")))
    @APIResponse(responseCode = "201", description = "Assigned; Location names the reading list",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ReadingView.class),
                    examples = @ExampleObject(name = "assigned", value = READING)))
    @APIResponse(responseCode = "200", description = "Was assigned: its terms are now these",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ReadingView.class),
                    examples = @ExampleObject(name = "new terms", value = READING)))
    @APIResponse(responseCode = "400", description = "A field out of range or of the wrong form")
    @APIResponse(responseCode = "403", description = "A member who does not moderate the group")
    @APIResponse(responseCode = "404", description = "No group the caller belongs to, or no document the caller may read, has this id or slug")
    @APIResponse(responseCode = "409", description = "The group is archived")
    public Response assign(@PathParam("id") String id, @PathParam("slug") String slug, @Valid TermsRequest request) {
        TermsRequest r = request == null ? new TermsRequest(null, null, null) : request;
        UUID group = GroupResource.uuid(id);
        ReadingService.Assigned a = readings.assign(currentUser.get(), group, slug,
                new ReadingService.Terms(r.due(), blankToNull(r.instructions()), r.revealAfter()));
        ReadingView view = view(a.listed());
        return a.created() ? Response.created(URI.create("/api/groups/" + group + "/readings")).entity(view).build()
                : Response.ok(view).build();
    }

    @DELETE
    @Path("/{slug}")
    @Operation(summary = "Take a document off the group's reading list", description = "Moderators and admins. The annotations made"
            + " on it stay; the group's log keeps what the reading was. Members who can read the document no other way no longer can.")
    @APIResponse(responseCode = "204", description = "Unassigned")
    @APIResponse(responseCode = "403", description = "A member who does not moderate the group")
    @APIResponse(responseCode = "404", description = "No such group or document for the caller, or it is not on the list")
    @APIResponse(responseCode = "409", description = "The group is archived")
    public Response unassign(@PathParam("id") String id, @PathParam("slug") String slug) {
        readings.unassign(currentUser.get(), GroupResource.uuid(id), slug);
        return Response.noContent().build();
    }

    private ReadingView view(ReadingService.Listed l) {
        Reading r = l.reading();
        return new ReadingView(new DocumentRef(l.slug(), l.title(), publicUrl.base() + "/api/documents/" + l.slug(), l.revision()),
                r.due, r.instructions, r.revealAfter, r.assignedBy, r.assignedAt);
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }
}
