package org.scholion.reports;

import io.quarkus.security.Authenticated;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.scholion.security.CurrentUser;

@Path("/api/documents/{slug}/claim-map")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Reports")
@SecurityRequirement(name = "bearer")
@APIResponse(responseCode = "401", description = "No or invalid credentials")
public class ClaimMapResource {
    private final ClaimMap map;
    private final CurrentUser currentUser;

    ClaimMapResource(ClaimMap map, CurrentUser currentUser) {
        this.map = map;
        this.currentUser = currentUser;
    }

    @Schema(name = "ClaimMap")
    public record MapView(List<ClaimMap.Passage> passages) {
    }

    @GET
    @Operation(summary = "Where a reading is contested and confusing", description = "The group's annotated passages of the"
            + " document's current revision: each the union of overlapping annotated ranges (`start`, `end` in Unicode code"
            + " points, `exact` its text, cut after 1,000 code points), with the top-level `annotations` on it, its `questions`,"
            + " `unanswered` (top-level annotations nobody but their author replied to), the spread of `verdicts` of its"
            + " assessments, and — for the group's moderators only — its open `flags`. Counted over what the caller may see;"
            + " annotations orphaned by a revision are left out. Computed in PostgreSQL from the class's own data.")
    @APIResponse(responseCode = "200", description = "The passages, in text order",
            content = @Content(schema = @Schema(implementation = MapView.class), examples = @ExampleObject(name = "two passages", value = """
                    {"passages": [
                      {"start": 0, "end": 13, "exact": "Joseph Stalin", "annotations": 2, "questions": 1, "flags": 1, "unanswered": 1,
                       "verdicts": {"misleading": 1, "accurate": 1}},
                      {"start": 570, "end": 583, "exact": "began in 1918", "annotations": 1, "questions": 0, "flags": 0, "unanswered": 1,
                       "verdicts": {}}]}""")))
    @APIResponse(responseCode = "400", description = "No or a malformed `group`")
    @APIResponse(responseCode = "404", description = "No such document or group for the caller (not a member)")
    public Response claimMap(@PathParam("slug") String slug,
            @QueryParam("group") @NotNull(message = "group is required")
            @Pattern(regexp = "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}", message = "group must be a UUID")
            @Parameter(description = "The group whose annotations make the map") String group) {
        return Response.ok(new MapView(map.of(currentUser.get(), slug, UUID.fromString(group))))
                .header("Cache-Control", "private, no-store").build();
    }
}
