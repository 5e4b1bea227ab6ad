package org.scholion.live;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.scholion.testing.GroupFixtures;
import org.scholion.testing.Tokens;

/** What clients send is tiny; anything else is answered or refused, and the server stays up for everyone else. */
@QuarkusTest
class LiveBadInputTest {
    static final Duration WAIT = Duration.ofSeconds(10);

    private static LiveClient subscribe(UUID group) {
        LiveClient c = LiveClient.bearer(LiveFixtures.url(group, null), Tokens.of("bob"));
        c.next("ready");
        return c;
    }

    @Test
    void pingIsAnsweredAndAnythingElseIsAnErrorMessage() {
        UUID group = GroupFixtures.group("ines", "bob");
        try (LiveClient c = subscribe(group)) {
            c.send("{\"type\":\"ping\"}");
            assertEquals("pong", c.nextEvent(WAIT).path("type").asText());
            for (String bad : new String[] { "{not json", "[]", "\"ping\"", "{\"type\":\"subscribe\",\"group\":\"x\"}", "" }) {
                c.send(bad);
                JsonNode m = c.nextEvent(WAIT);
                assertEquals("error", m.path("type").asText(), bad);
                assertTrue(m.path("detail").asText().contains("ping"), m.toString());
            }
            c.send("{\"type\":\"ping\"}");
            assertEquals("pong", c.nextEvent(WAIT).path("type").asText(), "the socket still works");
        }
    }

    /** RFC 6455 §7.4.1: "1009 indicates that an endpoint is terminating the connection because it has received a message that is too big for it to process." */
    @Test
    void anOversizedFrameClosesThatSocketWith1009() {
        UUID group = GroupFixtures.group("ines", "bob");
        try (LiveClient c = subscribe(group); LiveClient other = subscribe(group)) {
            c.send("{\"type\":\"ping\",\"pad\":\"" + "x".repeat(5_000) + "\"}");
            assertEquals(1009, c.awaitClose(WAIT).code());
            try (LiveClient huge = subscribe(group)) {
                // past Vert.x's own frame limit the connection is simply dropped
                try {
                    huge.send("x".repeat(200_000));
                } catch (RuntimeException dropped) {
                    // the server may cut the connection while the frame is still being written
                }
                assertTrue(huge.awaitClose(WAIT).code() != 1000);
            }
            other.send("{\"type\":\"ping\"}");
            assertEquals("pong", other.nextEvent(WAIT).path("type").asText(), "other subscribers are unaffected");
        }
    }

    /** RFC 6455 §7.4.1: "1003 indicates that an endpoint is terminating the connection because it has received a type of data it cannot accept". */
    @Test
    void aBinaryFrameClosesWith1003() {
        UUID group = GroupFixtures.group("ines", "bob");
        try (LiveClient c = subscribe(group)) {
            c.sendBinary(new byte[] { 1, 2, 3 });
            assertEquals(1003, c.awaitClose(WAIT).code());
        }
    }

    @Test
    void aFloodOfFramesIsRateLimitedThenClosed() {
        UUID group = GroupFixtures.group("ines", "bob");
        try (LiveClient c = subscribe(group)) {
            for (int i = 0; i < 200 && !c.closed.isDone(); i++) {
                try {
                    c.send("{\"type\":\"ping\"}");
                } catch (RuntimeException closedMeanwhile) {
                    break;
                }
            }
            assertEquals(LiveProtocol.TOO_MANY_MESSAGES, c.awaitClose(WAIT).code());
            long pongs = c.messages.stream().filter(m -> "pong".equals(m.path("type").asText())).count();
            assertTrue(pongs <= 25, "at most the burst (20) plus what the rate refilled was answered: " + pongs);
        }
        try (LiveClient again = subscribe(group)) {
            again.send("{\"type\":\"ping\"}");
            assertEquals("pong", again.nextEvent(WAIT).path("type").asText(), "the flooder may come back and behave");
        }
    }
}
