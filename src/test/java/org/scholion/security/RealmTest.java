package org.scholion.security;

import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.scholion.testing.KeycloakAdmin;
import org.scholion.testing.TestStack;
import org.scholion.testing.Tokens;

/**
 * The realms we ship, against the real Keycloak. Names are what the reader shows next to every
 * comment, so a student must not be able to rename herself "Ines Alvarez". Keycloak 26's user
 * profile (Server Administration Guide, "Managing user attributes") decides who may edit an
 * attribute: "The `Who can edit` setting mark an attribute as writable by `User` and/or `Admin`,
 * from an end-user and administrative context, respectively", where "Except for the
 * `Administrative` context, all other contexts are considered end-user contexts" — the Account
 * Console among them; in JSON, "Both `view` and `edit` properties expect an array whose values can
 * be either `user` or `admin`".
 */
class RealmTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static final Path DEMO = Path.of("keycloak/scholion-realm.json");
    static final Path PRODUCTION = Path.of("keycloak/scholion-realm.production.json");

    @Test
    void aStudentCannotChangeHerNameThroughTheAccountApi() {
        String eve = "eve" + UUID.randomUUID().toString().substring(0, 8);
        KeycloakAdmin.createUser(eve, "Eve", "Student", "student");
        String account = TestStack.get().keycloak.realmUrl() + "/account/";
        String token = Tokens.fetch("scholion-cli", eve, eve);
        Map<String, Object> me = RestAssured.given().auth().oauth2(token).accept(ContentType.JSON).get(account)
                .then().statusCode(200).body("firstName", equalTo("Eve")).extract().as(Map.class);

        Map<String, Object> renamed = new java.util.HashMap<>(me);
        renamed.put("firstName", "Ines");
        renamed.put("lastName", "Alvarez");
        Response r = RestAssured.given().auth().oauth2(token).accept(ContentType.JSON).contentType(ContentType.JSON)
                .body(renamed).post(account);
        assertEquals(400, r.statusCode(), "Keycloak accepted the rename: " + r.asString());
        assertTrue(r.asString().contains("read-only"), r.asString());

        RestAssured.given().auth().oauth2(token).accept(ContentType.JSON).get(account).then().statusCode(200)
                .body("firstName", equalTo("Eve")).body("lastName", equalTo("Student"));
        // and the name in the tokens the app reads is still hers
        String fresh = Tokens.fetch("scholion-cli", eve, eve);
        assertEquals("Eve Student", claim(fresh, "name"));
    }

    @Test
    void bothRealmsLetOnlyAdministratorsEditNames() throws Exception {
        for (Path realm : List.of(DEMO, PRODUCTION)) {
            JsonNode profile = userProfile(JSON.readTree(realm.toFile()));
            for (String attribute : List.of("firstName", "lastName", "email", "username")) {
                JsonNode a = attribute(profile, attribute);
                assertEquals("[\"admin\"]", a.path("permissions").path("edit").toString(), realm + " " + attribute);
            }
        }
    }

    @Test
    void theProductionTemplateIsTheDemoRealmWithoutItsDemoParts() throws Exception {
        String text = Files.readString(PRODUCTION);
        JsonNode prod = JSON.readTree(text);
        assertTrue(prod.path("users").isMissingNode(), "no users");
        for (JsonNode c : prod.path("clients")) {
            assertFalse(c.path("directAccessGrantsEnabled").asBoolean(false), c.path("clientId") + " has the password grant");
            assertFalse(c.path("publicClient").asBoolean(false), c.path("clientId") + " is public");
        }
        assertFalse(text.contains("scholion-demo-secret"), "no demo secret");
        assertFalse(text.matches("(?s).*\\$\\{SCHOLION_[A-Z_]+:.*"), "no placeholder with a default: the import must be given each value");
        assertEquals("${SCHOLION_OIDC_CLIENT_SECRET}", prod.path("clients").get(0).path("secret").asText());

        // everything else is the demo realm: one definition, two files that must not drift. The
        // production hardening is left out of the demo on purpose: its passwords are the usernames
        // (the demo logins, the benchmarks, and the tests' own users), which the policy refuses.
        ObjectNode demo = (ObjectNode) JSON.readTree(DEMO.toFile());
        for (String hardening : PRODUCTION_ONLY) {
            assertTrue(demo.path(hardening).isMissingNode(), "the demo realm has " + hardening);
            ((ObjectNode) prod).remove(hardening);
        }
        demo.remove("users");
        ArrayList<JsonNode> demoClients = new ArrayList<>();
        demo.path("clients").forEach(c -> {
            if (!c.path("clientId").asText().equals("scholion-cli")) {
                demoClients.add(c);
            }
        });
        demo.set("clients", JSON.valueToTree(demoClients));
        String expected = JSON.writeValueAsString(demo).replace("${SCHOLION_OIDC_CLIENT_SECRET:scholion-demo-secret-change-me-0123456789abcdef}",
                "${SCHOLION_OIDC_CLIENT_SECRET}").replace("${SCHOLION_PUBLIC_URL:http://localhost:8080}", "${SCHOLION_PUBLIC_URL}");
        assertEquals(JSON.readTree(expected), prod);
    }

    /** What only the production template has (see theProductionTemplateIsTheDemoRealmWithoutItsDemoParts). */
    static final List<String> PRODUCTION_ONLY = List.of("passwordPolicy", "revokeRefreshToken", "refreshTokenMaxReuse");

    /**
     * Keycloak's Server Administration Guide, "Password policies": "When Keycloak creates a realm,
     * it does not associate password policies with the realm. You can set a simple password with no
     * restrictions on its length, security, or complexity. Simple passwords are unacceptable in
     * production environments." The template asks for the three the issue names, by the ids the
     * realm file uses (the admin console's names are checked against the server in
     * {@link #keycloakImportsTheProductionTemplate}): {@code length} ("Minimum length"),
     * {@code notUsername} ("Not username: The password cannot be the same as the username") and
     * {@code passwordHistory} ("Not recently used: Password cannot be already used by the user.
     * Keycloak stores a history of used passwords."). Same guide, "Session and token timeouts",
     * Revoke Refresh Token: "When Enabled, Keycloak revokes refresh tokens and issues another token
     * that the client must use"; with a maximum reuse of 0 a refresh token works once.
     */
    @Test
    void theProductionTemplateAsksForLongFreshPasswordsAndSingleUseRefreshTokens() throws Exception {
        JsonNode prod = JSON.readTree(PRODUCTION.toFile());
        Map<String, String> policy = policies(prod.path("passwordPolicy").asText());
        assertTrue(Integer.parseInt(policy.getOrDefault("length", "0")) >= 12, "length(≥ 12) in " + policy);
        assertTrue(policy.containsKey("notUsername"), "notUsername in " + policy);
        assertTrue(Integer.parseInt(policy.getOrDefault("passwordHistory", "0")) >= 1, "passwordHistory(≥ 1) in " + policy);
        assertTrue(prod.path("revokeRefreshToken").asBoolean(false), "revokeRefreshToken");
        assertEquals(0, prod.path("refreshTokenMaxReuse").asInt(-1), "refreshTokenMaxReuse");
    }

    @Test
    void keycloakImportsTheProductionTemplate() throws Exception {
        String name = "scholion-production-check-" + UUID.randomUUID().toString().substring(0, 8);
        String realm = Files.readString(PRODUCTION).replace("\"realm\": \"scholion\"", "\"realm\": \"" + name + "\"")
                .replace("${SCHOLION_OIDC_CLIENT_SECRET}", UUID.randomUUID() + "-" + UUID.randomUUID())
                .replace("${SCHOLION_PUBLIC_URL}", "https://scholion.school.example");
        KeycloakAdmin.admin().contentType(ContentType.JSON).body(realm).post("/admin/realms").then().statusCode(201);
        try {
            JsonNode profile = JSON.readTree(KeycloakAdmin.admin().get("/admin/realms/" + name + "/users/profile").asString());
            assertEquals("[\"admin\"]", attribute(profile, "firstName").path("permissions").path("edit").toString());
            List<Map<String, Object>> clients = KeycloakAdmin.admin().get("/admin/realms/" + name + "/clients")
                    .then().statusCode(200).extract().jsonPath().getList("$");
            // Keycloak's own admin-cli has the password grant in every realm; ours do not
            assertTrue(clients.stream().filter(c -> String.valueOf(c.get("clientId")).startsWith("scholion"))
                    .noneMatch(c -> Boolean.TRUE.equals(c.get("directAccessGrantsEnabled"))), clients.toString());
            assertNull(clients.stream().filter(c -> "scholion-cli".equals(c.get("clientId"))).findAny().orElse(null));
            passwordPolicyHolds(name);
            refreshTokensWorkOnce(name);
        } finally {
            KeycloakAdmin.admin().delete("/admin/realms/" + name).then().statusCode(204);
        }
    }

    /** The imported realm refuses, through the admin API, each kind of password its policy names. */
    private static void passwordPolicyHolds(String realm) throws Exception {
        // the names the admin console shows for the template's policy ids, from the server itself
        // (the console capitalises each word, the guide only the first)
        JsonNode serverInfo = JSON.readTree(KeycloakAdmin.admin().get("/admin/serverinfo").then().statusCode(200).extract().asString());
        Map<String, String> names = new java.util.HashMap<>();
        serverInfo.path("passwordPolicies").forEach(p -> names.put(p.path("id").asText(), p.path("displayName").asText().toLowerCase()));
        assertEquals("minimum length", names.get("length"));
        assertEquals("not username", names.get("notUsername"));
        assertEquals("not recently used", names.get("passwordHistory"));

        String username = "student-" + UUID.randomUUID().toString().substring(0, 8); // 16 characters: long enough to be a password
        KeycloakAdmin.admin().contentType(ContentType.JSON).body(Map.of("username", username, "enabled", true, "firstName", "Pat",
                "lastName", "Student", "email", username + "@school.example"))
                .post("/admin/realms/" + realm + "/users").then().statusCode(201);
        String id = KeycloakAdmin.admin().queryParam("username", username).queryParam("exact", true)
                .get("/admin/realms/" + realm + "/users").then().statusCode(200).extract().path("[0].id");
        String first = "correct horse " + UUID.randomUUID();
        assertPasswordRefused(realm, id, "eleven char", "invalidPasswordMinLengthMessage");
        assertPasswordRefused(realm, id, username, "invalidPasswordNotUsernameMessage");
        assertEquals(204, setPassword(realm, id, first).statusCode());
        assertEquals(204, setPassword(realm, id, "battery staple " + UUID.randomUUID()).statusCode());
        assertPasswordRefused(realm, id, first, "invalidPasswordHistoryMessage");
    }

    private static void assertPasswordRefused(String realm, String userId, String password, String why) {
        Response r = setPassword(realm, userId, password);
        assertEquals(400, r.statusCode(), "Keycloak accepted \"" + password + "\": " + r.asString());
        assertTrue(r.asString().contains(why), r.asString());
    }

    private static Response setPassword(String realm, String userId, String password) {
        return KeycloakAdmin.admin().contentType(ContentType.JSON)
                .body(Map.of("type", "password", "value", password, "temporary", false))
                .put("/admin/realms/" + realm + "/users/" + userId + "/reset-password");
    }

    /**
     * A refresh token of the imported realm is good for one refresh: the second use of the same one
     * is refused. The template has no password-grant client, so the check adds one to this
     * throw-away copy of the realm.
     */
    private static void refreshTokensWorkOnce(String realm) {
        String username = "refresher-" + UUID.randomUUID().toString().substring(0, 8);
        String password = "a long enough password " + UUID.randomUUID();
        KeycloakAdmin.admin().contentType(ContentType.JSON).body(Map.of("clientId", "refresh-check", "publicClient", true,
                "directAccessGrantsEnabled", true, "standardFlowEnabled", false))
                .post("/admin/realms/" + realm + "/clients").then().statusCode(201);
        KeycloakAdmin.admin().contentType(ContentType.JSON).body(Map.of("username", username, "enabled", true, "firstName", "Ref",
                "lastName", "Resher", "email", username + "@school.example",
                "credentials", List.of(Map.of("type", "password", "value", password, "temporary", false))))
                .post("/admin/realms/" + realm + "/users").then().statusCode(201);
        String tokenUrl = KeycloakAdmin.base() + "/realms/" + realm + "/protocol/openid-connect/token";
        String refresh = RestAssured.given().formParam("grant_type", "password").formParam("client_id", "refresh-check")
                .formParam("username", username).formParam("password", password).post(tokenUrl)
                .then().statusCode(200).extract().path("refresh_token");
        RestAssured.given().formParam("grant_type", "refresh_token").formParam("client_id", "refresh-check")
                .formParam("refresh_token", refresh).post(tokenUrl).then().statusCode(200);
        Response again = RestAssured.given().formParam("grant_type", "refresh_token").formParam("client_id", "refresh-check")
                .formParam("refresh_token", refresh).post(tokenUrl);
        assertEquals(400, again.statusCode(), "the used refresh token worked again: " + again.asString());
        assertEquals("invalid_grant", again.path("error"));
    }

    /** "length(12) and notUsername(undefined) and passwordHistory(5)" as id → argument. */
    private static Map<String, String> policies(String policy) {
        Map<String, String> all = new java.util.LinkedHashMap<>();
        for (String part : policy.split(" and ")) {
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("\\s*([A-Za-z]+)(?:\\((.*)\\))?\\s*").matcher(part);
            if (m.matches()) {
                all.put(m.group(1), m.group(2) == null ? "" : m.group(2));
            }
        }
        return all;
    }

    private static JsonNode userProfile(JsonNode realm) throws Exception {
        String config = realm.path("components").path("org.keycloak.userprofile.UserProfileProvider").get(0)
                .path("config").path("kc.user.profile.config").get(0).asText();
        return JSON.readTree(config);
    }

    private static JsonNode attribute(JsonNode profile, String name) {
        for (JsonNode a : profile.path("attributes")) {
            if (a.path("name").asText().equals(name)) {
                return a;
            }
        }
        throw new AssertionError("no attribute " + name + " in " + profile);
    }

    private static String claim(String jwt, String name) {
        try {
            String payload = new String(java.util.Base64.getUrlDecoder().decode(jwt.split("\\.")[1]), java.nio.charset.StandardCharsets.UTF_8);
            return JSON.readTree(payload).path(name).asText();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
