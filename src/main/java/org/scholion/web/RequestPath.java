package org.scholion.web;

import io.vertx.ext.web.RoutingContext;

/**
 * The request path as the routers see it, for every decision a filter makes on a path (is this
 * the API? the logout?). The raw request target must never be used for that: "/%61pi/…",
 * "//api/…", "/x/../api/…" and "/api;x=1/…" all reach the API's resources.
 */
public final class RequestPath {
    private static final String KEY = RequestPath.class.getName();

    private RequestPath() {
    }

    /**
     * Vert.x's normalised path (unreserved characters percent-decoded, dot segments removed), with
     * what JAX-RS also ignores when it matches a resource taken away: matrix parameters (";x=1" in a
     * segment) and empty segments ("//"). Computed once per request. Trailing slashes stay: they
     * matter to the annotation container ("…/annotations/").
     */
    static String of(RoutingContext rc) {
        String cached = rc.get(KEY);
        if (cached == null) {
            cached = canonical(rc.normalizedPath());
            rc.put(KEY, cached);
        }
        return cached;
    }

    static String canonical(String normalized) {
        // segments without their matrix parameters; empty, "." and ".." segments resolved again,
        // since "..;x=1" only becomes ".." here
        java.util.ArrayDeque<String> segments = new java.util.ArrayDeque<>();
        for (String raw : normalized.split("/", -1)) {
            int semi = raw.indexOf(';');
            String seg = semi >= 0 ? raw.substring(0, semi) : raw;
            if (seg.isEmpty() || seg.equals(".")) {
                continue;
            }
            if (seg.equals("..")) {
                segments.pollLast();
            } else {
                segments.addLast(seg);
            }
        }
        String path = "/" + String.join("/", segments);
        boolean trailing = normalized.endsWith("/") && !segments.isEmpty();
        return trailing ? path + "/" : path;
    }

    /** The JSON API: Scholion's under /api/ and the Hypothesis-compatible one under /h/api/. */
    static boolean isApi(RoutingContext rc) {
        return isApi(of(rc));
    }

    /** Whether this path (as the routers see it) is the API's: /api/… or /h/api/…. */
    public static boolean isApi(String path) {
        return path.startsWith("/api/") || isHypothesis(path);
    }

    /** The Hypothesis-compatible API: /h/api and below. */
    static boolean isHypothesis(String path) {
        return path.equals("/h/api") || path.startsWith("/h/api/");
    }
}
