package org.scholion.web;

import io.quarkus.logging.Log;
import io.quarkus.vertx.http.runtime.filters.Filters;
import io.quarkus.vertx.http.runtime.security.QuarkusHttpUser;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * Request logging and security headers for every response. The log line is key=value and holds
 * the path only: query strings (OIDC `code`/`state`), headers and cookies never reach the log.
 */
@ApplicationScoped
public class HttpFilters {
    static final String CSP = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
            + "object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'";

    void register(@Observes Filters filters) {
        filters.register(this::logAndHeaders, 100);
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
