package org.scholion.annotations.reanchoring;

import io.quarkus.security.Authenticated;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.scholion.annotations.AnnotatedDocuments;
import org.scholion.documents.DocumentRevision;
import org.scholion.documents.DocumentService;
import org.scholion.domain.DomainError;
import org.scholion.security.Action;
import org.scholion.security.CurrentUser;
import org.scholion.security.Permissions;
import org.scholion.security.UserRef;

@Path("/api/documents/{slug}/revisions/{n}/reanchoring")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Documents", description = "The texts that groups read")
@SecurityRequirement(name = "bearer")
public class ReanchoringResource {
    private final ReanchoringJobs jobs;
    private final AnnotatedDocuments documents;
    private final DocumentService documentService;
    private final Permissions permissions;
    private final CurrentUser currentUser;

    ReanchoringResource(ReanchoringJobs jobs, AnnotatedDocuments documents, DocumentService documentService, Permissions permissions,
            CurrentUser currentUser) {
        this.jobs = jobs;
        this.documents = documents;
        this.documentService = documentService;
        this.permissions = permissions;
        this.currentUser = currentUser;
    }

    @GET
    @Operation(summary = "The re-anchoring job of a revision", description = "Publishing a revision re-anchors every annotation of the"
            + " document against it, once, on the server: how far it is and how it went. For the document's owner and admins.")
    @APIResponse(responseCode = "200", description = "Its progress",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ReanchoringJobs.Progress.class),
                    examples = { @ExampleObject(name = "done", value = """
                            {"state": "done", "total": 3, "done": 3, "exact": 1, "fuzzy": 0, "orphaned": 2}"""),
                        @ExampleObject(name = "running", value = """
                            {"state": "running", "total": 240, "done": 96, "exact": 90, "fuzzy": 4, "orphaned": 2}""") }))
    @APIResponse(responseCode = "403", description = "A reader who is neither the owner nor an admin")
    @APIResponse(responseCode = "404", description = "No such document for the caller, or this revision had nothing to re-anchor")
    @APIResponse(responseCode = "401", description = "No or invalid credentials")
    public ReanchoringJobs.Progress get(@PathParam("slug") String slug, @PathParam("n") String n) {
        UserRef user = currentUser.get();
        AnnotatedDocuments.Doc d = documents.find(user, slug);
        permissions.require(user, Action.REVISE_DOCUMENT, documentService.target(user, d.id(), d.ownerId(), d.isPublic()));
        return jobs.progress(d.id(), DocumentRevision.number(n)).orElseThrow(DomainError::notFound);
    }
}
