package org.scholion.moderation;

import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.scholion.testing.Tokens;

/**
 * A moderator reviews each source of an annotation; the author and the group see the verdict on
 * the source, and the review stays with the source (its stable id) across the author's edits.
 */
@QuarkusTest
class SourceReviewTest {

    @Test
    void theVerdictOnASourceIsSeenByItsAuthorAndTheGroupAndSurvivesEdits() throws Exception {
        UUID g = Mod.group("ines", "alice", "bob");
        ObjectNode a = Mod.withSource(Mod.withSource(Mod.comment(g, "Vladimir Lenin", "two sources"),
                "https://example.org/leggett", "The Cheka"), "https://example.org/blog", "Someone's blog");
        String iri = Mod.create("alice", a);
        List<String> sources = Mod.get("alice", iri).then().extract().path("body.findAll { it.type == 'SpecificResource' }.id");
        String leggett = sources.get(0).substring("urn:uuid:".length());
        String blog = sources.get(1).substring("urn:uuid:".length());

        review("ines", iri, leggett, "verified", "Checked p. 12.").then().statusCode(200)
                .body("source", equalTo("urn:uuid:" + leggett)).body("verdict", equalTo("verified"))
                .body("reviewer.username", equalTo("ines"));
        // a source is named by its UUID or by its urn:uuid: id
        review("ines", iri, "urn:uuid:" + blog, "unreliable", "A blog is not a source for this.").then().statusCode(200);

        for (String reader : List.of("alice", "bob")) {
            Mod.get(reader, iri).then().statusCode(200)
                    .body("body.find { it.title == 'The Cheka' }.review.verdict", equalTo("verified"))
                    .body("body.find { it.title == 'The Cheka' }.review.note", equalTo("Checked p. 12."))
                    .body("body.find { it.title == 'The Cheka' }.review.reviewer.nickname", equalTo("ines"))
                    .body("body.find { it.title == \"Someone's blog\" }.review.verdict", equalTo("unreliable"));
            Tokens.as(reader).accept(Mod.MEDIA).get(Mod.container() + "?group=" + g).then()
                    .body("first.items[0].body.find { it.title == 'The Cheka' }.review.verdict", equalTo("verified"));
        }

        // alice edits: she keeps her claim, sends the Cheka source back with its id and drops the blog; the review stays
        // with the Cheka (a changed claim would outdate it: VerdictsFollowTheClaimTest)
        JsonNode current = Mod.JSON.readTree(Mod.get("alice", iri).asString());
        ObjectNode edited = Mod.comment(g, "Vladimir Lenin", "two sources");
        ObjectNode keep = ((ArrayNode) edited.get("body")).addObject();
        keep.setAll((ObjectNode) current.get("body").get(1));
        keep.remove("review");
        Tokens.as("alice").contentType(Mod.MEDIA).header("If-Match", Mod.etag("alice", iri))
                .body(edited.toString().getBytes(StandardCharsets.UTF_8)).put(Mod.path(iri)).then().statusCode(200)
                .body("body.find { it.title == 'The Cheka' }.review.verdict", equalTo("verified"))
                .body("body.findAll { it.type == 'SpecificResource' }.size()", equalTo(1));
        // the dropped source is no longer there to review
        review("ines", iri, blog, "verified", null).then().statusCode(404).contentType("application/problem+json")
                .body("errors[0].field", equalTo("source"));

        // a new verdict replaces the old; withdrawing leaves none; the log keeps them all
        review("ines", iri, leggett, "does-not-support", "p. 12 says 1918, not 1920.").then().statusCode(200);
        Mod.get("bob", iri).then().body("body.find { it.title == 'The Cheka' }.review.verdict", equalTo("does-not-support"));
        Mod.deciding("ines", iri).delete(Mod.path(iri) + "/sources/" + leggett + "/review").then().statusCode(204);
        Mod.get("bob", iri).then().body("body.find { it.title == 'The Cheka' }.review", nullValue());
        List<Map<String, String>> history = Tokens.as("ines").get(Mod.path(iri) + "/moderation").then().extract().path("history");
        // dropping the blog outdated its review (kept in the log, with the source it was about)
        assertEquals(List.of("review", "review", "review-outdated", "review", "withdraw-review"),
                history.stream().map(h -> h.get("action")).toList());
        assertEquals("urn:uuid:" + blog, history.get(2).get("source"));
        assertEquals("unreliable", history.get(2).get("before"));
        assertEquals("verified", history.get(3).get("before"));
        assertEquals("does-not-support", history.get(3).get("after"));
        assertEquals("urn:uuid:" + leggett, history.get(3).get("source"));
    }

    @Test
    void reviewingASourceThatIsNotThereIsNotFound() {
        UUID g = Mod.group("ines", "alice");
        String iri = Mod.create("alice", Mod.withSource(Mod.comment(g, "Vladimir Lenin", "one source"), "https://example.org/x", "X"));
        review("ines", iri, UUID.randomUUID().toString(), "verified", null).then().statusCode(404)
                .contentType("application/problem+json").body("errors[0].field", equalTo("source"));
        review("ines", iri, "not-a-uuid", "verified", null).then().statusCode(404).contentType("application/problem+json");
        review("alice", iri, UUID.randomUUID().toString(), "verified", null).then().statusCode(403);
    }

    /** PUT a review, naming the version of the annotation the caller reads now (If-Match). */
    static io.restassured.response.Response review(String user, String iri, String source, String verdict, String note) {
        Map<String, Object> body = note == null ? Map.of("verdict", verdict) : Map.of("verdict", verdict, "note", note);
        return Tokens.as(user).header("If-Match", Mod.etag(user, iri)).contentType(ContentType.JSON).body(body)
                .put(Mod.path(iri) + "/sources/" + source + "/review");
    }
}
