package org.scholion.live;

import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.UUID;

/** The outbox (live_event), its retention mark and the presence table, in plain SQL. */
@ApplicationScoped
class LiveStore {

    /** One row of live_event. */
    record Event(long cursor, String kind, UUID annotation, UUID document, UUID group, UUID user) {
    }

    /** Rows read after a cursor, with the snapshot they were read in. */
    record Batch(LiveCursor.Snapshot snapshot, List<Event> events) {
    }

    /** A reader of a document in a group. */
    record Reader(UUID document, UUID group, UUID user) {
    }

    private static final String COLUMNS = "e.id, e.kind, e.annotation_id, e.document_id, e.group_id, e.user_id";

    private final AgroalDataSource db;

    LiveStore(AgroalDataSource db) {
        this.db = db;
    }

    /** The largest cursor there is, and the snapshot it was read in. */
    Batch start() throws SQLException {
        try (Connection c = db.getConnection(); PreparedStatement ps = c.prepareStatement("""
                SELECT pg_snapshot_xmin(s)::text, pg_snapshot_xmax(s)::text, (SELECT coalesce(max(id), 0) FROM live_event)
                  FROM pg_current_snapshot() s""")) {
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                LiveCursor.Snapshot snap = new LiveCursor.Snapshot(Long.parseLong(rs.getString(1)), Long.parseLong(rs.getString(2)));
                return new Batch(snap, List.of(new Event(rs.getLong(3), null, null, null, null, null)));
            }
        }
    }

    /** Events after the cursor, oldest first, read in one statement with its snapshot. */
    Batch after(long cursor, int limit) throws SQLException {
        try (Connection c = db.getConnection(); PreparedStatement ps = c.prepareStatement("""
                SELECT pg_snapshot_xmin(s)::text, pg_snapshot_xmax(s)::text, %s
                  FROM pg_current_snapshot() s
                  LEFT JOIN LATERAL (SELECT * FROM live_event WHERE id > ? ORDER BY id LIMIT ?) e ON true
                 ORDER BY e.id""".formatted(COLUMNS))) {
            ps.setLong(1, cursor);
            ps.setInt(2, limit);
            LiveCursor.Snapshot snap = null;
            List<Event> events = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    if (snap == null) {
                        snap = new LiveCursor.Snapshot(Long.parseLong(rs.getString(1)), Long.parseLong(rs.getString(2)));
                    }
                    if (rs.getObject(3) != null) {
                        events.add(event(rs, 3));
                    }
                }
            }
            return new Batch(snap, events);
        }
    }

    /**
     * The annotation events of a document in a group in (since, upTo], at most limit + 1 of them (so
     * the caller sees "too many"). Only the group's: how much other groups wrote is none of its
     * subscribers' business, not even as "too much happened".
     */
    List<Event> catchUp(UUID document, UUID group, long since, long upTo, int limit) throws SQLException {
        try (Connection c = db.getConnection(); PreparedStatement ps = c.prepareStatement("""
                SELECT %s FROM live_event e
                 WHERE e.document_id = ? AND (e.group_id = ? OR e.kind = 'revised') AND e.id > ? AND e.id <= ? ORDER BY e.id LIMIT ?"""
                .formatted(COLUMNS))) {
            ps.setObject(1, document);
            ps.setObject(2, group);
            ps.setLong(3, since);
            ps.setLong(4, upTo);
            ps.setInt(5, limit + 1);
            List<Event> events = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    events.add(event(rs, 1));
                }
            }
            return events;
        }
    }

    /** Cursors at or below this one may have been deleted by retention. */
    long purgedThrough() throws SQLException {
        try (Connection c = db.getConnection();
                PreparedStatement ps = c.prepareStatement("SELECT purged_through FROM live_retention");
                ResultSet rs = ps.executeQuery()) {
            return rs.next() ? rs.getLong(1) : 0;
        }
    }

    /** Deletes events older than the retention period; any instance may run it, at any time. Returns how many. */
    int purge(Duration retention) throws SQLException {
        try (Connection c = db.getConnection(); PreparedStatement ps = c.prepareStatement("""
                WITH gone AS (DELETE FROM live_event WHERE created_at < clock_timestamp() - make_interval(secs => ?) RETURNING id),
                     mark AS (UPDATE live_retention SET purged_through = GREATEST(purged_through, (SELECT max(id) FROM gone))
                               WHERE EXISTS (SELECT 1 FROM gone) RETURNING 1)
                SELECT count(*) FROM gone""")) {
            ps.setDouble(1, retention.toMillis() / 1000.0);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }

    // ---- presence -------------------------------------------------------------------------------

    void present(UUID instance, Collection<Reader> readers) throws SQLException {
        forEach(instance, readers, """
                INSERT INTO live_presence (instance_id, document_id, group_id, user_id) VALUES (?, ?, ?, ?)
                ON CONFLICT (instance_id, document_id, group_id, user_id) DO UPDATE SET seen_at = now()""");
    }

    void absent(UUID instance, Collection<Reader> readers) throws SQLException {
        forEach(instance, readers,
                "DELETE FROM live_presence WHERE instance_id = ? AND document_id = ? AND group_id = ? AND user_id = ?");
    }

    /** One batch of the statement, with (instance, document, group, user) for each reader. */
    private void forEach(UUID instance, Collection<Reader> readers, String sql) throws SQLException {
        if (readers.isEmpty()) {
            return;
        }
        try (Connection c = db.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            for (Reader r : readers) {
                ps.setObject(1, instance);
                ps.setObject(2, r.document());
                ps.setObject(3, r.group());
                ps.setObject(4, r.user());
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    /** Confirms this instance's readers and forgets those of instances that stopped confirming. */
    void heartbeat(UUID instance, Duration timeout) throws SQLException {
        try (Connection c = db.getConnection()) {
            try (PreparedStatement ps = c.prepareStatement("UPDATE live_presence SET seen_at = now() WHERE instance_id = ?")) {
                ps.setObject(1, instance);
                ps.executeUpdate();
            }
            try (PreparedStatement ps = c.prepareStatement(
                    "DELETE FROM live_presence WHERE seen_at < now() - make_interval(secs => ?)")) {
                ps.setDouble(1, timeout.toMillis() / 1000.0);
                ps.executeUpdate();
            }
        }
    }

    void leaveAll(UUID instance) throws SQLException {
        try (Connection c = db.getConnection();
                PreparedStatement ps = c.prepareStatement("DELETE FROM live_presence WHERE instance_id = ?")) {
            ps.setObject(1, instance);
            ps.executeUpdate();
        }
    }

    /** How many different people read the document in the group now, on any instance. */
    int readers(UUID document, UUID group, Duration timeout) throws SQLException {
        try (Connection c = db.getConnection(); PreparedStatement ps = c.prepareStatement("""
                SELECT count(DISTINCT user_id) FROM live_presence
                 WHERE document_id = ? AND group_id = ? AND seen_at >= now() - make_interval(secs => ?)""")) {
            ps.setObject(1, document);
            ps.setObject(2, group);
            ps.setDouble(3, timeout.toMillis() / 1000.0);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }

    private static Event event(ResultSet rs, int from) throws SQLException {
        return new Event(rs.getLong(from), rs.getString(from + 1), rs.getObject(from + 2, UUID.class),
                rs.getObject(from + 3, UUID.class), rs.getObject(from + 4, UUID.class), rs.getObject(from + 5, UUID.class));
    }
}
