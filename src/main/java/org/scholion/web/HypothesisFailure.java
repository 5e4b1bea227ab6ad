package org.scholion.web;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * The error body of the Hypothesis-compatible API (under {@code /h/api/}), as Hypothesis' API
 * reference gives it: "The body of the response will be JSON in the following format:
 * {@code {"status": "failure", "reason": "a human-readable string about what went wrong"}}"
 * ({@code docs/_extra/api-reference/hypothesis-v1.yaml} and {@code schemas/errors.yaml} of
 * hypothesis/h). Tools written for Hypothesis read {@code reason}; the status code is the one the
 * problem+json answer would have. A client that asks for {@code application/problem+json} gets that
 * instead.
 */
@Schema(name = "HypothesisError", description = "Hypothesis' error body: {status: failure, reason}")
public record HypothesisFailure(@Schema(enumeration = "failure") String status,
        @Schema(example = "limit: 201 is greater than maximum value 200") String reason) {

    /** Whether an error on this path (as the routers see it) is answered in Hypothesis' form. */
    static boolean wanted(String path, String accept) {
        return RequestPath.isHypothesis(path) && (accept == null || !accept.contains(Problem.MEDIA_TYPE));
    }

    /** The problem's detail, led by the field it names when it names one, as h writes "field: message". */
    static HypothesisFailure of(Problem p) {
        String reason = p.errors() != null && p.errors().size() == 1 && p.errors().get(0).field() != null
                && !p.errors().get(0).field().isEmpty() ? p.errors().get(0).field() + ": " + p.errors().get(0).message() : p.detail();
        return new HypothesisFailure("failure", reason);
    }
}
