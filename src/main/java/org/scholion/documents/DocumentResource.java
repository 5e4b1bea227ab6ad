package org.scholion.documents;

import io.quarkus.security.Authenticated;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.EntityTag;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.scholion.annotations.w3c.Iris;
import org.scholion.security.CurrentUser;
import org.scholion.security.UserDirectory;

@Path("/api/documents")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Documents", description = "The texts that groups read")
@SecurityRequirement(name = "bearer")
public class DocumentResource {
    static final String ANNOTATION_SERVICE = "http://www.w3.org/ns/oa#annotationService";
    private final DocumentService documents;
    private final Iris iris;
    private final CurrentUser currentUser;
    private final UserDirectory users;

    DocumentResource(DocumentService documents, Iris iris, CurrentUser currentUser, UserDirectory users) {
        this.documents = documents;
        this.iris = iris;
        this.currentUser = currentUser;
        this.users = users;
    }

    @GET
    @Operation(summary = "List documents", description = "The documents the caller may read (public ones, their own, those"
            + " assigned to their groups; admins: all), newest first, without their text.")
    @APIResponse(responseCode = "200", description = "The documents")
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
            content = @Content(schema = @Schema(implementation = DocumentViews.Full.class)))
    @APIResponse(responseCode = "404", description = "No document the caller may read has this slug")
    @APIResponse(responseCode = "401", description = "No or invalid credentials")
    public Response get(@PathParam("slug") String slug) {
        Document d = documents.readable(currentUser.get(), slug);
        DocumentRevision r = documents.current(d);
        DocumentViews.Owner owner = d.ownerId == null ? null
                : users.findById(d.ownerId).map(u -> new DocumentViews.Owner(u.id, u.username, u.displayName)).orElse(null);
        // the W3C Web Annotation Protocol's discovery link to the document's annotation container
        return Response.ok(DocumentViews.Full.of(d, r, owner)).tag(new EntityTag(Integer.toString(r.n)))
                .header("Link", "<" + iris.container(slug) + ">; rel=\"" + ANNOTATION_SERVICE + "\"")
                .build();
    }
}
