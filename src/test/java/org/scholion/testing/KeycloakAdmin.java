package org.scholion.testing;

import static io.restassured.RestAssured.given;

import io.restassured.http.ContentType;
import java.util.Map;

/** Keycloak's admin REST API on the test Keycloak, for tests that need a client the demo realm lacks. */
public final class KeycloakAdmin {
    private KeycloakAdmin() {
    }

    static String adminToken() {
        String base = TestStack.get().keycloak.realmUrl().replace("/realms/scholion", "");
        return given().baseUri(base)
                .formParam("grant_type", "password").formParam("client_id", "admin-cli")
                .formParam("username", TestStack.KC_ADMIN).formParam("password", TestStack.KC_ADMIN_PASSWORD)
                .post("/realms/master/protocol/openid-connect/token")
                .then().statusCode(200).extract().path("access_token");
    }

    /** Keycloak's base URL (without /realms/…). */
    public static String base() {
        return TestStack.get().keycloak.realmUrl().replace("/realms/scholion", "");
    }

    /** An admin-API request on the test Keycloak, authenticated as its bootstrap admin. */
    public static io.restassured.specification.RequestSpecification admin() {
        return given().baseUri(base()).auth().oauth2(adminToken());
    }

    /** Creates a user of the scholion realm with password = username and the given realm role. */
    public static void createUser(String username, String firstName, String lastName, String role) {
        admin().contentType(ContentType.JSON).body(Map.of("username", username, "enabled", true, "firstName", firstName,
                "lastName", lastName, "email", username + "@scholion.example", "emailVerified", true,
                "credentials", java.util.List.of(Map.of("type", "password", "value", username, "temporary", false))))
                .post("/admin/realms/scholion/users").then().statusCode(201);
        String id = admin().queryParam("username", username).queryParam("exact", true).get("/admin/realms/scholion/users")
                .then().statusCode(200).extract().path("[0].id");
        Map<String, Object> r = admin().get("/admin/realms/scholion/roles/" + role).then().statusCode(200).extract().as(Map.class);
        admin().contentType(ContentType.JSON).body(java.util.List.of(r))
                .post("/admin/realms/scholion/users/" + id + "/role-mappings/realm").then().statusCode(204);
    }

    /** Adds a redirect URI to a client of the scholion realm (kept for the rest of the run). */
    public static void addRedirectUri(String clientId, String uri) {
        String base = TestStack.get().keycloak.realmUrl().replace("/realms/scholion", "");
        String token = adminToken();
        java.util.List<Map<String, Object>> found = given().baseUri(base).auth().oauth2(token).queryParam("clientId", clientId)
                .get("/admin/realms/scholion/clients").then().statusCode(200).extract().jsonPath().getList("$");
        Map<String, Object> client = new java.util.HashMap<>(found.get(0));
        @SuppressWarnings("unchecked")
        java.util.List<String> uris = new java.util.ArrayList<>((java.util.List<String>) client.get("redirectUris"));
        if (!uris.contains(uri)) {
            uris.add(uri);
            client.put("redirectUris", uris);
            given().baseUri(base).auth().oauth2(token).contentType(ContentType.JSON).body(client)
                    .put("/admin/realms/scholion/clients/" + client.get("id")).then().statusCode(204);
        }
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
