package org.scholion.testing;

import static io.restassured.RestAssured.given;

import io.restassured.http.ContentType;
import java.util.Map;

/** Keycloak's admin REST API on the test Keycloak, for tests that need a client the demo realm lacks. */
public final class KeycloakAdmin {
    private KeycloakAdmin() {
    }

    private static String adminToken() {
        String base = TestStack.get().keycloak.realmUrl().replace("/realms/scholion", "");
        return given().baseUri(base)
                .formParam("grant_type", "password").formParam("client_id", "admin-cli")
                .formParam("username", TestStack.KC_ADMIN).formParam("password", TestStack.KC_ADMIN_PASSWORD)
                .post("/realms/master/protocol/openid-connect/token")
                .then().statusCode(200).extract().path("access_token");
    }

    /** Creates (once) a public password-grant client in the scholion realm. */
    public static void ensureClient(Map<String, Object> representation) {
        String base = TestStack.get().keycloak.realmUrl().replace("/realms/scholion", "");
        int status = given().baseUri(base).auth().oauth2(adminToken()).contentType(ContentType.JSON)
                .body(representation)
                .post("/admin/realms/scholion/clients")
                .then().extract().statusCode();
        if (status != 201 && status != 409) {
            throw new IllegalStateException("Keycloak refused to create the client: HTTP " + status);
        }
    }
}
