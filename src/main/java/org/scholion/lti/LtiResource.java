package org.scholion.lti;

import com.nimbusds.jwt.JWTClaimsSet;
import io.quarkus.logging.Log;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import io.vertx.core.http.HttpServerRequest;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Cookie;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.NewCookie;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriBuilder;
import java.net.URI;
import java.text.ParseException;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.scholion.web.ProblemException;
import org.scholion.web.PublicUrl;

/**
 * Scholion as an LTI 1.3 tool, the browser's side (1EdTech LTI 1.3 Core §5.1, Security Framework
 * §5.1.1): the platform's third-party login initiation, the launch its authorization answers with, and
 * Scholion's public keys.
 *
 * <p>The launch arrives as a cross-site {@code form_post}, which a {@code SameSite=Lax} cookie does not
 * reach (and a cookie in an LMS's iframe may not reach anything). So the launch is verified (signature,
 * claims, the nonce used once) and kept under a one-time handle, and the page it answers posts the handle
 * back to Scholion from Scholion's own origin: that same-site request carries the login's binding cookie
 * (or, in a platform's frame with its client-side storage, the state the login put there), which proves
 * the browser that completes the launch is the one that started the login. Only then a user, their course
 * group and a session are made. A browser that can prove neither is offered to start again in a new tab.
 */
@Path("/lti")
@Tag(name = "LTI", description = "Scholion as an LTI 1.3 tool in a learning platform (Canvas, Moodle, …). README: \"Use Scholion in your LMS\".")
public class LtiResource {
    /** The binding cookie of one login: its name carries part of the state's hash, so logins in two tabs keep theirs apart. */
    static final String BINDING_PREFIX = "lti_b_";
    /** The key the login's state is kept under in the platform's client-side storage. */
    static final String STATE_KEY = "scholion_state_";

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance launched(String handle, String storageTarget, String platformOrigin, String stateKey);

        static native TemplateInstance storing(String next, String storageTarget, String platformOrigin, String stateKey, String state);

        static native TemplateInstance newTab(String reason, Map<String, String> initiation, String loginUrl);
    }

    private final Platforms platforms;
    private final Logins logins;
    private final LaunchVerifier verifier;
    private final LtiAccounts accounts;
    private final LtiSessions sessions;
    private final ToolKeys keys;
    private final LtiUrls urls;

    LtiResource(Platforms platforms, Logins logins, LaunchVerifier verifier, LtiAccounts accounts, LtiSessions sessions, ToolKeys keys,
            LtiUrls urls) {
        this.platforms = platforms;
        this.logins = logins;
        this.verifier = verifier;
        this.accounts = accounts;
        this.sessions = sessions;
        this.keys = keys;
        this.urls = urls;
    }

    @GET
    @Path("/jwks")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Scholion's public keys (JWK set)", description = "The keys that verify what Scholion signs as an LTI tool"
            + " (deep-linking responses, the client assertions of its service calls). A rotated key stays here for the overlap.")
    @APIResponse(responseCode = "200", description = "The JWK set", content = @Content(mediaType = MediaType.APPLICATION_JSON,
            examples = @ExampleObject(name = "one key", value = """
                    {"keys": [{"kty": "RSA", "e": "AQAB", "use": "sig", "kid": "Xb2kQ0m4…", "alg": "RS256", "n": "0vx7agoebGcQSuu…"}]}""")))
    public Response jwks() {
        return Response.ok(keys.publishedJson()).header("Cache-Control", "public, max-age=300").build();
    }

    @GET
    @Path("/login")
    @Produces(MediaType.TEXT_HTML)
    @Operation(summary = "OIDC third-party initiated login (LTI 1.3)", description = "The platform sends the browser here to start a"
            + " launch; Scholion answers with a redirect to the platform's authorization endpoint (state and nonce kept in the database,"
            + " the state bound to this browser by a cookie or the platform's client-side storage).")
    @APIResponse(responseCode = "302", description = "To the platform's authorization endpoint")
    @APIResponse(responseCode = "400", description = "A parameter missing, or a platform that is not registered")
    public Response loginGet(@QueryParam("iss") String iss, @QueryParam("login_hint") String loginHint,
            @QueryParam("target_link_uri") String targetLinkUri, @QueryParam("lti_message_hint") String messageHint,
            @QueryParam("client_id") String clientId, @QueryParam("lti_deployment_id") String deploymentId,
            @QueryParam("lti_storage_target") String storageTarget, @Context HttpServerRequest request) {
        return login(iss, loginHint, targetLinkUri, messageHint, clientId, deploymentId, storageTarget, request);
    }

    @POST
    @Path("/login")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Produces(MediaType.TEXT_HTML)
    @Operation(summary = "OIDC third-party initiated login (LTI 1.3), as a form post", description = "As the GET.")
    @RequestBody(content = @Content(mediaType = MediaType.APPLICATION_FORM_URLENCODED, examples = @ExampleObject(name = "Moodle",
            value = "iss=https%3A%2F%2Fmoodle.example.edu&login_hint=42&target_link_uri=https%3A%2F%2Fscholion.example.edu%2Fread%2Fred-terror-essay"
                    + "&lti_message_hint=%7B%22cmid%22%3A7%7D&client_id=hK3x9QpLm2&lti_deployment_id=7")))
    @APIResponse(responseCode = "302", description = "To the platform's authorization endpoint")
    @APIResponse(responseCode = "400", description = "A parameter missing, or a platform that is not registered")
    public Response loginPost(@FormParam("iss") String iss, @FormParam("login_hint") String loginHint,
            @FormParam("target_link_uri") String targetLinkUri, @FormParam("lti_message_hint") String messageHint,
            @FormParam("client_id") String clientId, @FormParam("lti_deployment_id") String deploymentId,
            @FormParam("lti_storage_target") String storageTarget, @Context HttpServerRequest request) {
        return login(iss, loginHint, targetLinkUri, messageHint, clientId, deploymentId, storageTarget, request);
    }

    @POST
    @Path("/launch")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Produces(MediaType.TEXT_HTML)
    @Operation(summary = "The launch: the platform's id_token (form_post)", description = "Verified against the platform's keys (RS256,"
            + " kid), its issuer, Scholion's client id, the time, the login's nonce (once), a registered deployment, the message type"
            + " (LtiResourceLinkRequest, LtiDeepLinkingRequest) and version 1.3.0. The answer is a page that completes the launch from"
            + " Scholion's origin, where the browser shows it started the login.")
    @RequestBody(content = @Content(mediaType = MediaType.APPLICATION_FORM_URLENCODED, examples = @ExampleObject(name = "launch",
            value = "id_token=eyJhbGciOiJSUzI1NiIsImtpZCI6IjEifQ.eyJpc3MiOi….c2lnbmF0dXJl&state=oJ2xk8…")))
    @APIResponse(responseCode = "200", description = "The page that completes the launch", content = @Content(mediaType = MediaType.TEXT_HTML,
            examples = @ExampleObject(name = "page", value = "<!DOCTYPE html>…")))
    @APIResponse(responseCode = "400", description = "No id_token or state, an unknown or expired login, or a launch Scholion does not take")
    @APIResponse(responseCode = "403", description = "The id_token does not verify, or its nonce was used already")
    public Response launch(@FormParam("id_token") String idToken, @FormParam("state") String state, @FormParam("error") String error,
            @FormParam("error_description") String errorDescription) {
        try {
            if (error != null) {
                throw LaunchRefused.bad("The learning platform did not launch Scholion: " + error
                        + (errorDescription == null ? "" : " (" + errorDescription + ")") + ".");
            }
            if (idToken == null || idToken.isBlank() || state == null || state.isBlank()) {
                throw LaunchRefused.bad("A launch needs the id_token and the state.");
            }
            Logins.Pending login = logins.pending(state).orElseThrow(() -> LaunchRefused.bad(
                    "This launch's login is unknown here (state): start it again from the learning platform."));
            if (login.launched()) {
                throw LaunchRefused.refused("This login was launched already: a nonce is used once. Start again from the learning platform.");
            }
            if (login.expired()) {
                throw LaunchRefused.bad("This login has expired: start it again from the learning platform.");
            }
            Platforms.Platform platform = platforms.find(login.platform()).orElseThrow(() -> LaunchRefused.refused(
                    "The learning platform of this login is no longer registered with Scholion."));
            JWTClaimsSet claims = verifier.verify(idToken, platform, login.nonce());
            String handle = logins.launched(state, claims.toString()).orElseThrow(() -> LaunchRefused.refused(
                    "This login was launched already: a nonce is used once. Start again from the learning platform."));
            String target = login.storage() ? login.storageTarget() : null;
            return Response.ok(Templates.launched(handle, target, target == null ? null : PublicUrl.originOf(platform.authorizationUrl()),
                    target == null ? null : STATE_KEY + state).render(), MediaType.TEXT_HTML_TYPE).build();
        } catch (LaunchRefused e) {
            throw refused(e);
        }
    }

    @POST
    @Path("/launch/complete")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Produces(MediaType.TEXT_HTML)
    @Operation(summary = "Completes a verified launch from Scholion's own origin", description = "The launch page posts its one-time"
            + " handle here; the browser shows it started the login (the login's cookie, or the state from the platform's client-side"
            + " storage). Then the user (keyed by platform and sub), the course's group and the membership are as the launch says, a"
            + " session cookie is set, and the browser goes to the launch's target.")
    @RequestBody(content = @Content(mediaType = MediaType.APPLICATION_FORM_URLENCODED, examples = @ExampleObject(name = "handle",
            value = "handle=Q3kq0yA1…")))
    @APIResponse(responseCode = "303", description = "Signed in; to the reading (or the picker, for deep linking)")
    @APIResponse(responseCode = "400", description = "An unknown, completed or expired handle")
    @APIResponse(responseCode = "401", description = "This browser cannot show it started the login (its cookies blocked in a frame):"
            + " an HTML page offers to start again in a new tab (a form posting the login's initiation to /lti/login, target _blank)")
    @APIResponse(responseCode = "403", description = "Another browser started this login")
    public Response complete(@FormParam("handle") String handle, @FormParam("state") String storedState,
            @Context HttpHeaders headers, @Context HttpServerRequest request, @HeaderParam("Sec-Fetch-Dest") String dest) {
        try {
            if (handle == null || handle.isBlank()) {
                throw LaunchRefused.bad("Completing a launch needs its handle.");
            }
            Logins.Waiting w = logins.waiting(handle).orElseThrow(() -> LaunchRefused.bad(
                    "This launch was completed already or has expired: start it again from the learning platform."));
            String bindingName = bindingCookie(w.stateHash());
            Cookie binding = headers.getCookies().get(bindingName);
            if (binding != null) {
                if (!Logins.matches(binding.getValue(), w.bindingHash())) {
                    throw LaunchRefused.refused("This launch was started in another browser (its state is bound to that one).");
                }
            } else if (w.storage() && storedState != null && !storedState.isBlank()) {
                if (!java.security.MessageDigest.isEqual(Secrets.hash(storedState), w.stateHash())) {
                    throw LaunchRefused.refused("This launch was started in another browser (the platform's storage holds another state).");
                }
            } else {
                Log.infof("LTI: a launch could not be tied to its browser (no login cookie%s); offered a new tab",
                        w.storage() ? ", no state from the platform's storage" : "");
                return Response.status(401).type(MediaType.TEXT_HTML_TYPE).entity(Templates.newTab(
                        "Your browser did not let Scholion keep what ties this launch to you (it blocks cookies in the learning platform's page).",
                        w.initiation(), urls.login()).render()).build();
            }
            if (!logins.complete(w.stateHash())) {
                throw LaunchRefused.bad("This launch was completed already: start it again from the learning platform.");
            }
            Launch launch;
            try {
                launch = Launch.of(w.platform(), w.launchJson());
            } catch (ParseException e) {
                throw LaunchRefused.bad("The launch kept for this handle could not be read.");
            }
            Platforms.Platform platform = platforms.find(w.platform()).orElseThrow(() -> LaunchRefused.refused(
                    "The learning platform of this launch is no longer registered with Scholion."));
            LtiAccounts.SignedIn in = accounts.signIn(launch, platform.name());
            String secret = sessions.open(in.user(), platform.id(), frameOrigins(platform, launch));
            boolean secure = request.isSSL();
            boolean framed = "iframe".equals(dest) || "frame".equals(dest) || "iframe".equals(launch.documentTarget());
            URI to = framed ? URI.create("/lti/open?handle=" + handle)
                    : launch.deepLinking() ? URI.create("/lti/deep-link?handle=" + handle) : target(launch, in);
            return Response.seeOther(to)
                    .header("Set-Cookie", sessionCookie(secret, secure, framed))
                    .cookie(new NewCookie.Builder(bindingName).value("").path("/lti/").httpOnly(true).secure(secure)
                            .sameSite(NewCookie.SameSite.LAX).maxAge(0).build())
                    .build();
        } catch (LaunchRefused e) {
            throw refused(e);
        }
    }

    @GET
    @Path("/open")
    @Produces(MediaType.TEXT_HTML)
    @Operation(summary = "Opens a launch made in the platform's frame", description = "Where a launch in a frame goes first: if the"
            + " frame kept the session cookie, on to the reading (or the picker); if the browser would not keep it there (third-party"
            + " cookies blocked), a page offering to open Scholion in a new tab.")
    @APIResponse(responseCode = "303", description = "The frame has the session: to the launch's target")
    @APIResponse(responseCode = "200", description = "The frame does not: the page to open a new tab", content = @Content(
            mediaType = MediaType.TEXT_HTML, examples = @ExampleObject(name = "new tab", value = "<!DOCTYPE html>…")))
    @APIResponse(responseCode = "404", description = "No launch completed under this handle")
    public Response open(@QueryParam("handle") String handle, @Context HttpHeaders headers) {
        Logins.Completed c = handle == null ? null : logins.completed(handle).orElse(null);
        if (c == null) {
            throw new ProblemException(404, "No launch under this handle: start again from the learning platform.");
        }
        Launch launch;
        try {
            launch = Launch.of(c.platform(), c.launchJson());
        } catch (ParseException e) {
            throw new ProblemException(404, "No launch under this handle: start again from the learning platform.");
        }
        Cookie session = headers.getCookies().get(LtiSessions.COOKIE);
        if (session == null || sessions.session(session.getValue()).isEmpty()) {
            return Response.ok(Templates.newTab("Your browser does not keep Scholion's sign-in inside the learning platform's page"
                    + " (it blocks third-party cookies).", logins.initiation(c.stateHash()), urls.login()).render(),
                    MediaType.TEXT_HTML_TYPE).build();
        }
        if (launch.deepLinking()) {
            return Response.seeOther(URI.create("/lti/deep-link?handle=" + handle)).build();
        }
        return Response.seeOther(target(launch, new LtiAccounts.SignedIn(null, accounts.groupOf(launch)))).build();
    }

    /**
     * The session cookie: HttpOnly, SameSite=Lax, Secure on https. In a platform's frame over https it is
     * SameSite=None and Partitioned (CHIPS: kept per top-level site, so browsers that block third-party
     * cookies keep it too); its use is still guarded by Origin checks (web/CsrfGate), never by SameSite alone.
     */
    private String sessionCookie(String secret, boolean secure, boolean framed) {
        String base = LtiSessions.COOKIE + "=" + secret + "; Path=/; Max-Age=" + sessions.lifetime().toSeconds() + "; HttpOnly";
        if (framed && secure) {
            return base + "; Secure; SameSite=None; Partitioned";
        }
        return base + (secure ? "; Secure" : "") + "; SameSite=Lax";
    }

    private Response login(String iss, String loginHint, String targetLinkUri, String messageHint, String clientId, String deploymentId,
            String storageTarget, HttpServerRequest request) {
        try {
            if (blank(iss) || blank(loginHint) || blank(targetLinkUri)) {
                throw LaunchRefused.bad("A login initiation needs iss, login_hint and target_link_uri.");
            }
            Platforms.Platform platform = platform(iss, clientId);
            if (!blank(deploymentId) && !platform.deployments().contains(deploymentId)) {
                throw LaunchRefused.refused("The login names a deployment that is not registered for platform " + platform.name() + ".");
            }
            if (!ownUrl(targetLinkUri)) {
                throw LaunchRefused.bad("The login's target_link_uri is not a Scholion address (" + urls.base() + "/…).");
            }
            Map<String, String> initiation = new LinkedHashMap<>();
            initiation.put("iss", iss);
            initiation.put("login_hint", loginHint);
            initiation.put("target_link_uri", targetLinkUri);
            putIf(initiation, "lti_message_hint", messageHint);
            putIf(initiation, "client_id", clientId);
            putIf(initiation, "lti_deployment_id", deploymentId);
            putIf(initiation, "lti_storage_target", storageTarget);
            Logins.Started s = logins.start(platform.id(), initiation, !blank(storageTarget));
            UriBuilder auth = UriBuilder.fromUri(platform.authorizationUrl())
                    .queryParam("scope", "openid")
                    .queryParam("response_type", "id_token")
                    .queryParam("response_mode", "form_post")
                    .queryParam("prompt", "none")
                    .queryParam("client_id", platform.clientId())
                    .queryParam("redirect_uri", urls.launch())
                    .queryParam("login_hint", loginHint)
                    .queryParam("state", s.state())
                    .queryParam("nonce", s.nonce());
            if (!blank(messageHint)) {
                auth.queryParam("lti_message_hint", messageHint);
            }
            NewCookie binding = new NewCookie.Builder(bindingCookie(Secrets.hash(s.state()))).value(s.binding()).path("/lti/")
                    .httpOnly(true).secure(request.isSSL()).sameSite(NewCookie.SameSite.LAX)
                    .maxAge((int) Logins.LIFETIME.toSeconds()).build();
            if (!blank(storageTarget)) {
                // the platform's client-side storage (LTI Client Side postMessages): the page puts the state there, then goes on
                return Response.ok(Templates.storing(auth.build().toString(), storageTarget, PublicUrl.originOf(platform.authorizationUrl()),
                        STATE_KEY + s.state(), s.state()).render(), MediaType.TEXT_HTML_TYPE).cookie(binding).build();
            }
            return Response.status(302).location(auth.build()).cookie(binding).build();
        } catch (LaunchRefused e) {
            throw refused(e);
        } catch (IllegalArgumentException e) {
            throw refused(LaunchRefused.bad("A login parameter is not usable in a URL."));
        }
    }

    private Platforms.Platform platform(String iss, String clientId) {
        if (!blank(clientId)) {
            return platforms.byClient(iss, clientId).orElseThrow(() -> LaunchRefused.bad(
                    "No learning platform with this issuer and client id is registered with Scholion: an admin registers it first."));
        }
        List<Platforms.Platform> found = platforms.byIssuer(iss);
        if (found.isEmpty()) {
            throw LaunchRefused.bad("No learning platform with this issuer is registered with Scholion: an admin registers it first.");
        }
        if (found.size() > 1) {
            throw LaunchRefused.bad("Scholion is registered several times in this platform: the login must name its client_id.");
        }
        return found.get(0);
    }

    /** Where a signed-in launch goes: a Scholion address it names (a reading opens in the course's group), else the start page. */
    private URI target(Launch launch, LtiAccounts.SignedIn in) {
        String t = launch.targetLinkUri();
        if (t == null || !ownUrl(t)) {
            return URI.create("/");
        }
        String path = t.substring(urls.base().length());
        if (path.isEmpty()) {
            path = "/";
        }
        URI u = URI.create(path);
        if (u.getPath() != null && u.getPath().startsWith("/read/")) {
            return UriBuilder.fromUri(u).replaceQueryParam("group", in.group()).build();
        }
        return u;
    }

    /** Who may show this session's pages in a frame: the platform, and the host its launch returns to (Canvas: the school's). */
    private static String frameOrigins(Platforms.Platform platform, Launch launch) {
        java.util.Set<String> origins = new java.util.LinkedHashSet<>();
        for (String url : new String[] {platform.issuer(), platform.authorizationUrl(), launch.returnUrl()}) {
            String o = url == null ? null : org.scholion.web.PublicUrl.originOf(url);
            if (o != null) {
                origins.add(o);
            }
        }
        return String.join(" ", origins);
    }

    private boolean ownUrl(String url) {
        String base = urls.base();
        return url.equals(base) || url.startsWith(base + "/");
    }

    static String bindingCookie(byte[] stateHash) {
        return BINDING_PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(stateHash).substring(0, 16);
    }

    private static ProblemException refused(LaunchRefused e) {
        Log.warnf("LTI: refused (%d): %s", e.status(), e.getMessage());
        return new ProblemException(e.status(), e.getMessage());
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }

    private static void putIf(Map<String, String> m, String k, String v) {
        if (!blank(v)) {
            m.put(k, v);
        }
    }
}
