package org.scholion.web;

import io.quarkus.logging.Log;
import io.quarkus.runtime.configuration.MemorySize;
import io.quarkus.vertx.http.runtime.filters.Filters;
import io.quarkus.vertx.http.runtime.security.QuarkusHttpUser;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.Json;
import java.util.List;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Request logging and security headers for every response. The log line is key=value and holds
 * the path only: query strings (OIDC `code`/`state`), headers and cookies never reach the log.
 */
@ApplicationScoped
public class HttpFilters {
    static final String CSP = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
            + "object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'";

    /** Headers a cross-origin W3C client must be able to read. */
    static final String EXPOSED = "ETag, Location, Link, Allow, Accept-Post, Content-Location, Vary, Preference-Applied";
    static final String CORS_METHODS = "GET, HEAD, OPTIONS, POST, PUT, DELETE";
    static final String CORS_HEADERS = "Authorization, Content-Type, Accept, If-Match, If-None-Match, Prefer, Slug";

    @ConfigProperty(name = "quarkus.http.limits.max-body-size")
    MemorySize maxBodySize;

    void register(@Observes Filters filters) {
        // higher priority runs first: log and headers, then CORS and size limits, then CSRF
        filters.register(this::logAndHeaders, 100);
        filters.register(this::corsAndLimits, 95);
        filters.register(this::csrf, 90);
    }

    /**
     * CORS for the API and the JSON-LD context: any origin, but never credentials — a
     * cross-origin client authenticates with a bearer token, so the session cookie of the browser
     * reader is never usable from another site. Preflights are answered here, before
     * authentication. A body announced larger than the limit gets its 413 as problem+json here,
     * before Vert.x would answer it with an empty body.
     */
    private void corsAndLimits(RoutingContext rc) {
        String path = RequestPath.of(rc);
        boolean api = RequestPath.isApi(rc) || path.startsWith("/ns/");
        String origin = rc.request().getHeader("Origin");
        if (api && origin != null) {
            rc.response().headers().set("Access-Control-Allow-Origin", "*").set("Access-Control-Expose-Headers", EXPOSED);
            if (rc.request().method() == HttpMethod.OPTIONS && rc.request().getHeader("Access-Control-Request-Method") != null) {
                rc.response().setStatusCode(204).headers()
                        .set("Access-Control-Allow-Methods", CORS_METHODS)
                        .set("Access-Control-Allow-Headers", CORS_HEADERS)
                        .set("Access-Control-Max-Age", "86400");
                rc.response().end();
                return;
            }
        }
        String length = rc.request().getHeader("Content-Length");
        if (length != null && maxBodySize != null) {
            long n;
            try {
                n = Long.parseLong(length.strip());
            } catch (NumberFormatException e) {
                n = -1;
            }
            if (n > maxBodySize.asLongValue()) {
                Problem p = Problem.ofFields(413, "The request body is larger than the limit of " + maxBodySize.asLongValue()
                        + " bytes.", path, List.of(new Problem.FieldError("body", "larger than " + maxBodySize.asLongValue() + " bytes")));
                rc.response().putHeader("Connection", "close");
                endWithProblem(rc, p);
                return;
            }
        }
        rc.next();
    }

    /** Browser code must send this header on every state-changing API call it makes with the session cookie. */
    public static final String CSRF_HEADER = "X-Scholion-CSRF";

    private final String publicOrigin;

    HttpFilters(PublicUrl publicUrl) {
        this.publicOrigin = publicUrl.origin();
    }

    /**
     * CSRF defence for the browser session: a state-changing /api/ request that carries the session
     * cookie and no bearer token (so the cookie would authenticate it) must carry {@link #CSRF_HEADER} — a custom
     * header other sites cannot send without a CORS preflight we never grant with credentials — and,
     * when the browser names its Origin, come from our own origin. The session cookie is also
     * SameSite=Lax. Bearer-token clients are not affected: a token is never sent by a browser on its own.
     */
    private void csrf(RoutingContext rc) {
        HttpMethod m = rc.request().method();
        boolean safe = m == HttpMethod.GET || m == HttpMethod.HEAD || m == HttpMethod.OPTIONS;
        if (safe || !RequestPath.isApi(rc) || rc.request().getHeader(HttpHeaders.AUTHORIZATION) != null
                || !hasSessionCookie(rc)) {
            rc.next();
            return;
        }
        String origin = rc.request().getHeader(HttpHeaders.ORIGIN);
        String detail = null;
        if (rc.request().getHeader(CSRF_HEADER) == null) {
            detail = "A browser request that changes something must carry the " + CSRF_HEADER + " header.";
        } else if (origin != null && !origin.equals(publicOrigin)) {
            detail = "Cross-site request refused: Origin " + origin + " is not " + publicOrigin + ".";
        }
        if (detail == null) {
            rc.next();
            return;
        }
        endWithProblem(rc, Problem.of(403, detail, rc.request().path()));
    }

    /** Filters run before JAX-RS, so they write their problem+json themselves. */
    private static void endWithProblem(RoutingContext rc, Problem p) {
        rc.response().setStatusCode(p.status()).putHeader(HttpHeaders.CONTENT_TYPE, Problem.MEDIA_TYPE).end(Json.encode(p));
    }

    /** Quarkus OIDC's session cookie is q_session (split into q_session_chunk_N when large). */
    private static boolean hasSessionCookie(RoutingContext rc) {
        String cookies = rc.request().getHeader(HttpHeaders.COOKIE);
        return cookies != null && cookies.contains("q_session");
    }

    private void logAndHeaders(RoutingContext rc) {
        long start = System.nanoTime();
        String path = rc.request().path();
        boolean management = path.startsWith("/q/");
        rc.response().headers()
                .set("X-Content-Type-Options", "nosniff")
                .set("Referrer-Policy", "same-origin");
        if (!management) {
            // Swagger UI under /q/ needs inline script; everything of ours does not.
            rc.response().headers().set("Content-Security-Policy", CSP).set("X-Frame-Options", "DENY");
        }
        rc.addEndHandler(done -> {
            double ms = (System.nanoTime() - start) / 1e6;
            String user = rc.user() instanceof QuarkusHttpUser u && !u.getSecurityIdentity().isAnonymous()
                    ? u.getSecurityIdentity().getPrincipal().getName()
                    : "-";
            if (management) {
                Log.debugf("http method=%s path=%s status=%d ms=%.1f", rc.request().method(), path, rc.response().getStatusCode(), ms);
            } else {
                Log.infof("http method=%s path=%s status=%d ms=%.1f user=%s", rc.request().method(), path,
                        rc.response().getStatusCode(), ms, user);
            }
        });
        rc.next();
    }
}
