package org.scholion.web;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.cache.CaffeineCacheMetrics;
import io.quarkus.runtime.configuration.MemorySize;
import io.vertx.core.http.HttpVersion;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * A body announced larger than its route allows gets its 413 as problem+json here, before Vert.x
 * would end the request with an empty 413: {@code scholion.max-request-body} (1 MB) everywhere but
 * the uploads of readings (POST /api/documents, PUT /api/documents/{slug}), which may carry a file of
 * {@code scholion.documents.max-upload-bytes} and the form around it (quarkus.http.limits.max-body-size,
 * the hard limit, is set to that). A body streamed without a length is held to the same limits
 * while it is read ({@link StreamedBodyLimit}).
 * <p>
 * What happens to the refused body (RFC 9110 §15.5.14: "The server MAY terminate the request, if the
 * protocol version in use allows it; otherwise, the server MAY close the connection"): most HTTP/1.1
 * clients write the whole body before they read, and a connection closed under them is a reset
 * instead of the problem+json. So a client's first few oversized bodies (a minute, keyed by its
 * Authorization header, else its address) are read and thrown away, up to {@link #LINGER_BYTES} past
 * the limit, and the connection closes after; beyond that, or for a body announced larger still, the
 * body is not read at all: the request is paused and the connection closed once the answer is written.
 * Reading a flood of oversized bodies was what one client could make the server spend (issue 20).
 */
@ApplicationScoped
class BodyLimit {
    /** Room for the form fields around an uploaded file. */
    static final long FORM_ALLOWANCE = 64 * 1024;
    private static final Pattern UPLOAD = Pattern.compile("^/api/documents(/[^/]+)?/?$");
    private static final Pattern IMPORT = Pattern.compile("^/api/imports/?$");
    /** Oversized bodies a client may send in a minute and still have read (so that it sees the answer). */
    static final int LINGER_PER_MINUTE = 3;
    /** How far past the limit a body is still read for a client within {@link #LINGER_PER_MINUTE}. */
    static final long LINGER_BYTES = 8 * 1024 * 1024;
    private final long max;
    private final long maxUpload;
    private final long maxImport;
    /** Oversized bodies per client in the current minute; bounded, metric {@code cache_*{cache="oversized-bodies"}}. */
    private final Cache<String, AtomicInteger> oversized = Caffeine.newBuilder().maximumSize(10_000)
            .expireAfterWrite(Duration.ofMinutes(1)).recordStats().build();

    BodyLimit(@ConfigProperty(name = "scholion.max-request-body") MemorySize maxRequestBody,
            @ConfigProperty(name = "scholion.documents.max-upload-bytes", defaultValue = "20971520") long maxUploadBytes,
            @ConfigProperty(name = "scholion.imports.max-bytes", defaultValue = "10M") MemorySize maxImportBytes,
            MeterRegistry registry) {
        this.maxImport = maxImportBytes.asLongValue();
        this.max = maxRequestBody.asLongValue();
        this.maxUpload = maxUploadBytes + FORM_ALLOWANCE;
        CaffeineCacheMetrics.monitor(registry, oversized, "oversized-bodies");
    }

    /** Whether the request is an upload of a reading (a new document or a revision). */
    static boolean isUpload(String method, String path) {
        return ("POST".equals(method) || "PUT".equals(method)) && UPLOAD.matcher(path).matches();
    }

    long limitFor(String method, String path) {
        return isUpload(method, path) ? maxUpload : "POST".equals(method) && IMPORT.matcher(path).matches() ? maxImport : max;
    }

    void handle(RoutingContext rc) {
        long max = limitFor(rc.request().method().name(), rc.request().path());
        String length = rc.request().getHeader("Content-Length");
        if (length != null) {
            long n;
            try {
                n = Long.parseLong(length.strip());
            } catch (NumberFormatException e) {
                n = -1;
            }
            if (n > max) {
                rc.response().putHeader("Connection", "close");
                if (rc.request().version() != HttpVersion.HTTP_2) {
                    if (linger(rc, n - max)) {
                        // read to its end, thrown away as it comes, then closed (Vert.x would keep the connection)
                        rc.request().handler(data -> {
                        });
                        rc.request().endHandler(v -> rc.request().connection().close());
                    } else {
                        rc.request().pause();
                        rc.response().endHandler(v -> rc.request().connection().close());
                    }
                }
                HttpFilters.endWithProblem(rc, Problem.ofFields(413, "The request body is larger than the limit of " + max + " bytes.",
                        RequestPath.of(rc), List.of(new Problem.FieldError("body", "larger than " + max + " bytes"))));
                return;
            }
        }
        rc.next();
    }

    /** Whether this client's refused body is read (and thrown away) so that it can read the 413. */
    private boolean linger(RoutingContext rc, long excess) {
        String auth = rc.request().getHeader("Authorization");
        String client = auth != null ? auth : String.valueOf(rc.request().remoteAddress());
        int count = oversized.get(client, k -> new AtomicInteger()).incrementAndGet();
        return excess <= LINGER_BYTES && count <= LINGER_PER_MINUTE;
    }
}
