package org.scholion.webhooks;

import io.agroal.api.AgroalDataSource;
import io.quarkus.logging.Log;
import io.quarkus.runtime.ShutdownEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.concurrent.atomic.AtomicLong;
import org.scholion.live.OutboxFollower;

/**
 * Turns the outbox's final events into deliveries: one statement inserts a delivery per event and
 * matching endpoint (its events, its document, its group — for a document's event, the groups
 * whose reading list has the document), after the position it reached last, and moves the
 * position, in one transaction. The position is in the database, so events that arrived while
 * every instance was down (or before an instance's crash) are fanned out when one starts. Every
 * instance runs it; the position's row lock makes them take turns and the unique (endpoint, event)
 * key makes a repeat harmless. Runs on its own thread; the live hub only tells it how far to go.
 */
@ApplicationScoped
public class WebhookFanout implements OutboxFollower {
    /**
     * Events one round fans out at most: with a class's hundred endpoints, 10,000 deliveries in one
     * INSERT, well inside the statement timeout. (It was 5,000 events, 500,000 rows: once the fan-out
     * fell behind under load, every round hit the timeout and it never caught up.)
     */
    static final int MAX_EVENTS_PER_ROUND = 100;
    /** Halved after a round that failed (more endpoints per event than thought, a slow database), doubled back after one that did not. */
    private int eventsPerRound = MAX_EVENTS_PER_ROUND;
    private final AgroalDataSource db;
    private final WebhookSender sender;
    private final AtomicLong finalUpTo = new AtomicLong();
    private final Object signal = new Object();
    private volatile Thread worker;

    WebhookFanout(AgroalDataSource db, WebhookSender sender) {
        this.db = db;
        this.sender = sender;
    }

    @Override
    public void finalUpTo(long cursor) {
        finalUpTo.accumulateAndGet(cursor, Math::max);
        if (worker == null) {
            start();
        }
        synchronized (signal) {
            signal.notifyAll();
        }
    }

    private synchronized void start() {
        if (worker != null) {
            return;
        }
        Thread t = new Thread(this::run, "scholion-webhook-fanout");
        t.setDaemon(true);
        worker = t;
        t.start();
    }

    void stop(@Observes ShutdownEvent e) {
        Thread t = worker;
        worker = null;
        if (t != null) {
            t.interrupt();
        }
    }

    private void run() {
        long done = 0;
        while (worker == Thread.currentThread()) {
            try {
                long target = finalUpTo.get();
                if (target > done) {
                    done = fanOut(target);
                    eventsPerRound = Math.min(MAX_EVENTS_PER_ROUND, eventsPerRound * 2);
                    sender.wake();
                    if (done < target) {
                        continue;
                    }
                }
                synchronized (signal) {
                    if (finalUpTo.get() <= done) {
                        signal.wait(1000);
                    }
                }
            } catch (InterruptedException e) {
                return;
            } catch (Exception e) {
                eventsPerRound = Math.max(1, eventsPerRound / 2);
                Log.warnf("webhooks: fan-out failed (%s); trying again shortly, %d events at a time", e.toString(), eventsPerRound);
                try {
                    Thread.sleep(1000);
                } catch (InterruptedException ie) {
                    return;
                }
            }
        }
    }

    /** Fans out the events after the stored position, up to {@code target} (at most a round's worth); the position reached. */
    long fanOut(long target) throws SQLException {
        try (Connection c = db.getConnection()) {
            c.setAutoCommit(false);
            try {
                long from;
                try (PreparedStatement ps = c.prepareStatement("SELECT event_id FROM webhook_position FOR UPDATE");
                        ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    from = rs.getLong(1);
                }
                long to = Math.min(target, from + eventsPerRound);
                if (to > from) {
                    try (PreparedStatement ps = c.prepareStatement(FAN_OUT)) {
                        ps.setLong(1, from);
                        ps.setLong(2, to);
                        ps.executeUpdate();
                    }
                    try (PreparedStatement ps = c.prepareStatement("UPDATE webhook_position SET event_id = ?")) {
                        ps.setLong(1, to);
                        ps.executeUpdate();
                    }
                }
                c.commit();
                return Math.max(to, from);
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(true);
            }
        }
    }

    /** Which webhook event an outbox event is, and which endpoints want it. */
    private static final String FAN_OUT = """
            INSERT INTO webhook_delivery (id, webhook_id, event_id, type, annotation_id, document_id, group_id, revision, occurred_at)
            SELECT gen_random_uuid(), w.id, e.id, t.type, e.annotation_id, e.document_id, w.group_id,
                   CASE WHEN e.kind IN ('revised', 'reanchored') THEN CAST(e.detail AS integer) END, e.created_at
              FROM live_event e
             CROSS JOIN LATERAL (SELECT CASE e.kind
                        WHEN 'created' THEN 'annotation.created'
                        WHEN 'deleted' THEN 'annotation.deleted'
                        WHEN 'updated' THEN CASE e.detail WHEN 'moderated' THEN 'annotation.moderated'
                                                          WHEN 'reviewed' THEN 'source.reviewed' ELSE 'annotation.updated' END
                        WHEN 'revised' THEN 'document.revised'
                        WHEN 'reanchored' THEN 'reanchoring.done' END AS type) t
              JOIN webhook w ON w.deleted_at IS NULL AND w.enabled AND t.type = ANY (w.events)
                        AND (w.document_id IS NULL OR w.document_id = e.document_id)
                        AND CASE WHEN e.group_id IS NOT NULL THEN w.group_id = e.group_id
                                 WHEN e.annotation_id IS NOT NULL THEN false
                                 ELSE w.document_id = e.document_id OR EXISTS (SELECT 1 FROM reading r
                                      WHERE r.group_id = w.group_id AND r.document_id = e.document_id) END
             WHERE e.id > ? AND e.id <= ? AND t.type IS NOT NULL
             ORDER BY e.id
            ON CONFLICT (webhook_id, event_id) DO NOTHING""";
}
