package org.scholion.live;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.scholion.testing.GroupFixtures;
import org.scholion.testing.TestStack;
import org.scholion.testing.Tokens;

/** What a subscriber receives, and what it must never receive. */
@QuarkusTest
class LiveEventsTest {
    static final Duration WAIT = Duration.ofSeconds(10);
    static final Duration QUIET = Duration.ofMillis(1500);

    @Inject
    LiveStore store;
    @Inject
    SealedCursors cursors;

    /** The position a sealed cursor stands for (the test may open it; a client cannot). */
    private long position(JsonNode message) {
        return cursors.open(message.path("cursor").asText()).orElseThrow(() -> new AssertionError("not our cursor: " + message));
    }

    private static LiveClient subscribe(String user, UUID group) {
        LiveClient c = LiveClient.bearer(LiveFixtures.url(group, null), Tokens.of(user));
        c.next("ready");
        return c;
    }

    @Test
    void memberSeesCreateEditAndDeleteWithTheRepresentationAGetWouldGive() throws Exception {
        UUID group = GroupFixtures.group("ines", "alice", "bob");
        try (LiveClient bob = subscribe("bob", group)) {
            String iri = LiveFixtures.create("alice", LiveFixtures.comment(group, "Vladimir Lenin", "first take"));
            JsonNode created = bob.nextEvent(WAIT);
            assertEquals("created", created.path("type").asText());
            assertEquals(iri, created.path("id").asText());
            assertTrue(created.path("cursor").isTextual() && position(created) > 0, created.toString());
            JsonNode viaGet = LiveClient.JSON.readTree(Tokens.as("bob").get(LiveFixtures.local(iri)).then().statusCode(200)
                    .extract().asString());
            assertEquals(viaGet, created.path("annotation"), "the event carries what GET gives this subscriber");

            LiveFixtures.update("alice", iri, LiveFixtures.comment(group, "Vladimir Lenin", "second take"));
            JsonNode updated = bob.nextEvent(WAIT);
            assertEquals("updated", updated.path("type").asText());
            assertEquals("second take", updated.path("annotation").path("body").path(0).path("value").asText());
            assertTrue(position(updated) > position(created), "cursors increase");

            LiveFixtures.delete("alice", iri);
            JsonNode deleted = bob.nextEvent(WAIT);
            assertEquals("deleted", deleted.path("type").asText());
            assertEquals(iri, deleted.path("id").asText());
            assertFalse(deleted.path("tombstone").path("deleted").isMissingNode(), "the tombstone says when: " + deleted);
            assertTrue(deleted.path("tombstone").path("body").isMissingNode(), "a tombstone has no body");
        }
    }

    @Test
    void repliesArriveLikeAnnotations() {
        UUID group = GroupFixtures.group("ines", "alice", "bob");
        String root = LiveFixtures.create("alice", LiveFixtures.comment(group, "Vladimir Lenin", "root"));
        try (LiveClient alice = subscribe("alice", group)) {
            var reply = LiveClient.JSON.createObjectNode();
            reply.put("@context", "http://www.w3.org/ns/anno.jsonld");
            reply.put("type", "Annotation");
            reply.put("motivation", "replying");
            reply.put("target", root);
            reply.putArray("body").addObject().put("type", "TextualBody").put("value", "a reply");
            String iri = LiveFixtures.create("bob", reply);
            JsonNode e = alice.nextEvent(WAIT);
            assertEquals("created", e.path("type").asText());
            assertEquals(iri, e.path("id").asText());
            assertEquals(root, e.path("annotation").path("target").asText());
        }
    }

    @Test
    void nothingFromOtherGroupsOrOthersPrivateNotes() {
        UUID mine = GroupFixtures.group("ines", "alice", "bob");
        UUID other = GroupFixtures.group("ivan", "alice");
        try (LiveClient bob = subscribe("bob", mine)) {
            LiveFixtures.create("alice", LiveFixtures.comment(other, "Vladimir Lenin", "not for bob's group"));
            LiveFixtures.create("alice", LiveFixtures.comment(null, "Vladimir Lenin", "alice's private note"));
            bob.assertQuiet(QUIET);
            String iri = LiveFixtures.create("alice", LiveFixtures.comment(mine, "Vladimir Lenin", "for bob's group"));
            assertEquals(iri, bob.nextEvent(WAIT).path("id").asText(), "the first event bob gets is his group's");
        }
    }

    @Test
    void aRemovedMemberIsDisconnectedAtOnceAndReceivesNothingMore() {
        UUID group = GroupFixtures.group("ines", "alice", "bob");
        try (LiveClient bob = subscribe("bob", group)) {
            GroupFixtures.leave(group, "bob");
            LiveClient.Close close = bob.awaitClose(WAIT);
            assertEquals(LiveProtocol.ACCESS_REVOKED, close.code(), close.toString());
            LiveFixtures.create("alice", LiveFixtures.comment(group, "Vladimir Lenin", "after bob left"));
            bob.assertQuiet(QUIET);
        }
    }

    @Test
    void aRoleChangeTellsTheSubscriberToReload() {
        UUID group = GroupFixtures.group("ines", "alice", "bob");
        try (LiveClient bob = subscribe("bob", group)) {
            GroupFixtures.join(group, "bob", "moderator");
            assertEquals("reload", bob.nextEvent(WAIT).path("type").asText());
        }
    }

    /** "NOTIFY ... if executed inside a transaction, the notify event is not delivered until and unless the transaction is committed." (PostgreSQL, NOTIFY) */
    @Test
    void aRolledBackWriteAnnouncesNothing() throws Exception {
        UUID group = GroupFixtures.group("ines", "alice", "bob");
        UUID doc = LiveFixtures.documentId();
        UUID alice = LiveFixtures.userId("alice");
        UUID rolledBack = UUID.randomUUID();
        try (LiveClient bob = subscribe("bob", group); Connection c = connection()) {
            c.setAutoCommit(false);
            try (Statement st = c.createStatement()) {
                st.executeUpdate(LiveFixtures.insertHighlight(rolledBack, doc, alice, group));
            }
            c.rollback();
            bob.assertQuiet(QUIET);
            assertEquals(0, GroupFixtures.count("SELECT count(*) FROM live_event WHERE annotation_id = '" + rolledBack + "'"));
            String iri = LiveFixtures.create("alice", LiveFixtures.comment(group, "Vladimir Lenin", "committed"));
            assertEquals(iri, bob.nextEvent(WAIT).path("id").asText());
        }
    }

    /**
     * The outbox pitfall: a cursor taken by a transaction that commits after a later cursor's
     * transaction must still reach subscribers, and before the later one.
     */
    @Test
    void anEarlierCursorThatCommitsLaterIsNotSkipped() throws Exception {
        UUID group = GroupFixtures.group("ines", "alice", "bob");
        UUID doc = LiveFixtures.documentId();
        UUID alice = LiveFixtures.userId("alice");
        UUID slow = UUID.randomUUID();
        UUID fast = UUID.randomUUID();
        try (LiveClient bob = subscribe("bob", group); Connection first = connection(); Connection second = connection()) {
            first.setAutoCommit(false);
            second.setAutoCommit(false);
            try (Statement a = first.createStatement(); Statement b = second.createStatement()) {
                a.executeUpdate(LiveFixtures.insertHighlight(slow, doc, alice, group));
                b.executeUpdate(LiveFixtures.insertHighlight(fast, doc, alice, group));
            }
            second.commit();
            bob.assertQuiet(QUIET);
            first.commit();
            JsonNode one = bob.nextEvent(WAIT);
            JsonNode two = bob.nextEvent(WAIT);
            assertEquals(List.of(slow.toString(), fast.toString()), List.of(uuidOf(one), uuidOf(two)), "cursor order");
            assertTrue(position(one) < position(two));
        }
    }

    @Test
    void aCursorBurntByARollbackDoesNotStopTheStream() throws Exception {
        UUID group = GroupFixtures.group("ines", "alice", "bob");
        UUID doc = LiveFixtures.documentId();
        UUID alice = LiveFixtures.userId("alice");
        try (LiveClient bob = subscribe("bob", group); Connection first = connection()) {
            first.setAutoCommit(false);
            try (Statement a = first.createStatement()) {
                a.executeUpdate(LiveFixtures.insertHighlight(UUID.randomUUID(), doc, alice, group));
            }
            String iri = LiveFixtures.create("alice", LiveFixtures.comment(group, "Vladimir Lenin", "after the gap"));
            first.rollback();
            assertEquals(iri, bob.nextEvent(WAIT).path("id").asText());
        }
    }

    @Test
    void aReconnectWithSinceCatchesUpOnceAndInOrder() {
        UUID group = GroupFixtures.group("ines", "alice", "bob");
        String since;
        try (LiveClient bob = LiveClient.bearer(LiveFixtures.url(group, null), Tokens.of("bob"))) {
            since = bob.next("ready").path("cursor").asText();
        }
        String a1 = LiveFixtures.create("alice", LiveFixtures.comment(group, "Vladimir Lenin", "one"));
        String a2 = LiveFixtures.create("alice", LiveFixtures.comment(group, "Vladimir Lenin", "two"));
        LiveFixtures.update("alice", a1, LiveFixtures.comment(group, "Vladimir Lenin", "one, edited"));
        String a3 = LiveFixtures.create("alice", LiveFixtures.comment(group, "Vladimir Lenin", "three"));
        LiveFixtures.delete("alice", a3);
        String last;
        try (LiveClient bob = LiveClient.bearer(LiveFixtures.url(group, since), Tokens.of("bob"))) {
            JsonNode e1 = bob.nextEvent(WAIT);
            JsonNode e2 = bob.nextEvent(WAIT);
            JsonNode e3 = bob.nextEvent(WAIT);
            JsonNode ready = bob.nextEvent(WAIT);
            // each annotation once, as it is now, in the order of its latest change
            assertEquals(List.of(a2, a1, a3), List.of(e1.path("id").asText(), e2.path("id").asText(), e3.path("id").asText()));
            assertEquals(List.of("created", "updated", "deleted"),
                    List.of(e1.path("type").asText(), e2.path("type").asText(), e3.path("type").asText()));
            assertEquals("one, edited", e2.path("annotation").path("body").path(0).path("value").asText());
            assertEquals("ready", ready.path("type").asText());
            last = ready.path("cursor").asText();
            assertTrue(position(ready) >= position(e3));
        }
        try (LiveClient bob = LiveClient.bearer(LiveFixtures.url(group, last), Tokens.of("bob"))) {
            assertEquals("ready", bob.nextEvent(WAIT).path("type").asText(), "nothing is shown twice");
            bob.assertQuiet(QUIET);
        }
    }

    @Test
    void aCursorOlderThanRetentionOrUnknownMeansReload() throws Exception {
        UUID group = GroupFixtures.group("ines", "alice", "bob");
        LiveFixtures.create("alice", LiveFixtures.comment(group, "Vladimir Lenin", "old news"));
        long newest = GroupFixtures.count("SELECT max(id) FROM live_event");
        GroupFixtures.count("WITH x AS (UPDATE live_event SET created_at = now() - interval '8 days' WHERE id <= " + newest
                + " RETURNING 1) SELECT count(*) FROM x");
        assertTrue(store.purge(Duration.ofDays(7)) > 0, "retention deletes what is older than the period");
        assertEquals(0, GroupFixtures.count("SELECT count(*) FROM live_event WHERE id <= " + newest));
        assertTrue(store.purgedThrough() >= newest);
        try (LiveClient bob = LiveClient.bearer(LiveFixtures.url(group, cursors.seal(newest - 1)), Tokens.of("bob"))) {
            JsonNode m = bob.nextEvent(WAIT);
            assertEquals("reload", m.path("type").asText(), m.toString());
        }
        try (LiveClient bob = LiveClient.bearer(LiveFixtures.url(group, cursors.seal(newest + 1_000_000)), Tokens.of("bob"))) {
            assertEquals("reload", bob.nextEvent(WAIT).path("type").asText(), "a cursor from the future is not ours");
        }
        try (LiveClient bob = LiveClient.bearer(LiveFixtures.url(group, cursors.seal(newest)), Tokens.of("bob"))) {
            assertEquals("ready", bob.nextEvent(WAIT).path("type").asText(), "the purge mark itself is still a valid cursor");
        }
        assertEquals(0, store.purge(Duration.ofDays(7)), "running retention again changes nothing");
    }

    @Test
    void presenceCountsPeopleReadingTheGroupNow() {
        UUID group = GroupFixtures.group("ines", "alice", "bob");
        try (LiveClient alice = subscribe("alice", group)) {
            assertEquals(1, alice.next("presence").path("readers").asInt());
            try (LiveClient bob = subscribe("bob", group); LiveClient bobAgain = subscribe("bob", group)) {
                assertEquals(2, bob.next(m -> m.path("readers").asInt() == 2, WAIT).path("readers").asInt());
                assertEquals(2, alice.next("presence").path("readers").asInt(), "two people, whatever their tabs");
            }
            assertEquals(1, alice.next("presence").path("readers").asInt());
        }
    }

    private static String uuidOf(JsonNode event) {
        String id = event.path("id").asText();
        return id.substring(id.lastIndexOf('/') + 1);
    }

    private static Connection connection() throws Exception {
        return DriverManager.getConnection(TestStack.get().postgres.jdbcUrl("scholion"), "scholion", TestStack.DB_PASSWORD);
    }
}
