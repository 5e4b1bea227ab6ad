package org.scholion.documents;

import io.quarkus.security.Authenticated;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
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

@Path("/api/documents")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Documents", description = "The texts that groups read")
@SecurityRequirement(name = "bearer")
public class DocumentResource {
    static final String ANNOTATION_SERVICE = "http://www.w3.org/ns/oa#annotationService";
    private final DocumentService documents;
    private final Iris iris;

    DocumentResource(DocumentService documents, Iris iris) {
        this.documents = documents;
        this.iris = iris;
    }

    @GET
    @Operation(summary = "List documents", description = "Every document, newest first, without its text.")
    @APIResponse(responseCode = "200", description = "The documents")
    @APIResponse(responseCode = "401", description = "No or invalid credentials")
    public List<DocumentViews.Summary> list() {
        return documents.list().stream().map(DocumentViews.Summary::of).toList();
    }

    @GET
    @Path("/{slug}")
    @Operation(summary = "Get one document with its text")
    @APIResponse(responseCode = "200", description = "The document, its text, its length in code points and its SHA-256;"
            + " a Link header (rel oa:annotationService) names its annotation container",
            content = @Content(schema = @Schema(implementation = DocumentViews.Full.class)))
    @APIResponse(responseCode = "404", description = "No document has this slug")
    @APIResponse(responseCode = "401", description = "No or invalid credentials")
    public Response get(@PathParam("slug") String slug) {
        DocumentViews.Full doc = documents.findBySlug(slug).map(DocumentViews.Full::of)
                .orElseThrow(() -> new NotFoundException("No document has the slug '" + slug + "'."));
        // the W3C Web Annotation Protocol's discovery link to the document's annotation container
        return Response.ok(doc).header("Link", "<" + iris.container(slug) + ">; rel=\"" + ANNOTATION_SERVICE + "\"")
                .build();
    }
}
