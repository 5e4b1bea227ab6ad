package org.scholion.moderation;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import io.quarkus.test.junit.QuarkusTest;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.function.BiFunction;
import org.junit.jupiter.api.Test;
import org.scholion.testing.Tokens;

/**
 * Issue 17, finding 2: a moderator's decision applies to the version of the annotation the
 * moderator saw, or to nothing.
 *
 * <p>RFC 6585 §3: "The 428 status code indicates that the origin server requires the request to be
 * conditional. Its typical use is to avoid the 'lost update' problem, where a client GETs a
 * resource's state, modifies it, and PUTs it back to the server, when meanwhile a third party has
 * modified the state on the server, leading to a conflict." — and "Responses using this status code
 * SHOULD explain how to resubmit the request successfully."
 *
 * <p>RFC 9110 §13.1.1: "If the field value is a list of entity tags, the condition is true if any of
 * the listed tags match the entity tag of the selected representation." and "An origin server that
 * evaluates an If-Match condition MUST NOT perform the requested method if the condition evaluates
 * to false." §15.5.13: "The 412 (Precondition Failed) status code indicates that one or more
 * conditions given in the request header fields evaluated to false when tested on the server."
 */
@QuarkusTest
class ModeratorPreconditionsTest {

    /** The moderator's actions, each given a request with the moderator's token (and If-Match, or not) and the annotation's path. */
    private static Map<String, BiFunction<RequestSpecification, Target, Response>> actions() {
        Map<String, BiFunction<RequestSpecification, Target, Response>> a = new LinkedHashMap<>();
        a.put("PUT moderation (hide)", (r, t) -> r.contentType(ContentType.JSON).body(Map.of("state", "hidden", "reason", "off-topic"))
                .put(t.path() + "/moderation"));
        a.put("PUT moderation (dismiss flags)", (r, t) -> r.contentType(ContentType.JSON).body(Map.of("state", "visible"))
                .put(t.path() + "/moderation"));
        a.put("PUT lock", (r, t) -> r.put(t.path() + "/lock"));
        a.put("DELETE lock", (r, t) -> r.delete(t.path() + "/lock"));
        a.put("PUT endorsement", (r, t) -> r.put(t.path() + "/endorsement"));
        a.put("DELETE endorsement", (r, t) -> r.delete(t.path() + "/endorsement"));
        a.put("PUT review", (r, t) -> r.contentType(ContentType.JSON).body(Map.of("verdict", "verified"))
                .put(t.path() + "/sources/" + t.source() + "/review"));
        a.put("DELETE review", (r, t) -> r.delete(t.path() + "/sources/" + t.source() + "/review"));
        a.put("POST restore", (r, t) -> r.post(t.path() + "/restore"));
        return a;
    }

    private record Target(String iri, String path, String source) {
    }

    /**
     * An annotation on which the action would change something, so that "nothing changed" means
     * the action was refused: visible, flagged, with a reviewed source, endorsed and locked (not for
     * the actions that endorse or lock), deleted for restore.
     */
    private static Target target(String action) {
        UUID g = Mod.group("ines", "alice", "bob");
        String iri = Mod.create("alice", Mod.withSource(Mod.comment(g, "Vladimir Lenin", "a claim"), "https://example.org/s", "S"));
        String source = Mod.get("alice", iri).then().extract().<String>path("body[1].id").substring("urn:uuid:".length());
        Mod.flag("bob", iri, "spam", null).then().statusCode(201);
        SourceReviewTest.review("ines", iri, source, "unreliable", null).then().statusCode(200);
        if (!action.equals("PUT endorsement")) {
            Mod.deciding("ines", iri).put(Mod.path(iri) + "/endorsement").then().statusCode(200);
        }
        if (!action.equals("PUT lock")) {
            Mod.deciding("ines", iri).put(Mod.path(iri) + "/lock").then().statusCode(200);
        }
        if (action.equals("POST restore")) {
            Tokens.as("alice").delete(Mod.path(iri)).then().statusCode(204);
        }
        return new Target(iri, Mod.path(iri), source);
    }

    @Test
    void approvingTheQueueCardAfterItsAuthorReplacedItIsRefusedAndTheSpamStaysPending() {
        UUID g = Mod.group("ines", "alice", "bob");
        Mod.settings("ines", g, Map.of("preModeration", true));
        String iri = Mod.create("alice", Mod.comment(g, "Vladimir Lenin", "Harmless draft."));
        // the card the instructor sees in her queue, with the version it shows
        String card = Tokens.as("ines").get("/api/groups/" + g + "/moderation/queue?filter=pending").then().statusCode(200)
                .body("items[0].annotation.id", equalTo(iri))
                .body("items[0].annotation.body[0].value", equalTo("Harmless draft."))
                .extract().path("items[0].annotation.etag");
        assertNotNull(card, "the queue's card carries the version it shows");
        assertEquals(Mod.seen("ines", iri), card, "the card's etag is the annotation's ETag for the moderator");

        Mod.edit("alice", g, iri, "BUY CHEAP ESSAYS at spam.example");

        Tokens.as("ines").contentType(ContentType.JSON).header("If-Match", card).body(Map.of("state", "visible"))
                .put(Mod.path(iri) + "/moderation").then().statusCode(412).contentType("application/problem+json")
                .body("status", equalTo(412));
        Mod.get("bob", iri).then().statusCode(404);
        assertFalse(Mod.listed("bob", g).contains(iri), "the spam is not listed for the class");
        Tokens.as("ines").get(Mod.path(iri) + "/moderation").then().body("state", equalTo("pending"))
                .body("history.action", equalTo(java.util.List.of("submit")));
        // the card, reloaded, shows what there is to decide on now
        Tokens.as("ines").get("/api/groups/" + g + "/moderation/queue?filter=pending").then()
                .body("items[0].annotation.body[0].value", equalTo("BUY CHEAP ESSAYS at spam.example"));
    }

    @Test
    void everyModeratorsActionWithoutIfMatchIsPreconditionRequiredAndChangesNothing() {
        for (var action : actions().entrySet()) {
            Target t = target(action.getKey());
            String before = Mod.seen("ines", t.iri());
            long log = Mod.count("SELECT count(*) FROM group_log WHERE annotation_id = '" + Mod.id(t.iri()) + "'");
            action.getValue().apply(Tokens.as("ines"), t).then().statusCode(428).contentType("application/problem+json")
                    .body("status", equalTo(428)).body("detail", containsString("If-Match"));
            assertEquals(before, Mod.seen("ines", t.iri()), action.getKey() + " changed the annotation without If-Match");
            assertEquals(log, Mod.count("SELECT count(*) FROM group_log WHERE annotation_id = '" + Mod.id(t.iri()) + "'"),
                    action.getKey() + " logged a decision without If-Match");
        }
    }

    @Test
    void everyModeratorsActionWithAStaleIfMatchIsPreconditionFailedAndChangesNothing() {
        for (var action : actions().entrySet()) {
            Target t = target(action.getKey());
            String seen = Mod.seen("ines", t.iri());
            // a change the moderator has not seen: another moderator's, or (for restore) the author's
            if (action.getKey().equals("POST restore")) {
                Mod.deciding("ines", t.iri()).post(t.path() + "/restore").then().statusCode(200);
                Tokens.as("alice").delete(t.path()).then().statusCode(204);
            } else {
                Tokens.as("bob").put(t.path() + "/upvote").then().statusCode(200);
            }
            String now = Mod.seen("ines", t.iri());
            assertNotEquals(seen, now);
            long log = Mod.count("SELECT count(*) FROM group_log WHERE annotation_id = '" + Mod.id(t.iri()) + "'");
            action.getValue().apply(Tokens.as("ines").header("If-Match", seen), t).then().statusCode(412)
                    .contentType("application/problem+json").body("status", equalTo(412));
            assertEquals(now, Mod.seen("ines", t.iri()), action.getKey() + " changed the annotation with a stale If-Match");
            assertEquals(log, Mod.count("SELECT count(*) FROM group_log WHERE annotation_id = '" + Mod.id(t.iri()) + "'"),
                    action.getKey() + " logged a decision with a stale If-Match");
            // with the version the moderator sees now, it is done
            int ok = action.getValue().apply(Tokens.as("ines").header("If-Match", now), t).statusCode();
            assertEquals(2, ok / 100, action.getKey() + " with the current ETag answered " + ok);
        }
    }

    @Test
    void aWeakOrForeignTagIsNeverTheVersionSeen() {
        Target t = target("DELETE endorsement");
        Target other = target("DELETE endorsement");
        String etag = Mod.seen("ines", t.iri());
        // RFC 9110 §13.1.1: "An origin server MUST use the strong comparison function when comparing entity tags for If-Match"
        for (String ifMatch : new String[] { "W/" + etag, Mod.seen("ines", other.iri()), "\"" + Mod.id(t.iri()) + "-1\"", "\"x\"" }) {
            Tokens.as("ines").header("If-Match", ifMatch).put(t.path() + "/endorsement").then().statusCode(412);
        }
        // one of a list of tags is enough
        Tokens.as("ines").header("If-Match", "\"x\", " + etag).delete(t.path() + "/endorsement").then().statusCode(204);
    }

    @Test
    void readersActionsNeedNoIfMatch() {
        UUID g = Mod.group("ines", "alice", "bob");
        String iri = Mod.create("alice", Mod.comment(g, "Vladimir Lenin", "a claim"));
        Mod.flag("bob", iri, "misinformation", null).then().statusCode(201);
        Tokens.as("bob").put(Mod.path(iri) + "/upvote").then().statusCode(200).body("upvotes", equalTo(1));
        Tokens.as("bob").delete(Mod.path(iri) + "/upvote").then().statusCode(200).body("upvotes", equalTo(0));
    }
}
