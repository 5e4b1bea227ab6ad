package org.scholion.lti;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.scholion.testing.AuthorizationMatrix;
import org.scholion.testing.Tokens;

/**
 * Registering learning platforms by hand (admins only) and Scholion's published keys. The JWK set is
 * read with nimbus-jose-jwt; RFC 7517 §4 and RFC 7518 §6.3.2: an RSA private key's members are
 * "d", "p", "q", "dp", "dq" and "qi" — none may appear at /lti/jwks.
 */
@QuarkusTest
class PlatformAdminTest {
    private static final List<String> CALLERS = Arrays.asList(null, "alice", "ines", "admin");
    static final String PLATFORMS = "/api/admin/lti/platforms";

    /** A registration of a platform nobody else registered (its issuer is unique). */
    static Map<String, Object> registration() {
        String issuer = "http://127.0.0.1:9/platform-" + UUID.randomUUID();
        Map<String, Object> r = new HashMap<>();
        r.put("name", "Test LMS");
        r.put("issuer", issuer);
        r.put("clientId", "client-" + UUID.randomUUID());
        r.put("deploymentIds", List.of("deployment-1"));
        r.put("authorizationUrl", issuer + "/auth");
        r.put("tokenUrl", issuer + "/token");
        r.put("jwksUrl", issuer + "/jwks");
        return r;
    }

    static String register(Map<String, Object> registration) {
        return Tokens.as("admin").contentType(ContentType.JSON).body(registration).post(PLATFORMS)
                .then().statusCode(201).extract().path("id");
    }

    @Test
    void onlyAdminsRegisterListReadAndRemovePlatforms() {
        AuthorizationMatrix.assertRow("POST platforms", CALLERS, List.of(401, 403, 403, 201),
                r -> r.contentType(ContentType.JSON).body(registration()).post(PLATFORMS));
        AuthorizationMatrix.assertRow("GET platforms", CALLERS, List.of(401, 403, 403, 200), r -> r.get(PLATFORMS));
        String id = register(registration());
        AuthorizationMatrix.assertRow("GET platform", CALLERS, List.of(401, 403, 403, 200), r -> r.get(PLATFORMS + "/" + id));
        AuthorizationMatrix.assertRow("DELETE platform", CALLERS, List.of(401, 403, 403, 204),
                r -> r.delete(PLATFORMS + "/" + register(registration())));
        AuthorizationMatrix.assertRow("GET keys", CALLERS, List.of(401, 403, 403, 200), r -> r.get("/api/admin/lti/keys"));
        AuthorizationMatrix.assertRow("POST keys (rotate)", CALLERS, List.of(401, 403, 403, 200), r -> r.post("/api/admin/lti/keys"));
    }

    /** The admin's page for the same: admins only; the tool's URLs on it; others 403, nobody signed in to the sign-in. */
    @Test
    void theAdminPageIsForAdmins() {
        String page = Tokens.as("admin").accept("text/html").get("/admin/lti").then().statusCode(200).extract().asString();
        assertEquals(LtiBrowser.base() + "/lti/login", org.jsoup.Jsoup.parse(page).selectFirst("#lti-url-login").text());
        assertEquals(LtiBrowser.base() + "/lti/register", org.jsoup.Jsoup.parse(page).selectFirst("#lti-url-registration").text());
        Tokens.as("ines").accept("text/html").get("/admin/lti").then().statusCode(403);
        given().redirects().follow(false).accept("text/html").get("/admin/lti").then().statusCode(302)
                .header("Location", containsString("/realms/scholion/"));
        // the bar links to it for admins only
        assertTrue(page.contains("id=\"lti-admin-link\""));
        String reader = Tokens.as("ines").accept("text/html").get("/account").then().statusCode(200).extract().asString();
        assertFalse(reader.contains("lti-admin-link"));
    }

    @Test
    void aRegisteredPlatformIsShownWithTheToolsUrlsAndRemovedOnesAreGone() {
        Map<String, Object> reg = registration();
        Response made = Tokens.as("admin").contentType(ContentType.JSON).body(reg).post(PLATFORMS);
        made.then().statusCode(201).header("Location", containsString(PLATFORMS + "/"))
                .body("issuer", equalTo(reg.get("issuer"))).body("clientId", equalTo(reg.get("clientId")))
                .body("deploymentIds", equalTo(List.of("deployment-1"))).body("registration", equalTo("manual"))
                .body("tool.loginUrl", equalTo(LtiBrowser.base() + "/lti/login"))
                .body("tool.launchUrl", equalTo(LtiBrowser.base() + "/lti/launch"))
                .body("tool.jwksUrl", equalTo(LtiBrowser.base() + "/lti/jwks"));
        String id = made.path("id");
        Tokens.as("admin").get(PLATFORMS).then().statusCode(200).body("id", hasItem(id));
        // the same issuer and client id again: a conflict, not a second row
        Tokens.as("admin").contentType(ContentType.JSON).body(reg).post(PLATFORMS).then().statusCode(409)
                .contentType("application/problem+json");
        Tokens.as("admin").delete(PLATFORMS + "/" + id).then().statusCode(204);
        Tokens.as("admin").get(PLATFORMS + "/" + id).then().statusCode(404);
        Tokens.as("admin").delete(PLATFORMS + "/" + id).then().statusCode(404);
        Tokens.as("admin").get(PLATFORMS + "/not-a-uuid").then().statusCode(404);
        // removed, it may be registered again
        Tokens.as("admin").contentType(ContentType.JSON).body(reg).post(PLATFORMS).then().statusCode(201);
    }

    @Test
    void aRegistrationWithoutWhatALaunchNeedsIsRefusedNamingTheField() {
        for (String field : List.of("name", "issuer", "clientId", "deploymentIds", "authorizationUrl", "tokenUrl", "jwksUrl")) {
            Map<String, Object> reg = registration();
            reg.remove(field);
            Tokens.as("admin").contentType(ContentType.JSON).body(reg).post(PLATFORMS).then().statusCode(422)
                    .contentType("application/problem+json").body("errors[0].field", equalTo(field));
        }
        Map<String, Object> reg = registration();
        reg.put("jwksUrl", "ftp://127.0.0.1/jwks");
        Tokens.as("admin").contentType(ContentType.JSON).body(reg).post(PLATFORMS).then().statusCode(422)
                .body("errors[0].field", equalTo("jwksUrl"));
        reg = registration();
        reg.put("issuer", reg.get("issuer") + "?x=1");
        Tokens.as("admin").contentType(ContentType.JSON).body(reg).post(PLATFORMS).then().statusCode(422)
                .body("errors[0].field", equalTo("issuer"));
        Tokens.as("admin").contentType(ContentType.JSON).body("{").post(PLATFORMS).then().statusCode(400)
                .contentType("application/problem+json");
    }

    @Test
    void theJwksPublishesPublicKeysOnlyAndARotatedKeyStaysForTheOverlap() throws Exception {
        JWKSet before = JWKSet.parse(given().get("/lti/jwks").then().statusCode(200).contentType(ContentType.JSON).extract().asString());
        assertFalse(before.getKeys().isEmpty(), "the first start made a key");
        for (JWK k : before.getKeys()) {
            assertTrue(k instanceof RSAKey, "RSA keys (RS256)");
            assertFalse(k.isPrivate(), "no private part");
            Map<String, Object> members = k.toJSONObject();
            for (String secret : List.of("d", "p", "q", "dp", "dq", "qi")) {
                assertFalse(members.containsKey(secret), "the member " + secret + " of a private key is never published");
            }
            assertEquals("sig", k.getKeyUse().identifier());
            assertEquals("RS256", k.getAlgorithm().getName());
        }
        List<Map<String, Object>> keys = Tokens.as("admin").post("/api/admin/lti/keys").then().statusCode(200).extract().path("$");
        String signing = (String) keys.get(0).get("kid");
        assertEquals(Boolean.TRUE, keys.get(0).get("signing"));
        String previous = (String) keys.get(1).get("kid");
        assertNotEquals(signing, previous);
        JWKSet after = JWKSet.parse(given().get("/lti/jwks").then().statusCode(200).extract().asString());
        assertTrue(after.getKeyByKeyId(signing) != null, "the new key is published");
        assertTrue(after.getKeyByKeyId(previous) != null, "the previous key stays published for the overlap");
        // the admin's list never shows key material either
        String listed = Tokens.as("admin").get("/api/admin/lti/keys").then().statusCode(200).extract().asString();
        assertFalse(listed.contains("\"d\"") || listed.contains("\"n\""), listed);
    }
}
