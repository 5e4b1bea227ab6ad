package org.scholion.security.tokens;

import io.quarkus.security.Authenticated;
import jakarta.validation.Valid;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.scholion.domain.DomainError;
import org.scholion.security.CurrentUser;
import org.scholion.web.Problem;
import org.scholion.web.ProblemException;

/**
 * Personal API tokens: the signed-in caller's own, made, listed and revoked here — in the browser
 * (the reader's account page) or with a Keycloak bearer token; never with an API token.
 */
@Path("/api/tokens")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "API tokens", description = "Personal API tokens, like Hypothesis' developer token with scopes: send one as "
        + "'Authorization: Bearer sch_…' and it acts as you within its scopes, groups and lifetime. The secret is shown once. "
        + "Only a signed-in user (browser session or Keycloak token) manages tokens; an API token asking here gets 403.")
@SecurityRequirement(name = "bearer")
@APIResponse(responseCode = "401", description = "No or invalid credentials")
@APIResponse(responseCode = "403", description = "The request was made with an API token")
public class ApiTokenResource {
    private static final String MADE = """
            {"id": "3f1c2b4a-5d6e-4f70-8a91-b2c3d4e5f607", "name": "nightly export", "hint": "sch_Q2x9",
             "scopes": ["read"], "groups": ["0b6f7f3e-8a51-4c0e-9d3a-5c1f0e2a7b11"],
             "created": "2026-12-04T09:00:00Z", "expires": "2027-03-04T09:00:00Z",
             "token": "sch_Q2x9mV0cX7yPq3LrT8sWk1nBz5HdJf6gA4eRu2iOoYl"}""";

    private final ApiTokens tokens;
    private final CurrentUser currentUser;

    ApiTokenResource(ApiTokens tokens, CurrentUser currentUser) {
        this.tokens = tokens;
        this.currentUser = currentUser;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Make a token", description = "The answer carries the secret ('token') once; Scholion keeps only "
            + "its SHA-256. Scopes: read, write, moderate (moderators and admins only). Expiry: 90 days unless given, at most "
            + "a year. Groups: only those (yours), or every group you belong to.")
    @RequestBody(required = true, content = @Content(schema = @Schema(implementation = TokenRequest.class),
            examples = @ExampleObject(name = "read one class", value = """
                    {"name": "nightly export", "scopes": ["read"], "expires": "2027-03-04T09:00:00Z",
                     "groups": ["0b6f7f3e-8a51-4c0e-9d3a-5c1f0e2a7b11"]}""")))
    @APIResponse(responseCode = "201", description = "Made; Location names it",
            content = @Content(schema = @Schema(implementation = TokenView.class), examples = @ExampleObject(name = "made", value = MADE)))
    @APIResponse(responseCode = "400", description = "No body, blank or too long name")
    @APIResponse(responseCode = "404", description = "A group in 'groups' that you cannot see",
            content = @Content(mediaType = Problem.MEDIA_TYPE))
    @APIResponse(responseCode = "422", description = "Unknown scope, 'moderate' for someone who moderates none of the groups, an expiry past or more than a year ahead",
            content = @Content(mediaType = Problem.MEDIA_TYPE, examples = @ExampleObject(name = "too long", value = """
                    {"type": "about:blank", "title": "Unprocessable Content", "status": 422,
                     "detail": "expires: must be at most a year from now", "instance": "/api/tokens",
                     "errors": [{"field": "expires", "message": "must be at most a year from now"}]}""")))
    public Response create(@Valid TokenRequest request) {
        if (request == null) {
            throw new ProblemException(400, "The request needs a JSON body.");
        }
        ApiTokens.Made made = tokens.create(currentUser.get(), request.name(), request.scopes(), expires(request.expires()),
                groups(request.groups()));
        return Response.created(URI.create("/api/tokens/" + made.token().id())).entity(TokenView.of(made.token(), made.secret())).build();
    }

    @GET
    @Operation(summary = "List my tokens", description = "Those neither revoked nor expired, newest first; never their secrets.")
    @APIResponse(responseCode = "200", description = "The tokens",
            content = @Content(schema = @Schema(type = SchemaType.ARRAY, implementation = TokenView.class),
                    examples = @ExampleObject(name = "one", value = """
                            [{"id": "3f1c2b4a-5d6e-4f70-8a91-b2c3d4e5f607", "name": "nightly export", "hint": "sch_Q2x9",
                              "scopes": ["read"], "created": "2026-12-04T09:00:00Z", "expires": "2027-03-04T09:00:00Z",
                              "lastUsed": "2026-12-05T02:00:00Z"}]""")))
    public List<TokenView> list() {
        return tokens.list(currentUser.get()).stream().map(t -> TokenView.of(t, null)).toList();
    }

    @DELETE
    @Path("/{id}")
    @Operation(summary = "Revoke a token", description = "The next request with it is refused (401). Someone else's token, "
            + "an unknown or already revoked one: 404.")
    @APIResponse(responseCode = "204", description = "Revoked")
    @APIResponse(responseCode = "404", description = "Not one of your tokens in force", content = @Content(mediaType = Problem.MEDIA_TYPE))
    public Response revoke(@PathParam("id") String id) {
        tokens.revoke(currentUser.get(), uuid(id).orElseThrow(DomainError::notFound));
        return Response.noContent().build();
    }

    private static OffsetDateTime expires(String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            return OffsetDateTime.parse(text.strip());
        } catch (DateTimeParseException notDateTime) {
            try {
                return LocalDate.parse(text.strip()).atStartOfDay().atOffset(ZoneOffset.UTC);
            } catch (DateTimeParseException notDate) {
                throw DomainError.unprocessable("expires", "must be an RFC 3339 date-time (2027-03-04T09:00:00Z) or a date (2027-03-04)");
            }
        }
    }

    private static List<UUID> groups(List<String> ids) {
        if (ids == null) {
            return null;
        }
        List<UUID> groups = new ArrayList<>(ids.size());
        for (String id : ids) {
            groups.add(uuid(id).orElseThrow(() -> DomainError.unprocessable("groups", "not a group id: " + id)));
        }
        return groups;
    }

    private static java.util.Optional<UUID> uuid(String text) {
        try {
            return text == null ? java.util.Optional.empty() : java.util.Optional.of(UUID.fromString(text));
        } catch (IllegalArgumentException e) {
            return java.util.Optional.empty();
        }
    }
}
