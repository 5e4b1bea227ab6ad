package org.scholion.web;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.agroal.api.AgroalDataSource;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.scholion.testing.Tokens;

/**
 * Issue 20: a read limit "generous enough that a class never meets it", answered as the write limit
 * is. RFC 6585 §4: "The 429 status code indicates that the user has sent too many requests in a
 * given amount of time ("rate limiting"). The response representations SHOULD include details
 * explaining the condition, and MAY include a Retry-After header indicating how long to wait before
 * making a new request." Here it is 60 a minute after a burst of 3, and the sync with the other
 * instances runs only when the test says (every hour otherwise), so that what a read costs shows.
 */
@QuarkusTest
@TestProfile(ReadRateLimitTest.Low.class)
class ReadRateLimitTest {
    public static class Low implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            // the %test key too: application.properties turns the limit off for the test profile
            return Map.of("scholion.read-rate.per-minute", "60", "%test.scholion.read-rate.per-minute", "60",
                    "scholion.read-rate.burst", "3", "scholion.read-rate.sync", "1h");
        }
    }

    @Inject
    ReadRateLimit limit;
    @Inject
    AgroalDataSource db;
    @Inject
    MeterRegistry registry;

    @Test
    void aReaderOverTheLimitGets429WithRetryAfterAndOthersReadOn() throws Exception {
        for (int i = 0; i < 3; i++) {
            Tokens.as("bob").get("/api/documents").then().statusCode(200);
        }
        Response refused = Tokens.as("bob").get("/api/documents");
        refused.then().statusCode(429).contentType("application/problem+json")
                .body("status", equalTo(429)).body("title", equalTo("Too Many Requests"))
                .body("detail", containsString("at most 60 reads a minute"));
        int retryAfter = Integer.parseInt(refused.header("Retry-After"));
        assertTrue(retryAfter >= 1 && retryAfter <= 2, "a token comes back within a second at 60 a minute: " + retryAfter);
        assertEquals("429", String.valueOf(Tokens.as("bob").head("/api/documents").statusCode()), "HEAD is a read");

        // the limit is bob's own: a classmate reads on, and so does a reader without a token
        Tokens.as("dave").get("/api/documents").then().statusCode(200);
        assertNotEquals(429, RestAssured.given().get("/api/documents").statusCode());

        // no read asked the database: nothing is in the shared buckets until the sync pushes it
        assertEquals(null, sharedLevel("bob"));
        limit.sync();
        Double level = sharedLevel("bob");
        assertNotNull(level, "the sync pushed bob's reads");
        assertTrue(level < 1, "bob's three reads emptied his shared bucket: " + level);

        Thread.sleep(retryAfter * 1000L + 100);
        Tokens.as("bob").get("/api/documents").then().statusCode(200);
    }

    @Test
    void theBucketsAnInstanceHoldsAreAMetric() {
        Tokens.as("carol").get("/api/documents").then().statusCode(200);
        assertNotNull(registry.find("cache.size").tag("cache", "scholion.rate.read-buckets").gauge());
        assertTrue(registry.find("cache.size").tag("cache", "scholion.rate.read-buckets").gauge().value() >= 1);
    }

    /** The level of the user's shared read bucket, or null when there is none; the subject may be the name or the token's sub. */
    private Double sharedLevel(String username) throws SQLException {
        try (Connection c = db.getConnection(); PreparedStatement ps = c.prepareStatement("""
                SELECT tokens FROM rate_bucket WHERE kind = 'read'
                   AND (subject = ? OR subject IN (SELECT subject FROM app_user WHERE username = ?))""")) {
            ps.setString(1, username);
            ps.setString(2, username);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getDouble(1) : null;
            }
        }
    }
}
