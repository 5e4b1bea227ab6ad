package org.scholion.system;

import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;

/**
 * Per-user token buckets that every app instance shares: one row per user and kind in the UNLOGGED
 * table {@code rate_bucket} (V15), written in autocommit with plain JDBC (no ORM session, and
 * Hibernate's statement statistics do not see it). A transaction that touched only an unlogged
 * table commits without flushing WAL, so a token costs one statement and no durable commit. All
 * times are the database's ({@code clock_timestamp()}), so the instances' clocks do not matter.
 *
 * <p>A bucket holds {@code burst} tokens at most and refills at {@code perSecond}: {@link #LEVEL} in
 * SQL and {@link #level} in Java are the one rule, written twice because the database applies it to
 * shared rows and each instance to its own view of a read bucket; {@code RateBucketsTest} checks
 * they agree.
 */
@ApplicationScoped
public class RateBuckets {
    /** What a bucket limits; the value of {@code rate_bucket.kind}. */
    public enum Kind {
        WRITE("write"), READ("read");

        private final String column;

        Kind(String column) {
            this.column = column;
        }
    }

    /** The outcome of taking a token: taken, or refused with the seconds until one is there. */
    public record Take(boolean taken, long retryAfterSeconds) {
    }

    /** Row {@code b}'s level now; parameters: burst, rate a second. */
    static final String LEVEL = "least(?, b.tokens + greatest(0, extract(epoch FROM clock_timestamp() - b.at)::float8) * ?)";

    /** Takes a token if the level allows one; a new bucket starts full. No row returned: refused, nothing changed. */
    private static final String TAKE = """
            INSERT INTO rate_bucket AS b (subject, kind, tokens, at) VALUES (?, ?, ? - 1, clock_timestamp())
            ON CONFLICT (subject, kind) DO UPDATE SET tokens = %1$s - 1, at = clock_timestamp()
             WHERE %1$s >= 1
            RETURNING b.tokens""".formatted(LEVEL);

    private static final String LEVEL_NOW = "SELECT " + LEVEL + " FROM rate_bucket b WHERE b.subject = ? AND b.kind = ?";

    /**
     * Subtracts what each user used from their bucket, refilled first (a new bucket starts full), and
     * returns every level after. The proposed row's tokens are burst − used, so used is burst −
     * excluded.tokens. Rows are taken in subject order, so that two instances pushing at once do
     * not deadlock. A level may go below zero: the instances let through more than the bucket had,
     * and that is paid back. What was used counts as used now, after the refill (the database does
     * not know when within the interval): at most one interval's refill less than exact.
     */
    private static final String PUSH = """
            INSERT INTO rate_bucket AS b (subject, kind, tokens, at)
            SELECT u.subject, ?, ? - u.used, clock_timestamp() FROM unnest(?::text[], ?::int[]) AS u(subject, used)
             ORDER BY u.subject
            ON CONFLICT (subject, kind) DO UPDATE SET tokens = %s - (? - excluded.tokens), at = clock_timestamp()
            RETURNING b.subject, b.tokens""".formatted(LEVEL);

    private final AgroalDataSource db;

    RateBuckets(AgroalDataSource db) {
        this.db = db;
    }

    /** A bucket's level after {@code elapsedSeconds} from {@code tokens}: the Java form of {@link #LEVEL}. */
    public static double level(double tokens, double elapsedSeconds, double burst, double perSecond) {
        return Math.min(burst, tokens + Math.max(0, elapsedSeconds) * perSecond);
    }

    /** Whole seconds until a bucket at {@code level} holds a token: 0 when it does, else at least 1. */
    public static long secondsUntilToken(double level, double perSecond) {
        return level >= 1 ? 0 : Math.max(1, (long) Math.ceil((1 - level) / perSecond));
    }

    /** One statement when the token is there; a refusal reads the level once more, for its Retry-After. */
    public Take take(String subject, Kind kind, int burst, double perSecond) throws SQLException {
        try (Connection c = db.getConnection()) {
            try (PreparedStatement ps = c.prepareStatement(TAKE)) {
                ps.setString(1, subject);
                ps.setString(2, kind.column);
                ps.setDouble(3, burst);
                ps.setDouble(4, burst);
                ps.setDouble(5, perSecond);
                ps.setDouble(6, burst);
                ps.setDouble(7, perSecond);
                try (ResultSet rs = ps.executeQuery()) {
                    if (rs.next()) {
                        return new Take(true, 0);
                    }
                }
            }
            try (PreparedStatement ps = c.prepareStatement(LEVEL_NOW)) {
                ps.setDouble(1, burst);
                ps.setDouble(2, perSecond);
                ps.setString(3, subject);
                ps.setString(4, kind.column);
                try (ResultSet rs = ps.executeQuery()) {
                    double level = rs.next() ? rs.getDouble(1) : 0;
                    return new Take(false, Math.max(1, secondsUntilToken(level, perSecond)));
                }
            }
        }
    }

    /** See {@link #PUSH}: one statement for all the users, returning each one's shared level. */
    public Map<String, Double> push(Kind kind, Map<String, Integer> used, int burst, double perSecond) throws SQLException {
        Map<String, Double> levels = new HashMap<>();
        if (used.isEmpty()) {
            return levels;
        }
        try (Connection c = db.getConnection(); PreparedStatement ps = c.prepareStatement(PUSH)) {
            ps.setString(1, kind.column);
            ps.setDouble(2, burst);
            ps.setArray(3, c.createArrayOf("text", used.keySet().toArray(new String[0])));
            ps.setArray(4, c.createArrayOf("int4", used.values().toArray(new Integer[0])));
            ps.setDouble(5, burst);
            ps.setDouble(6, perSecond);
            ps.setDouble(7, burst);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    levels.put(rs.getString(1), rs.getDouble(2));
                }
            }
        }
        return levels;
    }
}
