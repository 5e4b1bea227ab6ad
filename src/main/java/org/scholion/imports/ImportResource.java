package org.scholion.imports;

import io.quarkus.security.Authenticated;
import jakarta.validation.constraints.Pattern;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.scholion.annotations.jsonld.Iris;
import org.scholion.domain.DomainError;
import org.scholion.security.CurrentUser;

@Path("/api/imports")
@Authenticated
@Tag(name = "Imports", description = "Bring annotations in: a W3C collection (Scholion's export or another W3C server's) or a"
        + " Hypothesis JSON export. Moderators into their group, anyone into their private notes. All or nothing.")
@SecurityRequirement(name = "bearer")
@APIResponse(responseCode = "401", description = "No or invalid credentials")
public class ImportResource {
    private final ImportService imports;
    private final CurrentUser currentUser;
    private final Iris iris;
    private final int maxAnnotations;

    ImportResource(ImportService imports, CurrentUser currentUser, Iris iris,
            @ConfigProperty(name = "scholion.imports.max-annotations", defaultValue = "5000") int maxAnnotations) {
        this.imports = imports;
        this.currentUser = currentUser;
        this.iris = iris;
        this.maxAnnotations = maxAnnotations;
    }

    @POST
    @Consumes({ "application/ld+json", MediaType.APPLICATION_JSON })
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Import annotations", description = "The body is a W3C AnnotationCollection with its page embedded (what"
            + " `GET /api/exports/annotations` writes), an AnnotationPage, an array of annotations or one annotation"
            + " (`application/ld+json`); or the JSON file Hypothesis' client exports (`application/json`: an object with"
            + " `annotations`). Each annotation is read and written as a POST to its document's container would: validated the"
            + " same way, its quote anchored by the server in the current revision (Hypothesis' positions count UTF-16 units of"
            + " another page, so only the quote is used), the group's rules applied (sources required, pre-moderation), the"
            + " importer as its author, its original IRI as `via`. A top-level annotation's document is found by its IRI here"
            + " or by a reading whose `source` is the address it names. Replies are written after what they answer and point"
            + " at its new IRI. Hypothesis annotations that were private there stay private here. All or nothing: any problem"
            + " and nothing is written; 422 lists every one, each with a JSON Pointer into the file. At most"
            + " `scholion.imports.max-annotations` (5,000) annotations and `scholion.imports.max-bytes` (10 MiB).")
    @RequestBody(content = {
        @Content(mediaType = "application/ld+json", examples = @ExampleObject(name = "a W3C annotation", value = """
                {"@context": "http://www.w3.org/ns/anno.jsonld", "id": "https://annotations.example.org/anno/17",
                 "type": "Annotation", "motivation": "commenting",
                 "body": {"type": "TextualBody", "value": "Compare the Cheka's own figures.", "format": "text/plain"},
                 "target": {"source": "http://localhost:8080/api/documents/red-terror-essay",
                            "selector": {"type": "TextQuoteSelector", "exact": "known as the Cheka"}}}""")),
        @Content(mediaType = MediaType.APPLICATION_JSON, examples = @ExampleObject(name = "a Hypothesis export", value = """
                {"export_date": "2026-11-30T18:00:00.000000+00:00", "export_userid": "acct:alice@hypothes.is",
                 "annotations": [{"id": "Xj3kQ8mAEe-abc123", "created": "2026-11-02T10:00:00.000000+00:00",
                   "updated": "2026-11-02T10:00:00.000000+00:00", "user": "acct:alice@hypothes.is",
                   "uri": "http://localhost:8080/api/documents/red-terror-essay", "text": "Compare the Cheka's own figures.",
                   "tags": ["sources"], "group": "__world__", "permissions": {"read": ["acct:alice@hypothes.is"]},
                   "target": [{"source": "http://localhost:8080/api/documents/red-terror-essay",
                               "selector": [{"type": "TextQuoteSelector", "exact": "known as the Cheka"}]}],
                   "document": {"title": ["Stalin and the Red Terror"]}}]}""")) })
    @APIResponse(responseCode = "201", description = "`{\"annotations\", \"replies\", \"items\": [{\"from\", \"to\"}]}`: how many"
            + " were written and each one's id in the file and its IRI here", content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    examples = @ExampleObject(name = "one written", value = """
                            {"annotations": 1, "replies": 0,
                             "items": [{"from": "https://annotations.example.org/anno/17",
                                        "to": "http://localhost:8080/api/documents/red-terror-essay/annotations/59f45080-c7cd-4b7a-bea2-1b2bed0f9088"}]}""")))
    @APIResponse(responseCode = "400", description = "Not JSON, not a collection, or neither `group` nor `private=true`")
    @APIResponse(responseCode = "403", description = "A member of the group, not a moderator")
    @APIResponse(responseCode = "404", description = "No such group, or the caller is not a member")
    @APIResponse(responseCode = "409", description = "The group is archived")
    @APIResponse(responseCode = "413", description = "More than the import's limits")
    @APIResponse(responseCode = "415", description = "Neither JSON-LD nor JSON")
    @APIResponse(responseCode = "422", description = "Refused as a whole: every problem, each at its place in the file; nothing"
            + " was written")
    public Response importAnnotations(
            @QueryParam("group") @Pattern(regexp = "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}",
                    message = "group must be a UUID") @Parameter(description = "The group (its moderators)") String group,
            @QueryParam("private") @Pattern(regexp = "true|false", message = "private must be true or false")
            @Parameter(description = "true: into the caller's private notes") String privately,
            @HeaderParam("Content-Type") String contentType, byte[] body) {
        boolean own = "true".equals(privately);
        if ((group == null) == !own) {
            throw DomainError.invalid("group", "say where to import: group=<id> (its moderators) or private=true");
        }
        UUID g = group == null ? null : UUID.fromString(group);
        ImportFiles.Read read = isHypothesis(contentType, body) ? ImportFiles.hypothesis(body, maxAnnotations)
                : ImportFiles.w3c(body, iris, maxAnnotations);
        ImportService.Imported done = imports.write(currentUser.get(), g, read.entries(), read.problems());
        return Response.status(201).type(MediaType.APPLICATION_JSON_TYPE).entity(done).build();
    }

    /** A Hypothesis export: plain JSON whose top level holds {@code annotations} and no JSON-LD context. */
    private static boolean isHypothesis(String contentType, byte[] body) {
        if (contentType == null || !MediaType.valueOf(contentType).isCompatible(MediaType.APPLICATION_JSON_TYPE)) {
            return false;
        }
        String start = new String(body, 0, Math.min(body.length, 4096), StandardCharsets.UTF_8);
        return start.contains("\"annotations\"") && !start.contains("\"@context\"");
    }
}
