package org.scholion.web;

import com.fasterxml.jackson.annotation.JsonInclude;
import jakarta.ws.rs.core.Response;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** An RFC 9457 problem detail: the one error body this API answers with. */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
@Schema(name = "Problem", description = "RFC 9457 problem details (application/problem+json)")
public record Problem(
        @Schema(description = "A URI naming the kind of problem", example = "about:blank") String type,
        @Schema(example = "Not Found") String title,
        @Schema(example = "404") int status,
        @Schema(example = "No document has the slug 'nope'.") String detail,
        @Schema(description = "The request path") String instance,
        @Schema(description = "What is wrong with which field of the request") List<FieldError> errors) {

    public static final String MEDIA_TYPE = "application/problem+json";

    @Schema(name = "FieldError")
    public record FieldError(@Schema(example = "name") String field, @Schema(example = "must not be blank") String message) {
    }

    public static Problem of(int status, String detail, String instance) {
        return new Problem("about:blank", title(status), status, detail, instance, List.of());
    }

    public static Problem ofFields(int status, String detail, String instance, List<FieldError> errors) {
        return new Problem("about:blank", title(status), status, detail, instance, errors);
    }

    static String title(int status) {
        Response.Status s = Response.Status.fromStatusCode(status);
        if (s != null) {
            return s.getReasonPhrase();
        }
        return switch (status) {
            case 422 -> "Unprocessable Content";
            case 428 -> "Precondition Required";
            default -> "HTTP " + status;
        };
    }
}
