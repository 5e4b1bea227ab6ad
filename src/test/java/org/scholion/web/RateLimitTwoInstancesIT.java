package org.scholion.web;

import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.restassured.response.Response;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.scholion.devstack.Ports;
import org.scholion.testing.AppInstance;
import org.scholion.testing.TestStack;
import org.scholion.testing.Tokens;

/**
 * Issue 20, "Rate limits are per instance": with the buckets in each instance's memory, a user whose
 * requests a load balancer spreads over n instances got n times the limit. Here two instances of the
 * packaged app share one database, and a user alternates between them. RFC 6585 §4: "The 429 status
 * code indicates that the user has sent too many requests in a given amount of time ("rate
 * limiting"). The response representations SHOULD include details explaining the condition, and MAY
 * include a Retry-After header indicating how long to wait before making a new request."
 *
 * <p>Its own two instances (not {@code TwoInstances}, whose limits are off): changes a burst of
 * {@value #WRITE_BURST} then one a minute; reads a burst of {@value #READ_BURST} then
 * {@value #READ_PER_MINUTE} a minute, synced every second (the default).
 */
class RateLimitTwoInstancesIT {
    static final int WRITE_BURST = 4;
    static final int READ_BURST = 5;
    static final int READ_PER_MINUTE = 120;
    private static AppInstance a;
    private static AppInstance b;

    @BeforeAll
    static void start() throws Exception {
        int portA = Ports.free();
        String publicUrl = "http://localhost:" + portA;
        Map<String, String> env = Map.of("SCHOLION_WRITE_RATE_PER_MINUTE", "1", "SCHOLION_WRITE_BURST", String.valueOf(WRITE_BURST),
                "SCHOLION_READ_RATE_PER_MINUTE", String.valueOf(READ_PER_MINUTE), "SCHOLION_READ_BURST", String.valueOf(READ_BURST));
        a = AppInstance.start("rate-a", portA, publicUrl, env);
        b = AppInstance.start("rate-b", publicUrl, env);
    }

    @AfterAll
    static void stop() {
        if (b != null) {
            b.close();
        }
        if (a != null) {
            a.close();
        }
    }

    @Test
    void aUserAlternatingBetweenInstancesGetsOneBurstOfChangesNotTwo() throws Exception {
        forget("ines", "ivan");
        long before = groupsBy("ines");
        List<Integer> statuses = new ArrayList<>();
        Response refused = null;
        for (int i = 0; i < 2 * WRITE_BURST; i++) {
            Response r = createGroup(i % 2 == 0 ? a : b, "ines", "Alternating " + i);
            statuses.add(r.statusCode());
            if (r.statusCode() == 429 && refused == null) {
                refused = r;
            }
        }
        List<Integer> expected = new ArrayList<>();
        for (int i = 0; i < 2 * WRITE_BURST; i++) {
            expected.add(i < WRITE_BURST ? 201 : 429);
        }
        assertEquals(expected, statuses, "the burst is the user's, whichever instance answers");
        refused.then().contentType("application/problem+json").body("status", equalTo(429));
        int retryAfter = Integer.parseInt(refused.header("Retry-After"));
        assertTrue(retryAfter >= 1 && retryAfter <= 60, "a token comes back within a minute at one a minute: " + retryAfter);
        assertEquals(before + WRITE_BURST, groupsBy("ines"), "the refused changes changed nothing");

        // the limit is ines's own: ivan changes things through either instance
        createGroup(a, "ivan", "Not slowed").then().statusCode(201);
        createGroup(b, "ivan", "Not slowed").then().statusCode(201);
    }

    /**
     * Each instance decides reads alone between two syncs, so the documented bound is what one bucket
     * allows (burst + rate × time) plus, for each instance, a burst and a sync interval's worth; and
     * less than two separate buckets would allow.
     */
    @Test
    void readsAlternatingBetweenInstancesStayWithinOneBucketAndTheDocumentedBound() throws Exception {
        // alice's token and both instances' read path are ready before the clock starts (the first of each is slow)
        Tokens.of("alice");
        Tokens.as("dave").baseUri(a.url()).get("/api/documents").then().statusCode(200);
        Tokens.as("dave").baseUri(b.url()).get("/api/documents").then().statusCode(200);
        forget("alice");
        double perSecond = READ_PER_MINUTE / 60.0;
        int accepted = 0;
        int refused = 0;
        long start = System.nanoTime();
        long end = start + 10_000_000_000L;
        for (int i = 0; System.nanoTime() < end; i++) {
            Response r = Tokens.as("alice").baseUri((i % 2 == 0 ? a : b).url()).get("/api/documents");
            if (r.statusCode() == 200) {
                accepted++;
            } else {
                assertEquals(429, r.statusCode());
                assertEquals("application/problem+json", r.contentType());
                assertTrue(Integer.parseInt(r.header("Retry-After")) >= 1);
                refused++;
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        double oneBucket = READ_BURST + perSecond * seconds;
        double bound = oneBucket + 2 * (READ_BURST + perSecond * 1.0);
        assertTrue(refused > 0, "the reads were limited");
        assertTrue(accepted >= READ_BURST, "at least a burst: " + accepted);
        assertTrue(accepted <= bound, accepted + " reads accepted in " + seconds + " s; the bound is " + bound);
        assertTrue(accepted < 2 * oneBucket, accepted + " reads: fewer than two separate buckets give (" + 2 * oneBucket + ")");
        // the limit is alice's own
        Tokens.as("dave").baseUri(b.url()).get("/api/documents").then().statusCode(200);
    }

    private static Response createGroup(AppInstance app, String user, String name) {
        return Tokens.as(user).baseUri(app.url()).contentType("application/json").body(Map.of("name", name)).post("/api/groups");
    }

    private static long groupsBy(String user) throws SQLException {
        try (Connection c = db(); PreparedStatement ps = c.prepareStatement(
                "SELECT count(*) FROM classroom_group g JOIN app_user u ON u.id = g.created_by WHERE u.username = ?")) {
            ps.setString(1, user);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    /** Buckets left by an earlier run on this database start full again. */
    private static void forget(String... users) throws SQLException {
        try (Connection c = db(); PreparedStatement ps = c.prepareStatement(
                "DELETE FROM rate_bucket WHERE subject IN (SELECT subject FROM app_user WHERE username = ANY (?)) OR subject = ANY (?)")) {
            ps.setArray(1, c.createArrayOf("text", users));
            ps.setArray(2, c.createArrayOf("text", users));
            ps.executeUpdate();
        }
    }

    private static Connection db() throws SQLException {
        return DriverManager.getConnection(TestStack.get().postgres.jdbcUrl("scholion"), "scholion", TestStack.DB_PASSWORD);
    }
}
