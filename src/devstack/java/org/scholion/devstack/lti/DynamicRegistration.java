package org.scholion.devstack.lti;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import java.net.URI;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * LTI Dynamic Registration 1.0: the platform's OpenID configuration (§3.2) and its registration endpoint (§3.4,
 * §3.5), which takes a tool's OpenID client registration with a one-time registration token and gives it a client
 * id and a deployment id.
 */
final class DynamicRegistration {
    static final String TOOL_CONFIGURATION = "https://purl.imsglobal.org/spec/lti-tool-configuration";
    static final String PLATFORM_CONFIGURATION = "https://purl.imsglobal.org/spec/lti-platform-configuration";
    private static final List<String> MESSAGES = List.of(Lti.RESOURCE_LINK_REQUEST, Lti.DEEP_LINKING_REQUEST);

    private final FakePlatform platform;
    private final Consumer<ToolRegistration> registered;
    private final Set<String> registrationTokens = ConcurrentHashMap.newKeySet();
    private final List<Map<String, Object>> registrations = new CopyOnWriteArrayList<>();
    private final AtomicInteger nextClient = new AtomicInteger(1);

    DynamicRegistration(FakePlatform platform, Consumer<ToolRegistration> registered) {
        this.platform = platform;
        this.registered = registered;
    }

    Map<String, Object> openidConfiguration() {
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("issuer", platform.issuer());
        config.put("authorization_endpoint", platform.authorizationUrl());
        config.put("token_endpoint", platform.tokenUrl());
        config.put("token_endpoint_auth_methods_supported", List.of("private_key_jwt"));
        config.put("token_endpoint_auth_signing_alg_values_supported", List.of("RS256"));
        config.put("jwks_uri", platform.jwksUrl());
        config.put("registration_endpoint", platform.registrationUrl());
        List<String> scopes = new ArrayList<>(List.of("openid"));
        scopes.addAll(Lti.SERVICE_SCOPES);
        config.put("scopes_supported", scopes);
        config.put("response_types_supported", List.of("id_token"));
        config.put("subject_types_supported", List.of("public", "pairwise"));
        config.put("id_token_signing_alg_values_supported", List.of("RS256"));
        config.put("claims_supported", List.of("iss", "sub", "aud", "azp", "exp", "iat", "nonce", "name", "given_name",
                "family_name", "email"));
        config.put(PLATFORM_CONFIGURATION, Map.of("product_family_code", Lti.PRODUCT_FAMILY_CODE, "version", "1.0",
                "messages_supported", MESSAGES.stream().map(type -> Map.of("type", type)).toList(),
                "variables", List.of()));
        return config;
    }

    /** The query parameters a platform adds to the tool's registration URL (§3.1), with a fresh one-time token. */
    Map<String, String> start() {
        String token = AccessTokens.random(24);
        registrationTokens.add(token);
        Map<String, String> params = new LinkedHashMap<>();
        params.put("openid_configuration", platform.openidConfigurationUrl());
        params.put("registration_token", token);
        return params;
    }

    List<Map<String, Object>> registrations() {
        return List.copyOf(registrations);
    }

    void handleConfiguration(HttpExchange exchange) throws Exception {
        Http.requireMethod(exchange, "GET");
        Http.sendJson(exchange, 200, "application/json", openidConfiguration());
    }

    void handleRegister(HttpExchange exchange) throws Exception {
        Http.requireMethod(exchange, "POST");
        String token = Http.bearer(exchange);
        if (token == null || !registrationTokens.contains(token)) {
            throw Http.Failure.oauth(401, "invalid_token", "an unused registration_token is required as the Bearer token")
                    .header("WWW-Authenticate", "Bearer error=\"invalid_token\"");
        }
        if (!Http.mediaType(exchange).equals("application/json")) {
            throw Http.Failure.oauth(400, "invalid_client_metadata", "the registration must be application/json");
        }
        ObjectNode request;
        try {
            JsonNode body = Http.JSON.readTree(Http.body(exchange));
            if (!(body instanceof ObjectNode object)) {
                throw invalid("the registration must be a JSON object");
            }
            request = object;
        } catch (JsonProcessingException e) {
            throw invalid("the registration is not JSON: " + e.getOriginalMessage());
        }
        JsonNode toolConfig = validate(request);
        // The token is spent only by a registration that succeeds, so that a tool may correct a refused one.
        if (!registrationTokens.remove(token)) {
            throw Http.Failure.oauth(401, "invalid_token", "the registration_token was used already");
        }
        int n = nextClient.getAndIncrement();
        String clientId = "dynamic-client-" + n;
        String deploymentId = "dynamic-deployment-" + n;
        ObjectNode response = request.deepCopy();
        response.put("client_id", clientId);
        response.put("scope", String.join(" ", grantedScopes(request)));
        ((ObjectNode) response.get(TOOL_CONFIGURATION)).put("deployment_id", deploymentId);
        List<String> redirectUris = new ArrayList<>();
        request.get("redirect_uris").forEach(uri -> redirectUris.add(uri.asText()));
        registered.accept(new ToolRegistration(clientId, deploymentId, request.get("jwks_uri").asText(),
                request.get("initiate_login_uri").asText(), redirectUris, toolConfig.get("target_link_uri").asText()));
        @SuppressWarnings("unchecked")
        Map<String, Object> recorded = Http.JSON.convertValue(response, Map.class);
        registrations.add(recorded);
        Http.sendJson(exchange, 200, "application/json", response);
    }

    /** The checks of §3.4 and §3.5; returns the LTI tool configuration. */
    private static JsonNode validate(JsonNode r) {
        requireValue(r, "application_type", "web");
        requireArrayWith(r, "response_types", "id_token");
        requireArrayWith(r, "grant_types", "implicit", "client_credentials");
        requireUrl(r, "initiate_login_uri");
        JsonNode redirects = r.get("redirect_uris");
        if (redirects == null || !redirects.isArray() || redirects.isEmpty()) {
            throw Http.Failure.oauth(400, "invalid_redirect_uri", "redirect_uris must be a non-empty array of URLs");
        }
        for (JsonNode uri : redirects) {
            if (!uri.isTextual() || !isUrl(uri.asText())) {
                throw Http.Failure.oauth(400, "invalid_redirect_uri", "not an absolute http(s) URL: " + uri);
            }
        }
        requireText(r, "client_name");
        requireUrl(r, "jwks_uri");
        requireValue(r, "token_endpoint_auth_method", "private_key_jwt");
        if (r.has("scope") && !r.get("scope").isTextual()) {
            throw invalid("scope must be a space-separated string");
        }
        JsonNode config = r.get(TOOL_CONFIGURATION);
        if (config == null || !config.isObject()) {
            throw invalid(TOOL_CONFIGURATION + " must be an object");
        }
        requireText(config, "domain");
        requireUrl(config, "target_link_uri");
        JsonNode claims = config.get("claims");
        if (claims == null || !claims.isArray()) {
            throw invalid("claims must be an array of the claims the tool wants");
        }
        JsonNode messages = config.get("messages");
        if (messages != null) {
            if (!messages.isArray()) {
                throw invalid("messages must be an array");
            }
            for (JsonNode message : messages) {
                if (!MESSAGES.contains(message.path("type").asText())) {
                    throw invalid("a message's type must be one of " + MESSAGES + ", was " + message.get("type"));
                }
                if (message.has("target_link_uri") && !isUrl(message.get("target_link_uri").asText())) {
                    throw invalid("a message's target_link_uri must be an absolute http(s) URL");
                }
            }
        }
        return config;
    }

    /** The requested scopes this platform grants; a platform may grant fewer than asked (RFC 7591 §3.2.1). */
    private static List<String> grantedScopes(JsonNode request) {
        String requested = request.path("scope").asText("");
        return Arrays.stream(requested.trim().split("\\s+")).filter(Lti.SERVICE_SCOPES::contains).distinct().toList();
    }

    private static void requireValue(JsonNode r, String field, String expected) {
        if (!expected.equals(r.path(field).asText(null))) {
            throw invalid(field + " must be \"" + expected + "\", was " + r.get(field));
        }
    }

    private static void requireArrayWith(JsonNode r, String field, String... expected) {
        JsonNode array = r.get(field);
        List<String> values = new ArrayList<>();
        if (array != null && array.isArray()) {
            array.forEach(v -> values.add(v.asText()));
        }
        if (!values.containsAll(List.of(expected))) {
            throw invalid(field + " must contain " + List.of(expected) + ", was " + array);
        }
    }

    private static void requireText(JsonNode r, String field) {
        if (!r.path(field).isTextual() || r.get(field).asText().isBlank()) {
            throw invalid(field + " is required");
        }
    }

    private static void requireUrl(JsonNode r, String field) {
        if (!r.path(field).isTextual() || !isUrl(r.get(field).asText())) {
            throw invalid(field + " must be an absolute http(s) URL, was " + r.get(field));
        }
    }

    private static boolean isUrl(String value) {
        try {
            URI uri = URI.create(value);
            return uri.getHost() != null && ("https".equals(uri.getScheme()) || "http".equals(uri.getScheme()));
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static Http.Failure invalid(String description) {
        return Http.Failure.oauth(400, "invalid_client_metadata", description);
    }
}
