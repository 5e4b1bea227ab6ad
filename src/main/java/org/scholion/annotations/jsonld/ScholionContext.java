package org.scholion.annotations.jsonld;

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
        // moderation (issue 10): the annotation's state and what moderators and readers said of it
        ctx.put("moderationState", "scholion:moderationState").put("moderationReason", "scholion:moderationReason");
        ctx.set("moderated", n.objectNode().put("@id", "scholion:moderated").put("@type", "xsd:dateTime"));
        ctx.set("upvotes", n.objectNode().put("@id", "scholion:upvotes").put("@type", "xsd:nonNegativeInteger"));
        ctx.set("upvotedByMe", n.objectNode().put("@id", "scholion:upvotedByMe").put("@type", "xsd:boolean"));
        ctx.set("flaggedByMe", n.objectNode().put("@id", "scholion:flaggedByMe").put("@type", "xsd:boolean"));
        ctx.set("flagCount", n.objectNode().put("@id", "scholion:flagCount").put("@type", "xsd:nonNegativeInteger"));
        ctx.set("endorsed", n.objectNode().put("@id", "scholion:endorsed").put("@type", "xsd:dateTime"));
        ctx.set("endorsedBy", n.objectNode().put("@id", "scholion:endorsedBy"));
        ctx.set("locked", n.objectNode().put("@id", "scholion:locked").put("@type", "xsd:dateTime"));
        // issue 17: the version the viewer was shown, which a moderator's action names in If-Match
        ctx.put("etag", "scholion:etag");
        ctx.put("anchoring", "scholion:anchoring").put("originalQuote", "scholion:originalQuote");
        // issue 19: a client's DOM selectors, kept, once the annotation moved to a revision they were not made on
        ctx.set("formerTarget", n.objectNode().put("@id", "scholion:formerTarget").put("@type", "@id"));
        ctx.set("review", n.objectNode().put("@id", "scholion:review"));
        ctx.put("verdict", "scholion:verdict").put("note", "scholion:note");
        ctx.set("reviewed", n.objectNode().put("@id", "scholion:reviewed").put("@type", "xsd:dateTime"));
        ctx.set("reviewer", n.objectNode().put("@id", "scholion:reviewer"));
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
        term(graph, "moderationState", "'visible', 'pending' (waits for a moderator's approval) or 'hidden' (by a moderator);"
                + " only its author and the group's moderators see a pending or hidden annotation.");
        term(graph, "moderationReason", "Why a moderator hid the annotation, as its author is told.");
        term(graph, "moderated", "When the annotation was last held back (sent to pending, or hidden).");
        term(graph, "upvotes", "How many readers found the annotation helpful.");
        term(graph, "upvotedByMe", "Whether the user reading it upvoted it.");
        term(graph, "flaggedByMe", "Whether the user reading it has an open flag on it.");
        term(graph, "flagCount", "The open flags on the annotation; shown to the group's moderators only.");
        term(graph, "endorsed", "When a moderator endorsed the annotation (a badge of a good contribution).");
        term(graph, "endorsedBy", "The moderator who endorsed the annotation.");
        term(graph, "locked", "When a moderator locked the thread this annotation starts: members may not reply.");
        term(graph, "etag", "The HTTP entity tag of the annotation as the user reading it was shown it (the ETag header's"
                + " value): send it as If-Match to change the version one saw.");
        term(graph, "review", "A moderator's review of a source: its verdict, note, time and reviewer.");
        term(graph, "verdict", "A source review's verdict: 'verified', 'does-not-support' (the claim) or 'unreliable' (source).");
        term(graph, "note", "A moderator's note on a source review.");
        term(graph, "reviewed", "When the source was reviewed.");
        term(graph, "reviewer", "The moderator who reviewed the source.");
        this.document = doc;
    }

    private static void term(com.fasterxml.jackson.databind.node.ArrayNode graph, String name, String comment) {
        graph.addObject().put("@id", "scholion:" + name).put("@type", "rdf:Property").put("rdfs:comment", comment);
    }

    public ObjectNode document() {
        return document.deepCopy();
    }
}
