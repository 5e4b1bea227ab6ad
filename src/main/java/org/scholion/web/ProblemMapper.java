package org.scholion.web;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import io.quarkus.logging.Log;
import io.quarkus.security.AuthenticationCompletionException;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import io.vertx.core.http.HttpServerRequest;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import org.scholion.domain.DomainError;
import java.util.stream.StreamSupport;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * Every error the application answers is made here: problem+json for API clients, a small escaped
 * HTML page for a browser asking for a page. Never a class name or a stack trace.
 */
public class ProblemMapper {

    @ServerExceptionMapper
    public Response problem(ProblemException e, HttpServerRequest request) {
        return respond(request, Problem.ofFields(e.status(), e.getMessage(), request.path(), e.errors()));
    }

    /**
     * The one place a domain error becomes an HTTP status. The version errors name the header that
     * carries a version over HTTP (If-Match), the taken id the header that proposes one (Slug).
     */
    @ServerExceptionMapper
    public Response domain(DomainError e, HttpServerRequest request) {
        int status;
        List<Problem.FieldError> errors = e.fieldErrors().stream().map(f -> new Problem.FieldError(f.field(), f.message())).toList();
        if (e instanceof DomainError.NotFound) {
            status = 404;
        } else if (e instanceof DomainError.Forbidden) {
            status = 403;
        } else if (e instanceof DomainError.Conflict) {
            status = 409;
        } else if (e instanceof DomainError.Invalid) {
            status = 400;
        } else if (e instanceof DomainError.StaleVersion) {
            status = 412;
            errors = List.of(new Problem.FieldError(HttpHeaders.IF_MATCH, e.getMessage()));
        } else if (e instanceof DomainError.VersionRequired) {
            status = 428;
            errors = List.of(new Problem.FieldError(HttpHeaders.IF_MATCH, e.getMessage()));
        } else if (e instanceof DomainError.IdTaken) {
            status = 409;
            errors = List.of(new Problem.FieldError("Slug", e.getMessage()));
        } else if (e instanceof DomainError.Unsupported) {
            status = 415;
        } else if (e instanceof DomainError.TooLarge) {
            status = 413;
        } else if (e instanceof DomainError.Unprocessable) {
            status = 422;
        } else {
            throw new IllegalStateException("unmapped domain error " + e.getClass());
        }
        return respond(request, Problem.ofFields(status, e.getMessage(), request.path(), errors));
    }

    @ServerExceptionMapper
    public Response unauthorized(UnauthorizedException e, HttpServerRequest request) {
        return unauthorized(request);
    }

    @ServerExceptionMapper
    public Response authenticationFailed(AuthenticationFailedException e, HttpServerRequest request) {
        return unauthorized(request);
    }

    @ServerExceptionMapper
    public Response authenticationCompletion(AuthenticationCompletionException e, HttpServerRequest request) {
        return unauthorized(request);
    }

    private Response unauthorized(HttpServerRequest request) {
        Response r = respond(request, Problem.of(401,
                "Sign in first: send 'Authorization: Bearer <access token>' from the scholion realm, or use a browser session.",
                request.path()));
        return Response.fromResponse(r).header(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"scholion\"").build();
    }

    @ServerExceptionMapper
    public Response forbidden(ForbiddenException e, HttpServerRequest request) {
        return respond(request, Problem.of(403, "You may not do this.", request.path()));
    }

    @ServerExceptionMapper
    public Response validation(ConstraintViolationException e, HttpServerRequest request) {
        List<Problem.FieldError> errors = e.getConstraintViolations().stream()
                .map(v -> new Problem.FieldError(field(v), v.getMessage()))
                .sorted(Comparator.comparing(Problem.FieldError::field))
                .toList();
        String detail = errors.isEmpty() ? "The request is invalid."
                : "The request is invalid: " + errors.get(0).field() + " " + errors.get(0).message()
                        + (errors.size() > 1 ? " (and " + (errors.size() - 1) + " more)" : "") + ".";
        return respond(request, Problem.ofFields(400, detail, request.path(), errors));
    }

    @ServerExceptionMapper
    public Response json(JsonProcessingException e, HttpServerRequest request) {
        String detail = "The body is not valid JSON.";
        List<Problem.FieldError> errors = List.of();
        if (e instanceof MismatchedInputException mie && !mie.getPath().isEmpty()) {
            String field = mie.getPath().stream()
                    .map(r -> r.getFieldName() != null ? r.getFieldName() : "[" + r.getIndex() + "]")
                    .reduce((a, b) -> b.startsWith("[") ? a + b : a + "." + b).orElse("");
            detail = e instanceof InvalidFormatException ? "The field '" + field + "' has a value of the wrong form."
                    : "The field '" + field + "' has the wrong type.";
            errors = List.of(new Problem.FieldError(field, "wrong type or form"));
        }
        return respond(request, Problem.ofFields(400, detail, request.path(), errors));
    }

    /**
     * A value of the wrong type (e.g. {@code "yes"} for a boolean): quarkus-rest-jackson maps this
     * subclass itself, with a JSON body of its own, unless we name it here too.
     */
    @ServerExceptionMapper
    public Response mismatched(MismatchedInputException e, HttpServerRequest request) {
        return json(e, request);
    }

    @ServerExceptionMapper
    public Response web(WebApplicationException e, HttpServerRequest request) {
        int status = e.getResponse().getStatus();
        String detail = e.getMessage();
        if (detail == null || detail.startsWith("HTTP ") || detail.startsWith("RESTEASY")) {
            detail = switch (status) {
                case 404 -> "Nothing is here.";
                case 405 -> "This method is not allowed here.";
                case 406 -> "No representation matches the Accept header.";
                case 413 -> "The request body is too large.";
                case 415 -> "This media type is not accepted here.";
                default -> Problem.title(status);
            };
        }
        if (status >= 500) {
            return internal(e, request);
        }
        // name the header at fault, as every other bad-input answer names its field
        String field = switch (status) {
            case 406 -> HttpHeaders.ACCEPT;
            case 413 -> "body";
            case 415 -> HttpHeaders.CONTENT_TYPE;
            default -> null;
        };
        Response r = respond(request, field == null ? Problem.of(status, detail, request.path())
                : Problem.ofFields(status, detail, request.path(), List.of(new Problem.FieldError(field, detail))));
        // keep protocol headers such as Allow that the original answer carried
        Response.ResponseBuilder b = Response.fromResponse(r);
        e.getResponse().getHeaders().forEach((k, v) -> {
            if (!k.equalsIgnoreCase(HttpHeaders.CONTENT_TYPE) && !k.equalsIgnoreCase(HttpHeaders.CONTENT_LENGTH)) {
                v.forEach(val -> b.header(k, val));
            }
        });
        return b.build();
    }

    @ServerExceptionMapper(priority = 10_000)
    public Response internal(Throwable e, HttpServerRequest request) {
        Response outage = Failures.outageOrGone(e, request);
        if (outage != null) {
            return outage;
        }
        String id = UUID.randomUUID().toString();
        Log.errorf(e, "Unexpected error %s on %s %s", id, request.method(), LogRedaction.path(request.path()));
        return respond(request, Problem.of(500, "Something went wrong on our side (error id " + id + ").", request.path()));
    }

    private static String field(ConstraintViolation<?> v) {
        // "create.arg0.name" → "name": the method and parameter are not the client's concern
        List<String> parts = StreamSupport.stream(v.getPropertyPath().spliterator(), false)
                .map(n -> n.getName() == null ? "" : n.getName()).toList();
        return parts.size() > 2 ? String.join(".", parts.subList(2, parts.size())) : String.join(".", parts);
    }

    static Response respond(HttpServerRequest request, Problem p) {
        if (HypothesisFailure.wanted(RequestPath.canonical(request.path()), request.getHeader(HttpHeaders.ACCEPT))) {
            return Response.status(p.status()).type(MediaType.APPLICATION_JSON_TYPE).entity(HypothesisFailure.of(p)).build();
        }
        if (wantsHtml(request)) {
            return Response.status(p.status()).type(MediaType.TEXT_HTML_TYPE.withCharset("UTF-8"))
                    .entity(ErrorPage.render(p)).build();
        }
        return Response.status(p.status()).type(Problem.MEDIA_TYPE).entity(p).build();
    }

    private static boolean wantsHtml(HttpServerRequest request) {
        String accept = request.getHeader(HttpHeaders.ACCEPT);
        return !RequestPath.isApi(RequestPath.canonical(request.path())) && accept != null && accept.contains("text/html");
    }
}
