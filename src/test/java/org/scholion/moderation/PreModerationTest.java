package org.scholion.moderation;

import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.scholion.testing.Tokens;

/**
 * Pre-moderation: members' new annotations wait, pending, until a moderator approves them; an
 * edit of an approved annotation goes back to pending; moderators' own are published at once.
 */
@QuarkusTest
class PreModerationTest {

    @Test
    void aMembersNewAnnotationIsCreatedPendingAndSeenByOthersOnlyOnceApproved() {
        UUID g = Mod.group("ines", "alice", "bob");
        Mod.settings("ines", g, Map.of("preModeration", true));
        Response created = Mod.post("alice", Mod.comment(g, "Vladimir Lenin", "waiting"));
        created.then().statusCode(201).body("moderationState", equalTo("pending"));
        String iri = created.header("Location");

        Mod.get("bob", iri).then().statusCode(404);
        assertEquals(0, Mod.total("bob", g));
        Mod.get("alice", iri).then().statusCode(200).body("moderationState", equalTo("pending"));
        // it waits in the moderators' queue
        Tokens.as("ines").get("/api/groups/" + g + "/moderation/queue").then().statusCode(200)
                .body("items[0].annotation.id", equalTo(iri)).body("items[0].state", equalTo("pending"));

        Mod.moderate("ines", iri, "visible", null).then().statusCode(200).body("state", equalTo("visible"));
        Mod.get("bob", iri).then().statusCode(200).body("moderationState", equalTo("visible"));
        assertEquals(List.of("submit", "approve"), history(iri));
        Tokens.as("ines").get("/api/groups/" + g + "/moderation/queue").then().body("total", equalTo(0));
    }

    @Test
    void anEditOfAnApprovedAnnotationGoesBackToPendingWithTheThreadBelowIt() {
        UUID g = Mod.group("ines", "alice", "bob", "carol");
        Mod.settings("ines", g, Map.of("preModeration", true));
        String iri = Mod.create("alice", Mod.comment(g, "Vladimir Lenin", "first version"));
        Mod.moderate("ines", iri, "visible", null).then().statusCode(200);
        String reply = Mod.create("bob", Mod.reply(iri, "a reply"));
        Mod.moderate("ines", reply, "visible", null).then().statusCode(200);
        Mod.get("carol", reply).then().statusCode(200);

        ObjectNode edited = Mod.comment(g, "Vladimir Lenin", "second version");
        Tokens.as("alice").contentType(Mod.MEDIA).header("If-Match", Mod.etag("alice", iri))
                .body(edited.toString().getBytes(StandardCharsets.UTF_8)).put(Mod.path(iri))
                .then().statusCode(200).body("moderationState", equalTo("pending"));
        Mod.get("carol", iri).then().statusCode(404);
        Mod.get("carol", reply).then().statusCode(404);
        Mod.get("bob", reply).then().statusCode(200); // bob still reads his own reply
        assertEquals(List.of("submit", "approve", "edit"), history(iri));

        Mod.moderate("ines", iri, "visible", null).then().statusCode(200);
        Mod.get("carol", iri).then().statusCode(200).body("body[0].value", equalTo("second version"));
        Mod.get("carol", reply).then().statusCode(200);
    }

    @Test
    void moderatorsAndAdminsAreNotPreModerated() {
        UUID g = Mod.group("ines", "alice", "bob");
        Mod.settings("ines", g, Map.of("preModeration", true));
        Mod.post("ines", Mod.comment(g, "Vladimir Lenin", "the instructor's prompt")).then().statusCode(201)
                .body("moderationState", equalTo("visible"));
        Mod.post("admin", Mod.comment(g, "Vladimir Lenin", "an admin's note")).then().statusCode(201)
                .body("moderationState", equalTo("visible"));
        String prompt = Mod.listed("bob", g).get(0);
        ObjectNode edited = Mod.comment(g, "Vladimir Lenin", "the prompt, edited");
        Tokens.as("ines").contentType(Mod.MEDIA).header("If-Match", Mod.etag("ines", prompt))
                .body(edited.toString().getBytes(StandardCharsets.UTF_8)).put(Mod.path(prompt))
                .then().statusCode(200).body("moderationState", equalTo("visible"));
    }

    @Test
    void rejectingIsHidingAPendingAnnotationWithAReasonItsAuthorReads() {
        UUID g = Mod.group("ines", "alice", "bob");
        Mod.settings("ines", g, Map.of("preModeration", true));
        String iri = Mod.create("alice", Mod.comment(g, "Vladimir Lenin", "spam spam"));
        Mod.moderate("ines", iri, "hidden", "Not about the essay.").then().statusCode(200).body("state", equalTo("hidden"));
        Mod.get("alice", iri).then().statusCode(200).body("moderationState", equalTo("hidden"))
                .body("moderationReason", equalTo("Not about the essay."));
        Mod.get("bob", iri).then().statusCode(404);
        assertEquals(List.of("submit", "reject"), history(iri));
    }

    @Test
    void repliesWaitTooAndNothingRepliesToAPendingAnnotation() {
        UUID g = Mod.group("ines", "alice", "bob");
        String visible = Mod.create("alice", Mod.comment(g, "Vladimir Lenin", "before the setting"));
        Mod.settings("ines", g, Map.of("preModeration", true));
        Response reply = Mod.post("bob", Mod.reply(visible, "a reply"));
        reply.then().statusCode(201).body("moderationState", equalTo("pending"));
        Mod.post("alice", Mod.reply(reply.header("Location"), "answering a pending reply")).then().statusCode(404);
        Mod.post("ines", Mod.reply(reply.header("Location"), "not before approving")).then().statusCode(409);
        // turning pre-moderation off publishes nothing by itself: what waits still waits for a decision
        Mod.settings("ines", g, Map.of("preModeration", false));
        Mod.get("alice", reply.header("Location")).then().statusCode(404);
        assertTrue(Mod.listed("ines", g).contains(reply.header("Location")));
        assertFalse(Mod.listed("alice", g).contains(reply.header("Location")));
    }

    static List<String> history(String iri) {
        return Tokens.as("ines").get(Mod.path(iri) + "/moderation").then().statusCode(200).extract().path("history.action");
    }
}
