package org.scholion.web;

import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.Operation;
import org.eclipse.microprofile.openapi.models.PathItem;
import org.eclipse.microprofile.openapi.models.media.Content;
import org.eclipse.microprofile.openapi.models.media.MediaType;
import org.eclipse.microprofile.openapi.models.media.Schema;
import org.eclipse.microprofile.openapi.models.responses.APIResponse;
import org.eclipse.microprofile.openapi.models.responses.APIResponses;

/**
 * Every error this API answers is an RFC 9457 problem ({@link ProblemMapper}); this filter says so
 * in the OpenAPI document once, instead of a block pasted on every endpoint: each 4xx/5xx response
 * gets {@code application/problem+json} with the {@code Problem} schema (keeping any example the
 * endpoint gave), every operation that needs a bearer token gets its 401, every such operation
 * that changes something its 429 ({@link WriteRateLimit}), and every read of the API its 429
 * ({@link ReadRateLimit}).
 */
public class ProblemResponses implements OASFilter {
    static final String SCHEMA_REF = "#/components/schemas/Problem";

    @Override
    public void filterOpenAPI(OpenAPI openAPI) {
        if (openAPI.getComponents() == null) {
            openAPI.setComponents(OASFactory.createComponents());
        }
        openAPI.getComponents().addSchema("Problem", problemSchema());
        openAPI.getComponents().addSchema("FieldError", fieldErrorSchema());
        openAPI.getComponents().addSchema("HypothesisError", OASFactory.createSchema().type(List.of(Schema.SchemaType.OBJECT))
                .description("Hypothesis' error body (hypothesis/h schemas/errors.yaml), answered under /h/api/")
                .addProperty("status", OASFactory.createSchema().type(List.of(Schema.SchemaType.STRING)).enumeration(List.of("failure")))
                .addProperty("reason", OASFactory.createSchema().type(List.of(Schema.SchemaType.STRING))
                        .example("limit: 201 is greater than maximum value 200"))
                .required(List.of("status")));
        if (openAPI.getPaths() == null || openAPI.getPaths().getPathItems() == null) {
            return;
        }
        for (Map.Entry<String, PathItem> path : openAPI.getPaths().getPathItems().entrySet()) {
            for (Map.Entry<PathItem.HttpMethod, Operation> e : path.getValue().getOperations().entrySet()) {
                Operation op = e.getValue();
                if (op.getResponses() == null) {
                    op.setResponses(OASFactory.createAPIResponses());
                }
                APIResponses responses = op.getResponses();
                boolean secured = op.getSecurity() != null && !op.getSecurity().isEmpty()
                        || openAPI.getSecurity() != null && !openAPI.getSecurity().isEmpty() && op.getSecurity() == null;
                if (secured && !responses.hasAPIResponse("401")) {
                    responses.addAPIResponse("401", OASFactory.createAPIResponse()
                            .description("No or invalid credentials (with WWW-Authenticate: Bearer)"));
                }
                boolean write = e.getKey() == PathItem.HttpMethod.POST || e.getKey() == PathItem.HttpMethod.PUT
                        || e.getKey() == PathItem.HttpMethod.PATCH || e.getKey() == PathItem.HttpMethod.DELETE;
                if (secured && write && !responses.hasAPIResponse("429")) {
                    responses.addAPIResponse("429", OASFactory.createAPIResponse()
                            .description("Too many changes by this user in a short time (WriteRateLimit); nothing was changed")
                            .addHeader("Retry-After", OASFactory.createHeader().description("Seconds to wait before the next change")
                                    .schema(OASFactory.createSchema().type(List.of(Schema.SchemaType.INTEGER)))));
                }
                // a signed-in user's reads of the API are limited too, on operations open to anonymous readers as well
                boolean read = e.getKey() == PathItem.HttpMethod.GET || e.getKey() == PathItem.HttpMethod.HEAD;
                if (read && RequestPath.isApi(path.getKey()) && !responses.hasAPIResponse("429")) {
                    responses.addAPIResponse("429", OASFactory.createAPIResponse()
                            .description("Too many reads by this user in a short time (ReadRateLimit)")
                            .addHeader("Retry-After", OASFactory.createHeader().description("Seconds to wait before the next read")
                                    .schema(OASFactory.createSchema().type(List.of(Schema.SchemaType.INTEGER)))));
                }
                if (responses.getAPIResponses() == null) {
                    continue;
                }
                boolean hypothesis = RequestPath.isHypothesis(path.getKey());
                responses.getAPIResponses().forEach((code, response) -> {
                    if (code.startsWith("4") || code.startsWith("5")) {
                        asProblem(response);
                        if (hypothesis) {
                            asHypothesisFailure(response);
                        }
                    }
                });
            }
        }
    }

    /**
     * The Hypothesis-compatible API answers its errors in h's form ({@link HypothesisFailure}) as
     * {@code application/json}, and as problem+json to a client that asks for that.
     */
    private static void asHypothesisFailure(APIResponse response) {
        if (response.getRef() != null) {
            return;
        }
        MediaType json = response.getContent().getMediaType(jakarta.ws.rs.core.MediaType.APPLICATION_JSON);
        if (json == null) {
            json = OASFactory.createMediaType();
            response.getContent().addMediaType(jakarta.ws.rs.core.MediaType.APPLICATION_JSON, json);
        }
        if (json.getSchema() == null) {
            json.setSchema(OASFactory.createSchema().ref("#/components/schemas/HypothesisError"));
        }
    }

    private static void asProblem(APIResponse response) {
        if (response.getRef() != null) {
            return;
        }
        Content content = response.getContent();
        if (content == null) {
            content = OASFactory.createContent();
            response.setContent(content);
        }
        MediaType problem = content.getMediaType(Problem.MEDIA_TYPE);
        if (problem == null) {
            // an error documented without a schema under another media type (or none) is problem+json
            Map<String, MediaType> types = content.getMediaTypes() == null ? Map.of() : content.getMediaTypes();
            String plain = types.entrySet().stream().filter(m -> m.getValue().getSchema() == null).map(Map.Entry::getKey)
                    .findFirst().orElse(null);
            problem = plain == null ? OASFactory.createMediaType() : types.get(plain);
            if (plain != null) {
                content.removeMediaType(plain);
            }
            content.addMediaType(Problem.MEDIA_TYPE, problem);
        }
        if (problem.getSchema() == null) {
            problem.setSchema(OASFactory.createSchema().ref(SCHEMA_REF));
        }
    }

    /** The kinds of problem, by status: what each means in this API (the README's "Errors"). */
    static final String STATUSES = "400 a field of the request breaks a rule (errors names it); 401 no or invalid credentials"
            + " (WWW-Authenticate: Bearer); 403 the caller can see the thing but may not do this (or an API token lacks the"
            + " scope); 404 not there, or not visible to the caller (the same answer); 405 method not allowed; 406 no"
            + " acceptable representation; 409 conflicts with the current state (a taken name, an archived group, a locked"
            + " thread, a quote not in the text); 410 an annotation that was deleted (its tombstone); 412 If-Match names an"
            + " older version; 413 the body is too large; 415 a media type not taken here; 422 well-formed but not"
            + " anchorable; 428 If-Match is required; 429 too many requests (Retry-After); 503 a dependency is down"
            + " (Retry-After).";

    private static Schema problemSchema() {
        return OASFactory.createSchema().type(List.of(Schema.SchemaType.OBJECT))
                .description("RFC 9457 problem details (application/problem+json)")
                .addProperty("type", OASFactory.createSchema().type(List.of(Schema.SchemaType.STRING))
                        .description("A URI naming the kind of problem. Every problem this API answers is about:blank (RFC 9457"
                                + " §4.2.1: \"the problem has no additional semantics beyond that of the HTTP status code\"): the status"
                                + " says the kind, detail what happened, errors which field of the request is at fault.")
                        .enumeration(List.of("about:blank")).example("about:blank"))
                .addProperty("title", OASFactory.createSchema().type(List.of(Schema.SchemaType.STRING)).example("Not Found"))
                .addProperty("status", OASFactory.createSchema().type(List.of(Schema.SchemaType.INTEGER)).example(404)
                        .description(STATUSES))
                .addProperty("detail", OASFactory.createSchema().type(List.of(Schema.SchemaType.STRING))
                        .example("Nothing is here."))
                .addProperty("instance", OASFactory.createSchema().type(List.of(Schema.SchemaType.STRING))
                        .description("The request path"))
                .addProperty("errors", OASFactory.createSchema().type(List.of(Schema.SchemaType.ARRAY))
                        .description("What is wrong with which field of the request")
                        .items(OASFactory.createSchema().ref("#/components/schemas/FieldError")))
                .required(List.of("type", "title", "status"));
    }

    private static Schema fieldErrorSchema() {
        return OASFactory.createSchema().type(List.of(Schema.SchemaType.OBJECT))
                .addProperty("field", OASFactory.createSchema().type(List.of(Schema.SchemaType.STRING)).example("name"))
                .addProperty("message", OASFactory.createSchema().type(List.of(Schema.SchemaType.STRING))
                        .example("must not be blank"));
    }
}
