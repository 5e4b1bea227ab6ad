package org.scholion.reports;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
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

/** GET /api/documents/{slug}/claim-map: the class's contested and confusing passages. */
@QuarkusTest
class ClaimMapTest {
    private static String path(UUID g) {
        return "/api/documents/" + Notes.SLUG + "/claim-map?group=" + g;
    }

    private static ObjectNode assessment(UUID g, String verdict) {
        ObjectNode a = Notes.on(g, "Joseph Stalin", "assessing");
        ((ArrayNode) a.get("body")).addObject().put("type", "TextualBody").put("purpose", "assessing").put("value", verdict);
        return Notes.cite(a, "https://example.org/pipes", "Russia under the Bolshevik Regime");
    }

    @Test
    void passagesAreUnionsOfOverlappingRangesWithTheirDiscussion() {
        UUID g = GroupFixtures.group("ines", "alice", "bob");
        String comment = Notes.create("alice", Notes.comment(g, "Cheka", "Lenin's, not Stalin's"));
        Notes.create("bob", Notes.reply(comment, "Right, founded 1917"));
        ObjectNode question = Notes.on(g, "the Cheka", "questioning");
        question.remove("body");
        String asked = Notes.create("bob", question.put("bodyValue", "Who ran it?"));
        Notes.create("bob", Notes.reply(asked, "I will look it up myself"));
        String inaccurate = Notes.create("alice", assessment(g, "inaccurate"));
        Notes.create("bob", assessment(g, "misleading"));
        Notes.create("bob", assessment(g, "misleading"));
        Tokens.as("bob").contentType(ContentType.JSON).body(Map.of("reason", "misinformation", "note", "check this"))
                .post(inaccurate.substring(TestStack.appUrl().length()) + "/flags").then().statusCode(201);
        String hidden = Notes.create("bob", Notes.comment(g, "Lenin", "hidden from the class"));
        Notes.sql("UPDATE annotation SET moderation = 'hidden', moderation_reason = 'x' WHERE id = ?1", Notes.id(hidden));

        JsonPath alice = Tokens.as("alice").get(path(g)).then().statusCode(200).extract().jsonPath();
        List<Map<String, Object>> passages = alice.getList("passages");
        assertEquals(2, passages.size(), "Joseph Stalin, then the Cheka; the hidden one is not the class's: " + passages);
        String text = Notes.text();
        Map<String, Object> stalin = passages.get(0);
        assertEquals(text.codePointCount(0, text.indexOf("Joseph Stalin")), stalin.get("start"));
        assertEquals("Joseph Stalin", stalin.get("exact"));
        assertEquals(3, stalin.get("annotations"));
        assertEquals(3, stalin.get("unanswered"));
        assertEquals(Map.of("inaccurate", 1, "misleading", 2), stalin.get("verdicts"));
        assertFalse(stalin.containsKey("flags"), "flags are for moderators");
        Map<String, Object> cheka = passages.get(1);
        assertEquals("the Cheka", cheka.get("exact"), "'Cheka' inside 'the Cheka': one passage");
        assertEquals(2, cheka.get("annotations"));
        assertEquals(1, cheka.get("questions"));
        assertEquals(1, cheka.get("unanswered"), "the question is unanswered (its asker's own reply"
                + " answers nothing); the comment has bob's reply");

        JsonPath ines = Tokens.as("ines").get(path(g)).then().statusCode(200).extract().jsonPath();
        assertEquals(3, ines.getList("passages").size(), "the moderator's map holds the hidden one too");
        assertEquals(1, ines.getInt("passages[0].flags"));
        assertTrue(ines.getList("passages.exact").contains("Lenin"));
    }

    @Test
    void onlyMembersReadAGroupsMap() {
        UUID g = GroupFixtures.group("ines", "alice");
        AuthorizationMatrix.assertRow("GET claim-map", Arrays.asList(null, "dave", "alice", "ines", "admin"),
                List.of(401, 404, 200, 200, 200), r -> r.get(path(g)));
        Tokens.as("alice").get("/api/documents/" + Notes.SLUG + "/claim-map").then().statusCode(400);
        Tokens.as("alice").get("/api/documents/no-such/claim-map?group=" + g).then().statusCode(404);
    }
}
