package org.scholion.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The shared buckets in the real database: taking, pushing, and the SQL and Java forms of the refill agreeing. */
@QuarkusTest
class RateBucketsTest {
    @Inject
    RateBuckets buckets;
    @Inject
    AgroalDataSource db;

    @Test
    void theRefillInSqlIsTheRefillInJava() throws SQLException {
        String subject = "agree-" + UUID.randomUUID();
        double[][] cases = {{0, 0}, {1.5, 2}, {-4, 3}, {9, 60}, {0.25, 0.5}};
        for (double[] c : cases) {
            try (Connection con = db.getConnection(); PreparedStatement ps = con.prepareStatement("""
                    INSERT INTO rate_bucket (subject, kind, tokens, at) VALUES (?, 'read', ?, clock_timestamp() - make_interval(secs => ?))
                    ON CONFLICT (subject, kind) DO UPDATE SET tokens = excluded.tokens, at = excluded.at""")) {
                ps.setString(1, subject);
                ps.setDouble(2, c[0]);
                ps.setDouble(3, c[1]);
                ps.executeUpdate();
            }
            double sql;
            try (Connection con = db.getConnection(); PreparedStatement ps = con.prepareStatement(
                    "SELECT " + RateBuckets.LEVEL + " FROM rate_bucket b WHERE subject = ? AND kind = 'read'")) {
                ps.setDouble(1, 10);
                ps.setDouble(2, 0.5);
                ps.setString(3, subject);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    sql = rs.getDouble(1);
                }
            }
            // the statement runs a few milliseconds after the row's time: at 0.5 a second, well under 0.01
            assertEquals(RateBuckets.level(c[0], c[1], 10, 0.5), sql, 0.01, "tokens " + c[0] + " after " + c[1] + " s");
        }
    }

    @Test
    void aBucketGivesItsBurstThenRefusesWithTheTimeToTheNextToken() throws SQLException {
        String subject = "take-" + UUID.randomUUID();
        for (int i = 0; i < 3; i++) {
            assertTrue(buckets.take(subject, RateBuckets.Kind.WRITE, 3, 1 / 60.0).taken());
        }
        RateBuckets.Take refused = buckets.take(subject, RateBuckets.Kind.WRITE, 3, 1 / 60.0);
        assertFalse(refused.taken());
        assertTrue(refused.retryAfterSeconds() >= 59 && refused.retryAfterSeconds() <= 60, "one a minute: " + refused.retryAfterSeconds());
        double before = tokens(subject, "write");
        assertFalse(buckets.take(subject, RateBuckets.Kind.WRITE, 3, 1 / 60.0).taken());
        assertEquals(before, tokens(subject, "write"), 0.0, "a refusal changes nothing");
        // the read bucket of the same user is another
        assertTrue(buckets.take(subject, RateBuckets.Kind.READ, 3, 1 / 60.0).taken());
    }

    @Test
    void aPushSubtractsWhatWasUsedFromEachBucketInOneStatement() throws SQLException {
        String fresh = "push-new-" + UUID.randomUUID();
        String known = "push-known-" + UUID.randomUUID();
        Map<String, Integer> used = new LinkedHashMap<>();
        used.put(known, 4);
        assertEquals(6, buckets.push(RateBuckets.Kind.READ, used, 10, 1 / 3600.0).get(known), 0.01);
        used.clear();
        used.put(fresh, 2);
        used.put(known, 9);
        Map<String, Double> levels = buckets.push(RateBuckets.Kind.READ, used, 10, 1 / 3600.0);
        assertEquals(8, levels.get(fresh), 0.01, "a new bucket starts full");
        assertEquals(-3, levels.get(known), 0.01, "what the instances let through beyond the level is owed");
        assertEquals(-3, tokens(known, "read"), 0.01);
    }

    private double tokens(String subject, String kind) throws SQLException {
        try (Connection con = db.getConnection();
                PreparedStatement ps = con.prepareStatement("SELECT tokens FROM rate_bucket WHERE subject = ? AND kind = ?")) {
            ps.setString(1, subject);
            ps.setString(2, kind);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getDouble(1);
            }
        }
    }
}
