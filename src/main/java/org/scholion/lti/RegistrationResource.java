package org.scholion.lti;

import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import io.quarkus.security.Authenticated;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.scholion.security.CurrentUser;
import org.scholion.web.ProblemException;
import org.scholion.web.PublicUrl;

/**
 * LTI Dynamic Registration's pages (thin; {@link DynamicRegistration} decides): the platform opens
 * {@code /lti/register?openid_configuration=…&registration_token=…} in a popup or a frame; an admin signed
 * in to Scholion confirms; the last page tells the platform's window it is done
 * ({@code {"subject": "org.imsglobal.lti.close"}} posted to its opener or parent).
 */
@Path(LtiUrls.REGISTER)
@Authenticated
@Produces(MediaType.TEXT_HTML)
@Tag(name = "LTI")
public class RegistrationResource {
    @CheckedTemplate
    static class Templates {
        static native TemplateInstance confirm(DynamicRegistration.Offered offer, String configuration, String token);

        static native TemplateInstance registered(Platforms.Platform platform);
    }

    private final DynamicRegistration registration;
    private final CurrentUser currentUser;
    private final PublicUrl publicUrl;

    RegistrationResource(DynamicRegistration registration, CurrentUser currentUser, PublicUrl publicUrl) {
        this.registration = registration;
        this.currentUser = currentUser;
        this.publicUrl = publicUrl;
    }

    @GET
    @Operation(summary = "LTI Dynamic Registration: start", description = "The URL an admin gives the learning platform. Opened by the"
            + " platform with its OpenID configuration's URL and a registration token; an admin signed in to Scholion confirms.")
    @APIResponse(responseCode = "200", description = "The confirmation page", content = @Content(mediaType = MediaType.TEXT_HTML,
            examples = @ExampleObject(name = "page", value = "<!DOCTYPE html>…")))
    @APIResponse(responseCode = "403", description = "Not an admin")
    @APIResponse(responseCode = "422", description = "The configuration could not be read or does not describe an LTI platform")
    public Response start(@QueryParam("openid_configuration") String configuration, @QueryParam("registration_token") String token) {
        DynamicRegistration.Offered offer = registration.offer(currentUser.get(), configuration);
        return framed(Templates.confirm(offer, configuration, token == null ? "" : token).render(), configuration);
    }

    @POST
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Operation(summary = "LTI Dynamic Registration: confirm", description = "Registers Scholion with the platform and keeps the platform.")
    @RequestBody(content = @Content(mediaType = MediaType.APPLICATION_FORM_URLENCODED, examples = @ExampleObject(name = "confirm",
            value = "openid_configuration=https%3A%2F%2Fmoodle.example.edu%2Fmod%2Flti%2Fopenid-configuration.php&registration_token=eyJ0…"
                    + "&name=University+Moodle")))
    @APIResponse(responseCode = "200", description = "Registered: the page tells the platform's window", content = @Content(
            mediaType = MediaType.TEXT_HTML, examples = @ExampleObject(name = "page", value = "<!DOCTYPE html>…")))
    @APIResponse(responseCode = "403", description = "Not an admin, or a request from another site")
    @APIResponse(responseCode = "409", description = "This platform is registered already")
    @APIResponse(responseCode = "422", description = "The platform's configuration or registration endpoint refused")
    public Response confirm(@FormParam("openid_configuration") String configuration, @FormParam("registration_token") String token,
            @FormParam("name") String name, @HeaderParam("Origin") String origin, @HeaderParam("Referer") String referer) {
        if (!publicUrl.isOwnOrigin(origin, referer)) {
            throw new ProblemException(403, "Confirm the registration on Scholion's page: this request came from elsewhere.");
        }
        Platforms.Platform p = registration.register(currentUser.get(), configuration, token, name);
        return framed(Templates.registered(p).render(), configuration);
    }

    /** The platform shows these pages in its frame before it is registered: its own origin may frame them. */
    private static Response framed(String html, String configuration) {
        String origin = configuration == null ? null : PublicUrl.originOf(configuration);
        return Response.ok(html, MediaType.TEXT_HTML_TYPE).header("Content-Security-Policy", "default-src 'self'; script-src 'self';"
                + " style-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'self'"
                + (origin == null ? "" : " " + origin)).build();
    }
}
