package org.scholion.security;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.scholion.testing.KeycloakAdmin;
import org.scholion.testing.Tokens;

@QuarkusTest
class AuthenticationTest {
    private static final Map<String, Object> AUDIENCE_MAPPER = Map.of(
            "name", "scholion-audience", "protocol", "openid-connect", "protocolMapper", "oidc-audience-mapper",
            "config", Map.of("included.client.audience", "scholion-web", "access.token.claim", "true"));

    @Inject
    UserDirectory directory;

    @Test
    void aRealTokenIsAccepted() {
        Tokens.as("carol").get("/api/documents").then().statusCode(200);
    }

    @Test
    void malformedTokenIs401() {
        given().auth().oauth2("not-a-jwt").get("/api/documents")
                .then().statusCode(401).contentType("application/problem+json").body("status", equalTo(401));
        String real = Tokens.of("alice");
        String tampered = real.substring(0, real.length() - 4) + (real.endsWith("AAAA") ? "BBBB" : "AAAA");
        given().auth().oauth2(tampered).get("/api/documents")
                .then().statusCode(401).contentType("application/problem+json");
    }

    @Test
    void tokenWithoutTheAppsAudienceIs401() {
        KeycloakAdmin.ensureClient(Map.of("clientId", "probe-no-audience", "publicClient", true,
                "directAccessGrantsEnabled", true, "standardFlowEnabled", false));
        String token = Tokens.fetch("probe-no-audience", "alice", "alice");
        given().auth().oauth2(token).get("/api/documents")
                .then().statusCode(401).contentType("application/problem+json");
    }

    @Test
    void expiredTokenIs401() throws InterruptedException {
        KeycloakAdmin.ensureClient(Map.of("clientId", "probe-lifespan-3s", "publicClient", true,
                "directAccessGrantsEnabled", true, "standardFlowEnabled", false,
                // 3 s: Keycloak's exp is whole seconds after iat, so a 1 s token could be expired before its first use
                "attributes", Map.of("access.token.lifespan", "3"),
                "protocolMappers", List.of(AUDIENCE_MAPPER)));
        String token = Tokens.fetch("probe-lifespan-3s", "dave", "dave");
        given().auth().oauth2(token).get("/api/documents").then().statusCode(200);
        Thread.sleep(4500);
        given().auth().oauth2(token).get("/api/documents")
                .then().statusCode(401).contentType("application/problem+json");
    }

    @Test
    void firstSignInRecordsTheUser() {
        Tokens.as("bob").get("/api/documents").then().statusCode(200);
        AppUser bob = directory.findByUsername("bob").orElseThrow();
        assertEquals("Bob Chen", bob.displayName);
        assertTrue(bob.subject.length() > 10, "the Keycloak subject is stored");
        // a second request does not create a second row
        Tokens.as("bob").get("/api/documents").then().statusCode(200);
        assertEquals(1, AppUser.count("username", "bob"));
    }
}
