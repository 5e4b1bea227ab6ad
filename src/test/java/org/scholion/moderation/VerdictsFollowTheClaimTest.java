package org.scholion.moderation;

import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.scholion.testing.Tokens;

/**
 * A moderator's verdict belongs to what was judged (issue 17, finding 1). An instructor marks a
 * student's source verified and endorses the annotation; if the student then replaces the claim,
 * or sends a source under the same id pointing to another work, classmates must not see the new
 * claim "endorsed by" the instructor or the new source "verified".
 * <ul>
 * <li>An author's edit that changes the comment's text or any source clears the endorsement (a
 * tags-only edit keeps it); the clearing is a moderation-log entry with its reason, and the queue
 * shows the annotation again.</li>
 * <li>A source review stays current only while both the claim's text and that source (same work,
 * locator and excerpt) are unchanged; otherwise it is outdated: kept in the history, no longer the
 * source's verdict.</li>
 * <li>A client's source id is kept only when it names a current source of the annotation citing
 * the same work; otherwise the source is a new one, with no verdict.</li>
 * </ul>
 */
@QuarkusTest
class VerdictsFollowTheClaimTest {
    private static final String LEGGETT = "https://example.org/leggett-the-cheka";
    private static final String BLOG = "https://example.org/someones-blog";

    @Test
    void replacingTheClaimAndReusingASourceIdForAnotherWorkKeepsNoVerdict() throws Exception {
        UUID g = Mod.group("ines", "alice", "bob");
        String iri = Mod.create("alice", source(Mod.comment(g, "Vladimir Lenin", "Lenin founded the Cheka in 1917."), LEGGETT,
                "The Cheka", "p. 12", null));
        String leggett = sourceIds("alice", iri).get(0);
        review("ines", iri, leggett, "verified").then().statusCode(200);
        endorse("ines", iri).then().statusCode(200);
        Mod.get("bob", iri).then().body("endorsedBy.nickname", equalTo("ines"))
                .body("body.find { it.title == 'The Cheka' }.review.verdict", equalTo("verified"));

        // the attack: a new claim, and a source sent with the reviewed source's id but citing another work
        ObjectNode edited = Mod.comment(g, "Vladimir Lenin", "Stalin ran the Red Terror.");
        ((ArrayNode) edited.get("body")).addObject().put("type", "SpecificResource").put("purpose", "linking")
                .put("id", "urn:uuid:" + leggett).put("source", BLOG).put("title", "The Cheka");
        edit("alice", iri, edited).then().statusCode(200);

        JsonPath seen = Mod.get("bob", iri).then().statusCode(200).extract().jsonPath();
        assertEquals("Stalin ran the Red Terror.", seen.getString("body.find { it.purpose == 'commenting' }.value"));
        assertNull(seen.get("endorsed"), "the new claim is not endorsed");
        assertNull(seen.get("endorsedBy"));
        assertEquals(BLOG, seen.getString("body.find { it.type == 'SpecificResource' }.source"));
        assertNull(seen.get("body.find { it.type == 'SpecificResource' }.review"), "the new source has no verdict");
        String now = sourceIds("bob", iri).get(0);
        assertNotEquals(leggett, now, "a client's source id naming another work is not kept: the source is a new one");

        // the history keeps the verdicts and says why they no longer stand
        List<Map<String, Object>> history = Tokens.as("ines").get(Mod.path(iri) + "/moderation").then().statusCode(200)
                .extract().path("history");
        assertEquals(List.of("review", "endorse", "endorsement-cleared", "review-outdated"),
                history.stream().map(h -> h.get("action")).toList());
        Map<String, Object> cleared = history.get(2);
        assertEquals("alice", ((Map<?, ?>) cleared.get("actor")).get("username"), "the author's edit cleared it");
        assertEquals("endorsed", cleared.get("before"));
        assertEquals("not endorsed", cleared.get("after"));
        assertTrue(((String) cleared.get("reason")).contains("text"), (String) cleared.get("reason"));
        Map<String, Object> outdated = history.get(3);
        assertEquals("urn:uuid:" + leggett, outdated.get("source"));
        assertEquals("verified", outdated.get("before"));
        assertEquals("outdated", outdated.get("after"));
        // the review row is still there, as it was
        assertEquals(1, Mod.count("SELECT count(*) FROM source_review WHERE annotation_id = '" + Mod.id(iri) + "' AND source_id = '"
                + leggett + "' AND verdict = 'verified'"));

        // the instructor's queue shows it again, saying why; acting on it takes it off
        JsonPath queue = Tokens.as("ines").get("/api/groups/" + g + "/moderation/queue").then().statusCode(200).extract().jsonPath();
        assertEquals(List.of(iri), queue.getList("items.annotation.id"));
        assertNotNull(queue.get("items[0].recheck.since"));
        assertTrue(queue.getString("items[0].recheck.reason").contains("endorsement"), queue.getString("items[0].recheck.reason"));
        Tokens.as("ines").get("/api/groups/" + g + "/moderation/queue?filter=recheck").then().statusCode(200)
                .body("items.annotation.id", equalTo(List.of(iri)));
        review("ines", iri, now, "unreliable").then().statusCode(200);
        Tokens.as("ines").get("/api/groups/" + g + "/moderation/queue").then().statusCode(200).body("total", equalTo(0));
    }

    @Test
    void aTagsOnlyEditKeepsTheEndorsementAndTheReviews() {
        UUID g = Mod.group("ines", "alice", "bob");
        ObjectNode a = source(Mod.comment(g, "Vladimir Lenin", "Lenin founded the Cheka in 1917."), LEGGETT, "The Cheka", "p. 12",
                "the Cheka was founded");
        String iri = Mod.create("alice", a);
        String leggett = sourceIds("alice", iri).get(0);
        review("ines", iri, leggett, "verified").then().statusCode(200);
        endorse("ines", iri).then().statusCode(200);

        // the same comment and source, sent without the source's id, and a tag
        ((ArrayNode) a.get("body")).addObject().put("type", "TextualBody").put("purpose", "tagging").put("value", "chronology");
        edit("alice", iri, a).then().statusCode(200);

        Mod.get("bob", iri).then().body("endorsedBy.nickname", equalTo("ines"))
                .body("body.find { it.type == 'SpecificResource' }.id", equalTo("urn:uuid:" + leggett))
                .body("body.find { it.type == 'SpecificResource' }.review.verdict", equalTo("verified"))
                .body("body.find { it.purpose == 'tagging' }.value", equalTo("chronology"));
        Tokens.as("ines").get("/api/groups/" + g + "/moderation/queue").then().statusCode(200).body("total", equalTo(0));
    }

    @Test
    void aChangedExcerptOutdatesThatSourcesReviewAndClearsTheEndorsementButNotTheOtherReview() {
        UUID g = Mod.group("ines", "alice", "bob");
        String iri = Mod.create("alice", source(source(Mod.comment(g, "Vladimir Lenin", "Lenin founded the Cheka in 1917."), LEGGETT,
                "The Cheka", "p. 12", "founded in December 1917"), BLOG, "A blog", null, null));
        List<String> ids = sourceIds("alice", iri);
        review("ines", iri, ids.get(0), "verified").then().statusCode(200);
        review("ines", iri, ids.get(1), "unreliable").then().statusCode(200);
        endorse("ines", iri).then().statusCode(200);

        // same claim, same works, sent with their ids; the first source now quotes something else
        ObjectNode edited = Mod.comment(g, "Vladimir Lenin", "Lenin founded the Cheka in 1917.");
        ObjectNode first = source(edited, LEGGETT, "The Cheka", "p. 12", "founded in 1920");
        ((ObjectNode) first.get("body").get(1)).put("id", "urn:uuid:" + ids.get(0));
        ((ObjectNode) source(edited, BLOG, "A blog", null, null).get("body").get(2)).put("id", "urn:uuid:" + ids.get(1));
        edit("alice", iri, edited).then().statusCode(200);

        JsonPath seen = Mod.get("bob", iri).then().statusCode(200).extract().jsonPath();
        assertEquals(ids, sourceIds("bob", iri), "the same works keep their ids");
        assertNull(seen.get("body.find { it.title == 'The Cheka' }.review"), "its excerpt changed: the review is outdated");
        assertEquals("unreliable", seen.getString("body.find { it.title == 'A blog' }.review.verdict"), "an unchanged source keeps it");
        assertNull(seen.get("endorsed"), "a changed source clears the endorsement");
        List<Map<String, Object>> history = Tokens.as("ines").get(Mod.path(iri) + "/moderation").then().extract().path("history");
        assertEquals(List.of("review", "review", "endorse", "endorsement-cleared", "review-outdated"),
                history.stream().map(h -> h.get("action")).toList());
        assertTrue(((String) history.get(3).get("reason")).contains("source"), (String) history.get(3).get("reason"));
        assertTrue(((String) history.get(4).get("reason")).contains("excerpt"), (String) history.get(4).get("reason"));

        // a moderator's decision on it takes it off the queue; the verdict given again is current
        Tokens.as("ines").get("/api/groups/" + g + "/moderation/queue").then().body("total", equalTo(1));
        endorse("ines", iri).then().statusCode(200);
        Tokens.as("ines").get("/api/groups/" + g + "/moderation/queue").then().body("total", equalTo(0));
        Mod.get("bob", iri).then().body("endorsed", not(nullValue()));
    }

    @Test
    void anEditOfAnUnjudgedAnnotationWritesNoLogEntryAndStaysOffTheQueue() {
        UUID g = Mod.group("ines", "alice");
        String iri = Mod.create("alice", source(Mod.comment(g, "Vladimir Lenin", "first"), LEGGETT, "The Cheka", null, null));
        edit("alice", iri, source(Mod.comment(g, "Vladimir Lenin", "second"), BLOG, "A blog", null, null)).then().statusCode(200);
        List<?> history = Tokens.as("ines").get(Mod.path(iri) + "/moderation").then().extract().path("history");
        assertTrue(history.isEmpty(), history::toString);
        assertFalse(Tokens.as("ines").get("/api/groups/" + g + "/moderation/queue").then().extract().jsonPath()
                .getList("items.annotation.id").contains(iri));
    }

    // ---- helpers --------------------------------------------------------------------------------

    private static ObjectNode source(ObjectNode a, String url, String title, String locator, String excerpt) {
        ObjectNode s = ((ArrayNode) a.get("body")).addObject().put("type", "SpecificResource").put("purpose", "linking")
                .put("source", url).put("title", title);
        if (locator != null) {
            s.put("locator", locator);
        }
        if (excerpt != null) {
            s.put("excerpt", excerpt);
        }
        a.set("@context", Mod.JSON.createArrayNode().add("http://www.w3.org/ns/anno.jsonld")
                .add(org.scholion.testing.TestStack.appUrl() + "/ns/scholion.jsonld"));
        return a;
    }

    /** The UUIDs of the annotation's sources, in order. */
    private static List<String> sourceIds(String user, String iri) {
        List<String> ids = Mod.get(user, iri).then().statusCode(200).extract().path("body.findAll { it.type == 'SpecificResource' }.id");
        return ids.stream().map(s -> s.substring("urn:uuid:".length())).toList();
    }

    private static Response edit(String user, String iri, ObjectNode a) {
        return Tokens.as(user).contentType(Mod.MEDIA).header("If-Match", Mod.etag(user, iri))
                .body(a.toString().getBytes(StandardCharsets.UTF_8)).put(Mod.path(iri));
    }

    private static Response review(String moderator, String iri, String source, String verdict) {
        return Tokens.as(moderator).contentType(ContentType.JSON).header("If-Match", Mod.etag(moderator, iri))
                .body(Map.of("verdict", verdict)).put(Mod.path(iri) + "/sources/" + source + "/review");
    }

    private static Response endorse(String moderator, String iri) {
        return Tokens.as(moderator).header("If-Match", Mod.etag(moderator, iri)).put(Mod.path(iri) + "/endorsement");
    }
}
