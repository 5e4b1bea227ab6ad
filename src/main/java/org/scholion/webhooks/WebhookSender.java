package org.scholion.webhooks;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.agroal.api.AgroalDataSource;
import io.quarkus.logging.Log;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.control.ActivateRequestContext;
import jakarta.enterprise.event.Observes;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.scholion.annotations.AnnotatedDocuments;
import org.scholion.annotations.AnnotatedDocuments.Doc;
import org.scholion.annotations.AnnotationQueries;
import org.scholion.annotations.jsonld.Iris;
import org.scholion.annotations.jsonld.Representations;
import org.scholion.domain.DomainError;
import org.scholion.domain.SqlUpdate;
import org.scholion.groups.GroupService;
import org.scholion.security.Action;
import org.scholion.security.UserRef;

/**
 * Sends pending deliveries: at least once, in event order per endpoint (an endpoint's next delivery
 * waits until the one before it is delivered or given up), signed per Standard Webhooks. A delivery
 * is claimed with a lease (so one instance sends it; a sender that dies lets it go when the lease
 * ends); the payload is built when it is sent, as the endpoint's owner would read it then — if they
 * may not (no longer a moderator of the group, the annotation hidden from them), it is withheld:
 * nothing is sent. An answer other than 2xx, a timeout or a refused connection is tried again with
 * exponential backoff and jitter (10 s doubling up to an hour, ±50%) for {@code retry-for} (a day);
 * then the delivery is failed and the endpoint disabled with the reason, which its managers read
 * on the endpoint. Redirects are not followed; at most 64 KB of an answer is read.
 */
@ApplicationScoped
public class WebhookSender {
    static final int MAX_IN_FLIGHT = 64;
    static final int ANSWER_BYTES_READ = 64 * 1024;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final AgroalDataSource db;
    private final AnnotatedDocuments documents;
    private final AnnotationQueries queries;
    private final Representations representations;
    private final Iris iris;
    private final GroupService groups;
    private final boolean allowPrivate;
    private final Duration timeout;
    private final Duration retryFor;
    private final Duration firstRetry;
    private final HttpClient client;
    private final Semaphore inFlight = new Semaphore(MAX_IN_FLIGHT);
    /** Builds payloads and sends (blocking): one thread per delivery in flight. */
    private final ExecutorService building = Executors.newFixedThreadPool(MAX_IN_FLIGHT, r -> {
        Thread t = new Thread(r, "scholion-webhook-payload");
        t.setDaemon(true);
        return t;
    });
    private final Object signal = new Object();
    private volatile Thread worker;

    WebhookSender(AgroalDataSource db, AnnotatedDocuments documents, AnnotationQueries queries, Representations representations,
            Iris iris, GroupService groups,
            @ConfigProperty(name = "scholion.webhooks.allow-private-addresses", defaultValue = "false") boolean allowPrivate,
            @ConfigProperty(name = "scholion.webhooks.timeout", defaultValue = "10s") Duration timeout,
            @ConfigProperty(name = "scholion.webhooks.retry-for", defaultValue = "24h") Duration retryFor,
            @ConfigProperty(name = "scholion.webhooks.first-retry", defaultValue = "10s") Duration firstRetry) {
        this.db = db;
        this.documents = documents;
        this.queries = queries;
        this.representations = representations;
        this.iris = iris;
        this.groups = groups;
        this.allowPrivate = allowPrivate;
        this.timeout = timeout;
        this.retryFor = retryFor;
        this.firstRetry = firstRetry;
        this.client = HttpClient.newBuilder().connectTimeout(timeout).followRedirects(HttpClient.Redirect.NEVER).build();
    }

    void onStart(@Observes @Priority(200) StartupEvent e) {
        Thread t = new Thread(this::run, "scholion-webhook-sender");
        t.setDaemon(true);
        worker = t;
        t.start();
    }

    void onStop(@Observes ShutdownEvent e) {
        Thread t = worker;
        worker = null;
        if (t != null) {
            t.interrupt();
        }
        building.shutdownNow();
    }

    void wake() {
        synchronized (signal) {
            signal.notifyAll();
        }
    }

    private void run() {
        while (worker == Thread.currentThread()) {
            try {
                int free = inFlight.availablePermits();
                List<Claimed> claimed = free == 0 ? List.of() : claim(free);
                for (Claimed c : claimed) {
                    inFlight.acquire();
                    CompletableFuture.runAsync(() -> send(c), building).whenComplete((ok, err) -> {
                        inFlight.release();
                        if (err != null) {
                            Log.warnf("webhooks: delivery %s: %s", c.id(), err.toString());
                        }
                        wake();
                    });
                }
                if (claimed.isEmpty()) {
                    synchronized (signal) {
                        signal.wait(1000);
                    }
                }
            } catch (InterruptedException e) {
                return;
            } catch (Exception e) {
                Log.warnf("webhooks: cannot claim deliveries (%s); trying again shortly", e.toString());
                try {
                    Thread.sleep(1000);
                } catch (InterruptedException ie) {
                    return;
                }
            }
        }
    }

    /** A delivery this instance leased, with what it needs to send it. */
    record Claimed(UUID id, UUID webhook, long event, String type, UUID annotation, UUID document, UUID group, Integer revision,
            OffsetDateTime occurred, OffsetDateTime created, int attempt, String url, UUID owner, String secret, String previous) {
    }

    /** Leases the next pending delivery of as many endpoints as may be sent to now (the head of each endpoint's queue). */
    List<Claimed> claim(int max) throws SQLException {
        List<Claimed> out = new ArrayList<>();
        try (Connection c = db.getConnection(); PreparedStatement ps = c.prepareStatement("""
                WITH due AS (
                    -- each endpoint's oldest pending delivery (its head), one index probe per endpoint however long its queue
                    SELECT h.id FROM webhook w
                     CROSS JOIN LATERAL (SELECT d.id, d.next_attempt_at, d.leased_until FROM webhook_delivery d
                                          WHERE d.webhook_id = w.id AND d.state = 'pending' ORDER BY d.event_id LIMIT 1) h
                     WHERE w.deleted_at IS NULL AND w.enabled
                       AND h.next_attempt_at <= now() AND (h.leased_until IS NULL OR h.leased_until < now())
                     LIMIT ?)
                UPDATE webhook_delivery d SET leased_until = now() + make_interval(secs => ?), attempts = d.attempts + 1
                  FROM due, webhook w
                 WHERE d.id = due.id AND w.id = d.webhook_id AND d.state = 'pending'
                   AND (d.leased_until IS NULL OR d.leased_until < now())
                RETURNING d.id, d.webhook_id, d.event_id, d.type, d.annotation_id, d.document_id, d.group_id, d.revision,
                          d.occurred_at, d.created_at, d.attempts, w.url, w.owner_id, w.secret,
                          CASE WHEN w.previous_until > now() THEN w.previous_secret END""")) {
            ps.setInt(1, max);
            ps.setLong(2, timeout.toSeconds() * 3 + 30);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new Claimed(rs.getObject(1, UUID.class), rs.getObject(2, UUID.class), rs.getLong(3), rs.getString(4),
                            rs.getObject(5, UUID.class), rs.getObject(6, UUID.class), rs.getObject(7, UUID.class),
                            (Integer) rs.getObject(8), rs.getObject(9, OffsetDateTime.class), rs.getObject(10, OffsetDateTime.class),
                            rs.getInt(11), rs.getString(12), rs.getObject(13, UUID.class), rs.getString(14), rs.getString(15)));
                }
            }
        }
        return out;
    }

    /** Builds the payload as the owner may read it now, sends it once, and records what happened. */
    void send(Claimed d) {
        long started = System.nanoTime();
        String body;
        try {
            body = payload(d);
        } catch (DomainError refused) {
            finish(d, "withheld", null, "withheld: the endpoint's owner may not read this now (" + refused.getMessage() + ")", 0);
            return;
        }
        if (body == null) {
            finish(d, "withheld", null, "withheld: what it was about is gone", 0);
            return;
        }
        var refusal = Destinations.refusal(d.url(), allowPrivate);
        if (refusal.isPresent()) {
            failed(d, null, "the URL " + refusal.get(), elapsed(started));
            return;
        }
        String msgId = "msg_" + d.id().toString().replace("-", "");
        long now = Instant.now().getEpochSecond();
        List<String> secrets = d.previous() == null ? List.of(d.secret()) : List.of(d.secret(), d.previous());
        HttpRequest request = HttpRequest.newBuilder(URI.create(d.url())).timeout(timeout)
                .header("Content-Type", "application/json")
                .header("User-Agent", "Scholion-Webhooks/1.0")
                .header("webhook-id", msgId)
                .header("webhook-timestamp", Long.toString(now))
                .header("webhook-signature", Signatures.header(msgId, now, body, secrets))
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8)).build();
        try {
            HttpResponse<InputStream> response = client.send(request, HttpResponse.BodyHandlers.ofInputStream());
            try (InputStream in = response.body()) {
                // read (and drop) at most 64 KB: a receiver that answers gigabytes costs no more
                in.readNBytes(ANSWER_BYTES_READ);
            }
            int status = response.statusCode();
            if (status >= 200 && status < 300) {
                finish(d, "delivered", status, null, elapsed(started));
            } else {
                failed(d, status, "answered " + status + (status >= 300 && status < 400 ? " (redirects are not followed)" : ""),
                        elapsed(started));
            }
        } catch (IOException e) {
            failed(d, null, e instanceof java.net.http.HttpTimeoutException ? "no answer within " + timeout.toSeconds() + " s"
                    : "could not be reached: " + e.getClass().getSimpleName() + (e.getMessage() == null ? "" : " " + e.getMessage()),
                    elapsed(started));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * The payload of one event as one owner may read it, built once for all of that owner's endpoints
     * that want the event (a class's hundred endpoints cost one build), kept for a few seconds.
     */
    private final Cache<String, Optional<String>> payloads = Caffeine.newBuilder().maximumSize(10_000)
            .expireAfterWrite(Duration.ofSeconds(5)).build();

    String payload(Claimed d) {
        try {
            return payloads.get(d.event() + " " + d.owner() + " " + d.group() + " " + d.type(), k -> Optional.ofNullable(build(d)))
                    .orElse(null);
        } catch (PayloadRefused e) {
            throw e.refusal;
        }
    }

    /** A refusal of the permission map, carried through the cache's loader. */
    private static final class PayloadRefused extends RuntimeException {
        final DomainError refusal;

        PayloadRefused(DomainError refusal) {
            super(refusal.getMessage(), null, false, false);
            this.refusal = refusal;
        }
    }

    @ActivateRequestContext
    String build(Claimed d) {
        try {
            return buildChecked(d);
        } catch (DomainError e) {
            throw new PayloadRefused(e);
        }
    }

    private String buildChecked(Claimed d) {
        return QuarkusTransaction.requiringNew().call(() -> {
            UserRef owner = owner(d.owner());
            if (owner == null) {
                return null;
            }
            groups.require(owner, d.group(), Action.READ_MODERATION);
            String slug = slug(d.document());
            if (slug == null) {
                return null;
            }
            Doc doc = documents.find(owner, slug);
            ObjectNode data = JSON.createObjectNode();
            data.put("group", d.group().toString());
            data.put("document", iris.document(slug));
            if (d.annotation() != null) {
                var shown = queries.get(owner, doc, d.annotation());
                data.put("id", iris.annotation(slug, d.annotation()));
                data.set("annotation", shown.annotation().isDeleted() ? representations.tombstone(shown.annotation(), slug)
                        : representations.annotation(shown.annotation(), slug, shown.author(), shown.extras()));
            } else if (d.revision() != null) {
                data.put("revision", d.revision());
            }
            ObjectNode payload = JSON.createObjectNode();
            payload.put("type", d.type());
            payload.put("timestamp", d.occurred().toInstant().toString());
            payload.set("data", data);
            return JSON.writeValueAsString(payload);
        });
    }

    private UserRef owner(UUID id) throws SQLException {
        try (Connection c = db.getConnection(); PreparedStatement ps = c.prepareStatement(
                "SELECT subject, username, display_name, array_to_string(roles, ',') FROM app_user WHERE id = ?")) {
            ps.setObject(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return null;
                }
                String roles = rs.getString(4);
                return new UserRef(id, rs.getString(1), rs.getString(2), rs.getString(3),
                        roles.isEmpty() ? Set.of() : Set.of(roles.split(",")));
            }
        }
    }

    private String slug(UUID document) throws SQLException {
        try (Connection c = db.getConnection(); PreparedStatement ps = c.prepareStatement("SELECT slug FROM document WHERE id = ?")) {
            ps.setObject(1, document);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        }
    }

    /** A failed attempt: again later with backoff, or — after retry-for — given up, and the endpoint disabled. */
    private void failed(Claimed d, Integer status, String error, int ms) {
        boolean giveUp = Duration.between(d.created().toInstant(), Instant.now()).compareTo(retryFor) >= 0;
        if (giveUp) {
            finish(d, "failed", status, error, ms);
            update("""
                    UPDATE webhook SET enabled = false, updated_at = now(),
                           disabled_reason = 'Disabled ' || to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI') || ' UTC: a delivery failed for '
                               || ? || ' (last: ' || ? || '). Fix the receiver, then enable it again.'
                     WHERE id = ? AND enabled""", ps -> {
                        ps.setString(1, human(retryFor));
                        ps.setString(2, error);
                        ps.setObject(3, d.webhook());
                    });
            Log.warnf("webhooks: endpoint %s disabled after failing for %s: %s", d.webhook(), human(retryFor), error);
            return;
        }
        long base = Math.min(TimeUnit.HOURS.toMillis(1), firstRetry.toMillis() << Math.min(d.attempt() - 1, 20));
        long delay = (long) (base * (0.5 + ThreadLocalRandom.current().nextDouble()));
        record(d, status, error, ms);
        update("UPDATE webhook_delivery SET leased_until = NULL, next_attempt_at = now() + make_interval(secs => ?) WHERE id = ?",
                ps -> {
                    ps.setDouble(1, delay / 1000.0);
                    ps.setObject(2, d.id());
                });
    }

    private void finish(Claimed d, String state, Integer status, String error, int ms) {
        record(d, status, error, ms);
        update("UPDATE webhook_delivery SET state = ?, finished_at = now(), leased_until = NULL WHERE id = ?", ps -> {
            ps.setString(1, state);
            ps.setObject(2, d.id());
        });
    }

    private void record(Claimed d, Integer status, String error, int ms) {
        update("""
                INSERT INTO webhook_attempt (delivery_id, n, at, status, error, ms) VALUES (?, ?, now(), ?, ?, ?)
                ON CONFLICT (delivery_id, n) DO NOTHING""", ps -> {
                    ps.setObject(1, d.id());
                    ps.setInt(2, d.attempt());
                    ps.setObject(3, status);
                    ps.setString(4, error == null ? null : error.length() > 500 ? error.substring(0, 500) : error);
                    ps.setInt(5, ms);
                });
    }

    private void update(String sql, SqlUpdate.Binder binder) {
        SqlUpdate.run(db, "record the delivery", sql, binder);
    }

    private static int elapsed(long started) {
        return (int) Math.min(Integer.MAX_VALUE, (System.nanoTime() - started) / 1_000_000);
    }

    private static String human(Duration d) {
        return d.toHours() >= 1 ? d.toHours() + " h" : d.toMinutes() >= 1 ? d.toMinutes() + " min" : d.toSeconds() + " s";
    }
}
