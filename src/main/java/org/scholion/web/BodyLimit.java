package org.scholion.web;

import io.quarkus.runtime.configuration.MemorySize;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.regex.Pattern;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * A body announced larger than its route allows gets its 413 as problem+json here, before Vert.x
 * would end the request with an empty 413: {@code scholion.max-request-body} (1 MB) everywhere but
 * the uploads of readings (POST /api/documents, PUT /api/documents/{slug}), which may carry a file of
 * {@code scholion.documents.max-upload-bytes} and the form around it (quarkus.http.limits.max-body-size,
 * the hard limit, is set to that). A body streamed without a length is held to the same limits
 * while it is read ({@link StreamedBodyLimit}).
 */
@ApplicationScoped
class BodyLimit {
    /** Room for the form fields around an uploaded file. */
    static final long FORM_ALLOWANCE = 64 * 1024;
    private static final Pattern UPLOAD = Pattern.compile("^/api/documents(/[^/]+)?/?$");
    private final long max;
    private final long maxUpload;

    BodyLimit(@ConfigProperty(name = "scholion.max-request-body") MemorySize maxRequestBody,
            @ConfigProperty(name = "scholion.documents.max-upload-bytes", defaultValue = "20971520") long maxUploadBytes) {
        this.max = maxRequestBody.asLongValue();
        this.maxUpload = maxUploadBytes + FORM_ALLOWANCE;
    }

    /** Whether the request is an upload of a reading (a new document or a revision). */
    static boolean isUpload(String method, String path) {
        return ("POST".equals(method) || "PUT".equals(method)) && UPLOAD.matcher(path).matches();
    }

    long limitFor(String method, String path) {
        return isUpload(method, path) ? maxUpload : max;
    }

    void handle(RoutingContext rc) {
        long max = limitFor(rc.request().method().name(), rc.request().path());
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
