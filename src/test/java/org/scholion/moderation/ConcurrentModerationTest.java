package org.scholion.moderation;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.scholion.testing.GroupFixtures;
import org.scholion.testing.Tokens;

/**
 * Two moderators act on one annotation at the same moment: the row lock puts them one after the
 * other, the state is one of theirs, each has its log entry, and the second's "before" is the
 * first's "after". With the same If-Match, only one wins; the other learns it was stale (412).
 */
@QuarkusTest
class ConcurrentModerationTest {

    @Test
    void twoModeratorsAtOnceLeaveAConsistentStateAndTwoLogEntries() throws Exception {
        for (int round = 0; round < 3; round++) {
            UUID g = Mod.group("ines", "alice");
            GroupFixtures.join(g, "ivan", "moderator");
            String iri = Mod.create("alice", Mod.comment(g, "Vladimir Lenin", "contested"));
            List<Integer> statuses = both(
                    () -> hide("ines", iri, "*", "reason of ines"),
                    () -> hide("ivan", iri, "*", "reason of ivan"));
            assertEquals(List.of(200, 200), statuses);

            List<Map<String, Object>> history = Tokens.as("ines").get(Mod.path(iri) + "/moderation").then().statusCode(200)
                    .extract().path("history");
            assertEquals(2, history.size(), history.toString());
            assertEquals("hide", history.get(0).get("action"));
            assertEquals("visible", history.get(0).get("before"));
            assertEquals("hidden", history.get(0).get("after"));
            assertEquals("hidden", history.get(1).get("before"), "the second decision saw the first one's result");
            String lastReason = (String) history.get(1).get("reason");
            Mod.get("alice", iri).then().statusCode(200).body("moderationState", org.hamcrest.Matchers.equalTo("hidden"))
                    .body("moderationReason", org.hamcrest.Matchers.equalTo(lastReason));
        }
    }

    @Test
    void withTheSameIfMatchOneWinsAndTheOtherIs412() throws Exception {
        for (int round = 0; round < 3; round++) {
            UUID g = Mod.group("ines", "alice");
            GroupFixtures.join(g, "ivan", "moderator");
            String iri = Mod.create("alice", Mod.comment(g, "Vladimir Lenin", "contested"));
            String etag = Mod.etag("ines", iri);
            assertEquals(etag, Mod.etag("ivan", iri));
            List<Integer> statuses = both(
                    () -> hide("ines", iri, etag, "ines hides"),
                    () -> hide("ivan", iri, etag, "ivan hides"));
            assertEquals(List.of(200, 412), statuses.stream().sorted().toList(), statuses.toString());
        }
        UUID g = Mod.group("ines", "alice");
        String iri = Mod.create("alice", Mod.comment(g, "Vladimir Lenin", "x"));
        String stale = Mod.etag("ines", iri);
        assertEquals(200, hide("ines", iri, stale, "first"));
        Tokens.as("ines").contentType(ContentType.JSON).header("If-Match", stale).body(Map.of("state", "visible"))
                .put(Mod.path(iri) + "/moderation").then().statusCode(412).contentType("application/problem+json");
        Tokens.as("ines").contentType(ContentType.JSON).body(Map.of("state", "visible"))
                .put(Mod.path(iri) + "/moderation").then().statusCode(428).contentType("application/problem+json");
    }

    private static int hide(String moderator, String iri, String ifMatch, String reason) {
        return Tokens.as(moderator).contentType(ContentType.JSON).header("If-Match", ifMatch)
                .body(Map.of("state", "hidden", "reason", reason)).put(Mod.path(iri) + "/moderation").statusCode();
    }

    /** Runs both at once (released together) and returns their results in order. */
    private static List<Integer> both(Callable<Integer> a, Callable<Integer> b) throws Exception {
        Tokens.of("ines");
        Tokens.of("ivan");
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            CountDownLatch go = new CountDownLatch(1);
            List<Future<Integer>> futures = new ArrayList<>();
            for (Callable<Integer> c : List.of(a, b)) {
                futures.add(pool.submit(() -> {
                    go.await();
                    return c.call();
                }));
            }
            go.countDown();
            List<Integer> out = new ArrayList<>();
            for (Future<Integer> f : futures) {
                out.add(f.get());
            }
            return out;
        } finally {
            pool.shutdown();
        }
    }
}
