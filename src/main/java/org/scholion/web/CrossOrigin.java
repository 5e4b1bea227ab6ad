package org.scholion.web;

import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * CORS for the API and the JSON-LD context: any origin, but never credentials — a cross-origin
 * client authenticates with a bearer token, so the session cookie of the browser reader is never
 * usable from another site. Preflights are answered here, before authentication.
 *
 * <p>Not quarkus.http.cors: in Quarkus 3.33 that filter applies to every path (pages and static
 * files too) and answers a wildcard configuration by echoing the caller's Origin without
 * {@code Vary: Origin}, so a shared cache could hand one origin's answer to another. A literal
 * {@code *} is what a public, credential-free API means.
 */
@ApplicationScoped
class CrossOrigin {
    /** Headers a cross-origin W3C client must be able to read. */
    static final String EXPOSED = "ETag, Location, Link, Allow, Accept-Post, Content-Location, Vary, Preference-Applied,"
            + " Retry-After, Deprecation, Sunset, Hypothesis-Media-Type";
    static final String METHODS = "GET, HEAD, OPTIONS, POST, PUT, PATCH, DELETE";
    /** The W3C clients' headers, and what Hypothesis' client sends (h's cors_policy, h/views/api/config.py). */
    static final String HEADERS = "Authorization, Content-Type, Accept, If-Match, If-None-Match, Prefer, Slug,"
            + " Hypothesis-Client-Version, X-Client-Id";

    void handle(RoutingContext rc) {
        boolean api = RequestPath.isApi(rc) || RequestPath.of(rc).startsWith("/ns/");
        if (api && rc.request().getHeader("Origin") != null) {
            rc.response().headers().set("Access-Control-Allow-Origin", "*").set("Access-Control-Expose-Headers", EXPOSED);
            if (rc.request().method() == HttpMethod.OPTIONS && rc.request().getHeader("Access-Control-Request-Method") != null) {
                rc.response().setStatusCode(204).headers()
                        .set("Access-Control-Allow-Methods", METHODS)
                        .set("Access-Control-Allow-Headers", HEADERS)
                        .set("Access-Control-Max-Age", "86400");
                rc.response().end();
                return;
            }
        }
        rc.next();
    }
}
