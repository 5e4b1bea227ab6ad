package org.scholion.moderation;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.scholion.live.LiveClient;
import org.scholion.testing.TestStack;
import org.scholion.testing.Tokens;

/**
 * Moderation reaches live subscribers as any change of an annotation does (it is an UPDATE of the
 * row): each subscriber gets what a GET would give them — or is told the annotation is withdrawn
 * when it is held back from them, and hears nothing of an annotation the group never saw.
 */
@QuarkusTest
class ModerationLiveTest {
    private static final Duration WAIT = Duration.ofSeconds(10);

    @Test
    void eachSubscriberGetsWhatAGetWouldGiveThemOrAWithdrawal() throws Exception {
        UUID g = Mod.group("ines", "alice", "bob");
        String iri = Mod.create("alice", Mod.comment(g, "Vladimir Lenin", "claim"));
        try (LiveClient bob = subscribe("bob", g); LiveClient ines = subscribe("ines", g)) {
            Mod.moderate("ines", iri, "hidden", "off-topic").then().statusCode(200);
            assertEquals("removed", about(bob, iri).path("type").asText(), "bob may no longer see it");
            assertSameAsGet("ines", iri, about(ines, iri));

            Mod.moderate("ines", iri, "visible", null).then().statusCode(200);
            assertSameAsGet("bob", iri, about(bob, iri));
            assertSameAsGet("ines", iri, about(ines, iri));

            // an upvote: each reader's own "upvotedByMe"
            Tokens.as("bob").put(Mod.path(iri) + "/upvote").then().statusCode(200);
            JsonNode bobs = about(bob, iri);
            JsonNode ines1 = about(ines, iri);
            assertEquals(true, bobs.path("annotation").path("upvotedByMe").asBoolean());
            assertEquals(false, ines1.path("annotation").path("upvotedByMe").asBoolean());
            assertSameAsGet("bob", iri, bobs);
            assertSameAsGet("ines", iri, ines1);

            // pre-moderation: a new annotation waiting for approval is announced to the moderator only
            Mod.settings("ines", g, Map.of("preModeration", true));
            String pending = Mod.create("alice", Mod.comment(g, "Vladimir Lenin", "waiting"));
            assertSameAsGet("ines", pending, about(ines, pending));
            String prompt = Mod.create("ines", Mod.comment(g, "Vladimir Lenin", "visible at once"));
            JsonNode next = bob.next(m -> m.has("id") && !"presence".equals(m.path("type").asText()), WAIT);
            assertEquals(prompt, next.path("id").asText(), "bob heard nothing of the pending annotation: " + next);
            Mod.moderate("ines", pending, "visible", null).then().statusCode(200);
            assertSameAsGet("bob", pending, about(bob, pending));

            // a deletion: the moderator's tombstone names the version she restores (issue 17)
            Tokens.as("alice").delete(Mod.path(iri)).then().statusCode(204);
            JsonNode deleted = about(ines, iri);
            assertEquals("deleted", deleted.path("type").asText(), deleted.toString());
            assertEquals(Mod.seen("ines", iri), deleted.path("tombstone").path("etag").asText(), deleted.toString());
            Tokens.as("ines").header("If-Match", deleted.path("tombstone").path("etag").asText()).post(Mod.path(iri) + "/restore")
                    .then().statusCode(200);
        }
    }

    private static LiveClient subscribe(String user, UUID group) {
        LiveClient c = LiveClient.bearer(LiveClient.url(TestStack.appUrl(), Mod.SLUG, group, null), Tokens.of(user));
        c.next("ready");
        return c;
    }

    private static JsonNode about(LiveClient c, String iri) {
        return c.next(m -> iri.equals(m.path("id").asText()), WAIT);
    }

    private static void assertSameAsGet(String user, String iri, JsonNode event) throws Exception {
        JsonNode viaGet = Mod.JSON.readTree(Mod.get(user, iri).then().statusCode(200).extract().asString());
        assertEquals(viaGet, event.path("annotation"), user + " gets what GET gives them: " + event);
        // the version a moderator's action on this card names (issue 17)
        assertEquals(Mod.etag(user, iri), event.path("annotation").path("etag").asText(), user + "'s ETag: " + event);
    }
}
