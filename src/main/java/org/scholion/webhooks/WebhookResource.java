package org.scholion.webhooks;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.security.Authenticated;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
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

/** A group's webhooks: thin; {@link Webhooks} asks the permission map. Ids that are not UUIDs are 404 like unknown ones. */
@Path("/api/groups/{group}/webhooks")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Webhooks", description = "Signed HTTP callbacks for a group's events (Standard Webhooks: webhook-id, webhook-timestamp,"
        + " webhook-signature; payload {type, timestamp, data}). Managed by the group's moderators and admins; a member gets 403,"
        + " anyone else 404.")
@SecurityRequirement(name = "bearer")
@APIResponse(responseCode = "401", description = "No or invalid credentials")
@APIResponse(responseCode = "403", description = "Not a moderator of the group (or a token without the moderate scope, for changes)")
@APIResponse(responseCode = "404", description = "No such group or endpoint, or the caller is not a member",
        content = @Content(mediaType = Problem.MEDIA_TYPE))
public class WebhookResource {
    private static final String ENDPOINT = """
            {"id": "7d1e7f3a-0c2b-4d5e-8f90-a1b2c3d4e5f6", "group": "0b6f7f3e-8a51-4c0e-9d3a-5c1f0e2a7b11",
             "url": "https://example.org/scholion-hook", "events": ["annotation.created"], "document": "red-terror-essay",
             "enabled": true, "created": "2026-12-04T09:00:00Z", "updated": "2026-12-04T09:00:00Z",
             "secret": "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw/ngDnhb+vbA="}""";
    /** As answered after it was made: never with its secret. */
    private static final String SEEN = """
            {"id": "7d1e7f3a-0c2b-4d5e-8f90-a1b2c3d4e5f6", "group": "0b6f7f3e-8a51-4c0e-9d3a-5c1f0e2a7b11",
             "url": "https://example.org/scholion-hook", "events": ["annotation.created"], "document": "red-terror-essay",
             "enabled": true, "created": "2026-12-04T09:00:00Z", "updated": "2026-12-04T09:00:00Z"}""";

    private final Webhooks webhooks;
    private final CurrentUser currentUser;

    WebhookResource(Webhooks webhooks, CurrentUser currentUser) {
        this.webhooks = webhooks;
        this.currentUser = currentUser;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Subscribe a URL to the group's events", description = "The answer carries the signing secret once.")
    @RequestBody(required = true, content = @Content(schema = @Schema(implementation = WebhookRequest.class),
            examples = @ExampleObject(name = "new annotations", value = """
                    {"url": "https://example.org/scholion-hook", "events": ["annotation.created"], "document": "red-terror-essay"}""")))
    @APIResponse(responseCode = "201", description = "Subscribed; Location names it",
            content = @Content(schema = @Schema(implementation = Webhooks.Endpoint.class), examples = @ExampleObject(name = "made", value = ENDPOINT)))
    @APIResponse(responseCode = "409", description = "The group is archived, or has 100 webhooks already")
    @APIResponse(responseCode = "422", description = "A URL that is not http(s), resolves to a private address, an unknown event or document",
            content = @Content(mediaType = Problem.MEDIA_TYPE, examples = @ExampleObject(name = "private address", value = """
                    {"type": "about:blank", "title": "Unprocessable Content", "status": 422,
                     "detail": "url: resolves to a private, loopback or link-local address (127.0.0.1), which this server may not reach",
                     "instance": "/api/groups/0b6f7f3e-8a51-4c0e-9d3a-5c1f0e2a7b11/webhooks",
                     "errors": [{"field": "url", "message": "resolves to a private, loopback or link-local address (127.0.0.1), which this server may not reach"}]}""")))
    public Response create(@PathParam("group") String group, WebhookRequest request) {
        if (request == null) {
            throw new ProblemException(400, "The request needs a JSON body.");
        }
        UUID g = id(group);
        Webhooks.Endpoint e = webhooks.create(currentUser.get(), g, request.url(), request.events(), request.document());
        return Response.created(URI.create("/api/groups/" + g + "/webhooks/" + e.id())).entity(e).build();
    }

    @GET
    @Operation(summary = "The group's webhooks", description = "Without their secrets.")
    @APIResponse(responseCode = "200", description = "The endpoints",
            content = @Content(schema = @Schema(type = SchemaType.ARRAY, implementation = Webhooks.Endpoint.class),
                    examples = @ExampleObject(name = "one", value = "[" + SEEN + "]")))
    public List<Webhooks.Endpoint> list(@PathParam("group") String group) {
        return webhooks.list(currentUser.get(), id(group));
    }

    @GET
    @Path("/{hook}")
    @Operation(summary = "One webhook", description = "enabled false with disabledReason when deliveries failed for a day.")
    @APIResponse(responseCode = "200", description = "The endpoint", content = @Content(schema = @Schema(implementation = Webhooks.Endpoint.class),
            examples = { @ExampleObject(name = "enabled", value = SEEN), @ExampleObject(name = "disabled after a day of failures", value = """
                    {"id": "7d1e7f3a-0c2b-4d5e-8f90-a1b2c3d4e5f6", "group": "0b6f7f3e-8a51-4c0e-9d3a-5c1f0e2a7b11",
                     "url": "https://example.org/scholion-hook", "events": ["annotation.created"], "document": "red-terror-essay",
                     "enabled": false, "disabledReason": "Disabled 2026-12-06 09:12 UTC: a delivery failed for 24 h (last: answered 503). Fix the receiver, then enable it again.",
                     "created": "2026-12-04T09:00:00Z", "updated": "2026-12-06T09:12:00Z"}""") }))
    public Webhooks.Endpoint get(@PathParam("group") String group, @PathParam("hook") String hook) {
        return webhooks.get(currentUser.get(), id(group), id(hook));
    }

    @PATCH
    @Path("/{hook}")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Change a webhook", description = "Any of url, events, document (null: every document), enabled"
            + " (true clears why it was disabled).")
    @RequestBody(required = true, content = @Content(examples = @ExampleObject(name = "enable again", value = "{\"enabled\": true}")))
    @APIResponse(responseCode = "200", description = "The endpoint now", content = @Content(schema = @Schema(implementation = Webhooks.Endpoint.class),
            examples = @ExampleObject(name = "enabled again", value = """
                    {"id": "7d1e7f3a-0c2b-4d5e-8f90-a1b2c3d4e5f6", "group": "0b6f7f3e-8a51-4c0e-9d3a-5c1f0e2a7b11",
                     "url": "https://example.org/scholion-hook", "events": ["annotation.created"], "document": "red-terror-essay",
                     "enabled": true, "created": "2026-12-04T09:00:00Z", "updated": "2026-12-06T10:00:00Z"}""")))
    @APIResponse(responseCode = "422", description = "As for making one; or a field of the wrong type")
    public Webhooks.Endpoint change(@PathParam("group") String group, @PathParam("hook") String hook, JsonNode body) {
        if (body == null || !body.isObject()) {
            throw new ProblemException(400, "The request needs a JSON object.");
        }
        String url = text(body, "url");
        List<String> events = null;
        if (body.has("events")) {
            if (!body.get("events").isArray()) {
                throw DomainError.unprocessable("events", "must be an array of event names");
            }
            events = new ArrayList<>();
            for (JsonNode n : body.get("events")) {
                events.add(n.asText());
            }
        }
        Boolean enabled = null;
        if (body.has("enabled")) {
            if (!body.get("enabled").isBoolean()) {
                throw DomainError.unprocessable("enabled", "must be true or false");
            }
            enabled = body.get("enabled").booleanValue();
        }
        return webhooks.change(currentUser.get(), id(group), id(hook), url, events, text(body, "document"), body.has("document"), enabled);
    }

    @DELETE
    @Path("/{hook}")
    @Operation(summary = "Delete a webhook", description = "Nothing more is sent; its delivery log stays.")
    @APIResponse(responseCode = "204", description = "Deleted")
    public Response delete(@PathParam("group") String group, @PathParam("hook") String hook) {
        webhooks.delete(currentUser.get(), id(group), id(hook));
        return Response.noContent().build();
    }

    @POST
    @Path("/{hook}/secret")
    @Operation(summary = "Rotate the signing secret", description = "The new secret is answered once; for a day deliveries are"
            + " signed with both (two v1 signatures), so the receiver can switch without losing one.")
    @APIResponse(responseCode = "200", description = "The endpoint with its new secret",
            content = @Content(schema = @Schema(implementation = Webhooks.Endpoint.class), examples = @ExampleObject(name = "rotated", value = """
                    {"id": "7d1e7f3a-0c2b-4d5e-8f90-a1b2c3d4e5f6", "group": "0b6f7f3e-8a51-4c0e-9d3a-5c1f0e2a7b11",
                     "url": "https://example.org/scholion-hook", "events": ["annotation.created"], "document": "red-terror-essay",
                     "enabled": true, "created": "2026-12-04T09:00:00Z", "updated": "2026-12-07T09:00:00Z",
                     "secret": "whsec_PchUT6TYB9uSiFGmyN3f7nNI9I0GFWujoqxOBhcDmqo="}""")))
    public Webhooks.Endpoint rotate(@PathParam("group") String group, @PathParam("hook") String hook) {
        return webhooks.rotate(currentUser.get(), id(group), id(hook));
    }

    @GET
    @Path("/{hook}/deliveries")
    @Operation(summary = "The delivery log", description = "The newest deliveries (limit, default 50, at most 500), each with its"
            + " attempts: time, response code, how long, what went wrong. state: pending, delivered, failed (given up), withheld"
            + " (the owner may not read what it was about: nothing sent).")
    @APIResponse(responseCode = "200", description = "The deliveries",
            content = @Content(schema = @Schema(type = SchemaType.ARRAY, implementation = Webhooks.Delivery.class),
                    examples = @ExampleObject(name = "delivered on the second attempt", value = """
                            [{"id": "6936a2b5-3e89-44b6-9449-a43649c72d38", "type": "annotation.created", "event": 20,
                              "state": "delivered", "attempts": 2, "created": "2026-12-04T21:46:09.400Z",
                              "nextAttempt": null, "finished": "2026-12-04T21:46:10.520Z",
                              "tried": [{"n": 1, "at": "2026-12-04T21:46:09.450Z", "status": 503, "error": "answered 503", "ms": 212},
                                        {"n": 2, "at": "2026-12-04T21:46:10.470Z", "status": 204, "error": null, "ms": 48}]}]""")))
    public List<Webhooks.Delivery> deliveries(@PathParam("group") String group, @PathParam("hook") String hook,
            @QueryParam("limit") Integer limit) {
        int n = limit == null ? 50 : limit;
        if (n < 1 || n > 500) {
            throw DomainError.invalid("limit", "must be between 1 and 500");
        }
        return webhooks.deliveries(currentUser.get(), id(group), id(hook), n);
    }

    @POST
    @Path("/{hook}/deliveries/{delivery}/retry")
    @Operation(summary = "Send a delivery again", description = "It is pending again at once, in its place in the endpoint's order.")
    @APIResponse(responseCode = "202", description = "Queued")
    public Response retry(@PathParam("group") String group, @PathParam("hook") String hook, @PathParam("delivery") String delivery) {
        webhooks.retry(currentUser.get(), id(group), id(hook), id(delivery));
        return Response.accepted().build();
    }

    private static String text(JsonNode body, String field) {
        JsonNode n = body.get(field);
        if (n == null || n.isNull()) {
            return null;
        }
        if (!n.isTextual()) {
            throw DomainError.unprocessable(field, "must be a string");
        }
        return n.asText();
    }

    private static UUID id(String text) {
        try {
            return UUID.fromString(text);
        } catch (IllegalArgumentException e) {
            throw DomainError.notFound();
        }
    }
}
