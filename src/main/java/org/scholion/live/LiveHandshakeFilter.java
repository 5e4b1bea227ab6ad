package org.scholion.live;

import io.quarkus.vertx.http.runtime.filters.Filters;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.Json;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import org.scholion.web.Problem;

/**
 * Quarkus turns a {@code quarkus-http-upgrade#Header#value} subprotocol into a request header (for
 * browsers, which cannot set Authorization on a WebSocket). A malformed one makes Quarkus answer
 * 500; this filter runs first and answers 400 with a problem+json saying what is wrong.
 */
@ApplicationScoped
class LiveHandshakeFilter {
    static final String PREFIX = "quarkus-http-upgrade";

    void register(@Observes Filters filters) {
        // Quarkus' subprotocol handler runs at 20 + AUTHENTICATION (200); this must come before it
        filters.register(this::check, 300);
    }

    private void check(RoutingContext rc) {
        String protocols = rc.request().getHeader("Sec-WebSocket-Protocol");
        if (protocols == null || !protocols.contains(PREFIX)) {
            rc.next();
            return;
        }
        String problem = problem(protocols);
        if (problem == null) {
            rc.next();
            return;
        }
        Problem p = Problem.of(400, problem, rc.request().path());
        rc.response().setStatusCode(400).putHeader(HttpHeaders.CONTENT_TYPE, Problem.MEDIA_TYPE).end(Json.encode(p));
    }

    /** What is wrong with the subprotocol list, or null. */
    static String problem(String protocols) {
        boolean other = false;
        for (String raw : protocols.split(",")) {
            String p = raw.strip();
            if (!p.startsWith(PREFIX)) {
                other |= !p.isEmpty();
                continue;
            }
            String decoded;
            try {
                decoded = URLDecoder.decode(p, StandardCharsets.UTF_8);
            } catch (IllegalArgumentException e) {
                return "The " + PREFIX + " subprotocol is not correctly URL-encoded.";
            }
            String[] parts = decoded.split("#");
            if (parts.length != 3 || parts[1].isBlank() || parts[2].isBlank()) {
                return "The subprotocol must read " + PREFIX + "#Authorization#Bearer <token> (URL-encoded).";
            }
        }
        if (!other) {
            return "Offer the subprotocol '" + LiveProtocol.SUBPROTOCOL + "' next to the " + PREFIX
                    + " one: the server must select a subprotocol the client offered.";
        }
        return null;
    }
}
