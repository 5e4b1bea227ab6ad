package org.scholion.web;

import io.quarkus.logging.Log;
import io.vertx.core.http.HttpServerRequest;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.nio.channels.ClosedChannelException;
import org.scholion.system.DatabaseOutage;

/**
 * Unexpected failures that are not bugs, answered before the catch-all 500: the database not
 * answering (503 + Retry-After, logged on one line) and a client that went away mid-request
 * (nothing to answer; logged on one line at DEBUG, not as an error with a stack trace).
 */
final class Failures {
    /** Seconds a client should wait before trying again after a 503. */
    static final int RETRY_AFTER_SECONDS = 5;

    private Failures() {
    }

    /** The answer for an outage or a client gone, or null when the failure is a real error. */
    static Response outageOrGone(Throwable e, HttpServerRequest request) {
        if (DatabaseOutage.is(e)) {
            Log.warnf("Database unavailable on %s %s: %s", request.method(), LogRedaction.path(request.path()), rootMessage(e));
            Response r = ProblemMapper.respond(request, Problem.of(503,
                    "The database is not answering right now; try again in a few seconds.", LogRedaction.path(request.path())));
            return Response.fromResponse(r).header("Retry-After", String.valueOf(RETRY_AFTER_SECONDS)).build();
        }
        if (clientGone(e, request)) {
            Log.debugf("Client went away during %s %s: %s", request.method(), LogRedaction.path(request.path()), rootMessage(e));
            return Response.status(499).build();
        }
        return null;
    }

    private static boolean clientGone(Throwable e, HttpServerRequest request) {
        if (request.response().closed()) {
            return true;
        }
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof ClosedChannelException || t instanceof io.vertx.core.http.HttpClosedException) {
                return true;
            }
            if (t instanceof IOException && t.getMessage() != null
                    && (t.getMessage().contains("Connection reset") || t.getMessage().contains("Broken pipe"))) {
                return true;
            }
            if (t instanceof io.vertx.core.VertxException && "Connection was closed".equals(t.getMessage())) {
                return true;
            }
        }
        return false;
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        String m = t.getMessage();
        return t.getClass().getSimpleName() + (m == null ? "" : ": " + m.lines().findFirst().orElse(""));
    }
}
