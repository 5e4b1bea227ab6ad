package org.scholion.annotations.w3c;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * The JSON-LD context of Scholion's own terms ({@code <base>/ns/scholion.jsonld}), so any JSON-LD
 * processor can expand our annotations. Its {@code @graph} describes the terms: {@code citing} is
 * a motivation narrower than {@code oa:linking} (the Data Model's way to extend motivations,
 * skos:broader); a source's details map to Dublin Core and BIBO where those have the term.
 */
@ApplicationScoped
public class ScholionContext {
    private final ObjectNode document;

    ScholionContext(Iris iris) {
        JsonNodeFactory n = JsonNodeFactory.instance;
        ObjectNode ctx = n.objectNode()
                .put("scholion", iris.namespace())
                .put("oa", "http://www.w3.org/ns/oa#")
                .put("rdf", "http://www.w3.org/1999/02/22-rdf-syntax-ns#")
                .put("rdfs", "http://www.w3.org/2000/01/rdf-schema#")
                .put("skos", "http://www.w3.org/2004/02/skos/core#")
                .put("dcterms", "http://purl.org/dc/terms/")
                .put("bibo", "http://purl.org/ontology/bibo/")
                .put("xsd", "http://www.w3.org/2001/XMLSchema#");
        // a source (a SpecificResource body): the cited work's details and the annotation's pinpoint
        ctx.put("title", "dcterms:title");
        ctx.set("authors", n.objectNode().put("@id", "dcterms:creator").put("@container", "@list"));
        ctx.put("published", "dcterms:issued");
        ctx.put("container", "dcterms:isPartOf");
        ctx.put("doi", "bibo:doi");
        ctx.put("locator", "scholion:locator").put("excerpt", "scholion:excerpt");
        // the earlier input shape of a source, still accepted
        ctx.put("Citation", "scholion:Citation").put("citing", "scholion:citing").put("author", "dcterms:creator");
        ctx.set("url", n.objectNode().put("@id", "scholion:url").put("@type", "@id"));
        ctx.set("group", n.objectNode().put("@id", "scholion:group"));
        ctx.set("visibility", n.objectNode().put("@id", "scholion:visibility"));
        ctx.set("deleted", n.objectNode().put("@id", "scholion:deleted").put("@type", "xsd:dateTime"));
        ObjectNode doc = n.objectNode();
        doc.set("@context", ctx);
        var graph = doc.putArray("@graph");
        ObjectNode citing = graph.addObject().put("@id", "scholion:citing").put("@type", "oa:Motivation")
                .put("rdfs:comment", "The body cites a source for the target's claim: a narrower kind of oa:linking."
                        + " Sources are written with purpose oa:linking so that every Web Annotation client reads them.");
        citing.set("skos:broader", n.objectNode().put("@id", "oa:linking"));
        graph.addObject().put("@id", "scholion:locator").put("@type", "rdf:Property")
                .put("rdfs:comment", "Where in the cited work the evidence is: page, section, timestamp.");
        graph.addObject().put("@id", "scholion:excerpt").put("@type", "rdf:Property")
                .put("rdfs:comment", "The passage of the cited work that the annotation relies on, quoted.");
        graph.addObject().put("@id", "scholion:Citation").put("@type", "rdfs:Class")
                .put("rdfs:comment", "The earlier shape of a source (url, title, author …), accepted on input and written"
                        + " as a SpecificResource.");
        graph.addObject().put("@id", "scholion:group").put("@type", "rdf:Property")
                .put("rdfs:comment", "The UUID of the classroom group whose members see the annotation.");
        graph.addObject().put("@id", "scholion:visibility").put("@type", "rdf:Property")
                .put("rdfs:comment", "'group' (members of the group) or 'private' (the author alone).");
        this.document = doc;
    }

    public ObjectNode document() {
        return document.deepCopy();
    }
}
