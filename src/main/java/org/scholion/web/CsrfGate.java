package org.scholion.web;

import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Cross-site request forgery, decided on the path the routers match ({@link RequestPath}):
 * <ul>
 * <li>A state-changing /api/ request that carries the session cookie and no bearer token (so the
 * cookie would authenticate it) must carry {@link HttpFilters#CSRF_HEADER} — a custom header other
 * sites cannot send without a CORS preflight we never grant with credentials — and, when the browser
 * names its Origin, come from our own origin. Bearer-token clients are not affected: a browser never
 * sends a token on its own.
 * <li>Logout is a POST from our own pages (Origin, or Referer when a browser sends no Origin). Quarkus
 * OIDC logs out whatever request reaches its logout path, so any other method is sent to the
 * confirmation page instead, and a cross-site POST is refused: another site can no longer sign a
 * reader out with a link or an image.
 * </ul>
 * The session cookie is also SameSite=Lax, so a cross-site POST does not carry it in the first place.
 */
@ApplicationScoped
class CsrfGate {
    /** Quarkus OIDC's logout path (quarkus.oidc.logout.path). */
    static final String LOGOUT = "/logout";
    /** The page with the sign-out button, where any other way to /logout is sent. */
    static final String SIGN_OUT_PAGE = "/sign-out";

    private final PublicUrl publicUrl;
    private final String publicOrigin;

    CsrfGate(PublicUrl publicUrl) {
        this.publicUrl = publicUrl;
        this.publicOrigin = publicUrl.origin();
    }

    void handle(RoutingContext rc) {
        if (RequestPath.of(rc).equals(LOGOUT)) {
            logout(rc);
            return;
        }
        HttpMethod m = rc.request().method();
        boolean safe = m == HttpMethod.GET || m == HttpMethod.HEAD || m == HttpMethod.OPTIONS;
        if (safe || !RequestPath.isApi(rc) || rc.request().getHeader(HttpHeaders.AUTHORIZATION) != null
                || !hasSessionCookie(rc)) {
            rc.next();
            return;
        }
        String origin = rc.request().getHeader(HttpHeaders.ORIGIN);
        String detail = null;
        if (rc.request().getHeader(HttpFilters.CSRF_HEADER) == null) {
            detail = "A browser request that changes something must carry the " + HttpFilters.CSRF_HEADER + " header.";
        } else if (origin != null && !origin.equals(publicOrigin)) {
            detail = "Cross-site request refused: Origin " + origin + " is not " + publicOrigin + ".";
        }
        if (detail == null) {
            rc.next();
            return;
        }
        HttpFilters.endWithProblem(rc, Problem.of(403, detail, RequestPath.of(rc)));
    }

    private void logout(RoutingContext rc) {
        if (rc.request().method() != HttpMethod.POST) {
            rc.response().setStatusCode(303).putHeader(HttpHeaders.LOCATION, SIGN_OUT_PAGE).end();
            return;
        }
        if (!publicUrl.isOwnOrigin(rc.request().getHeader(HttpHeaders.ORIGIN), rc.request().getHeader(HttpHeaders.REFERER))) {
            HttpFilters.endWithProblem(rc, Problem.of(403,
                    "Sign out with the button on this site's pages: this request came from elsewhere.", LOGOUT));
            return;
        }
        // the browser's copies of private pages and API answers go with the session
        rc.response().putHeader("Clear-Site-Data", "\"cache\"");
        rc.next();
    }

    /**
     * Quarkus OIDC's session cookie is q_session (split into q_session_chunk_N when large); an LTI
     * launch's is scholion_lti (lti/LtiSessions).
     */
    private static boolean hasSessionCookie(RoutingContext rc) {
        String cookies = rc.request().getHeader(HttpHeaders.COOKIE);
        return cookies != null && (cookies.contains("q_session") || cookies.contains("scholion_lti"));
    }
}
