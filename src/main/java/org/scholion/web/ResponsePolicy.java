package org.scholion.web;

import io.quarkus.vertx.http.runtime.security.QuarkusHttpUser;
import io.vertx.core.MultiMap;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Arrays;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Headers decided when the answer is complete, which is why they are not in configuration:
 * <ul>
 * <li>Private answers are not cached. An answer is private unless it says it is public: one
 * without a Cache-Control gets {@code no-store}, and every answer not marked {@code public} gets
 * {@code Vary: Cookie}, since a session cookie may be what made it. Public ones are the static files
 * (Cache-Control from the static handler) and the JSON-LD context under /ns/. A Cache-Control a
 * resource set is its deliberate choice and stays. The one such choice
 * today is the annotation container and single annotations: {@code private, no-cache} with an
 * ETag, so a reader revalidates (304) instead of downloading again; {@code private} keeps them out of
 * shared caches, {@code no-cache} makes every use ask the server, which re-checks membership, and
 * logout clears the browser's cache (Clear-Site-Data). Join codes (/api/groups*), 410 tombstones and
 * pages are no-store.
 * <li>HSTS only over https — directly or from a trusted proxy (quarkus.http.proxy.trusted-proxies):
 * RFC 6797 §7.2 says a host must not send it over plain http.
 * </ul>
 */
@ApplicationScoped
class ResponsePolicy {
    private final String hsts;

    ResponsePolicy(@ConfigProperty(name = "scholion.hsts", defaultValue = "max-age=31536000") String hsts) {
        this.hsts = hsts;
    }

    void handle(RoutingContext rc) {
        rc.addHeadersEndHandler(v -> {
            MultiMap h = rc.response().headers();
            String cacheControl = h.get("Cache-Control");
            if (cacheControl == null) {
                h.set("Cache-Control", "no-store");
                varyOnCookie(h);
            } else if (!cacheControl.contains("public")) {
                varyOnCookie(h);
            }
            if (rc.request().isSSL() && !hsts.isBlank()) {
                h.set("Strict-Transport-Security", hsts);
            }
            framedFor(rc, h);
        });
        rc.next();
    }

    /**
     * A caller signed in by an LTI launch reads Scholion in the learning platform's frame: their pages may
     * be framed by the origins their session names ({@link HttpFilters#FRAME_ANCESTORS}, set by lti/) instead of none.
     */
    private static void framedFor(RoutingContext rc, MultiMap h) {
        if (!(rc.user() instanceof QuarkusHttpUser user)) {
            return;
        }
        Object origins = user.getSecurityIdentity().getAttribute(HttpFilters.FRAME_ANCESTORS);
        String csp = h.get("Content-Security-Policy");
        if (!(origins instanceof String o) || o.isBlank() || csp == null || !csp.contains("frame-ancestors 'none'")) {
            return;
        }
        h.set("Content-Security-Policy", csp.replace("frame-ancestors 'none'", "frame-ancestors 'self' " + o));
        h.remove("X-Frame-Options");
    }

    /** Adds Cookie to the Vary the resource set (one header line, so clients reading one value see all). */
    static void varyOnCookie(MultiMap h) {
        String vary = String.join(", ", h.getAll("Vary"));
        boolean present = Arrays.stream(vary.split(",")).map(String::strip)
                .anyMatch(t -> t.equalsIgnoreCase("Cookie") || t.equals("*"));
        if (!present) {
            h.set("Vary", vary.isBlank() ? "Cookie" : vary + ", Cookie");
        }
    }
}
