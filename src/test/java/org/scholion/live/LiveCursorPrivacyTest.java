package org.scholion.live;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.scholion.testing.GroupFixtures;
import org.scholion.testing.Tokens;

/**
 * Cursors are positions in one sequence that every write takes; what a client is given must not
 * let it count the writes of others between two of its cursors (issue 17).
 */
@QuarkusTest
class LiveCursorPrivacyTest {
    static final Duration WAIT = Duration.ofSeconds(10);

    @Inject
    SealedCursors cursors;

    private static String readyCursor(String user, UUID group) {
        try (LiveClient c = LiveClient.bearer(LiveFixtures.url(group, null), Tokens.of(user))) {
            JsonNode ready = c.next("ready");
            assertTrue(ready.path("cursor").isTextual(), "a cursor is a string, not a number: " + ready);
            return ready.path("cursor").asText();
        }
    }

    @Test
    void twoCursorsAroundOtherUsersWritesLookLikeTwoCursorsAroundNone() {
        UUID bobs = GroupFixtures.group("ines", "bob");
        UUID others = GroupFixtures.group("ivan", "alice");
        String before = readyCursor("bob", bobs);
        for (int i = 0; i < 5; i++) {
            LiveFixtures.create("alice", LiveFixtures.comment(others, "Vladimir Lenin", "not bob's business " + i));
        }
        String afterWrites = readyCursor("bob", bobs);
        String again = readyCursor("bob", bobs);

        long moved = cursors.open(afterWrites).getAsLong() - cursors.open(before).getAsLong();
        assertTrue(moved >= 5, "the positions did move by alice's writes: " + moved);
        assertEquals(cursors.open(afterWrites).getAsLong(), cursors.open(again).getAsLong(), "nothing was written in between");
        // what bob sees: three strings of one length and alphabet, all different, whether writes happened or not
        for (String c : List.of(before, afterWrites, again)) {
            assertEquals(before.length(), c.length());
            assertTrue(SealedCursors.FORM.matcher(c).matches(), c);
            assertTrue(!c.chars().allMatch(Character::isDigit), "not a number: " + c);
        }
        assertNotEquals(afterWrites, again, "the same position gives another cursor: equality reveals nothing either");
    }

    @Test
    void aChangedCursorIsUnknownAndTheClientIsToldToReload() {
        UUID group = GroupFixtures.group("ines", "bob");
        String cursor = readyCursor("bob", group);
        int i = cursor.length() / 2;
        String changed = cursor.substring(0, i) + (cursor.charAt(i) == 'A' ? 'B' : 'A') + cursor.substring(i + 1);
        for (String since : List.of(changed, "12345")) {
            try (LiveClient bob = LiveClient.bearer(LiveFixtures.url(group, since), Tokens.of("bob"))) {
                JsonNode m = bob.nextEvent(WAIT);
                assertEquals("reload", m.path("type").asText(), since + ": " + m);
                assertEquals("unknown cursor", m.path("reason").asText());
                assertTrue(cursors.open(m.path("cursor").asText()).isPresent(), "and given a cursor of ours to go on from");
            }
        }
    }

    @Test
    void everyCursorAClientIsGivenIsSealed() {
        UUID group = GroupFixtures.group("ines", "alice", "bob");
        try (LiveClient bob = LiveClient.bearer(LiveFixtures.url(group, null), Tokens.of("bob"))) {
            String ready = bob.next("ready").path("cursor").asText();
            String iri = LiveFixtures.create("alice", LiveFixtures.comment(group, "Vladimir Lenin", "sealed"));
            JsonNode created = bob.nextEvent(WAIT);
            assertEquals(iri, created.path("id").asText());
            assertTrue(cursors.open(ready).isPresent());
            assertTrue(cursors.open(created.path("cursor").asText()).isPresent(), created.toString());
            GroupFixtures.join(group, "bob", "moderator");
            JsonNode reload = bob.nextEvent(WAIT);
            assertEquals("reload", reload.path("type").asText());
            assertTrue(cursors.open(reload.path("cursor").asText()).isPresent(), reload.toString());
        }
    }
}
