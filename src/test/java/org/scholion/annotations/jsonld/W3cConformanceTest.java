package org.scholion.annotations.jsonld;

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

    /**
     * The shapes moderation adds (issue 10): upvotes, an endorsement, reviewed sources, the reader's
     * own flag, a locked thread; a hidden annotation as its moderator sees it (with the flag count)
     * and as its author sees it (with the reason); a pending one; the container sorted by upvotes and
     * filtered by moderation state; the annotation inside a queue item.
     */
    @Test
    void moderatedShapesConform() throws Exception {
        UUID g = GroupFixtures.group("ines", "alice", "bob");
        ObjectNode comment = annotation("commenting", g, "Vladimir Lenin");
        bodies(comment).addObject().put("type", "TextualBody").put("purpose", "commenting").put("value", "Lenin's, not Stalin's.");
        bodies(comment).addObject().put("type", "SpecificResource").put("purpose", "linking")
                .put("source", "https://doi.org/10.2307/2497452").put("title", "The Red Terror");
        String iri = conforming(201, post("alice", comment));
        String path = PATH + id(iri);
        String source = Tokens.as("alice").get(path).then().extract().<String>path("body[1].id").substring("urn:uuid:".length());
        ObjectNode reply = base("replying");
        reply.put("target", iri);
        bodies(reply).addObject().put("type", "TextualBody").put("value", "Agreed.");
        conforming(201, post("bob", reply));
        Tokens.as("bob").put(path + "/upvote").then().statusCode(200);
        Tokens.as("bob").contentType("application/json").body(java.util.Map.of("reason", "other", "note", "test flag"))
                .post(path + "/flags").then().statusCode(201);
        // a moderator's actions name the version they act on (If-Match, required)
        Tokens.as("ines").header("If-Match", etag("ines", path)).put(path + "/endorsement").then().statusCode(200);
        Tokens.as("ines").header("If-Match", etag("ines", path)).put(path + "/lock").then().statusCode(200);
        Tokens.as("ines").header("If-Match", etag("ines", path)).contentType("application/json")
                .body(java.util.Map.of("verdict", "verified", "note", "p. 12"))
                .put(path + "/sources/" + source + "/review").then().statusCode(200);
        for (String reader : List.of("alice", "bob", "ines")) {
            Response r = Tokens.as(reader).get(path);
            conforming(200, r);
            r.then().body("upvotes", equalTo(1)).body("endorsed", org.hamcrest.Matchers.notNullValue())
                    .body("body[1].review.verdict", equalTo("verified"));
        }
        for (String q : List.of("", "&page=0", "&sort=upvotes", "&moderation=visible&page=0", "&sort=upvotes&page=0&pageSize=1")) {
            Response r = Tokens.as("ines").get(PATH + "?group=" + g + q);
            r.then().statusCode(200);
            W3cModel.assertConformsWithEmbedded(r.asString(), q.contains("page=") ? Kind.PAGE : Kind.COLLECTION);
        }

        // hidden: as the moderator sees it, and as its author does
        Tokens.as("ines").contentType("application/json").header("If-Match", etag("ines", path))
                .body(java.util.Map.of("state", "hidden", "reason", "for the test")).put(path + "/moderation").then().statusCode(200);
        conforming(200, Tokens.as("ines").get(path));
        Tokens.as("ines").get(path).then().body("moderationState", equalTo("hidden")).body("flagCount", equalTo(0));
        conforming(200, Tokens.as("alice").get(path));
        Tokens.as("alice").get(path).then().body("moderationReason", equalTo("for the test"));
        Response hiddenOnly = Tokens.as("ines").get(PATH + "?group=" + g + "&moderation=hidden&page=0");
        W3cModel.assertConformsWithEmbedded(hiddenOnly.asString(), Kind.PAGE);

        // pending, and the annotation in the moderators' queue
        UUID premoderated = GroupFixtures.group("ines", "alice");
        Tokens.as("ines").contentType("application/json").body(java.util.Map.of("settings", java.util.Map.of("preModeration", true)))
                .patch("/api/groups/" + premoderated).then().statusCode(200);
        ObjectNode pending = annotation("questioning", premoderated, "campaign of violence");
        bodies(pending).addObject().put("type", "TextualBody").put("value", "Waiting?");
        String pendingIri = conforming(201, post("alice", pending));
        conforming(200, Tokens.as("ines").get(PATH + id(pendingIri)));
        JsonNode queue = JSON.readTree(Tokens.as("ines").get("/api/groups/" + premoderated + "/moderation/queue").asString());
        W3cModel.assertConforms(queue.get("items").get(0).get("annotation").toString(), Kind.ANNOTATION);
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

    private static String etag(String user, String path) {
        return Tokens.as(user).get(path).then().statusCode(200).extract().header("ETag");
    }
}
