package org.scholion.moderation;

import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.scholion.testing.GroupFixtures;
import org.scholion.testing.Tokens;

/**
 * Every bad input of the moderation API gets a clear problem+json naming what is wrong, never a
 * 500, and changes nothing.
 */
@QuarkusTest
class ModerationBadInputTest {

    @Test
    void badFlagsAreRefusedNamingTheField() {
        UUID g = Mod.group("ines", "alice", "bob");
        String iri = Mod.create("alice", Mod.comment(g, "Vladimir Lenin", "x"));
        long flags = Mod.count("SELECT count(*) FROM annotation_flag");
        problem(Mod.flag("bob", iri, "rude", null), 400, "reason");
        problem(Mod.flag("bob", iri, "other", null), 400, "note");
        problem(Mod.flag("bob", iri, "spam", "x".repeat(1001)), 400, "note");
        problem(Mod.flag("bob", iri, "spam", "bell\u0007"), 400, "note");
        problem(json("bob", Map.of()).post(Mod.path(iri) + "/flags"), 400, "reason");
        problem(Tokens.as("bob").contentType(ContentType.JSON).body("{\"reason\": ").post(Mod.path(iri) + "/flags"), 400, null);
        problem(Tokens.as("bob").contentType(ContentType.JSON).post(Mod.path(iri) + "/flags"), 400, null);
        assertEquals(flags, Mod.count("SELECT count(*) FROM annotation_flag"), "nothing was written");
        // exactly 1,000 characters is fine, and flagging again is the same flag
        Mod.flag("bob", iri, "spam", "x".repeat(1000)).then().statusCode(201);
        Mod.flag("bob", iri, "offensive", null).then().statusCode(200).body("reason", equalTo("spam"));
    }

    @Test
    void unknownOrMalformedAnnotationIdsAreNotFound() {
        String missing = Mod.container() + UUID.randomUUID();
        for (Response r : new Response[] {
            json("bob", Map.of("reason", "spam")).post(missing + "/flags"),
            Tokens.as("ines").put(missing + "/upvote"),
            Tokens.as("ines").get(missing + "/moderation"),
            json("ines", Map.of("state", "hidden", "reason", "x")).header("If-Match", "*").put(missing + "/moderation"),
            Tokens.as("ines").header("If-Match", "*").put(missing + "/endorsement"),
            Tokens.as("ines").header("If-Match", "*").put(missing + "/lock"),
            Tokens.as("ines").header("If-Match", "*").post(missing + "/restore"),
            Tokens.as("ines").header("If-Match", "*").put(Mod.container() + "not-a-uuid/endorsement"),
            Tokens.as("ines").get("/api/groups/" + UUID.randomUUID() + "/moderation/queue"),
            Tokens.as("ines").get("/api/groups/not-a-uuid/moderation/log"),
            Tokens.as("ines").put("/api/documents/no-such-document/annotations/" + UUID.randomUUID() + "/upvote") }) {
            problem(r, 404, null);
        }
    }

    @Test
    void badModerationDecisionsAreRefused() {
        UUID g = Mod.group("ines", "alice");
        String iri = Mod.create("alice", Mod.comment(g, "Vladimir Lenin", "x"));
        problem(json("ines", Map.of("state", "pending")).header("If-Match", "*").put(Mod.path(iri) + "/moderation"), 400, "state");
        problem(json("ines", Map.of("state", "gone")).header("If-Match", "*").put(Mod.path(iri) + "/moderation"), 400, "state");
        problem(json("ines", Map.of("reason", "no state")).header("If-Match", "*").put(Mod.path(iri) + "/moderation"), 400, "state");
        problem(json("ines", Map.of("state", "hidden")).header("If-Match", "*").put(Mod.path(iri) + "/moderation"), 400, "reason");
        problem(json("ines", Map.of("state", "hidden", "reason", "  ")).header("If-Match", "*").put(Mod.path(iri) + "/moderation"),
                400, "reason");
        problem(json("ines", Map.of("state", "hidden", "reason", "r".repeat(1001))).header("If-Match", "*")
                .put(Mod.path(iri) + "/moderation"), 400, "reason");
        problem(json("ines", Map.of("state", "hidden", "reason", "x")).put(Mod.path(iri) + "/moderation"), 428, "If-Match");
        problem(json("ines", Map.of("state", "hidden", "reason", "x")).header("If-Match", "\"" + Mod.id(iri) + "-1\"")
                .put(Mod.path(iri) + "/moderation"), 412, "If-Match");
        Mod.get("alice", iri).then().body("moderationState", equalTo("visible"));
        String source = "00000000-0000-0000-0000-000000000000";
        String etag = Mod.seen("ines", iri);
        problem(json("ines", Map.of("verdict", "wrong")).header("If-Match", etag).put(Mod.path(iri) + "/sources/" + source + "/review"),
                400, "verdict");
        problem(json("ines", Map.of("verdict", "verified")).header("If-Match", etag)
                .put(Mod.path(iri) + "/sources/" + source + "/review"), 404, "source");
    }

    @Test
    void moderatingInAnArchivedGroupIsAConflictAndAStudentEndorsingIsForbidden() {
        UUID g = Mod.group("ines", "alice", "bob");
        String iri = Mod.create("alice", Mod.comment(g, "Vladimir Lenin", "x"));
        problem(Tokens.as("bob").header("If-Match", Mod.etag("bob", iri)).put(Mod.path(iri) + "/endorsement"), 403, null);
        GroupFixtures.archive(g);
        problem(Mod.deciding("ines", iri).put(Mod.path(iri) + "/endorsement"), 409, null)
                .body("detail", equalTo("The group is archived: it is read-only until a moderator unarchives it."));
        problem(json("ines", Map.of("settings", Map.of("hidePeersUntilPost", true))).patch("/api/groups/" + g), 409, null);
    }

    @Test
    void upvotingTwiceCountsOnceAndChangesNothingTheSecondTime() {
        UUID g = Mod.group("ines", "alice", "bob");
        String iri = Mod.create("alice", Mod.comment(g, "Vladimir Lenin", "helpful"));
        Tokens.as("bob").put(Mod.path(iri) + "/upvote").then().statusCode(200).body("upvotes", equalTo(1))
                .body("upvotedByMe", equalTo(true));
        String etag = Mod.etag("bob", iri);
        Tokens.as("bob").put(Mod.path(iri) + "/upvote").then().statusCode(200).body("upvotes", equalTo(1));
        assertEquals(etag, Mod.etag("bob", iri), "the second upvote changed nothing");
        Tokens.as("bob").delete(Mod.path(iri) + "/upvote").then().statusCode(200).body("upvotes", equalTo(0))
                .body("upvotedByMe", equalTo(false));
        Tokens.as("bob").delete(Mod.path(iri) + "/upvote").then().statusCode(200).body("upvotes", equalTo(0));
        problem(Tokens.as("alice").put(Mod.path(iri) + "/upvote"), 403, null);
        assertEquals(1, Mod.count("SELECT count(*) FROM annotation_upvote WHERE annotation_id = '" + Mod.id(iri) + "'"),
                "the withdrawn upvote is kept, as withdrawn");
    }

    @Test
    void badSettingsQueueAndLogParametersAreRefused() {
        UUID g = Mod.group("ines", "alice");
        problem(json("ines", Map.of("settings", Map.of("preModerate", true))).patch("/api/groups/" + g), 400, "settings.preModerate");
        problem(json("ines", Map.of("settings", Map.of("preModeration", "yes"))).patch("/api/groups/" + g), 400, "settings.preModeration");
        Tokens.as("ines").get("/api/groups/" + g).then().body("settings.preModeration", equalTo(false));
        problem(Tokens.as("ines").get("/api/groups/" + g + "/moderation/queue?filter=everything"), 400, "filter");
        problem(Tokens.as("ines").get("/api/groups/" + g + "/moderation/queue?pageSize=0"), 400, "pageSize");
        problem(Tokens.as("ines").get("/api/groups/" + g + "/moderation/log?page=-1"), 400, "page");
        problem(Tokens.as("ines").get("/api/groups/" + g + "/moderation/log?format=xml"), 400, "format");
        problem(Tokens.as("ines").accept("application/xml").get("/api/groups/" + g + "/moderation/log"), 406, null);
        problem(Tokens.as("ines").accept(Mod.MEDIA).get(Mod.container() + "?moderation=rejected"), 400, "moderation");
        problem(Tokens.as("ines").accept(Mod.MEDIA).get(Mod.container() + "?sort=random"), 400, "sort");
    }

    private static RequestSpecification json(String user, Object body) {
        return Tokens.as(user).contentType(ContentType.JSON).body(body);
    }

    /** The answer is problem+json with this status, naming the field when one is given. */
    private static io.restassured.response.ValidatableResponse problem(Response r, int status, String field) {
        var v = r.then().statusCode(status).contentType("application/problem+json").body("status", equalTo(status));
        if (field != null) {
            v.body("errors[0].field", equalTo(field));
        }
        return v;
    }
}
