package org.scholion.courses;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.scholion.testing.AuthorizationMatrix;
import org.scholion.testing.GroupFixtures;
import org.scholion.testing.Notes;
import org.scholion.testing.TestStack;
import org.scholion.testing.Tokens;

/** POST /api/groups/{id}/copy: next term's group gets the reading list and the instructor's prompts, re-anchored. */
@QuarkusTest
class CourseCopyTest {
    private static String local(String iri) {
        return iri.substring(TestStack.appUrl().length());
    }

    private static void assign(UUID g, String slug, String body) {
        Tokens.as("ines").contentType(ContentType.JSON).body(body).put("/api/groups/" + g + "/readings/" + slug).then()
                .statusCode(org.hamcrest.Matchers.anyOf(org.hamcrest.Matchers.is(200), org.hamcrest.Matchers.is(201)));
    }

    private static io.restassured.response.Response copy(String user, UUID from, Object body) {
        return Tokens.as(user).contentType(ContentType.JSON).body(body).post("/api/groups/" + from + "/copy");
    }

    private static long count(String where) {
        return GroupFixtures.count("SELECT count(*) FROM annotation WHERE " + where);
    }

    @Test
    void theReadingListAndTheInstructorsPromptsGoToNextTermWithProvenance() {
        UUID from = GroupFixtures.group("ines", "alice");
        UUID to = GroupFixtures.group("ines", "bob");
        assign(from, Notes.SLUG, "{\"due\": \"2026-01-10T09:00:00Z\", \"instructions\": \"Check every date\", \"revealAfter\": 2}");
        Tokens.as("ines").contentType(ContentType.JSON).body("{\"perAnnotation\": 2, \"perReply\": 1, \"perVerifiedSource\": 3,"
                + " \"beforeDueOnly\": true}").put("/api/groups/" + from + "/readings/" + Notes.SLUG + "/rubric").then().statusCode(200);
        String prompt1 = Notes.create("ines", Notes.comment(from, "Joseph Stalin", "Was it Stalin's terror?"));
        String prompt2 = Notes.create("ines", Notes.comment(from, "Cheka", "Who founded the Cheka?"));
        String student = Notes.create("alice", Notes.comment(from, "Lenin", "a student's note"));
        String reply = Notes.create("alice", Notes.reply(prompt1, "Lenin's, 1918"));
        long before = count("group_id = '" + from + "'");

        JsonPath done = copy("ines", from, Map.of("to", to.toString(), "readings", List.of(Notes.SLUG), "annotations", "moderators"))
                .then().log().ifValidationFails().statusCode(201).extract().jsonPath();
        assertEquals(1, done.getInt("readings"));
        assertEquals(2, done.getInt("annotations"));
        assertEquals(2, done.getInt("exact"));
        assertEquals(List.of(prompt1, prompt2), done.getList("items.from"));
        String copy1 = done.getString("items[0].to");
        JsonPath c = Tokens.as("bob").get(local(copy1)).then().statusCode(200).extract().jsonPath();
        assertEquals(prompt1, c.getString("via"));
        assertEquals("ines", c.getString("creator.nickname"));
        assertEquals(to.toString(), c.getString("group"));
        assertEquals("Was it Stalin's terror?", c.getString("body.find { it.purpose == 'commenting' }.value"));
        // the reading: instructions and reveal rule, no due date; the rubric
        JsonPath list = Tokens.as("bob").get("/api/groups/" + to + "/readings").then().statusCode(200).extract().jsonPath();
        assertEquals("Check every date", list.getString("[0].instructions"));
        assertEquals(2, list.getInt("[0].revealAfter"));
        assertNull(list.get("[0].due"));
        assertEquals(2.0f, Tokens.as("bob").get("/api/groups/" + to + "/readings/" + Notes.SLUG + "/rubric").then().statusCode(200)
                .extract().jsonPath().getFloat("perAnnotation"));
        // the students' work stays where it was, and nothing of the source changed
        assertEquals(0, count("group_id = '" + to + "' AND via IN ('" + student + "', '" + reply + "')"));
        assertEquals(before, count("group_id = '" + from + "'"));
        assertEquals("2026-01-10T09:00:00Z", Tokens.as("ines").get("/api/groups/" + from + "/readings").then().extract().jsonPath()
                .getString("[0].due"));
        JsonPath log = Tokens.as("ines").get("/api/groups/" + to + "/moderation/log").then().statusCode(200).extract().jsonPath();
        assertTrue(log.getList("items.action").contains("copy"));
    }

    @Test
    void onlyAModeratorOfBothGroupsCopiesAndARefusalWritesNothing() {
        UUID from = GroupFixtures.group("ines", "alice");
        UUID to = GroupFixtures.group("ines", "alice");
        UUID ivans = GroupFixtures.group("ivan", "ines");
        assign(from, Notes.SLUG, "{}");
        Map<String, Object> body = Map.of("to", to.toString(), "readings", List.of(Notes.SLUG));
        AuthorizationMatrix.assertRow("POST copy", Arrays.asList(null, "dave", "alice", "ivan", "ines", "admin"),
                List.of(401, 404, 403, 404, 201, 201), r -> r.contentType(ContentType.JSON).body(body).post("/api/groups/" + from + "/copy"));
        // a moderator of the source who is only a member of the target
        copy("ines", from, Map.of("to", ivans.toString(), "readings", List.of(Notes.SLUG))).then().statusCode(403);

        String prompt = Notes.create("ines", Notes.comment(from, "Cheka", "prompt"));
        String reply = Notes.create("alice", Notes.reply(prompt, "answer"));
        long rows = count("TRUE");
        JsonPath refused = copy("ines", from, Map.of("to", to.toString(), "readings", List.of(Notes.SLUG, "no-such-reading"),
                "annotations", "ids", "ids", List.of(reply, TestStack.appUrl() + "/api/documents/x/annotations/" + UUID.randomUUID())))
                .then().statusCode(422).contentType("application/problem+json").extract().jsonPath();
        assertEquals(List.of("readings[1]", "ids[1]", "ids"), refused.getList("errors.field"));
        assertEquals(rows, count("TRUE"), "nothing written");
        JsonPath thread = copy("ines", from, Map.of("to", to.toString(), "readings", List.of(Notes.SLUG), "annotations", "ids",
                "ids", List.of(reply, prompt))).then().statusCode(201).extract().jsonPath();
        assertEquals(2, thread.getInt("annotations"));
        String replyCopy = thread.getString("items[1].to");
        assertEquals(thread.getString("items[0].to"), Tokens.as("ines").get(local(replyCopy)).then().extract().path("target"),
                "the reply's copy answers the prompt's copy");
        assertEquals("alice", Tokens.as("ines").get(local(replyCopy)).then().extract().path("creator.nickname"));
    }

    @Test
    void copiesAreReanchoredOnTheReadingsCurrentRevision() throws Exception {
        String v1 = "Alpha beta gamma. The Cheka was founded by Lenin in 1917. Delta epsilon zeta.";
        String v2 = "Alpha beta gamma. The Cheka was founded by Lenin in December 1917, in Petrograd.";
        String slug = Tokens.as("ines").multiPart("file", "c.txt", v1.getBytes(StandardCharsets.UTF_8), "text/plain")
                .multiPart("title", "Copy " + UUID.randomUUID()).post("/api/documents").then().statusCode(201).extract().path("slug");
        UUID from = GroupFixtures.group("ines", "alice");
        UUID to = GroupFixtures.group("ines");
        assign(from, slug, "{}");
        for (String[] p : new String[][] { { "The Cheka was founded", "kept" }, { "Delta epsilon zeta", "cut" } }) {
            ObjectNode a = Notes.JSON.createObjectNode().put("@context", "http://www.w3.org/ns/anno.jsonld").put("type", "Annotation")
                    .put("motivation", "commenting").put("group", from.toString()).put("bodyValue", p[1]);
            a.putObject("target").put("source", TestStack.appUrl() + "/api/documents/" + slug).putObject("selector")
                    .put("type", "TextQuoteSelector").put("exact", p[0]);
            Tokens.as("ines").contentType(Notes.MEDIA).body(a.toString().getBytes(StandardCharsets.UTF_8))
                    .post("/api/documents/" + slug + "/annotations/").then().statusCode(201);
        }
        Tokens.as("ines").multiPart("file", "c.txt", v2.getBytes(StandardCharsets.UTF_8), "text/plain").header("If-Match", "\"1\"")
                .put("/api/documents/" + slug).then().statusCode(202);
        Instant until = Instant.now().plusSeconds(60);
        while (!"done".equals(Tokens.as("ines").get("/api/documents/" + slug + "/revisions/2/reanchoring").jsonPath().getString("state"))
                && Instant.now().isBefore(until)) {
            Thread.sleep(100);
        }
        JsonPath done = copy("ines", from, Map.of("to", to.toString(), "readings", List.of(slug), "annotations", "moderators"))
                .then().statusCode(201).extract().jsonPath();
        assertEquals(List.of(1, 0, 1), List.of(done.getInt("exact"), done.getInt("fuzzy"), done.getInt("orphaned")));
        assertEquals(List.of("exact", "orphaned"), done.getList("items.anchoring"));
    }
}
