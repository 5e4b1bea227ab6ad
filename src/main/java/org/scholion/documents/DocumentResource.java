package org.scholion.documents;

import io.quarkus.security.Authenticated;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

@Path("/api/documents")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Documents", description = "The texts that groups read")
@SecurityRequirement(name = "bearer")
public class DocumentResource {
    private final DocumentService documents;

    DocumentResource(DocumentService documents) {
        this.documents = documents;
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
    @APIResponse(responseCode = "200", description = "The document, its text, its length in code points and its SHA-256")
    @APIResponse(responseCode = "404", description = "No document has this slug")
    @APIResponse(responseCode = "401", description = "No or invalid credentials")
    public DocumentViews.Full get(@PathParam("slug") String slug) {
        return documents.findBySlug(slug).map(DocumentViews.Full::of)
                .orElseThrow(() -> new NotFoundException("No document has the slug '" + slug + "'."));
    }
}
