package org.scholion.courses;

import io.quarkus.security.Authenticated;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.scholion.domain.DomainError;
import org.scholion.groups.GroupResource;
import org.scholion.security.CurrentUser;

@Path("/api/groups/{id}/copy")
@Authenticated
@Tag(name = "Classroom groups")
@SecurityRequirement(name = "bearer")
@APIResponse(responseCode = "401", description = "No or invalid credentials")
public class CopyResource {
    private final CourseCopy copy;
    private final CurrentUser currentUser;

    CopyResource(CourseCopy copy, CurrentUser currentUser) {
        this.copy = copy;
        this.currentUser = currentUser;
    }

    @Schema(name = "CourseCopyRequest")
    public record CopyRequest(
            @NotNull(message = "to is required") @Pattern(regexp = "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}",
                    message = "to must be a group id") @Schema(description = "The group to copy into") String to,
            @Size(max = 200) @Schema(description = "Slugs of readings on this group's list to copy") List<@NotNull String> readings,
            @Pattern(regexp = "moderators|ids|none", message = "annotations must be 'moderators', 'ids' or 'none'")
            @Schema(description = "`moderators`: the top-level annotations this group's moderators wrote on those readings (the"
                    + " instructor's prompts); `ids`: the annotations listed in `ids`; absent or `none`: no annotations") String annotations,
            @Size(max = 2000) @Schema(description = "Annotation IRIs, with `annotations: ids`; a reply needs what it answers listed")
            List<@NotNull String> ids) {
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Carry a course forward", description = "Copies readings of this group's list (instructions, reveal rule"
            + " and rubric; not the due date) and chosen annotations into another group, in one call: each copy keeps its"
            + " creator, takes `via` the original IRI, and is re-anchored on the current revision of its reading; the answer"
            + " reports what was exact, fuzzy or orphaned. Only a moderator of both groups (or an admin) may copy: 403 for a"
            + " member, 404 for a non-member. Nothing of this group changes; when refused, nothing is written (422 lists every"
            + " problem).")
    @APIResponse(responseCode = "201", description = "`{\"readings\", \"annotations\", \"exact\", \"fuzzy\", \"orphaned\", \"items\":"
            + " [{\"from\", \"to\", \"anchoring\"}]}`", content = @Content(schema = @Schema(implementation = CourseCopy.Copied.class),
                    examples = @ExampleObject(name = "one reading, one prompt", value = """
                            {"readings": 1, "annotations": 1, "exact": 1, "fuzzy": 0, "orphaned": 0,
                             "items": [{"from": "http://localhost:8080/api/documents/red-terror-essay/annotations/0f8e6c1a-3b1d-4f1e-9c55-7a2d9b1e4c60",
                                        "to": "http://localhost:8080/api/documents/red-terror-essay/annotations/96d43dff-1752-4996-8f22-46f8348fc424",
                                        "anchoring": "exact"}]}""")))
    @APIResponse(responseCode = "400", description = "A malformed request (problem+json naming the field)")
    @APIResponse(responseCode = "403", description = "A member, not a moderator, of either group")
    @APIResponse(responseCode = "404", description = "Either group is not one the caller belongs to")
    @APIResponse(responseCode = "409", description = "The target group is archived")
    @APIResponse(responseCode = "422", description = "A reading not on this group's list, an annotation not of this group or not on"
            + " a copied reading, a reply without its parent: every problem listed, nothing written")
    @RequestBody(required = true, content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = CopyRequest.class),
            examples = { @ExampleObject(name = "the readings and the instructor's prompts", value = """
                    {"to": "4c9d2e1f-7a3b-4d6e-8f10-2b3c4d5e6f70", "readings": ["red-terror-essay"], "annotations": "moderators"}"""),
                @ExampleObject(name = "chosen annotations", value = """
                    {"to": "4c9d2e1f-7a3b-4d6e-8f10-2b3c4d5e6f70", "readings": ["red-terror-essay"], "annotations": "ids",
                     "ids": ["http://localhost:8080/api/documents/red-terror-essay/annotations/0f8e6c1a-3b1d-4f1e-9c55-7a2d9b1e4c60"]}""") }))
    public Response copy(@PathParam("id") String id, @NotNull @Valid CopyRequest body) {
        CourseCopy.Choice choice = body.annotations() == null ? CourseCopy.Choice.NONE
                : CourseCopy.Choice.valueOf(body.annotations().toUpperCase(java.util.Locale.ROOT));
        if (choice == CourseCopy.Choice.IDS && (body.ids() == null || body.ids().isEmpty())) {
            throw DomainError.invalid("ids", "with annotations: ids, list the annotations' IRIs in ids");
        }
        CourseCopy.Copied done = copy.copy(currentUser.get(), GroupResource.uuid(id), UUID.fromString(body.to()),
                body.readings() == null ? List.of() : body.readings(), choice, body.ids() == null ? List.of() : body.ids());
        return Response.status(201).type(MediaType.APPLICATION_JSON_TYPE).entity(done).build();
    }
}
