package org.scholion.live;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.scholion.testing.GroupFixtures;
import org.scholion.testing.RawHttp;
import org.scholion.testing.Tokens;

/**
 * How many live sockets one user may hold and how fast they may open them (issue 17, finding 3),
 * with the defaults: 8 sockets per user, upgrades 10 at once then 1 a second per user. Each test
 * uses a user of its own, so it spends no other test's allowance.
 */
@QuarkusTest
@TestProfile(LiveDefaultLimits.class)
class LiveLimitsTest {
    static final Duration WAIT = Duration.ofSeconds(10);

    @Inject
    LiveConfig config;

    /**
     * RFC 6585 §4: "The 429 status code indicates that the user has sent too many requests in a
     * given amount of time ... The response representations SHOULD include details explaining the
     * condition, and MAY include a Retry-After header indicating how long to wait before making a
     * new request."
     */
    @Test
    void oneSocketMoreThanAUserMayHoldIsRefusedWith429AndOtherUsersAreNot() throws Exception {
        String student = LiveFixtures.newStudent("tabs");
        UUID group = GroupFixtures.group("ines", student, "dave");
        String token = Tokens.of(student);
        List<LiveClient> tabs = new ArrayList<>();
        try {
            for (int i = 0; i < config.maxSocketsPerUser(); i++) {
                LiveClient c = LiveClient.bearer(LiveFixtures.url(group, null), token);
                tabs.add(c);
                c.next("ready");
            }
            RawHttp.Answer refused = upgrade(group, token);
            assertEquals(429, refused.status(), refused.toString());
            assertTrue(refused.header("Content-Type").startsWith("application/problem+json"), refused.toString());
            JsonNode problem = LiveClient.JSON.readTree(refused.body());
            assertEquals(429, problem.path("status").asInt());
            assertTrue(problem.path("detail").asText().contains(config.maxSocketsPerUser() + " live connections"), problem.toString());
            assertNotNull(refused.header("Retry-After"));

            try (LiveClient dave = LiveClient.bearer(LiveFixtures.url(group, null), Tokens.of("dave"))) {
                assertEquals("ready", dave.nextEvent(WAIT).path("type").asText(), "another user is not affected");
            }

            tabs.remove(0).close();
            LiveClient again = awaitAccepted(group, token);
            tabs.add(again);
            assertEquals("ready", again.nextEvent(WAIT).path("type").asText(), "a closed tab frees its place");
        } finally {
            tabs.forEach(LiveClient::close);
        }
    }

    @Test
    void upgradesFasterThanTheUsersBucketAreRefusedWith429AndRetryAfter() throws Exception {
        String student = LiveFixtures.newStudent("burst");
        UUID notTheirs = GroupFixtures.group("ines", "dave");
        String token = Tokens.of(student);
        Map<String, String> auth = Map.of("Authorization", "Bearer " + token);
        // each attempt is a full upgrade check (here refused: a group the student is not in), so each costs a token
        int passed = 0;
        int status;
        while ((status = LiveClient.refusal(LiveFixtures.url(notTheirs, null), auth)) == 404) {
            passed++;
            assertTrue(passed < 40, "the bucket never ran dry");
        }
        assertEquals(429, status);
        assertTrue(passed >= config.upgradeBurstPerUser(), "the burst passes first: " + passed);
        RawHttp.Answer refused = upgrade(notTheirs, token);
        assertEquals(429, refused.status(), refused.toString());
        assertEquals("application/problem+json", refused.header("Content-Type"));
        long retryAfter = Long.parseLong(refused.header("Retry-After"));
        assertTrue(retryAfter >= 1, refused.toString());
        assertTrue(LiveClient.JSON.readTree(refused.body()).path("detail").asText().contains("Try again in"), refused.body());

        UUID mine = GroupFixtures.group("ines", "dave");
        try (LiveClient dave = LiveClient.bearer(LiveFixtures.url(mine, null), Tokens.of("dave"))) {
            assertEquals("ready", dave.nextEvent(WAIT).path("type").asText(), "another user's upgrades are not counted against them");
        }
        Thread.sleep(retryAfter * 1000);
        assertEquals(404, LiveClient.refusal(LiveFixtures.url(notTheirs, null), auth), "after Retry-After the next upgrade is checked again");
    }

    /** The race past the gate: counted atomically when the socket opens (the gate only reads the counts). */
    @Test
    void theHubCountsSocketsPerUserAndPerInstanceAtomically() {
        LiveConfig small = LiveUnitsTest.config(Map.of("maxSocketsPerUser", 2, "maxSockets", 3));
        LiveSockets hub = new LiveSockets(small);
        Subscription a1 = LiveUnitsTest.subscription("ann");
        Subscription a2 = LiveUnitsTest.subscription(a1.user);
        Subscription a3 = LiveUnitsTest.subscription(a1.user);
        Subscription b1 = LiveUnitsTest.subscription("ben");
        Subscription b2 = LiveUnitsTest.subscription(b1.user);
        assertNull(hub.reserve(a1));
        assertNull(hub.reserve(a2));
        assertTrue(hub.reserve(a3).contains("2 live connections"), "the user's third");
        assertNull(hub.reserve(b1), "another user may");
        assertTrue(hub.reserve(b2).contains("as many live connections as it may"), "the instance's fourth");
        assertEquals(3, hub.sockets());
        hub.release(a1);
        hub.release(a1);
        assertEquals(2, hub.sockets(), "released once");
        assertEquals(1, hub.socketsOf(a1.user.id()));
        assertNull(hub.reserve(b2));
        hub.release(a3);
        assertEquals(3, hub.sockets(), "a socket that was refused was never counted");
    }

    /** An upgrade request over a plain socket, to read a refusal's headers and body. */
    private static RawHttp.Answer upgrade(UUID group, String token) throws Exception {
        URI url = URI.create(LiveFixtures.url(group, null).replaceFirst("^ws", "http"));
        return RawHttp.send("GET", url.getRawPath() + "?" + url.getRawQuery(), Map.of("Authorization", "Bearer " + token,
                "Upgrade", "websocket", "Sec-WebSocket-Version", "13", "Sec-WebSocket-Key", "dGhlIHNhbXBsZSBub25jZQ=="), null);
    }

    /** The server counts a closed socket out when its close arrives: retry briefly until it has. */
    private static LiveClient awaitAccepted(UUID group, String token) throws InterruptedException {
        long end = System.nanoTime() + WAIT.toNanos();
        while (true) {
            try {
                return LiveClient.bearer(LiveFixtures.url(group, null), token);
            } catch (LiveClient.Refused r) {
                assertEquals(429, r.status);
                assertTrue(System.nanoTime() < end, "the closed socket was never counted out");
                Thread.sleep(100);
            }
        }
    }
}
