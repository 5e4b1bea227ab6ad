package org.scholion.web;

import io.quarkus.smallrye.openapi.OpenApiFilter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;
import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.Operation;
import org.eclipse.microprofile.openapi.models.PathItem;
import org.eclipse.microprofile.openapi.models.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.models.security.SecurityScheme;

/**
 * The ways to authenticate, in the OpenAPI document, as this deployment has them: they name the
 * Keycloak realm, which is runtime configuration ({@code quarkus.oidc.auth-server-url}), so this
 * filter runs when the application starts, not when it is built (the build-time
 * {@link ProblemResponses} could not know the realm's URL).
 *
 * <ul>
 * <li>{@code bearer}: HTTP bearer (RFC 6750) — a personal API token ({@code sch_…}) or a Keycloak
 * access token; what every secured operation names;</li>
 * <li>{@code oauth2}: the realm's authorization code flow (with PKCE, S256, which Keycloak enforces on
 * a client configured for it) for web apps: OpenAPI 3's {@code authorizationCode} flow with the
 * realm's authorization and token endpoints;</li>
 * <li>{@code openIdConnect}: the realm's discovery document, for tools that configure themselves
 * from it.</li>
 * </ul>
 * Each secured operation accepts any one of them (OpenAPI: the requirements of an operation's
 * {@code security} list are alternatives).
 */
@OpenApiFilter(stages = OpenApiFilter.RunStage.RUNTIME_STARTUP)
public class ApiSecuritySchemes implements OASFilter {
    static final String BEARER = "bearer";
    static final String OAUTH2 = "oauth2";
    static final String OPENID = "openIdConnect";

    private final String realm;

    public ApiSecuritySchemes() {
        Config config = ConfigProvider.getConfig();
        this.realm = config.getOptionalValue("quarkus.oidc.auth-server-url", String.class).orElse("").replaceAll("/+$", "");
    }

    @Override
    public void filterOpenAPI(OpenAPI openAPI) {
        if (realm.isEmpty()) {
            return;
        }
        if (openAPI.getComponents() == null) {
            openAPI.setComponents(OASFactory.createComponents());
        }
        String keycloak = "the Keycloak realm " + realm;
        openAPI.getComponents().addSecurityScheme(OAUTH2, OASFactory.createSecurityScheme().type(SecurityScheme.Type.OAUTH2)
                .description("OAuth 2.0 authorization code flow with PKCE (S256) against " + keycloak + ", for web apps: register"
                        + " a public client with PKCE in the realm (README, \"Registering an OAuth client\"); send the access token"
                        + " it gets as Authorization: Bearer.")
                .flows(OASFactory.createOAuthFlows().authorizationCode(OASFactory.createOAuthFlow()
                        .authorizationUrl(realm + "/protocol/openid-connect/auth")
                        .tokenUrl(realm + "/protocol/openid-connect/token")
                        .refreshUrl(realm + "/protocol/openid-connect/token")
                        .scopes(Map.of("openid", "OpenID Connect: who the user is")))));
        openAPI.getComponents().addSecurityScheme(OPENID, OASFactory.createSecurityScheme().type(SecurityScheme.Type.OPENIDCONNECT)
                .description("OpenID Connect discovery of " + keycloak)
                .openIdConnectUrl(realm + "/.well-known/openid-configuration"));
        if (openAPI.getPaths() == null || openAPI.getPaths().getPathItems() == null) {
            return;
        }
        for (PathItem item : openAPI.getPaths().getPathItems().values()) {
            for (Operation op : item.getOperations().values()) {
                List<SecurityRequirement> security = op.getSecurity();
                if (security == null || security.stream().noneMatch(r -> r.hasScheme(BEARER))) {
                    continue;
                }
                List<SecurityRequirement> any = new ArrayList<>(security);
                any.add(OASFactory.createSecurityRequirement().addScheme(OAUTH2, List.of("openid")));
                any.add(OASFactory.createSecurityRequirement().addScheme(OPENID, List.of("openid")));
                op.setSecurity(any);
            }
        }
    }
}
