package org.scholion.live;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.test.junit.QuarkusTest;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.scholion.testing.GroupFixtures;
import org.scholion.testing.TestStack;
import org.scholion.testing.Tokens;

/**
 * One member cannot stall live updates for everyone else (issue 17, finding 3): catching up a
 * reconnecting member's missed annotations is work for that member's sockets, not a queue every
 * other group's events wait behind.
 */
@QuarkusTest
class LiveFairnessTest {
    static final int HIGHLIGHTS = 150;
    static final int SOCKETS = 30;
    static final long LIMIT_MILLIS = 100;

    @Test
    void anotherGroupsEventArrivesWithin100msWhileOneUserCatchesUpOnManySockets() throws Exception {
        UUID crowded = GroupFixtures.group("ines", "carol");
        UUID other = GroupFixtures.group("ivan", "alice", "bob");
        String since;
        try (LiveClient c = LiveClient.bearer(LiveFixtures.url(crowded, null), Tokens.of("carol"))) {
            since = c.next("ready").path("cursor").asText();
        }
        highlights(crowded, LiveFixtures.userId("carol"), HIGHLIGHTS);
        String carol = Tokens.of("carol");
        ExecutorService pool = Executors.newFixedThreadPool(SOCKETS);
        List<LiveClient> opened = new ArrayList<>();
        try (LiveClient bob = LiveClient.bearer(LiveFixtures.url(other, null), Tokens.of("bob"))) {
            bob.next("ready");
            List<Future<LiveClient>> attempts = new ArrayList<>();
            for (int i = 0; i < SOCKETS; i++) {
                attempts.add(pool.submit(() -> {
                    try {
                        return LiveClient.bearer(LiveFixtures.url(crowded, since), carol);
                    } catch (LiveClient.Refused refused) {
                        return null;
                    }
                }));
            }
            for (Future<LiveClient> f : attempts) {
                LiveClient c = f.get(60, TimeUnit.SECONDS);
                if (c != null) {
                    opened.add(c);
                }
            }
            assertTrue(!opened.isEmpty(), "carol opened sockets");

            // while carol's sockets catch up, alice writes in another group: bob must not wait for carol
            List<Long> millis = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                String iri = LiveFixtures.create("alice", LiveFixtures.comment(other, "Vladimir Lenin", "meanwhile " + i));
                long committed = System.nanoTime();
                bob.next(m -> iri.equals(m.path("id").asText()), Duration.ofSeconds(60));
                millis.add((System.nanoTime() - committed) / 1_000_000);
                Thread.sleep(200);
            }
            System.out.printf("[fairness] %d of %d sockets of carol opened; bob's events arrived after %s ms%n", opened.size(), SOCKETS,
                    millis);
            assertTrue(millis.stream().allMatch(ms -> ms < LIMIT_MILLIS),
                    "another group's events arrive within " + LIMIT_MILLIS + " ms of their commit: " + millis);

            // and carol's sockets are not short-changed: each gets all it missed, then ready
            for (LiveClient c : opened) {
                if (c.closed.isDone()) {
                    continue;
                }
                int created = 0;
                JsonNode m;
                while (!"ready".equals((m = c.nextEvent(Duration.ofSeconds(60))).path("type").asText())) {
                    assertEquals("created", m.path("type").asText(), m.toString());
                    created++;
                }
                assertEquals(HIGHLIGHTS, created, "every missed highlight, once");
            }
        } finally {
            opened.forEach(LiveClient::close);
            pool.shutdownNow();
        }
    }

    /** Carol's highlights, in one transaction (as a fast client or an import would make them). */
    private static void highlights(UUID group, UUID author, int n) throws Exception {
        UUID doc = LiveFixtures.documentId();
        try (Connection c = DriverManager.getConnection(TestStack.get().postgres.jdbcUrl("scholion"), "scholion",
                TestStack.DB_PASSWORD); Statement st = c.createStatement()) {
            c.setAutoCommit(false);
            for (int i = 0; i < n; i++) {
                st.executeUpdate(LiveFixtures.insertHighlight(UUID.randomUUID(), doc, author, group));
            }
            c.commit();
        }
    }
}
