package org.scholion.devstack.lti;

import com.nimbusds.jwt.JWTClaimsSet;
import com.sun.net.httpserver.HttpExchange;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * {@code POST /token}: the OAuth 2.0 client credentials grant with a JWT client assertion (1EdTech Security Framework
 * §4.1, RFC 7523) that hands out the service tokens of AGS and NRPS.
 */
final class TokenEndpoint {
    private static final String ASSERTION_TYPE = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";
    private final String issuer;
    private final String tokenUrl;
    private final Supplier<ToolRegistration> tool;
    private final ToolJwts toolJwts;
    private final AccessTokens tokens;
    private final Set<String> seenJtis = ConcurrentHashMap.newKeySet();
    private final AtomicInteger requests = new AtomicInteger();

    TokenEndpoint(String issuer, String tokenUrl, Supplier<ToolRegistration> tool, ToolJwts toolJwts, AccessTokens tokens) {
        this.issuer = issuer;
        this.tokenUrl = tokenUrl;
        this.tool = tool;
        this.toolJwts = toolJwts;
        this.tokens = tokens;
    }

    int requests() {
        return requests.get();
    }

    void handle(HttpExchange exchange) throws Exception {
        requests.incrementAndGet();
        Http.requireMethod(exchange, "POST");
        if (!Http.mediaType(exchange).equals("application/x-www-form-urlencoded")) {
            throw Http.Failure.oauth(400, "invalid_request", "the body must be application/x-www-form-urlencoded");
        }
        Map<String, String> form = Http.parseForm(Http.body(exchange));
        if (!"client_credentials".equals(form.get("grant_type"))) {
            throw Http.Failure.oauth(400, "unsupported_grant_type", "grant_type must be client_credentials, was " + form.get("grant_type"));
        }
        if (!ASSERTION_TYPE.equals(form.get("client_assertion_type"))) {
            throw Http.Failure.oauth(400, "invalid_request", "client_assertion_type must be " + ASSERTION_TYPE);
        }
        List<String> scopes = scopes(form.get("scope"));
        authenticate(form.get("client_assertion"));
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("access_token", tokens.issue(scopes));
        body.put("token_type", "Bearer");
        body.put("expires_in", AccessTokens.LIFETIME.toSeconds());
        body.put("scope", String.join(" ", scopes));
        Http.sendJson(exchange, 200, "application/json", body);
    }

    private static List<String> scopes(String raw) {
        if (raw == null || raw.isBlank()) {
            throw Http.Failure.oauth(400, "invalid_scope", "scope is required: space-separated AGS and NRPS scopes");
        }
        List<String> scopes = Arrays.stream(raw.trim().split("\\s+")).distinct().toList();
        for (String scope : scopes) {
            if (!Lti.SERVICE_SCOPES.contains(scope)) {
                throw Http.Failure.oauth(400, "invalid_scope", "not a scope this platform grants: " + scope);
            }
        }
        return scopes;
    }

    /** The client assertion's checks of Security Framework §4.1.1; a failure is invalid_client (RFC 6749 §5.2). */
    private void authenticate(String assertion) {
        ToolRegistration registration = tool.get();
        try {
            JWTClaimsSet claims = toolJwts.verify(assertion, registration.jwksUrl());
            String clientId = registration.clientId();
            if (!clientId.equals(claims.getIssuer())) {
                throw new ToolJwts.Invalid("iss must be the client id " + clientId + ", was " + claims.getIssuer());
            }
            if (!clientId.equals(claims.getSubject())) {
                throw new ToolJwts.Invalid("sub must be the client id " + clientId + ", was " + claims.getSubject());
            }
            List<String> aud = claims.getAudience();
            if (!aud.contains(tokenUrl) && !aud.contains(issuer)) {
                throw new ToolJwts.Invalid("aud must contain the token URL " + tokenUrl + ", was " + aud);
            }
            ToolJwts.requireCurrent(claims);
            String jti = claims.getJWTID();
            if (jti == null || jti.isBlank()) {
                throw new ToolJwts.Invalid("jti is missing");
            }
            if (!seenJtis.add(jti)) {
                throw new ToolJwts.Invalid("the jti " + jti + " was used before");
            }
        } catch (ToolJwts.Invalid e) {
            throw Http.Failure.oauth(401, "invalid_client", "client_assertion refused: " + e.getMessage());
        }
    }
}
