package org.scholion.moderation;

import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarkus.arc.Arc;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.persistence.EntityManager;
import io.restassured.http.ContentType;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.scholion.testing.GroupFixtures;
import org.scholion.testing.Tokens;

/** Hiding, unhiding, locking and endorsing, as each kind of reader sees the result. */
@QuarkusTest
class HideAndLockTest {

    @Test
    void aHiddenAnnotationIsNotFoundForOtherMembersAndAbsentFromPagesAndCounts() {
        UUID g = Mod.group("ines", "alice", "bob");
        String iri = Mod.create("alice", Mod.comment(g, "Vladimir Lenin", "Lenin was a tsar."));
        Mod.create("alice", Mod.comment(g, "Vladimir Lenin", "stays"));
        assertEquals(2, Mod.total("bob", g));

        Mod.moderate("ines", iri, "hidden", "Inaccurate and off-topic: please cite a source.").then().statusCode(200)
                .body("state", equalTo("hidden")).body("reason", equalTo("Inaccurate and off-topic: please cite a source."));

        // other members: not found, not listed, not counted
        Mod.get("bob", iri).then().statusCode(404).contentType("application/problem+json");
        assertEquals(1, Mod.total("bob", g));
        assertFalse(Mod.listed("bob", g).contains(iri));
        // the author: marked hidden, with the moderator's reason
        Mod.get("alice", iri).then().statusCode(200).body("moderationState", equalTo("hidden"))
                .body("moderationReason", equalTo("Inaccurate and off-topic: please cite a source."))
                .body("flagCount", nullValue());
        assertTrue(Mod.listed("alice", g).contains(iri));
        // moderators and admins: marked hidden, with the open flag count
        Mod.get("ines", iri).then().statusCode(200).body("moderationState", equalTo("hidden")).body("flagCount", equalTo(0));
        Mod.get("admin", iri).then().statusCode(200).body("moderationState", equalTo("hidden"));
        assertEquals(2, Mod.total("ines", g));
        // moderators may ask for the hidden ones alone; for a member that filter is empty
        Tokens.as("ines").accept(Mod.MEDIA).get(Mod.container() + "?group=" + g + "&moderation=hidden").then().statusCode(200)
                .body("total", equalTo(1)).body("first.items[0].id", equalTo(iri));
        Tokens.as("bob").accept(Mod.MEDIA).get(Mod.container() + "?group=" + g + "&moderation=hidden").then().statusCode(200)
                .body("total", equalTo(0));

        Mod.moderate("ines", iri, "visible", "Fixed after a talk").then().statusCode(200).body("state", equalTo("visible"))
                .body("reason", nullValue());
        Mod.get("bob", iri).then().statusCode(200).body("moderationState", equalTo("visible")).body("moderationReason", nullValue());
        assertEquals(2, Mod.total("bob", g));
    }

    @Test
    void theThreadBelowAHiddenAnnotationGoesWithItAndComesBackWithIt() {
        UUID g = Mod.group("ines", "alice", "bob", "carol", "dave");
        String root = Mod.create("alice", Mod.comment(g, "Vladimir Lenin", "root"));
        String reply = Mod.create("bob", Mod.reply(root, "bob answers"));
        String deeper = Mod.create("dave", Mod.reply(reply, "dave answers bob"));
        Mod.moderate("ines", root, "hidden", "off-topic").then().statusCode(200);

        Mod.get("carol", reply).then().statusCode(404);
        Mod.get("carol", deeper).then().statusCode(404);
        assertEquals(0, Mod.total("carol", g));
        // each author still reads what they wrote; the moderator reads everything
        Mod.get("bob", reply).then().statusCode(200);
        Mod.get("dave", deeper).then().statusCode(200);
        Mod.get("dave", reply).then().statusCode(404);
        assertEquals(3, Mod.total("ines", g));
        // nobody replies under a hidden annotation
        Mod.post("alice", Mod.reply(root, "let me explain")).then().statusCode(409).contentType("application/problem+json")
                .body("errors[0].field", equalTo("target"));

        Mod.moderate("ines", root, "visible", null).then().statusCode(200);
        assertEquals(3, Mod.total("carol", g));
        Mod.get("carol", deeper).then().statusCode(200);
    }

    @Test
    void aLockedThreadTakesNoMoreRepliesFromMembersButFromModerators() {
        UUID g = Mod.group("ines", "alice", "bob");
        String root = Mod.create("alice", Mod.comment(g, "Vladimir Lenin", "root"));
        String reply = Mod.create("bob", Mod.reply(root, "first reply"));
        // locking on a reply locks its thread: the lock sits on the first annotation
        Mod.deciding("ines", reply).put(Mod.path(reply) + "/lock").then().statusCode(200).body("thread", equalTo(root))
                .body("lockedBy.username", equalTo("ines"));
        Mod.get("bob", root).then().statusCode(200).body("locked", not(nullValue()));

        Mod.post("bob", Mod.reply(root, "more")).then().statusCode(409).contentType("application/problem+json")
                .body("detail", equalTo("A moderator locked this thread: it takes no more replies."));
        Mod.post("alice", Mod.reply(reply, "deeper")).then().statusCode(409);
        Mod.post("ines", Mod.reply(root, "Final word from the instructor.")).then().statusCode(201);
        // the author may still edit what she wrote
        ObjectNode edited = Mod.comment(g, "Vladimir Lenin", "root, edited");
        Tokens.as("alice").contentType(Mod.MEDIA).header("If-Match", Mod.etag("alice", root))
                .body(edited.toString().getBytes(StandardCharsets.UTF_8)).put(Mod.path(root)).then().statusCode(200);

        Mod.deciding("ines", root).delete(Mod.path(root) + "/lock").then().statusCode(200).body("locked", nullValue());
        Mod.post("bob", Mod.reply(root, "open again")).then().statusCode(201);
    }

    @Test
    void aLockOutlivesArchiving() {
        UUID g = Mod.group("ines", "alice", "bob");
        String root = Mod.create("alice", Mod.comment(g, "Vladimir Lenin", "root"));
        Mod.deciding("ines", root).put(Mod.path(root) + "/lock").then().statusCode(200);
        Tokens.as("ines").post("/api/groups/" + g + "/archive").then().statusCode(200);
        // archived: read-only for everyone, moderation included
        Mod.deciding("ines", root).delete(Mod.path(root) + "/lock").then().statusCode(409);
        Mod.post("ines", Mod.reply(root, "in an archive")).then().statusCode(409);
        Tokens.as("ines").post("/api/groups/" + g + "/unarchive").then().statusCode(200);
        Mod.get("bob", root).then().statusCode(200).body("locked", not(nullValue()));
        Mod.post("bob", Mod.reply(root, "still locked")).then().statusCode(409);
    }

    @Test
    void anEndorsementIsABadgeEveryReaderSees() {
        UUID g = Mod.group("ines", "alice", "bob");
        String iri = Mod.create("alice", Mod.comment(g, "Vladimir Lenin", "well argued"));
        Mod.deciding("ines", iri).put(Mod.path(iri) + "/endorsement").then().statusCode(200).body("endorsedBy.name", equalTo(name("ines")));
        Mod.deciding("ines", iri).put(Mod.path(iri) + "/endorsement").then().statusCode(200); // idempotent
        Mod.get("bob", iri).then().statusCode(200).body("endorsed", not(nullValue())).body("endorsedBy.nickname", equalTo("ines"));
        Tokens.as("bob").put(Mod.path(iri) + "/endorsement").then().statusCode(403).contentType("application/problem+json");
        Mod.deciding("ines", iri).delete(Mod.path(iri) + "/endorsement").then().statusCode(204);
        Mod.get("bob", iri).then().statusCode(200).body("endorsed", nullValue());
        // only what the group may read is endorsed
        Mod.moderate("ines", iri, "hidden", "wrong thread").then().statusCode(200);
        Mod.deciding("ines", iri).put(Mod.path(iri) + "/endorsement").then().statusCode(409);
    }

    @Test
    void aDeletedAnnotationIsRestoredNotModerated() {
        UUID g = Mod.group("ines", "alice", "bob");
        String iri = Mod.create("alice", Mod.comment(g, "Vladimir Lenin", "to delete"));
        Tokens.as("alice").delete(Mod.path(iri)).then().statusCode(204);
        Tokens.as("ines").contentType(ContentType.JSON).header("If-Match", "*").body(Map.of("state", "hidden", "reason", "x"))
                .put(Mod.path(iri) + "/moderation").then().statusCode(409).body("detail", equalTo("the annotation was deleted: restore it first"));
        assertFalse(Mod.listed("bob", g).contains(iri));
        Mod.deciding("ines", iri).post(Mod.path(iri) + "/restore").then().statusCode(200).body("deleted", nullValue());
        assertTrue(Mod.listed("bob", g).contains(iri));
        Mod.get("bob", iri).then().statusCode(200);
    }

    @Test
    void theModerationRecordShowsFlagsWithWhoFlaggedAndTheHistory() {
        UUID g = Mod.group("ines", "alice", "bob", "carol");
        String iri = Mod.create("alice", Mod.comment(g, "Vladimir Lenin", "dubious"));
        Mod.flag("bob", iri, "misinformation", "Lenin, not Stalin").then().statusCode(201);
        Mod.flag("carol", iri, "off-topic", null).then().statusCode(201);
        Mod.get("ines", iri).then().body("flagCount", equalTo(2));
        Mod.moderate("ines", iri, "hidden", "misinformation").then().statusCode(200);
        var record = Tokens.as("ines").get(Mod.path(iri) + "/moderation").then().statusCode(200).extract().jsonPath();
        assertEquals(List.of("bob", "carol"), record.getList("flags.by.username"));
        assertEquals(List.of("hidden", "hidden"), record.getList("flags.resolution"));
        assertEquals(List.of("flag", "flag", "hide"), record.getList("history.action"));
        assertEquals("ines", record.getString("history[2].actor.username"));
        Mod.get("ines", iri).then().body("flagCount", equalTo(0));
        // members never learn who flagged
        Tokens.as("alice").get(Mod.path(iri) + "/moderation").then().statusCode(403);
        Mod.get("alice", iri).then().body("flagCount", nullValue());
    }

    private static String name(String username) {
        GroupFixtures.userId(username);
        return QuarkusTransaction.requiringNew().call(() -> (String) Arc.container().instance(EntityManager.class).get()
                .createNativeQuery("SELECT display_name FROM app_user WHERE username = :u").setParameter("u", username)
                .getSingleResult());
    }
}
