package org.scholion.web;

import io.quarkus.logging.Log;
import io.quarkus.vertx.http.runtime.security.QuarkusHttpUser;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * One key=value line per request with the path only: query strings (OIDC code and state), headers
 * and cookies never reach the log, and a join code in the path is redacted ({@link LogRedaction}).
 * Kept in code rather than quarkus.http.access-log because that log can neither name the signed-in
 * user of a lazily authenticated request nor redact part of a path. A request whose client went
 * away before the answer is logged as {@code status=aborted}, not as the status Vert.x had prepared.
 */
@ApplicationScoped
class AccessLog {
    void handle(RoutingContext rc) {
        long start = System.nanoTime();
        rc.addEndHandler(done -> {
            double ms = (System.nanoTime() - start) / 1e6;
            String path = LogRedaction.path(rc.request().path());
            String status = done.succeeded() ? String.valueOf(rc.response().getStatusCode()) : "aborted";
            if (RequestPath.of(rc).startsWith("/q/")) {
                Log.debugf("http method=%s path=%s status=%s ms=%.1f", rc.request().method(), path, status, ms);
                return;
            }
            String user = rc.user() instanceof QuarkusHttpUser u && !u.getSecurityIdentity().isAnonymous()
                    ? u.getSecurityIdentity().getPrincipal().getName()
                    : "-";
            Log.infof("http method=%s path=%s status=%s ms=%.1f user=%s", rc.request().method(), path, status, ms, user);
        });
        rc.next();
    }
}
