package org.scholion.security;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.Test;
import org.scholion.testing.KeycloakAdmin;
import org.scholion.testing.TestStack;

/**
 * Issue 22: "a README 'For developers' section: ... how to register an OAuth client in Keycloak for
 * a web app (authorization code with PKCE)", and "token and OAuth2 security schemes" in the OpenAPI
 * document. The client is registered here exactly as the README says (the admin REST API's
 * ClientRepresentation: publicClient, standardFlowEnabled, redirectUris, webOrigins, the attribute
 * {@code pkce.code.challenge.method} = S256, and an audience mapper naming scholion-web), then a web
 * app's sign-in is played over HTTP: RFC 7636 §4.1 "code_verifier = high-entropy cryptographic random
 * STRING ... with a minimum length of 43 characters", §4.2 "code_challenge = BASE64URL-ENCODE(SHA256(ASCII(
 * code_verifier)))", §4.5 the verifier sent with the code; the access token it gets reads the API.
 */
@QuarkusTest
class OAuthClientTest {
    static final String REDIRECT = "http://localhost:9/callback";

    @Test
    void aPublicClientWithPkceRegisteredAsTheReadmeSaysSignsInAndReadsTheApi() throws Exception {
        String clientId = "reading-app-" + Long.toHexString(System.nanoTime());
        // README, "Registering an OAuth client": the client ...
        KeycloakAdmin.admin().contentType(ContentType.JSON).body(Map.of("clientId", clientId, "protocol", "openid-connect",
                "publicClient", true, "standardFlowEnabled", true, "directAccessGrantsEnabled", false,
                "redirectUris", List.of(REDIRECT), "webOrigins", List.of("http://localhost:9"),
                "attributes", Map.of("pkce.code.challenge.method", "S256")))
                .post("/admin/realms/scholion/clients").then().statusCode(201);
        String id = KeycloakAdmin.admin().queryParam("clientId", clientId).get("/admin/realms/scholion/clients").then().statusCode(200)
                .extract().path("[0].id");
        // ... and its access tokens name Scholion as their audience (quarkus.oidc.token.audience=scholion-web)
        KeycloakAdmin.admin().contentType(ContentType.JSON).body(Map.of("name", "scholion-audience", "protocol", "openid-connect",
                "protocolMapper", "oidc-audience-mapper", "config", Map.of("included.client.audience", "scholion-web",
                        "access.token.claim", "true", "id.token.claim", "false")))
                .post("/admin/realms/scholion/clients/" + id + "/protocol-mappers/models").then().statusCode(201);

        String realm = TestStack.get().keycloak.realmUrl();
        // without a code challenge the realm refuses to start the flow: PKCE is required of this client
        Response noPkce = given().redirects().follow(false).queryParams(Map.of("client_id", clientId, "response_type", "code",
                "redirect_uri", REDIRECT, "scope", "openid", "state", "s0")).get(realm + "/protocol/openid-connect/auth");
        String refused = noPkce.header("Location") == null ? noPkce.asString() : noPkce.header("Location");
        assertTrue(refused.contains("code_challenge"), "Keycloak asks for the PKCE challenge: " + refused);

        byte[] random = new byte[32];
        new SecureRandom().nextBytes(random);
        String verifier = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
        String challenge = Base64.getUrlEncoder().withoutPadding().encodeToString(
                MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII)));
        assertEquals(43, verifier.length());
        Response login = given().redirects().follow(false).queryParams(Map.of("client_id", clientId, "response_type", "code",
                "redirect_uri", REDIRECT, "scope", "openid", "state", "s1", "code_challenge", challenge,
                "code_challenge_method", "S256")).get(realm + "/protocol/openid-connect/auth");
        login.then().statusCode(200);
        Element form = Jsoup.parse(login.asString()).getElementById("kc-form-login");
        assertNotNull(form, "Keycloak's login form");
        Response signedIn = given().redirects().follow(false).cookies(login.getCookies()).contentType(ContentType.URLENC)
                .formParams(Map.of("username", "alice", "password", "alice", "credentialId", "")).post(form.attr("action"));
        signedIn.then().statusCode(302);
        URI back = URI.create(signedIn.header("Location"));
        assertTrue(back.toString().startsWith(REDIRECT), back.toString());
        String code = java.util.Arrays.stream(back.getQuery().split("&")).filter(p -> p.startsWith("code=")).findFirst()
                .orElseThrow().substring(5);

        // the code alone, without its verifier, is refused
        given().formParams(Map.of("grant_type", "authorization_code", "client_id", clientId, "code", code, "redirect_uri", REDIRECT,
                "code_verifier", verifier.substring(1) + "A")).post(realm + "/protocol/openid-connect/token").then().statusCode(400);
        // a new sign-in, then the code with its verifier
        Response again = given().redirects().follow(false).cookies(login.getCookies()).cookies(signedIn.getCookies())
                .queryParams(Map.of("client_id", clientId, "response_type", "code", "redirect_uri", REDIRECT, "scope", "openid",
                        "state", "s2", "code_challenge", challenge, "code_challenge_method", "S256"))
                .get(realm + "/protocol/openid-connect/auth");
        again.then().statusCode(302);
        String code2 = java.util.Arrays.stream(URI.create(again.header("Location")).getQuery().split("&"))
                .filter(p -> p.startsWith("code=")).findFirst().orElseThrow().substring(5);
        String token = given().formParams(Map.of("grant_type", "authorization_code", "client_id", clientId, "code", code2,
                "redirect_uri", REDIRECT, "code_verifier", verifier)).post(realm + "/protocol/openid-connect/token").then()
                .statusCode(200).extract().path("access_token");

        // the web app reads the API as alice, both Scholion's and the Hypothesis-compatible one
        given().auth().oauth2(token).get("/api/groups").then().statusCode(200);
        given().auth().oauth2(token).get("/h/api/profile").then().statusCode(200)
                .body("userid", equalTo("acct:alice@" + URI.create(TestStack.appUrl()).getHost()));
    }

    /**
     * OpenAPI 3.1 §4.8.27: a Security Scheme of type "oauth2" has "flows", an authorizationCode flow
     * "authorizationUrl" and "tokenUrl"; "openIdConnect" an "openIdConnectUrl"; an operation's
     * security requirements are alternatives ("only one of the Security Requirement Objects in the
     * list needs to be satisfied"). The URLs are the running realm's, set when the application starts.
     */
    @Test
    void theOpenApiDocumentNamesTheRealmsSchemes() {
        String realm = TestStack.get().keycloak.realmUrl();
        given().accept(ContentType.JSON).get("/openapi").then().statusCode(200)
                .body("components.securitySchemes.bearer.scheme", equalTo("bearer"))
                .body("components.securitySchemes.oauth2.type", equalTo("oauth2"))
                .body("components.securitySchemes.oauth2.flows.authorizationCode.authorizationUrl",
                        equalTo(realm + "/protocol/openid-connect/auth"))
                .body("components.securitySchemes.oauth2.flows.authorizationCode.tokenUrl",
                        equalTo(realm + "/protocol/openid-connect/token"))
                .body("components.securitySchemes.openIdConnect.openIdConnectUrl", equalTo(realm + "/.well-known/openid-configuration"))
                .body("paths.'/h/api/search'.get.security", hasItem(Map.of("oauth2", List.of("openid"))))
                .body("paths.'/api/groups'.get.security", hasItem(Map.of("bearer", List.of())));
    }
}
