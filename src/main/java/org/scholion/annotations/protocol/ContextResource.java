package org.scholion.annotations;

import org.scholion.web.PublicUrl;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Response;
import java.nio.charset.StandardCharsets;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * The JSON-LD context of Scholion's own terms, public so any JSON-LD processor can expand our
 * annotations. Its {@code @graph} describes the terms: {@code citing} is a motivation narrower
 * than {@code oa:linking} (the Data Model's way to extend motivations, skos:broader).
 */
@Path("/ns")
@PermitAll
@Tag(name = "Annotations")
public class ContextResource {
    private final byte[] body;
    private final String etag;

    ContextResource(PublicUrl publicUrl) {
        String ns = publicUrl.base() + "/ns/scholion#";
        JsonNodeFactory n = JsonNodeFactory.instance;
        ObjectNode ctx = n.objectNode()
                .put("scholion", ns)
                .put("oa", "http://www.w3.org/ns/oa#")
                .put("rdfs", "http://www.w3.org/2000/01/rdf-schema#")
                .put("skos", "http://www.w3.org/2004/02/skos/core#")
                .put("dcterms", "http://purl.org/dc/terms/")
                .put("xsd", "http://www.w3.org/2001/XMLSchema#")
                .put("Citation", "scholion:Citation")
                .put("citing", "scholion:citing");
        ctx.set("url", n.objectNode().put("@id", "scholion:url").put("@type", "@id"));
        ctx.put("title", "dcterms:title").put("author", "dcterms:creator").put("published", "dcterms:issued")
                .put("locator", "scholion:locator").put("excerpt", "scholion:excerpt");
        ctx.set("group", n.objectNode().put("@id", "scholion:group"));
        ctx.set("visibility", n.objectNode().put("@id", "scholion:visibility"));
        ctx.set("deleted", n.objectNode().put("@id", "scholion:deleted").put("@type", "xsd:dateTime"));
        ObjectNode doc = n.objectNode();
        doc.set("@context", ctx);
        var graph = doc.putArray("@graph");
        graph.addObject().put("@id", "scholion:Citation").put("@type", "rdfs:Class")
                .put("rdfs:comment", "A source backing an annotation: a url (http/https; DOIs as https://doi.org/…) or a title,"
                        + " with author, published, locator (page, section) and excerpt.");
        ObjectNode citing = graph.addObject().put("@id", "scholion:citing").put("@type", "oa:Motivation")
                .put("rdfs:comment", "The body cites a source for the target's claim: a narrower kind of oa:linking.");
        citing.set("skos:broader", n.objectNode().put("@id", "oa:linking"));
        graph.addObject().put("@id", "scholion:group").put("@type", "rdf:Property")
                .put("rdfs:comment", "The UUID of the classroom group whose members see the annotation.");
        graph.addObject().put("@id", "scholion:visibility").put("@type", "rdf:Property")
                .put("rdfs:comment", "'group' (members of the group) or 'private' (the author alone).");
        ctx.put("rdf", "http://www.w3.org/1999/02/22-rdf-syntax-ns#");
        this.body = AnnotationJsonLd.write(doc).getBytes(StandardCharsets.UTF_8);
        this.etag = Integer.toHexString(java.util.Arrays.hashCode(body));
    }

    @GET
    @Path("/scholion.jsonld")
    @Operation(summary = "The JSON-LD context of Scholion's terms (Citation, citing, group, visibility …)")
    public Response context() {
        return Response.ok(body, "application/ld+json").tag(etag).header("Cache-Control", "public, max-age=86400").build();
    }
}
