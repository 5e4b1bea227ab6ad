package org.scholion.web;

import io.quarkus.runtime.configuration.MemorySize;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * A body announced larger than quarkus.http.limits.max-body-size gets its 413 as problem+json
 * here, before Vert.x would end the request with an empty 413.
 */
@ApplicationScoped
class BodyLimit {
    private final long max;

    BodyLimit(@ConfigProperty(name = "quarkus.http.limits.max-body-size") MemorySize maxBodySize) {
        this.max = maxBodySize.asLongValue();
    }

    void handle(RoutingContext rc) {
        String length = rc.request().getHeader("Content-Length");
        if (length != null) {
            long n;
            try {
                n = Long.parseLong(length.strip());
            } catch (NumberFormatException e) {
                n = -1;
            }
            if (n > max) {
                rc.response().putHeader("Connection", "close");
                HttpFilters.endWithProblem(rc, Problem.ofFields(413, "The request body is larger than the limit of " + max + " bytes.",
                        RequestPath.of(rc), List.of(new Problem.FieldError("body", "larger than " + max + " bytes"))));
                return;
            }
        }
        rc.next();
    }
}
