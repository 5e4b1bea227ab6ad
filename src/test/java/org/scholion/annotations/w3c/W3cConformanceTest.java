package org.scholion.annotations.w3c;

import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.scholion.testing.GroupFixtures;
import org.scholion.testing.TestStack;
import org.scholion.testing.Tokens;
import org.scholion.testing.W3cModel;
import org.scholion.testing.W3cModel.Kind;

/**
 * Every document shape the API emits satisfies the W3C Web Annotation Data Model's MUST
 * assertions as the W3C test suite writes them (web-platform-tests annotation-model, in
 * src/test/resources/w3c): each motivation, replies, sources with and without a URL, tombstones,
 * and the container as a collection and as pages in every Prefer form. Collections and pages are
 * also checked with what they embed (their first page, the annotations in items).
 *
 * <p>The bug this guards against: our source bodies were {@code {"type": "Citation", "url": …}},
 * which fails 3.2-bodyObjectsRecognized ("each body is one of a string of format uri, an External
 * Web Resource, an Embedded Textual Body, a Choice or Set, or a Specific Resource").
 */
@QuarkusTest
class W3cConformanceTest {
    private static final String SLUG = "red-terror-essay";
    private static final String MEDIA = "application/ld+json; profile=\"http://www.w3.org/ns/anno.jsonld\"";
    private static final String PATH = "/api/documents/" + SLUG + "/annotations/";
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void everyMotivationWithSourcesAndRepliesConforms() throws Exception {
        UUID g = GroupFixtures.group("ines", "alice", "bob");
        String highlight = conforming(201, post("alice", annotation("highlighting", g, "Vladimir Lenin")));
        ObjectNode comment = annotation("commenting", g, "the death of Vladimir Lenin");
        bodies(comment).addObject().put("type", "TextualBody").put("purpose", "commenting").put("value", "Lenin died in **1924**.")
                .put("format", "text/markdown").put("language", "en");
        bodies(comment).addObject().put("type", "SpecificResource").put("purpose", "linking")
                .put("source", "https://en.wikipedia.org/wiki/Vladimir_Lenin").put("title", "Vladimir Lenin");
        String commentIri = conforming(201, post("alice", comment));
        ObjectNode question = annotation("questioning", g, "campaign of violence");
        bodies(question).addObject().put("type", "TextualBody").put("value", "When did it end?");
        conforming(201, post("bob", question));
        ObjectNode assessment = annotation("assessing", g, "Stalin was personally involved in the Red Terror.");
        bodies(assessment).addObject().put("type", "TextualBody").put("purpose", "commenting").put("value", "It was Lenin's.");
        bodies(assessment).addObject().put("type", "TextualBody").put("purpose", "assessing").put("value", "inaccurate");
        ObjectNode doi = bodies(assessment).addObject().put("type", "SpecificResource").put("source", "doi:10.2307/2497452")
                .put("title", "The Red Terror").put("published", "1981").put("container", "Soviet Studies").put("locator", "p. 12")
                .put("excerpt", "The Cheka …");
        doi.putArray("authors").add("George Leggett");
        // a book without a URL: the server names it with a urn:uuid
        bodies(assessment).addObject().put("type", "SpecificResource").put("title", "The Cheka: Lenin's Political Police")
                .put("published", "1981").putArray("authors").add("George Leggett");
        // the earlier input shape, converted
        bodies(assessment).addObject().put("type", "Citation").put("url", "https://example.org/old-shape").put("author", "A. N. Other");
        bodies(assessment).addObject().put("type", "TextualBody").put("purpose", "tagging").put("value", "Chronology");
        Response created = post("alice", assessment);
        String assessmentIri = conforming(201, created);
        created.then().body("body.findAll { it.type == 'SpecificResource' }.size()", equalTo(3))
                .body("body.find { it.title == 'The Cheka: Lenin\\'s Political Police' }.source", startsWith("urn:uuid:"))
                .body("body.find { it.title == 'The Red Terror' }.doi", equalTo("10.2307/2497452"));
        ObjectNode tagging = annotation("tagging", g, "perceived enemies");
        bodies(tagging).addObject().put("type", "TextualBody").put("purpose", "tagging").put("value", "cheka");
        conforming(201, post("bob", tagging));
        ObjectNode reply = base("replying");
        reply.put("target", TestStack.appUrl() + PATH + id(commentIri));
        bodies(reply).addObject().put("type", "TextualBody").put("value", "Yes, in January 1924.");
        conforming(201, post("bob", reply));
        ObjectNode note = annotation("commenting", null, "eliminate his political rivals");
        bodies(note).addObject().put("type", "TextualBody").put("value", "private thought");
        conforming(201, post("alice", note));

        // what GET and PUT answer
        for (String iri : List.of(highlight, commentIri, assessmentIri)) {
            conforming(200, Tokens.as("alice").get(PATH + id(iri)));
        }
        Response current = Tokens.as("alice").get(PATH + id(assessmentIri));
        ObjectNode edited = (ObjectNode) JSON.readTree(current.asString());
        ((ObjectNode) edited.get("body").get(0)).put("value", "It was Lenin's and the Cheka's.");
        conforming(200, Tokens.as("alice").contentType(MEDIA).header("If-Match", current.header("ETag"))
                .body(edited.toString().getBytes(StandardCharsets.UTF_8)).put(PATH + id(assessmentIri)));

        // a tombstone
        Tokens.as("alice").delete(PATH + id(highlight)).then().statusCode(204);
        Response tombstone = Tokens.as("alice").get(PATH + id(highlight));
        assertEquals(410, tombstone.statusCode());
        W3cModel.assertConforms(tombstone.asString(), Kind.ANNOTATION);

        containerConforms("alice", g);
    }

    @Test
    void anEmptyContainerConformsToo() {
        UUID g = GroupFixtures.group("ines", "carol");
        Response r = Tokens.as("carol").get(PATH + "?group=" + g);
        r.then().statusCode(200).body("total", equalTo(0));
        W3cModel.assertConformsWithEmbedded(r.asString(), Kind.COLLECTION);
        W3cModel.assertConformsWithEmbedded(Tokens.as("carol").get(PATH + "?group=" + g + "&page=0").asString(), Kind.PAGE);
    }

    /** The container in each Prefer form and its pages, with pages small enough to have prev and next. */
    private static void containerConforms(String user, UUID g) {
        String q = "?group=" + g;
        String[] prefers = {
            null,
            "return=representation;include=\"http://www.w3.org/ns/oa#PreferContainedDescriptions\"",
            "return=representation;include=\"http://www.w3.org/ns/oa#PreferContainedIRIs\"",
            "return=representation;include=\"http://www.w3.org/ns/ldp#PreferMinimalContainer\"",
            "return=representation;include=\"http://www.w3.org/ns/ldp#PreferMinimalContainer http://www.w3.org/ns/oa#PreferContainedIRIs\"",
        };
        for (String prefer : prefers) {
            var request = Tokens.as(user);
            if (prefer != null) {
                request = request.header("Prefer", prefer);
            }
            Response r = request.get(PATH + q);
            r.then().statusCode(200);
            String body = r.asString();
            if (body.contains("\"first\":{")) {
                W3cModel.assertConformsWithEmbedded(body, Kind.COLLECTION);
            } else {
                W3cModel.assertConforms(body, Kind.COLLECTION);
            }
        }
        for (String page : List.of("&page=0", "&page=1&pageSize=2", "&iris=1&page=0", "&iris=1&page=2&pageSize=2",
                "&motivation=assessing&page=0", "&tag=chronology&page=0")) {
            Response r = Tokens.as(user).get(PATH + q + page);
            r.then().statusCode(200);
            W3cModel.assertConformsWithEmbedded(r.asString(), Kind.PAGE);
        }
        Response twoPages = Tokens.as(user).get(PATH + q + "&page=1&pageSize=2");
        assertTrue(twoPages.asString().contains("\"prev\"") && twoPages.asString().contains("\"next\""), "a middle page was checked");
    }

    private static String conforming(int status, Response r) {
        r.then().statusCode(status);
        W3cModel.assertConforms(r.asString(), Kind.ANNOTATION);
        JsonNode doc = r.as(JsonNode.class);
        return doc.get("id").asText();
    }

    private static Response post(String user, ObjectNode a) {
        return Tokens.as(user).contentType(MEDIA).body(a.toString().getBytes(StandardCharsets.UTF_8)).post(PATH);
    }

    private static ObjectNode base(String motivation) {
        ObjectNode a = JSON.createObjectNode().put("@context", "http://www.w3.org/ns/anno.jsonld").put("type", "Annotation")
                .put("motivation", motivation);
        a.putArray("body");
        return a;
    }

    private static ObjectNode annotation(String motivation, UUID group, String quote) {
        ObjectNode a = base(motivation);
        if (group != null) {
            a.put("group", group.toString());
        }
        a.putObject("target").put("source", TestStack.appUrl() + "/api/documents/" + SLUG)
                .putObject("selector").put("type", "TextQuoteSelector").put("exact", quote);
        return a;
    }

    private static ArrayNode bodies(ObjectNode a) {
        return (ArrayNode) a.get("body");
    }

    private static String id(String iri) {
        return iri.substring(iri.lastIndexOf('/') + 1);
    }
}
