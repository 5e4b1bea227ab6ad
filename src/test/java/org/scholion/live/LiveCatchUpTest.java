package org.scholion.live;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.arc.Arc;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.hibernate.SessionFactory;
import org.hibernate.stat.Statistics;
import org.junit.jupiter.api.Test;
import org.scholion.security.AppUser;
import org.scholion.security.UserRef;
import org.scholion.testing.GroupFixtures;
import org.scholion.testing.TestStack;
import org.scholion.testing.Tokens;

/**
 * Catching up runs beside the live stream, off its thread; the hub's guarantees must hold all the
 * same: each annotation once, in cursor order, nothing lost between the catch-up and the stream.
 */
@QuarkusTest
class LiveCatchUpTest {
    static final Duration WAIT = Duration.ofSeconds(30);

    @Inject
    SealedCursors cursors;
    @Inject
    LiveAudience audience;

    @Test
    void writesDuringACatchUpArriveOnceInCursorOrderAndNoneIsLost() throws Exception {
        UUID group = GroupFixtures.group("ines", "alice", "bob");
        UUID doc = LiveFixtures.documentId();
        UUID alice = LiveFixtures.userId("alice");
        String since;
        try (LiveClient bob = LiveClient.bearer(LiveFixtures.url(group, null), Tokens.of("bob"))) {
            since = bob.next("ready").path("cursor").asText();
        }
        List<UUID> missed = insert(doc, alice, group, 60, false);
        // while bob's catch-up is prepared, more annotations commit one by one
        CompletableFuture<List<UUID>> meanwhile = CompletableFuture.supplyAsync(() -> {
            try {
                return insert(doc, alice, group, 60, true);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        try (LiveClient bob = LiveClient.bearer(LiveFixtures.url(group, since), Tokens.of("bob"))) {
            List<UUID> written = new ArrayList<>(missed);
            written.addAll(meanwhile.get());
            Map<String, Integer> seen = new HashMap<>();
            long last = -1;
            int readies = 0;
            while (seen.size() < written.size()) {
                JsonNode m = bob.nextEvent(WAIT);
                long position = cursors.open(m.path("cursor").asText()).orElseThrow();
                if ("ready".equals(m.path("type").asText())) {
                    readies++;
                    assertTrue(position >= last, "ready comes after what it replayed: " + m);
                } else {
                    assertEquals("created", m.path("type").asText(), m.toString());
                    assertTrue(position > last, "in cursor order: " + m);
                    seen.merge(m.path("id").asText(), 1, Integer::sum);
                }
                last = position;
            }
            assertEquals(1, readies);
            assertTrue(seen.values().stream().allMatch(n -> n == 1), "each annotation once: " + seen);
            assertEquals(written.stream().map(u -> u.toString()).collect(java.util.stream.Collectors.toSet()),
                    seen.keySet().stream().map(iri -> iri.substring(iri.lastIndexOf('/') + 1)).collect(java.util.stream.Collectors.toSet()));
            bob.assertQuiet(Duration.ofMillis(500));
        }
    }

    /** The catch-up is decided in one batch: the same number of statements for 150 missed annotations as for 5. */
    @Test
    void aCatchUpCostsAFixedNumberOfStatementsWhateverHowMuchWasMissed() throws Exception {
        UUID group = GroupFixtures.group("ines", "alice", "bob");
        UUID doc = LiveFixtures.documentId();
        UUID alice = LiveFixtures.userId("alice");
        List<UUID> few = insert(doc, alice, group, 5, false);
        List<UUID> many = insert(doc, alice, group, 150, false);
        UserRef bob = userRef("bob");
        // the document's lookup is kept after the first use: not part of what is compared
        audience.sightsOf(LiveFixtures.SLUG, bob, List.of(few.get(0)));
        Map<UUID, LiveAudience.Sight>[] decided = new Map[2];
        long forFew = statements(() -> decided[0] = audience.sightsOf(LiveFixtures.SLUG, bob, few));
        long forMany = statements(() -> decided[1] = audience.sightsOf(LiveFixtures.SLUG, bob, many));
        assertEquals(Set.copyOf(few), decided[0].keySet());
        assertEquals(Set.copyOf(many), decided[1].keySet());
        assertTrue(decided[1].values().stream().allMatch(s -> s instanceof LiveAudience.Visible), "bob sees alice's highlights");
        assertEquals(forFew, forMany, "statements for 5 and for 150 missed annotations");
        assertTrue(forMany <= 5, "a handful of statements: " + forMany);
    }

    /**
     * The batch is the same decision as the one the live stream makes per event: for every viewer
     * and annotation, {@code sightsOf} says what {@code sights} says (one rule, two ways of loading).
     */
    @Test
    void theBatchDecidesEachAnnotationAsTheLiveStreamDoes() throws Exception {
        UUID group = GroupFixtures.group("ines", "alice", "bob");
        UUID waiting = GroupFixtures.group("ines", "alice", "bob");
        UUID doc = LiveFixtures.documentId();
        UUID alice = LiveFixtures.userId("alice");
        UUID bobId = LiveFixtures.userId("bob");
        List<UUID> ids = new ArrayList<>(insert(doc, alice, group, 8, false));
        ids.addAll(insert(doc, bobId, group, 1, false));
        ids.addAll(insert(doc, alice, waiting, 1, false));
        GroupFixtures.count("WITH x AS (UPDATE classroom_group SET hide_peers_until_post = true WHERE id = '" + waiting
                + "' RETURNING 1) SELECT count(*) FROM x");
        sql("UPDATE annotation SET moderation = 'hidden', moderation_reason = 'spam' WHERE id IN ('" + ids.get(1) + "', '" + ids.get(8) + "')");
        sql("UPDATE annotation SET moderation = 'pending', ever_visible = false WHERE id = '" + ids.get(2) + "'");
        sql("UPDATE annotation SET moderation = 'pending' WHERE id = '" + ids.get(3) + "'");
        sql("UPDATE annotation SET deleted_at = now() WHERE id = '" + ids.get(4) + "'");
        sql("UPDATE annotation SET locked_at = now() WHERE id = '" + ids.get(5) + "'");
        sql("INSERT INTO annotation_upvote (annotation_id, user_id, upvoted_at) VALUES ('" + ids.get(6) + "', '" + bobId + "', now())");
        ids.add(UUID.randomUUID());

        Set<Class<?>> kinds = new java.util.HashSet<>();
        for (String viewer : List.of("alice", "bob", "ines", "carol")) {
            UserRef v = userRef(viewer);
            Map<UUID, LiveAudience.Sight> batch = audience.sightsOf(LiveFixtures.SLUG, v, ids);
            for (UUID id : ids) {
                LiveAudience.Sight one = audience.sights(LiveFixtures.SLUG, id, List.of(v)).getOrDefault(v.id(), LiveAudience.UNSEEN);
                assertEquals(one, batch.getOrDefault(id, LiveAudience.UNSEEN), viewer + " on annotation " + ids.indexOf(id));
                kinds.add(one.getClass());
            }
        }
        assertEquals(Set.of(LiveAudience.Visible.class, LiveAudience.Deleted.class, LiveAudience.Withdrawn.class,
                LiveAudience.Unseen.class), kinds, "the fixture covers every kind of sight");
    }

    private static void sql(String statement) throws Exception {
        try (Connection c = DriverManager.getConnection(TestStack.get().postgres.jdbcUrl("scholion"), "scholion",
                TestStack.DB_PASSWORD); Statement st = c.createStatement()) {
            st.executeUpdate(statement);
        }
    }

    private static long statements(Runnable r) {
        Statistics stats = Arc.container().instance(SessionFactory.class).get().getStatistics();
        stats.clear();
        r.run();
        return stats.getPrepareStatementCount();
    }

    private static UserRef userRef(String username) {
        UUID id = LiveFixtures.userId(username);
        AppUser u = QuarkusTransaction.requiringNew().call(() -> AppUser.<AppUser>findById(id));
        return new UserRef(u.id, u.subject, u.username, u.displayName, Set.of("student"));
    }

    /** Highlights by SQL: in one transaction, or each in its own (committing one after another). */
    private static List<UUID> insert(UUID doc, UUID author, UUID group, int n, boolean oneByOne) throws Exception {
        List<UUID> ids = new ArrayList<>();
        try (Connection c = DriverManager.getConnection(TestStack.get().postgres.jdbcUrl("scholion"), "scholion",
                TestStack.DB_PASSWORD); Statement st = c.createStatement()) {
            c.setAutoCommit(oneByOne);
            for (int i = 0; i < n; i++) {
                UUID id = UUID.randomUUID();
                st.executeUpdate(LiveFixtures.insertHighlight(id, doc, author, group));
                ids.add(id);
                if (oneByOne) {
                    Thread.sleep(2);
                }
            }
            if (!oneByOne) {
                c.commit();
            }
        }
        return ids;
    }
}
