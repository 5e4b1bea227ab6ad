package org.scholion.web;

import io.quarkus.vertx.http.runtime.filters.Filters;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.Json;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * The HTTP concerns every request goes through, in the order they run (higher priority first).
 *
 * <p>What configuration can say is said in application.properties ({@code quarkus.http.header.*}
 * and {@code quarkus.http.filter.*}: nosniff, Referrer-Policy, CSP, X-Frame-Options; trusted
 * proxies; the management interface). What it cannot say lives in the classes registered here,
 * each with its reason:
 * <ol>
 * <li>{@link AccessLog}: the signed-in user in the line, join codes redacted (Quarkus' access log
 * can do neither);
 * <li>{@link ResponsePolicy}: no-store and Vary: Cookie on private answers unless a resource chose
 * its own caching, HSTS only over https (a configured header is unconditional);
 * <li>{@link CrossOrigin}: CORS for /api/ and /ns/ only, with a literal {@code *} (Quarkus 3.33's
 * CORS filter covers every path and echoes the Origin without Vary: Origin);
 * <li>{@link BodyLimit}: a too large body gets a problem+json 413 (Vert.x ends it with an empty one);
 * <li>{@link InputGate}: control characters in the path or query are a 400 before any lookup;
 * <li>{@link CsrfGate}: browser writes need our header and Origin; logout is a same-origin POST.
 * </ol>
 * Filters run before authentication and before JAX-RS, so they write their problem+json themselves.
 */
@ApplicationScoped
public class HttpFilters {
    /** Browser code must send this header on every state-changing API call it makes with the session cookie. */
    public static final String CSRF_HEADER = "X-Scholion-CSRF";
    /** The identity attribute naming the origins that may frame this caller's pages (space-separated), if any (lti/). */
    public static final String FRAME_ANCESTORS = "scholion.frame-ancestors";

    private final AccessLog accessLog;
    private final ResponsePolicy responsePolicy;
    private final CrossOrigin crossOrigin;
    private final BodyLimit bodyLimit;
    private final InputGate inputGate;
    private final CsrfGate csrfGate;

    HttpFilters(AccessLog accessLog, ResponsePolicy responsePolicy, CrossOrigin crossOrigin, BodyLimit bodyLimit,
            InputGate inputGate, CsrfGate csrfGate) {
        this.accessLog = accessLog;
        this.responsePolicy = responsePolicy;
        this.crossOrigin = crossOrigin;
        this.bodyLimit = bodyLimit;
        this.inputGate = inputGate;
        this.csrfGate = csrfGate;
    }

    /**
     * All above Quarkus' own security filters (authentication 200, authorization 100): the gates
     * decide before a permission policy signs anyone in — or, for /logout, out.
     */
    void register(@Observes Filters filters) {
        filters.register(accessLog::handle, 400);
        filters.register(responsePolicy::handle, 390);
        filters.register(crossOrigin::handle, 350);
        filters.register(bodyLimit::handle, 340);
        filters.register(inputGate::handle, 330);
        filters.register(csrfGate::handle, 320);
    }

    /** A filter's refusal: problem+json, or the small HTML page when a browser asked for a page. */
    static void endWithProblem(RoutingContext rc, Problem p) {
        String accept = rc.request().getHeader(HttpHeaders.ACCEPT);
        if (HypothesisFailure.wanted(RequestPath.of(rc), accept)) {
            rc.response().setStatusCode(p.status()).putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
                    .end(Json.encode(HypothesisFailure.of(p)));
            return;
        }
        boolean html = !RequestPath.isApi(rc) && accept != null && accept.contains("text/html");
        rc.response().setStatusCode(p.status())
                .putHeader(HttpHeaders.CONTENT_TYPE, html ? "text/html;charset=UTF-8" : Problem.MEDIA_TYPE)
                .end(html ? ErrorPage.render(p) : Json.encode(p));
    }
}
