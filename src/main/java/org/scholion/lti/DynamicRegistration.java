package org.scholion.lti;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.logging.Log;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.scholion.domain.DomainError;
import org.scholion.security.Action;
import org.scholion.security.Permissions;
import org.scholion.security.Target;
import org.scholion.security.UserRef;

/**
 * LTI Dynamic Registration 1.0 (1EdTech): the platform opens Scholion's registration URL with its
 * OpenID configuration's URL and a registration token; an admin signed in to Scholion confirms; Scholion
 * reads the configuration, registers itself at the platform's registration endpoint (its launch, login,
 * deep-linking and key URLs and the scopes it needs) and keeps the platform with the client id and
 * deployment the platform answered.
 */
@ApplicationScoped
class DynamicRegistration {
    static final String PLATFORM_CONFIGURATION = "https://purl.imsglobal.org/spec/lti-platform-configuration";
    static final String TOOL_CONFIGURATION = "https://purl.imsglobal.org/spec/lti-tool-configuration";
    /** What Scholion asks of a platform's services: grade passback (AGS) and the roster (NRPS). */
    static final List<String> SCOPES = List.of("https://purl.imsglobal.org/spec/lti-ags/scope/lineitem",
            Grades.SCOPE_LINEITEM_READONLY, "https://purl.imsglobal.org/spec/lti-ags/scope/result.readonly", Grades.SCOPE_SCORE,
            Rosters.SCOPE);

    /** What the admin confirms: the platform as its configuration describes it. */
    record Offered(String issuer, String product, String registrationEndpoint, String suggestedName) {
    }

    private final PlatformServices services;
    private final Platforms platforms;
    private final Permissions permissions;
    private final LtiUrls urls;

    DynamicRegistration(PlatformServices services, Platforms platforms, Permissions permissions, LtiUrls urls) {
        this.services = services;
        this.platforms = platforms;
        this.permissions = permissions;
        this.urls = urls;
    }

    /** Reads the platform's configuration for the admin to confirm. */
    Offered offer(UserRef admin, String configurationUrl) {
        permissions.require(admin, Action.MANAGE_LTI, new Target.LtiPlatforms());
        JsonNode c = configuration(configurationUrl);
        String product = c.path(PLATFORM_CONFIGURATION).path("product_family_code").asText("");
        String host = URI.create(c.path("issuer").asText()).getHost();
        return new Offered(c.path("issuer").asText(), product, c.path("registration_endpoint").asText(),
                (product.isBlank() ? "LMS" : product) + " at " + host);
    }

    /** Registers Scholion with the platform and keeps the platform; the platform's record. */
    Platforms.Platform register(UserRef admin, String configurationUrl, String registrationToken, String name) {
        permissions.require(admin, Action.MANAGE_LTI, new Target.LtiPlatforms());
        JsonNode c = configuration(configurationUrl);
        JsonNode answer;
        try {
            answer = services.register(c.path("registration_endpoint").asText(), toolRegistration(c), registrationToken);
        } catch (PlatformServices.ServiceFailure f) {
            Log.warnf("LTI: dynamic registration with %s refused: %s", c.path("issuer").asText(), f.getMessage());
            throw DomainError.unprocessable("openid_configuration", "the platform refused the registration: " + f.getMessage());
        }
        String clientId = answer.path("client_id").asText("");
        String deployment = answer.path(TOOL_CONFIGURATION).path("deployment_id").asText("");
        if (clientId.isBlank()) {
            throw DomainError.unprocessable("openid_configuration", "the platform's answer has no client_id");
        }
        List<String> deployments = deployment.isBlank() ? List.of() : List.of(deployment);
        if (deployments.isEmpty()) {
            throw DomainError.unprocessable("openid_configuration",
                    "the platform's answer names no deployment_id: register it by hand with the deployment id the platform shows");
        }
        Platforms.Platform p = platforms.register(admin, new Platforms.Registration(name == null || name.isBlank() ? offer(admin,
                configurationUrl).suggestedName() : name, c.path("issuer").asText(), clientId, deployments,
                c.path("authorization_endpoint").asText(), c.path("token_endpoint").asText(), c.path("jwks_uri").asText()), "dynamic");
        Log.infof("LTI: registered with %s by dynamic registration (client id %s)", p.issuer(), clientId);
        return p;
    }

    /**
     * The platform's OpenID configuration, checked as LTI Dynamic Registration §3.5.1 asks: its issuer's
     * host is the configuration URL's, and it names the endpoints a launch and a registration need.
     */
    private JsonNode configuration(String url) {
        if (url == null || url.isBlank()) {
            throw DomainError.unprocessable("openid_configuration", "is required");
        }
        JsonNode c;
        try {
            c = services.fetch(url);
        } catch (PlatformServices.ServiceFailure f) {
            throw DomainError.unprocessable("openid_configuration", "could not be read: " + f.getMessage());
        } catch (IllegalArgumentException e) {
            throw DomainError.unprocessable("openid_configuration", "is not a URL");
        }
        for (String field : List.of("issuer", "authorization_endpoint", "token_endpoint", "jwks_uri", "registration_endpoint")) {
            if (!c.path(field).isTextual() || c.path(field).asText().isBlank()) {
                throw DomainError.unprocessable("openid_configuration", "the configuration has no " + field);
            }
        }
        String issuerHost;
        try {
            issuerHost = URI.create(c.path("issuer").asText()).getHost();
        } catch (IllegalArgumentException e) {
            throw DomainError.unprocessable("openid_configuration", "the configuration's issuer is not a URL");
        }
        if (issuerHost == null || !issuerHost.equalsIgnoreCase(URI.create(url).getHost())) {
            throw DomainError.unprocessable("openid_configuration",
                    "the configuration's issuer is not on the host it was read from");
        }
        return c;
    }

    /** Scholion's client registration (Dynamic Registration §3.4, with the LTI tool configuration of §3.4.1). */
    private Map<String, Object> toolRegistration(JsonNode platformConfiguration) {
        Map<String, Object> tool = new LinkedHashMap<>();
        tool.put("domain", URI.create(urls.base()).getAuthority());
        tool.put("target_link_uri", urls.base() + "/");
        tool.put("description", "Read texts together: highlight passages and comment with sources; instructors moderate and review evidence.");
        tool.put("claims", List.of("iss", "sub", "name", "given_name", "family_name", "email"));
        tool.put("messages", List.of(
                Map.of("type", Claims.DEEP_LINKING_REQUEST, "target_link_uri", urls.launch(), "label", "Scholion reading"),
                Map.of("type", Claims.RESOURCE_LINK_REQUEST, "target_link_uri", urls.base() + "/", "label", "Scholion")));
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("application_type", "web");
        r.put("response_types", List.of("id_token"));
        r.put("grant_types", List.of("implicit", "client_credentials"));
        r.put("initiate_login_uri", urls.login());
        r.put("redirect_uris", List.of(urls.launch()));
        r.put("client_name", "Scholion");
        r.put("jwks_uri", urls.jwks());
        r.put("token_endpoint_auth_method", "private_key_jwt");
        r.put("scope", String.join(" ", SCOPES));
        r.put(TOOL_CONFIGURATION, tool);
        return r;
    }
}
