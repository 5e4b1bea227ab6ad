package org.scholion.lti;

import io.quarkus.security.Authenticated;
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
import java.time.OffsetDateTime;
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
import org.scholion.security.Action;
import org.scholion.security.CurrentUser;
import org.scholion.security.Permissions;
import org.scholion.security.Target;
import org.scholion.web.Problem;
import org.scholion.web.ProblemException;

/** Admins register Scholion's learning platforms (LTI 1.3) by hand and rotate the tool's keys; thin, {@link Platforms} asks the permission map. */
@Path("/api/admin/lti")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "LTI", description = "Scholion as an LTI 1.3 tool in a learning platform (Canvas, Moodle, …): admins register the"
        + " platform here or by LTI Dynamic Registration (GET /lti/register). README: \"Use Scholion in your LMS\".")
@SecurityRequirement(name = "bearer")
@APIResponse(responseCode = "401", description = "No or invalid credentials")
@APIResponse(responseCode = "403", description = "Not an admin", content = @Content(mediaType = Problem.MEDIA_TYPE))
public class PlatformResource {
    private static final String PLATFORM = """
            {"id": "5b0c8a47-2a41-4b8e-9c55-0e6f1d9a3b21", "name": "University Moodle", "issuer": "https://moodle.example.edu",
             "clientId": "hK3x9QpLm2", "deploymentIds": ["7"], "authorizationUrl": "https://moodle.example.edu/mod/lti/auth.php",
             "tokenUrl": "https://moodle.example.edu/mod/lti/token.php", "jwksUrl": "https://moodle.example.edu/mod/lti/certs.php",
             "registration": "manual", "registered": "2026-12-05T09:00:00Z",
             "tool": {"loginUrl": "https://scholion.example.edu/lti/login", "launchUrl": "https://scholion.example.edu/lti/launch",
                      "deepLinkingUrl": "https://scholion.example.edu/lti/launch", "jwksUrl": "https://scholion.example.edu/lti/jwks",
                      "targetLinkUri": "https://scholion.example.edu/", "registrationUrl": "https://scholion.example.edu/lti/register"}}""";

    /** A platform as an admin sees it, with the URLs to type into the platform for Scholion. */
    @Schema(name = "LtiPlatform")
    public record PlatformView(UUID id, String name, String issuer, String clientId, List<String> deploymentIds, String authorizationUrl,
            String tokenUrl, String jwksUrl, @Schema(enumeration = { "manual", "dynamic" }) String registration,
            OffsetDateTime registered, LtiUrls.Tool tool) {
    }

    /** A manual registration: what the platform shows for the tool it made. */
    @Schema(name = "CreateLtiPlatform")
    public record PlatformRequest(@Schema(example = "University Moodle") String name,
            @Schema(example = "https://moodle.example.edu", description = "the platform's issuer (iss of its id_tokens)") String issuer,
            @Schema(example = "hK3x9QpLm2") String clientId,
            @Schema(example = "[\"7\"]") List<String> deploymentIds,
            @Schema(example = "https://moodle.example.edu/mod/lti/auth.php") String authorizationUrl,
            @Schema(example = "https://moodle.example.edu/mod/lti/token.php") String tokenUrl,
            @Schema(example = "https://moodle.example.edu/mod/lti/certs.php") String jwksUrl) {
    }

    private final Platforms platforms;
    private final ToolKeys keys;
    private final LtiUrls urls;
    private final CurrentUser currentUser;
    private final Permissions permissions;

    PlatformResource(Platforms platforms, ToolKeys keys, LtiUrls urls, CurrentUser currentUser, Permissions permissions) {
        this.platforms = platforms;
        this.keys = keys;
        this.urls = urls;
        this.currentUser = currentUser;
        this.permissions = permissions;
    }

    @POST
    @Path("/platforms")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Register a platform by hand", description = "The values the platform shows when Scholion is added to it as"
            + " an LTI 1.3 tool. URLs must be https and may not be loopback or link-local addresses unless the operator allows"
            + " loopback platforms (SCHOLION_LTI_ALLOW_LOOPBACK_PLATFORMS).")
    @RequestBody(required = true, content = @Content(schema = @Schema(implementation = PlatformRequest.class),
            examples = @ExampleObject(name = "Moodle", value = """
                    {"name": "University Moodle", "issuer": "https://moodle.example.edu", "clientId": "hK3x9QpLm2", "deploymentIds": ["7"],
                     "authorizationUrl": "https://moodle.example.edu/mod/lti/auth.php",
                     "tokenUrl": "https://moodle.example.edu/mod/lti/token.php", "jwksUrl": "https://moodle.example.edu/mod/lti/certs.php"}""")))
    @APIResponse(responseCode = "201", description = "Registered; Location names it",
            content = @Content(schema = @Schema(implementation = PlatformView.class), examples = @ExampleObject(name = "made", value = PLATFORM)))
    @APIResponse(responseCode = "409", description = "This issuer and client id are registered already")
    @APIResponse(responseCode = "422", description = "A field missing or a URL refused", content = @Content(mediaType = Problem.MEDIA_TYPE,
            examples = @ExampleObject(name = "loopback", value = """
                    {"type": "about:blank", "title": "Unprocessable Content", "status": 422,
                     "detail": "jwksUrl: resolves to a loopback or link-local address (127.0.0.1), which this server may not reach",
                     "instance": "/api/admin/lti/platforms",
                     "errors": [{"field": "jwksUrl", "message": "resolves to a loopback or link-local address (127.0.0.1), which this server may not reach"}]}""")))
    public Response register(PlatformRequest request) {
        if (request == null) {
            throw new ProblemException(400, "The request needs a JSON body.");
        }
        Platforms.Platform p = platforms.register(currentUser.get(), new Platforms.Registration(request.name(), request.issuer(),
                request.clientId(), request.deploymentIds(), request.authorizationUrl(), request.tokenUrl(), request.jwksUrl()), "manual");
        return Response.created(URI.create("/api/admin/lti/platforms/" + p.id())).entity(view(p)).build();
    }

    @GET
    @Path("/platforms")
    @Operation(summary = "The registered platforms")
    @APIResponse(responseCode = "200", description = "Every platform still registered",
            content = @Content(schema = @Schema(type = SchemaType.ARRAY, implementation = PlatformView.class),
                    examples = @ExampleObject(name = "one", value = "[" + PLATFORM + "]")))
    public List<PlatformView> list() {
        return platforms.list(currentUser.get()).stream().map(this::view).toList();
    }

    @GET
    @Path("/platforms/{id}")
    @Operation(summary = "One registered platform")
    @APIResponse(responseCode = "200", description = "The platform",
            content = @Content(schema = @Schema(implementation = PlatformView.class), examples = @ExampleObject(name = "one", value = PLATFORM)))
    @APIResponse(responseCode = "404", description = "No such platform (or removed)")
    public PlatformView get(@PathParam("id") String id) {
        return view(platforms.get(currentUser.get(), uuid(id)));
    }

    @DELETE
    @Path("/platforms/{id}")
    @Operation(summary = "Remove a platform", description = "Its launches are refused from now on; its users, courses and what they"
            + " wrote stay.")
    @APIResponse(responseCode = "204", description = "Removed")
    @APIResponse(responseCode = "404", description = "No such platform (or removed already)")
    public void remove(@PathParam("id") String id) {
        platforms.remove(currentUser.get(), uuid(id));
    }

    @GET
    @Path("/keys")
    @Operation(summary = "The tool's signing keys", description = "Their key ids and dates, never their material; the public parts are"
            + " at /lti/jwks.")
    @APIResponse(responseCode = "200", description = "The keys still published, newest first",
            content = @Content(schema = @Schema(type = SchemaType.ARRAY, implementation = ToolKeys.KeyInfo.class),
                    examples = @ExampleObject(name = "after a rotation", value = """
                            [{"kid": "Xb2k…", "created": "2026-12-05T09:00:00Z", "retired": null, "signing": true},
                             {"kid": "9fQe…", "created": "2026-09-01T09:00:00Z", "retired": "2026-12-05T09:00:00Z", "signing": false}]""")))
    public List<ToolKeys.KeyInfo> keys() {
        permissions.require(currentUser.get(), Action.MANAGE_LTI, new Target.LtiPlatforms());
        return keys.list();
    }

    @POST
    @Path("/keys")
    @Operation(summary = "Rotate the tool's signing key", description = "A new key signs from now on; the previous one stays published"
            + " at /lti/jwks for SCHOLION_LTI_KEY_OVERLAP (7 days by default).")
    @APIResponse(responseCode = "200", description = "The keys now",
            content = @Content(schema = @Schema(type = SchemaType.ARRAY, implementation = ToolKeys.KeyInfo.class),
                    examples = @ExampleObject(name = "rotated", value = """
                            [{"kid": "Xb2k…", "created": "2026-12-05T09:00:00Z", "retired": null, "signing": true},
                             {"kid": "9fQe…", "created": "2026-09-01T09:00:00Z", "retired": "2026-12-05T09:00:00Z", "signing": false}]""")))
    public List<ToolKeys.KeyInfo> rotate() {
        permissions.require(currentUser.get(), Action.MANAGE_LTI, new Target.LtiPlatforms());
        keys.rotate();
        return keys.list();
    }

    private PlatformView view(Platforms.Platform p) {
        return new PlatformView(p.id(), p.name(), p.issuer(), p.clientId(), p.deployments(), p.authorizationUrl(), p.tokenUrl(), p.jwksUrl(),
                p.registration(), p.registered(), urls.tool());
    }

    private static UUID uuid(String id) {
        try {
            return UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            throw Permissions.notFound();
        }
    }
}
