package org.scholion.annotations.http;

import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.scholion.annotations.jsonld.Representations;
import org.scholion.annotations.jsonld.ScholionContext;

/** Serves the JSON-LD context of Scholion's terms, public so any JSON-LD processor can use it. */
@Path("/ns")
@PermitAll
@Tag(name = "Annotations")
public class ContextResource {
    private final byte[] body;
    private final String etag;

    ContextResource(ScholionContext context) {
        this.body = Representations.bytes(context.document());
        this.etag = Integer.toHexString(java.util.Arrays.hashCode(body));
    }

    @GET
    @Path("/scholion.jsonld")
    @Operation(summary = "The JSON-LD context of Scholion's terms (source details, group, visibility …)")
    public Response context() {
        return Response.ok(body, "application/ld+json").tag(etag).header("Cache-Control", "public, max-age=86400").build();
    }
}
