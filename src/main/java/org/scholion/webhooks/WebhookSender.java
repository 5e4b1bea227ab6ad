package org.scholion.webhooks;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.agroal.api.AgroalDataSource;
import io.quarkus.logging.Log;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.control.ActivateRequestContext;
import jakarta.enterprise.event.Observes;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
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
import org.scholion.web.Destinations;

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
 *
 * <p>How, so that a class's hundred endpoints at 50 events a second (5,000 deliveries a second) keep
 * up on a small machine — with a claim and two commits per delivery the sender stalled near 1,300 a
 * second (bench/README.md, "Webhook fan-out"):
 * <ul>
 * <li><b>Claim</b>: one transaction leases, for each endpoint whose head (its oldest pending
 * delivery) is due and unleased, the head and up to {@link #BATCH} − 1 deliveries behind it in event
 * order, as far as each is due and unleased too. It locks the endpoints' rows first (SKIP LOCKED) and
 * reads their queues in a second statement, which therefore sees every lease another instance
 * committed before it let go of an endpoint: two instances never lease parts of one queue.
 * <li><b>Send</b>: one task per endpoint sends its batch in order and stops at the first delivery
 * that is not delivered (or withheld): that one gets its backoff, the ones behind it are released
 * (still pending, lease removed), so nothing overtakes it. A task also stops, releasing the rest,
 * before its lease could end during an attempt.
 * <li><b>Record</b>: results are written together every {@link #WRITE_EVERY_MS} ms, in one
 * transaction of three statements with array parameters (the attempts, the deliveries' states, the
 * endpoints to disable). Until that commits, a delivery is pending and leased: nothing behind it is
 * claimed, and a crash before it means it is sent again, with the same {@code webhook-id} (Standard
 * Webhooks asks receivers to drop repeats by it). A write that fails is logged and tried again; if it
 * keeps failing, the leases end and the deliveries are sent again.
 * </ul>
 */
@ApplicationScoped
public class WebhookSender {
    /** Endpoints one instance sends to at once: a task each, whose thread waits on that endpoint's answers. */
    static final int MAX_ENDPOINTS_IN_FLIGHT = 64;
    /** An endpoint's deliveries claimed together, in event order. */
    static final int BATCH = 64;
    static final int ANSWER_BYTES_READ = 64 * 1024;
    /**
     * How long a result waits for others to be written with it. A commit costs the same for one row
     * as for hundreds, and the database here commits about 2,000 times a second in all: 20 ms bounds
     * the sender to 50 commits a second for any number of deliveries, and adds at most that to an
     * endpoint's next claim.
     */
    static final long WRITE_EVERY_MS = 20;
    /** Results written in one transaction at most. */
    static final int WRITE_MAX = 5000;
    /** What a write of the results may take, which a task leaves of its lease when it decides to send one more. */
    private static final long LEASE_SPARE_NANOS = TimeUnit.SECONDS.toNanos(5);
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
    private final long leaseSeconds;
    /** The time between two deliveries' starts on this instance ({@link #pace}); 0: unbounded. */
    private final long intervalNanos;
    private final java.util.concurrent.atomic.AtomicLong nextSlot = new java.util.concurrent.atomic.AtomicLong(System.nanoTime());
    private final Vertx vertx;
    private final HttpClient client;
    /** Sends one endpoint's batch per task, blocking on each answer in turn. */
    private final ExecutorService sending = Executors.newFixedThreadPool(MAX_ENDPOINTS_IN_FLIGHT, r -> {
        Thread t = new Thread(r, "scholion-webhook-send");
        t.setDaemon(true);
        return t;
    });
    private final AtomicInteger endpointsInFlight = new AtomicInteger();
    /** What became of the deliveries sent, waiting to be written. */
    private final LinkedBlockingQueue<Result> results = new LinkedBlockingQueue<>();
    private final Object signal = new Object();
    /** Guarded by {@link #signal}: something may be claimable since the claimer last looked. */
    private boolean woken;
    private volatile boolean running;
    /** The sends have ended (stopping): once what they left is written, the writer ends too. */
    private volatile boolean sendsEnded;
    private Thread claimer;
    private Thread writer;

    WebhookSender(AgroalDataSource db, AnnotatedDocuments documents, AnnotationQueries queries, Representations representations,
            Iris iris, GroupService groups, Vertx vertx,
            @ConfigProperty(name = "scholion.webhooks.allow-private-addresses", defaultValue = "false") boolean allowPrivate,
            @ConfigProperty(name = "scholion.webhooks.timeout", defaultValue = "10s") Duration timeout,
            @ConfigProperty(name = "scholion.webhooks.retry-for", defaultValue = "24h") Duration retryFor,
            @ConfigProperty(name = "scholion.webhooks.first-retry", defaultValue = "10s") Duration firstRetry,
            @ConfigProperty(name = "scholion.webhooks.max-per-second", defaultValue = "0") int maxPerSecond) {
        this.intervalNanos = maxPerSecond <= 0 ? 0 : TimeUnit.SECONDS.toNanos(1) / maxPerSecond;
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
        this.leaseSeconds = timeout.toSeconds() * 3 + 30;
        // The application's Vert.x (Netty) client rather than java.net.http's: posting to a receiver on this machine
        // from 64 threads, java.net.http cost 234 µs of CPU a request (134 µs with a direct executor) and Vert.x 79 µs
        // (bench/README.md, "Webhook fan-out, second measurement"). HTTP/1.1 kept alive, a pool per host and port
        // as large as the endpoints sent to at once (its default, 5, would queue a class's endpoints on one host).
        this.vertx = vertx;
        this.client = vertx.createHttpClient(new HttpClientOptions().setProtocolVersion(HttpVersion.HTTP_1_1).setKeepAlive(true)
                .setConnectTimeout((int) timeout.toMillis()).setVerifyHost(true),
                new PoolOptions().setHttp1MaxSize(MAX_ENDPOINTS_IN_FLIGHT));
    }

    void onStart(@Observes @Priority(200) StartupEvent e) {
        running = true;
        claimer = daemon(this::claimLoop, "scholion-webhook-claim");
        writer = daemon(this::writeLoop, "scholion-webhook-results");
    }

    /**
     * Stops claiming, interrupts the sends under way (each is released: it is sent again, with the same
     * webhook-id, by the next sender) and writes what is known, so that a restart resends nothing that
     * was recorded and waits for no lease.
     */
    void onStop(@Observes ShutdownEvent e) {
        running = false;
        wake();
        try {
            join(claimer, 5);
            sending.shutdownNow();
            sending.awaitTermination(5, TimeUnit.SECONDS);
            sendsEnded = true;
            join(writer, 10);
            client.close();
        } catch (InterruptedException ie) {
            Thread.currentThread().interrupt();
        }
    }

    /** Something may be claimable: new deliveries, or results written (an endpoint's head moved on). */
    void wake() {
        synchronized (signal) {
            woken = true;
            signal.notifyAll();
        }
    }

    private void claimLoop() {
        while (running) {
            try {
                int free = MAX_ENDPOINTS_IN_FLIGHT - endpointsInFlight.get();
                if (free > 0) {
                    for (Batch b : claim(free)) {
                        start(b);
                    }
                }
                synchronized (signal) {
                    if (!woken && running) {
                        signal.wait(1000);
                    }
                    woken = false;
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

    private void start(Batch b) {
        if (!running) {
            b.deliveries().forEach(d -> results.add(Result.released(d)));
            return;
        }
        endpointsInFlight.incrementAndGet();
        try {
            sending.execute(() -> {
                try {
                    send(b);
                } finally {
                    // a free slot matters to the claimer only when there was none
                    if (endpointsInFlight.getAndDecrement() == MAX_ENDPOINTS_IN_FLIGHT) {
                        wake();
                    }
                }
            });
        } catch (RejectedExecutionException stopping) {
            endpointsInFlight.decrementAndGet();
            b.deliveries().forEach(d -> results.add(Result.released(d)));
        }
    }

    /** A delivery this instance leased, with what it needs to send it; {@code attempt} is the number this one would be. */
    record Claimed(UUID id, UUID webhook, long event, String type, UUID annotation, UUID document, UUID group, Integer revision,
            OffsetDateTime occurred, OffsetDateTime created, int attempt, String url, UUID owner, String secret, String previous) {
    }

    /** One endpoint's claimed deliveries in event order, and when (System.nanoTime) their lease ends at the earliest. */
    record Batch(List<Claimed> deliveries, long leaseEnds) {
    }

    /** What became of a claimed delivery, written with the others: its state, and the attempt if one was made. */
    record Result(UUID delivery, UUID webhook, String state, int attempt, Instant at, Integer status, String error, int ms,
            Duration retryIn, boolean disable) {
        /** Not sent: still pending, and free to be claimed again (behind a failure, or when stopping). */
        static Result released(Claimed d) {
            return new Result(d.id(), d.webhook(), "pending", 0, Instant.now(), null, null, 0, null, false);
        }

        /** Delivered or withheld: the endpoint's next delivery may go. */
        boolean done() {
            return !state.equals("pending") && !state.equals("failed");
        }
    }

    /**
     * The endpoints whose head is due and unleased, oldest head first, with what sending needs; their rows
     * locked (so they stay enabled and keep their URL and secrets until the lease is taken), those another
     * instance holds skipped.
     */
    private static final String DUE_ENDPOINTS = """
            SELECT w.id, w.url, w.owner_id, w.secret, CASE WHEN w.previous_until > now() THEN w.previous_secret END
              FROM webhook w
             CROSS JOIN LATERAL (SELECT d.event_id, d.next_attempt_at, d.leased_until FROM webhook_delivery d
                                  WHERE d.webhook_id = w.id AND d.state = 'pending' ORDER BY d.event_id LIMIT 1) h
             WHERE w.deleted_at IS NULL AND w.enabled
               AND h.next_attempt_at <= now() AND (h.leased_until IS NULL OR h.leased_until < now())
             ORDER BY h.event_id
             LIMIT ?
               FOR NO KEY UPDATE OF w SKIP LOCKED""";

    /**
     * Leases each locked endpoint's first BATCH pending deliveries, up to the first that is not due or
     * is leased (bool_and over the rows so far); one index probe per endpoint, then each row by its key.
     * pos numbers them in order, so that a row the UPDATE's recheck dropped (a lease taken meanwhile)
     * shows as a gap. It joins nothing else: with the endpoints joined here, a plan made while the
     * endpoints' statistics still said "no rows" read the deliveries once per endpoint, and every claim
     * hit the statement timeout until autovacuum analysed the table (the second measurement's first 20 s).
     */
    private static final String LEASE = """
            WITH batch AS (
                SELECT q.id, q.pos FROM unnest(?::uuid[]) AS e(id)
                 CROSS JOIN LATERAL (
                    SELECT r.id, row_number() OVER o AS pos, bool_and(r.ready) OVER o AS ok
                      FROM (SELECT d.id, d.event_id,
                                   d.next_attempt_at <= now() AND (d.leased_until IS NULL OR d.leased_until < now()) AS ready
                              FROM webhook_delivery d
                             WHERE d.webhook_id = e.id AND d.state = 'pending'
                             ORDER BY d.event_id LIMIT ?) r
                    WINDOW o AS (ORDER BY r.event_id ROWS UNBOUNDED PRECEDING)) q
                 WHERE q.ok)
            UPDATE webhook_delivery d SET leased_until = now() + make_interval(secs => ?)
              FROM batch
             WHERE d.id = batch.id AND d.state = 'pending' AND (d.leased_until IS NULL OR d.leased_until < now())
            RETURNING batch.pos, d.id, d.webhook_id, d.event_id, d.type, d.annotation_id, d.document_id, d.group_id, d.revision,
                      d.occurred_at, d.created_at, d.attempts + 1""";

    /** An endpoint as the claim read it (row locked): where to send and how to sign. */
    private record Endpoint(String url, UUID owner, String secret, String previous) {
    }

    /** Leases, for up to {@code endpoints} endpoints, their due deliveries (a batch each, in event order). */
    List<Batch> claim(int endpoints) throws SQLException {
        long leaseEnds = System.nanoTime() + TimeUnit.SECONDS.toNanos(leaseSeconds);
        Map<UUID, List<Positioned>> byEndpoint = new LinkedHashMap<>();
        try (Connection c = db.getConnection()) {
            c.setAutoCommit(false);
            try {
                Map<UUID, Endpoint> due = new LinkedHashMap<>();
                try (PreparedStatement ps = customPlans(c.prepareStatement(DUE_ENDPOINTS))) {
                    ps.setInt(1, endpoints);
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) {
                            UUID id = rs.getObject(1, UUID.class);
                            due.put(id, new Endpoint(rs.getString(2), rs.getObject(3, UUID.class), rs.getString(4), rs.getString(5)));
                            byEndpoint.put(id, new ArrayList<>());
                        }
                    }
                }
                if (!due.isEmpty()) {
                    try (PreparedStatement ps = customPlans(c.prepareStatement(LEASE))) {
                        ps.setArray(1, c.createArrayOf("uuid", due.keySet().toArray()));
                        ps.setInt(2, BATCH);
                        ps.setLong(3, leaseSeconds);
                        try (ResultSet rs = ps.executeQuery()) {
                            while (rs.next()) {
                                UUID hook = rs.getObject(3, UUID.class);
                                Endpoint w = due.get(hook);
                                Claimed d = new Claimed(rs.getObject(2, UUID.class), hook, rs.getLong(4),
                                        rs.getString(5), rs.getObject(6, UUID.class), rs.getObject(7, UUID.class),
                                        rs.getObject(8, UUID.class), (Integer) rs.getObject(9), rs.getObject(10, OffsetDateTime.class),
                                        rs.getObject(11, OffsetDateTime.class), rs.getInt(12), w.url(), w.owner(), w.secret(), w.previous());
                                byEndpoint.get(hook).add(new Positioned(rs.getInt(1), d));
                            }
                        }
                    }
                }
                c.commit();
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(true);
            }
        }
        List<Batch> out = new ArrayList<>();
        for (List<Positioned> rows : byEndpoint.values()) {
            rows.sort(Comparator.comparingInt(Positioned::pos));
            List<Claimed> batch = new ArrayList<>();
            for (Positioned p : rows) {
                if (p.pos() == batch.size() + 1) {
                    batch.add(p.delivery());
                } else {
                    // behind a gap: sending it would overtake the one missing
                    results.add(Result.released(p.delivery()));
                }
            }
            if (!batch.isEmpty()) {
                out.add(new Batch(batch, leaseEnds));
            }
        }
        return out;
    }

    private record Positioned(int pos, Claimed delivery) {
    }

    /**
     * Planned for each execution's values, never as a generic plan: pgjdbc prepares a statement on the
     * server after 5 runs, and PostgreSQL may then keep a generic plan chosen while webhook_delivery
     * was nearly empty (a scan where a key lookup is needed) until the table is next analysed. A
     * plan costs well under a millisecond; these statements run tens of times a second at most.
     */
    private static PreparedStatement customPlans(PreparedStatement ps) throws SQLException {
        ps.unwrap(org.postgresql.PGStatement.class).setPrepareThreshold(0);
        return ps;
    }

    /** Sends an endpoint's batch in order, up to the first delivery that is not done; the rest are released. */
    void send(Batch b) {
        List<Claimed> ds = b.deliveries();
        int next = 0;
        try {
            while (next < ds.size() && running && b.leaseEnds() - System.nanoTime() > timeout.toNanos() + LEASE_SPARE_NANOS) {
                pace();
                Result r = attempt(ds.get(next));
                results.add(r);
                next++;
                if (!r.done()) {
                    break;
                }
            }
        } catch (InterruptedException stopping) {
            // the delivery under way may have arrived or not: released, it is sent again with the same webhook-id
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            // not the receiver's doing (the database, say): no attempt is counted, and it is tried again after the first backoff
            Claimed d = ds.get(next++);
            Log.warnf("webhooks: delivery %s could not be sent (%s); trying again in %s", d.id(), e.toString(), human(firstRetry));
            results.add(new Result(d.id(), d.webhook(), "pending", 0, Instant.now(), null, null, 0, firstRetry, false));
        }
        for (int i = next; i < ds.size(); i++) {
            results.add(Result.released(ds.get(i)));
        }
    }

    /**
     * Waits for this instance's next sending slot: at most {@code scholion.webhooks.max-per-second}
     * deliveries a second leave it (0: no bound). On two cores a sender left free takes the CPU the
     * annotation write path needs (bench/README.md, "Webhook fan-out"): the bound keeps readers' and
     * writers' requests first, and a backlog of deliveries waits in the database instead.
     */
    private void pace() throws InterruptedException {
        if (intervalNanos == 0) {
            return;
        }
        long now = System.nanoTime();
        long slot = nextSlot.getAndAccumulate(now, (next, n) -> Math.max(next, n) + intervalNanos);
        long wait = Math.max(slot, now) - now;
        if (wait > 0) {
            TimeUnit.NANOSECONDS.sleep(wait);
        }
    }

    /** Builds the payload as the owner may read it now, sends it once, and says what happened. */
    Result attempt(Claimed d) throws InterruptedException {
        long started = System.nanoTime();
        String body;
        try {
            body = payload(d);
        } catch (DomainError refused) {
            return finished(d, "withheld", null, "withheld: the endpoint's owner may not read this now (" + refused.getMessage() + ")", 0);
        }
        if (body == null) {
            return finished(d, "withheld", null, "withheld: what it was about is gone", 0);
        }
        var refusal = Destinations.refusal(d.url(), allowPrivate);
        if (refusal.isPresent()) {
            return failed(d, null, "the URL " + refusal.get(), elapsed(started));
        }
        String msgId = "msg_" + d.id().toString().replace("-", "");
        long now = Instant.now().getEpochSecond();
        List<String> secrets = d.previous() == null ? List.of(d.secret()) : List.of(d.secret(), d.previous());
        RequestOptions request = new RequestOptions().setMethod(HttpMethod.POST).setAbsoluteURI(d.url()).setFollowRedirects(false)
                .setConnectTimeout(timeout.toMillis()).setIdleTimeout(timeout.toMillis())
                .putHeader("Content-Type", "application/json")
                .putHeader("User-Agent", "Scholion-Webhooks/1.0")
                .putHeader("webhook-id", msgId)
                .putHeader("webhook-timestamp", Long.toString(now))
                .putHeader("webhook-signature", Signatures.header(msgId, now, body, secrets));
        Exchange exchange = new Exchange();
        CompletableFuture<Integer> answer = new CompletableFuture<>();
        // on one event-loop context from the start: the answer's head and body then come on it in order, and the body's
        // handlers are set as its head arrives (set a moment later, from another thread, an empty answer may have ended)
        vertx.getOrCreateContext().runOnContext(v -> client.request(request)
                .compose(r -> exchange.started(r) ? r.send(Buffer.buffer(body)) : Future.<HttpClientResponse>failedFuture("given up"))
                .compose(WebhookSender::readAtMost)
                .onComplete(ar -> {
                    if (ar.succeeded()) {
                        answer.complete(ar.result());
                    } else {
                        answer.completeExceptionally(ar.cause());
                    }
                }));
        int status;
        try {
            // the whole exchange, connection included, within the timeout (Vert.x's own are per phase)
            status = answer.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            exchange.abandon();
            return failed(d, null, "no answer within " + timeout.toSeconds() + " s", elapsed(started));
        } catch (InterruptedException e) {
            exchange.abandon();
            throw e;
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            return failed(d, null, cause instanceof TimeoutException ? "no answer within " + timeout.toSeconds() + " s"
                    : "could not be reached: " + (cause instanceof java.net.ConnectException ? "ConnectException" : cause.getClass().getSimpleName())
                            + (cause.getMessage() == null ? "" : " " + cause.getMessage()),
                    elapsed(started));
        }
        if (status >= 200 && status < 300) {
            return finished(d, "delivered", status, null, elapsed(started));
        }
        return failed(d, status, "answered " + status + (status >= 300 && status < 400 ? " (redirects are not followed)" : ""),
                elapsed(started));
    }

    /**
     * The answer's status once its body is read — and dropped — or once 64 KB of it are: a receiver that
     * answers gigabytes costs no more (its connection is closed then, as it cannot be reused half read).
     */
    private static Future<Integer> readAtMost(HttpClientResponse response) {
        Promise<Integer> done = Promise.promise();
        long[] read = {0};
        try {
            response.exceptionHandler(done::tryFail);
            response.endHandler(v -> done.tryComplete(response.statusCode()));
            response.handler(chunk -> {
                read[0] += chunk.length();
                if (read[0] >= ANSWER_BYTES_READ && done.tryComplete(response.statusCode())) {
                    response.request().reset();
                }
            });
        } catch (IllegalStateException ended) {
            // "Response already ended": all of it came (and went) already; the status is what counts
            done.tryComplete(response.statusCode());
        }
        return done.future();
    }

    /** One attempt's request, once the connection gives one: closed when the attempt is given up on, before or after. */
    private static final class Exchange {
        private HttpClientRequest request;
        private boolean abandoned;

        synchronized boolean started(HttpClientRequest r) {
            if (abandoned) {
                r.reset();
                return false;
            }
            request = r;
            return true;
        }

        synchronized void abandon() {
            abandoned = true;
            if (request != null) {
                request.reset();
            }
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
    private Result failed(Claimed d, Integer status, String error, int ms) {
        if (Duration.between(d.created().toInstant(), Instant.now()).compareTo(retryFor) >= 0) {
            return new Result(d.id(), d.webhook(), "failed", d.attempt(), Instant.now(), status, error, ms, null, true);
        }
        long base = Math.min(TimeUnit.HOURS.toMillis(1), firstRetry.toMillis() << Math.min(d.attempt() - 1, 20));
        long delay = (long) (base * (0.5 + ThreadLocalRandom.current().nextDouble()));
        return new Result(d.id(), d.webhook(), "pending", d.attempt(), Instant.now(), status, error, ms, Duration.ofMillis(delay), false);
    }

    private static Result finished(Claimed d, String state, Integer status, String error, int ms) {
        return new Result(d.id(), d.webhook(), state, d.attempt(), Instant.now(), status, error, ms, null, false);
    }

    /**
     * Writes the results as they come, gathered for {@link #WRITE_EVERY_MS}; a failed write is kept and
     * tried again a second later. Stops when the sender stops and everything known is written (or the
     * database refuses it on the way out: then the leases end and those deliveries are sent again).
     */
    private void writeLoop() {
        List<Result> unwritten = new ArrayList<>();
        while (true) {
            try {
                if (unwritten.isEmpty()) {
                    Result first = results.poll(200, TimeUnit.MILLISECONDS);
                    if (first == null) {
                        if (sendsEnded && results.isEmpty()) {
                            return;
                        }
                        continue;
                    }
                    unwritten.add(first);
                    long wait = first.at().toEpochMilli() + WRITE_EVERY_MS - System.currentTimeMillis();
                    if (running && wait > 0 && results.size() < WRITE_MAX) {
                        Thread.sleep(wait);
                    }
                }
                results.drainTo(unwritten, Math.max(0, WRITE_MAX - unwritten.size()));
                store(unwritten);
                unwritten.clear();
                wake();
            } catch (InterruptedException e) {
                return;
            } catch (SQLException | RuntimeException e) {
                if (sendsEnded) {
                    Log.warnf("webhooks: could not record %d delivery results while stopping (%s); their leases end and "
                            + "they are sent again (same webhook-id)", unwritten.size() + results.size(), e.toString());
                    return;
                }
                Log.warnf("webhooks: could not record %d delivery results (%s); trying again in 1 s. Until they are written "
                        + "they stay pending and leased (if a lease ends first, that delivery is sent again)", unwritten.size(), e.toString());
                try {
                    Thread.sleep(1000);
                } catch (InterruptedException ie) {
                    return;
                }
            }
        }
    }

    private static final String INSERT_ATTEMPTS = """
            INSERT INTO webhook_attempt (delivery_id, n, at, status, error, ms)
            SELECT a.id, a.n, to_timestamp(a.at), a.status, a.error, a.ms
              FROM unnest(?::uuid[], ?::int[], ?::float8[], ?::int[], ?::text[], ?::int[]) AS a(id, n, at, status, error, ms)
            ON CONFLICT (delivery_id, n) DO NOTHING""";

    /** A late result never reopens a delivery that is no longer pending (one whose lease ended and was sent again elsewhere). */
    private static final String UPDATE_DELIVERIES = """
            UPDATE webhook_delivery d
               SET state = u.state, attempts = greatest(d.attempts, u.n), leased_until = NULL,
                   finished_at = CASE WHEN u.state <> 'pending' THEN to_timestamp(u.at) END,
                   next_attempt_at = CASE WHEN u.retry_in IS NULL THEN d.next_attempt_at
                                          ELSE to_timestamp(u.at) + make_interval(secs => u.retry_in) END
              FROM unnest(?::uuid[], ?::text[], ?::int[], ?::float8[], ?::float8[]) AS u(id, state, n, at, retry_in)
             WHERE d.id = u.id AND d.state = 'pending'""";

    /**
     * Disables the endpoints given up on and tells their owners: the reason is on the endpoint, and an
     * entry in the group's log ({@code webhook.disabled}, the endpoint as its subject, the owner as its
     * actor: the log names a user) puts it where the group's moderators read what happened.
     */
    private static final String DISABLE = """
            WITH off AS (
            UPDATE webhook w SET enabled = false, updated_at = now(),
                   disabled_reason = 'Disabled ' || to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI') || ' UTC: a delivery failed for '
                       || ? || ' (last: ' || u.error || '). Fix the receiver, then enable it again.'
              FROM unnest(?::uuid[], ?::text[]) AS u(id, error)
             WHERE w.id = u.id AND w.enabled
            RETURNING w.id, w.group_id, w.owner_id, w.url, w.disabled_reason)
            INSERT INTO group_log (group_id, actor_id, action, subject_id, after_value, at)
            SELECT off.group_id, off.owner_id, 'webhook.disabled', off.id, left(off.url || ': ' || off.disabled_reason, 2000), now()
              FROM off""";

    /** Writes results in one transaction: the attempts made, each delivery's state, the endpoints given up on. */
    void store(List<Result> rs) throws SQLException {
        List<Result> attempts = rs.stream().filter(r -> r.attempt() > 0).toList();
        // one row per delivery, the latest (a delivery appears twice only if its lease ended and it was claimed again)
        Map<UUID, Result> states = new LinkedHashMap<>();
        Map<UUID, String> disable = new LinkedHashMap<>();
        for (Result r : rs) {
            states.put(r.delivery(), r);
            if (r.disable()) {
                disable.put(r.webhook(), r.error());
            }
        }
        // always the same order of row locks, whoever writes
        List<Result> rows = states.values().stream().sorted(Comparator.comparing(Result::delivery)).toList();
        try (Connection c = db.getConnection()) {
            c.setAutoCommit(false);
            try {
                if (!attempts.isEmpty()) {
                    SqlUpdate.run(c, INSERT_ATTEMPTS, ps -> {
                        customPlans(ps);
                        ps.setArray(1, c.createArrayOf("uuid", attempts.stream().map(Result::delivery).toArray()));
                        ps.setArray(2, c.createArrayOf("int4", attempts.stream().map(Result::attempt).toArray()));
                        ps.setArray(3, c.createArrayOf("float8", attempts.stream().map(r -> seconds(r.at())).toArray()));
                        ps.setArray(4, c.createArrayOf("int4", attempts.stream().map(Result::status).toArray()));
                        ps.setArray(5, c.createArrayOf("text", attempts.stream().map(r -> clip(r.error())).toArray()));
                        ps.setArray(6, c.createArrayOf("int4", attempts.stream().map(Result::ms).toArray()));
                    });
                }
                SqlUpdate.run(c, UPDATE_DELIVERIES, ps -> {
                    customPlans(ps);
                    ps.setArray(1, c.createArrayOf("uuid", rows.stream().map(Result::delivery).toArray()));
                    ps.setArray(2, c.createArrayOf("text", rows.stream().map(Result::state).toArray()));
                    ps.setArray(3, c.createArrayOf("int4", rows.stream().map(Result::attempt).toArray()));
                    ps.setArray(4, c.createArrayOf("float8", rows.stream().map(r -> seconds(r.at())).toArray()));
                    ps.setArray(5, c.createArrayOf("float8",
                            rows.stream().map(r -> r.retryIn() == null ? null : r.retryIn().toMillis() / 1000.0).toArray()));
                });
                if (!disable.isEmpty()) {
                    SqlUpdate.run(c, DISABLE, ps -> {
                        ps.setString(1, human(retryFor));
                        ps.setArray(2, c.createArrayOf("uuid", disable.keySet().toArray()));
                        ps.setArray(3, c.createArrayOf("text", disable.values().stream().map(WebhookSender::clip).toArray()));
                    });
                }
                c.commit();
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(true);
            }
        }
        disable.forEach((hook, error) -> Log.warnf("webhooks: endpoint %s disabled after failing for %s: %s", hook, human(retryFor), error));
    }

    private static double seconds(Instant at) {
        return at.getEpochSecond() + at.getNano() / 1e9;
    }

    private static String clip(String error) {
        return error == null ? null : error.length() > 500 ? error.substring(0, 500) : error;
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        t.start();
        return t;
    }

    private static void join(Thread t, int seconds) throws InterruptedException {
        if (t != null) {
            t.join(TimeUnit.SECONDS.toMillis(seconds));
        }
    }

    private static int elapsed(long started) {
        return (int) Math.min(Integer.MAX_VALUE, (System.nanoTime() - started) / 1_000_000);
    }

    private static String human(Duration d) {
        return d.toHours() >= 1 ? d.toHours() + " h" : d.toMinutes() >= 1 ? d.toMinutes() + " min" : d.toSeconds() + " s";
    }
}
