package org.scholion.lti;

import jakarta.ws.rs.CookieParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.NewCookie;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * Signing out of a session an LTI launch opened. The reader's "Log out" posts to /logout for everyone:
 * Quarkus OIDC answers it for a Keycloak session (and ends Keycloak's too); a request it leaves alone —
 * one with only a launch's session — reaches this. web/CsrfGate has already refused a cross-site POST.
 */
@Path("/logout")
@Tag(name = "LTI")
public class LtiLogout {
    private final LtiSessions sessions;

    LtiLogout(LtiSessions sessions) {
        this.sessions = sessions;
    }

    @POST
    @Operation(summary = "Sign out of a launch's session", description = "Ends the session and clears its cookie; the learning"
            + " platform's own session is the platform's.", hidden = true)
    @APIResponse(responseCode = "303", description = "To the signed-out page")
    public Response logout(@CookieParam(LtiSessions.COOKIE) String secret) {
        sessions.end(secret);
        return Response.seeOther(URI.create("/signed-out"))
                .cookie(new NewCookie.Builder(LtiSessions.COOKIE).value("").path("/").httpOnly(true).maxAge(0).build())
                .header("Clear-Site-Data", "\"cache\"")
                .build();
    }
}
