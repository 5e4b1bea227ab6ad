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
                if (read && path.getKey().startsWith("/api/") && !responses.hasAPIResponse("429")) {
                    responses.addAPIResponse("429", OASFactory.createAPIResponse()
                            .description("Too many reads by this user in a short time (ReadRateLimit)")
                            .addHeader("Retry-After", OASFactory.createHeader().description("Seconds to wait before the next read")
                                    .schema(OASFactory.createSchema().type(List.of(Schema.SchemaType.INTEGER)))));
                }
                if (responses.getAPIResponses() == null) {
                    continue;
                }
                responses.getAPIResponses().forEach((code, response) -> {
                    if (code.startsWith("4") || code.startsWith("5")) {
                        asProblem(response);
                    }
                });
            }
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

    private static Schema problemSchema() {
        return OASFactory.createSchema().type(List.of(Schema.SchemaType.OBJECT))
                .description("RFC 9457 problem details (application/problem+json)")
                .addProperty("type", OASFactory.createSchema().type(List.of(Schema.SchemaType.STRING))
                        .description("A URI naming the kind of problem").example("about:blank"))
                .addProperty("title", OASFactory.createSchema().type(List.of(Schema.SchemaType.STRING)).example("Not Found"))
                .addProperty("status", OASFactory.createSchema().type(List.of(Schema.SchemaType.INTEGER)).example(404))
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
