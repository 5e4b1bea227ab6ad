package org.scholion.reports;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.quarkus.test.junit.QuarkusTest;
import java.nio.charset.StandardCharsets;
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

/** The participation report, the rubric and the overrides: figures, who sees what, every point explained. */
@QuarkusTest
class ParticipationReportTest {
    private static String local(String iri) {
        return iri.substring(TestStack.appUrl().length());
    }

    private static UUID classWithReading(String due) {
        UUID g = GroupFixtures.group("ines", "alice", "bob", "carol");
        Tokens.as("ines").contentType(ContentType.JSON).body(due == null ? "{}" : "{\"due\": \"" + due + "\"}")
                .put("/api/groups/" + g + "/readings/" + Notes.SLUG).then().statusCode(201);
        return g;
    }

    private static JsonPath report(String user, UUID g) {
        return Tokens.as(user).get("/api/groups/" + g + "/reports/participation?document=" + Notes.SLUG).then().statusCode(200)
                .extract().jsonPath();
    }

    private static Map<String, Object> row(JsonPath r, String nickname) {
        List<Map<String, Object>> rows = r.getList("students");
        return rows.stream().filter(x -> nickname.equals(((Map<?, ?>) x.get("user")).get("nickname"))).findFirst().orElseThrow();
    }

    private static String verify(String iri) {
        String source = Tokens.as("ines").get(local(iri)).then().extract().<String>path("body.find { it.purpose == 'linking' }.id")
                .substring("urn:uuid:".length());
        String etag = Tokens.as("ines").get(local(iri)).then().extract().header("ETag");
        Tokens.as("ines").header("If-Match", etag).contentType(ContentType.JSON).body(Map.of("verdict", "verified"))
                .put(local(iri) + "/sources/" + source + "/review").then().statusCode(200);
        return source;
    }

    @Test
    void everyMemberHasARowWithWhatTheClassCouldSeeOfTheirWork() {
        UUID g = classWithReading("2999-01-01T00:00:00Z");
        String a1 = Notes.create("alice", Notes.cite(Notes.comment(g, "Cheka", "The Cheka was Lenin's, founded 1917."),
                "https://example.org/figes", "A People's Tragedy"));
        verify(a1);
        Notes.create("alice", Notes.comment(g, "the Cheka", "Overlaps the first passage"));
        String b1 = Notes.create("bob", Notes.comment(g, "Joseph Stalin", "Stalin came later"));
        Notes.create("alice", Notes.reply(b1, "Agreed, much later"));
        Notes.create("alice", Notes.on(g, "Lenin", "highlighting"));
        String hidden = Notes.create("alice", Notes.comment(g, "Lenin", "hidden words"));
        Notes.sql("UPDATE annotation SET moderation = 'hidden', moderation_reason = 'x' WHERE id = ?1", Notes.id(hidden));
        Tokens.as("bob").put(local(a1) + "/upvote").then().statusCode(200);

        JsonPath r = report("ines", g);
        assertEquals(TestStack.appUrl() + "/api/documents/" + Notes.SLUG, r.getString("document"));
        assertEquals(4, r.getList("students").size(), "every member, an inactive one too");
        Map<String, Object> alice = row(r, "alice");
        assertEquals(2, alice.get("annotations"));
        assertEquals(1, alice.get("replies"));
        assertEquals(6 + 4 + 3, alice.get("words"));
        assertEquals(1, alice.get("sources"));
        assertEquals(1, alice.get("verifiedSources"));
        assertEquals(1, alice.get("passages"), "'Cheka' inside 'the Cheka' is one passage");
        assertEquals(1, alice.get("upvotes"));
        assertEquals(3, alice.get("beforeDue"));
        assertTrue(alice.get("first") != null && alice.get("last") != null);
        Map<String, Object> carol = row(r, "carol");
        assertEquals(List.of(0, 0, 0, 0), List.of(carol.get("annotations"), carol.get("replies"), carol.get("words"), carol.get("passages")));
        assertNull(carol.get("first"));
        assertNull(alice.get("score"), "no rubric, no score");

        JsonPath own = report("alice", g);
        assertEquals(1, own.getList("students").size());
        assertEquals("alice", own.getString("students[0].user.nickname"));
        Tokens.as("dave").get("/api/groups/" + g + "/reports/participation?document=" + Notes.SLUG).then().statusCode(404)
                .contentType("application/problem+json");
        Tokens.as("ines").get("/api/groups/" + g + "/reports/participation").then().statusCode(400);

        String csv = new String(Tokens.as("ines").accept("text/csv").get("/api/groups/" + g + "/reports/participation?document="
                + Notes.SLUG).then().statusCode(200).extract().asByteArray(), StandardCharsets.UTF_8);
        assertEquals(1 + 4, csv.strip().split("\r\n").length, csv);
        assertTrue(csv.contains("\"alice\",\"Alice"), csv);
    }

    @Test
    void aRubricScoresEveryPointWithItsReasonAndAnOverrideIsLoggedWithWhy() {
        UUID g = classWithReading(null);
        String body = "{\"perAnnotation\": 2, \"perReply\": 1, \"perVerifiedSource\": 3, \"cap\": 20, \"beforeDueOnly\": false}";
        AuthorizationMatrix.assertRow("PUT rubric", Arrays.asList(null, "dave", "alice", "ines"), List.of(401, 404, 403, 200),
                r -> r.contentType(ContentType.JSON).body(body).put("/api/groups/" + g + "/readings/" + Notes.SLUG + "/rubric"));
        AuthorizationMatrix.assertRow("GET rubric", Arrays.asList(null, "dave", "alice", "ines"), List.of(401, 404, 200, 200),
                r -> r.get("/api/groups/" + g + "/readings/" + Notes.SLUG + "/rubric"));
        String a1 = Notes.create("alice", Notes.cite(Notes.comment(g, "Cheka", "one"), "https://example.org/figes", "A People's Tragedy"));
        verify(a1);
        String b1 = Notes.create("bob", Notes.comment(g, "Joseph Stalin", "two"));
        String reply = Notes.create("alice", Notes.reply(b1, "three"));
        String unreliable = Notes.create("alice", Notes.cite(Notes.comment(g, "Lenin", "four"), "https://example.org/blog", "A blog"));
        String src = Tokens.as("ines").get(local(unreliable)).then().extract().<String>path("body.find { it.purpose == 'linking' }.id")
                .substring("urn:uuid:".length());
        Tokens.as("ines").header("If-Match", Tokens.as("ines").get(local(unreliable)).then().extract().header("ETag"))
                .contentType(ContentType.JSON).body(Map.of("verdict", "unreliable")).put(local(unreliable) + "/sources/" + src + "/review")
                .then().statusCode(200);

        JsonPath r = report("ines", g);
        Map<String, Object> alice = row(r, "alice");
        // 2 annotations × 2 + 1 reply × 1 + 1 verified source × 3; the unreliable one earns nothing
        assertEquals(8.0f, ((Number) alice.get("score")).floatValue());
        List<Map<String, Object>> items = r.getList("students.find { it.user.nickname == 'alice' }.items");
        assertEquals(List.of(a1, a1, reply, unreliable), items.stream().map(i -> i.get("annotation")).toList());
        assertEquals("a source the instructor verified: A People's Tragedy (Ines Alvarez)", items.get(1).get("why"));
        assertEquals(r.getList("students"), report("ines", g).getList("students"), "recomputing gives the same");
        assertEquals(2.0f, ((Number) row(r, "bob").get("score")).floatValue());

        String path = "/api/groups/" + g + "/readings/" + Notes.SLUG + "/scores/" + GroupFixtures.userId("alice");
        AuthorizationMatrix.assertRow("PUT score", Arrays.asList(null, "dave", "bob", "ines"), List.of(401, 404, 403, 204),
                r2 -> r2.contentType(ContentType.JSON).body(Map.of("score", 10, "reason", "Presented the sources in class"))
                        .put(path));
        Tokens.as("ines").contentType(ContentType.JSON).body(Map.of("score", 10)).put(path).then().statusCode(400);
        Tokens.as("ines").contentType(ContentType.JSON).body(Map.of("score", 1, "reason", "x"))
                .put("/api/groups/" + g + "/readings/" + Notes.SLUG + "/scores/" + GroupFixtures.userId("dave")).then().statusCode(404);
        JsonPath after = report("alice", g);
        assertEquals(8.0f, after.getFloat("students[0].score"), "the computed score stays beside the override");
        assertEquals(10.0f, after.getFloat("students[0].override.score"));
        assertEquals("Presented the sources in class", after.getString("students[0].override.reason"));
        assertEquals("ines", after.getString("students[0].override.by.nickname"));
        JsonPath log = Tokens.as("ines").get("/api/groups/" + g + "/moderation/log").then().statusCode(200).extract().jsonPath();
        Map<String, Object> entry = log.getMap("items.find { it.action == 'score-override' }");
        assertEquals(GroupFixtures.userId("alice").toString(), entry.get("subject"));
        assertEquals("Presented the sources in class", entry.get("reason"));
        assertEquals("10", entry.get("after"));
        assertFalse(log.getList("items.findAll { it.action == 'rubric' }").isEmpty(), "the rubric's setting is logged");
        // withdrawing is an override too, logged
        Tokens.as("ines").contentType(ContentType.JSON).body("{\"score\": null, \"reason\": \"Withdrawn\"}").put(path).then().statusCode(204);
        assertNull(report("alice", g).get("students[0].override"));
    }

    @Test
    void aRubricAfterTheDueDateCountsNothingLate() {
        UUID g = classWithReading("2000-01-01T00:00:00Z");
        Tokens.as("ines").contentType(ContentType.JSON)
                .body("{\"perAnnotation\": 2, \"perReply\": 1, \"perVerifiedSource\": 3, \"beforeDueOnly\": true}")
                .put("/api/groups/" + g + "/readings/" + Notes.SLUG + "/rubric").then().statusCode(200);
        Notes.create("alice", Notes.comment(g, "Cheka", "late"));
        JsonPath r = report("alice", g);
        assertEquals(0.0f, r.getFloat("students[0].score"));
        assertEquals(0, r.getInt("students[0].beforeDue"));
        assertTrue(r.getString("students[0].items[0].why").contains("after the due date"));
        Tokens.as("ines").contentType(ContentType.JSON).body("{\"perAnnotation\": -1, \"perReply\": 1, \"perVerifiedSource\": 3,"
                + " \"beforeDueOnly\": true}").put("/api/groups/" + g + "/readings/" + Notes.SLUG + "/rubric").then().statusCode(400);
        Tokens.as("ines").contentType(ContentType.JSON).body("{\"perAnnotation\": 1}")
                .put("/api/groups/" + g + "/readings/" + Notes.SLUG + "/rubric").then().statusCode(400);
    }

}
