package org.scholion.annotations.http;

import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
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
    @APIResponse(responseCode = "200", description = "OK", content = @Content(mediaType = "application/ld+json",
            examples = @ExampleObject(name = "the context (a few of its terms)", value = """
                    {"@context": {"scholion": "http://localhost:8080/ns/scholion#", "oa": "http://www.w3.org/ns/oa#",
                                  "dcterms": "http://purl.org/dc/terms/", "bibo": "http://purl.org/ontology/bibo/",
                                  "xsd": "http://www.w3.org/2001/XMLSchema#",
                                  "title": "dcterms:title", "authors": {"@id": "dcterms:creator", "@container": "@list"},
                                  "published": "dcterms:issued", "container": "dcterms:isPartOf", "doi": "bibo:doi",
                                  "locator": "scholion:locator", "group": {"@id": "scholion:group"},
                                  "visibility": {"@id": "scholion:visibility"},
                                  "upvotes": {"@id": "scholion:upvotes", "@type": "xsd:nonNegativeInteger"}},
                     "@graph": [{"@id": "scholion:locator", "@type": "rdf:Property",
                                 "rdfs:comment": "Where in the cited work the evidence is: page, section, timestamp."}]}""")))
    public Response context() {
        return Response.ok(body, "application/ld+json").tag(etag).header("Cache-Control", "public, max-age=86400").build();
    }
}
