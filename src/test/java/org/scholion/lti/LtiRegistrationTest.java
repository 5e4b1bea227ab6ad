package org.scholion.lti;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jsoup.Jsoup;
import org.junit.jupiter.api.Test;
import org.scholion.devstack.lti.FakePlatform;
import org.scholion.testing.Tokens;

/**
 * LTI Dynamic Registration 1.0 against the fake platform. §3.3: the platform opens the tool's
 * registration URL with "openid_configuration" and "registration_token"; §3.4: the tool POSTs its
 * registration — "application_type": "web", "response_types": ["id_token"], "grant_types":
 * ["implicit", "client_credentials"], "initiate_login_uri", "redirect_uris", "jwks_uri",
 * "token_endpoint_auth_method": "private_key_jwt" and the "https://purl.imsglobal.org/spec/lti-tool-configuration"
 * object — with the registration token as a bearer token; §3.6: the answer carries the client_id and the
 * tool configuration's deployment_id; §3.7: the tool's page posts {"subject": "org.imsglobal.lti.close"}
 * to the platform's window.
 */
@QuarkusTest
class LtiRegistrationTest {
    @Test
    void anAdminRegistersScholionWithThePlatformAndItsLaunchesThenWork() throws Exception {
        try (FakePlatform platform = FakePlatform.start(0)) {
            Map<String, String> start = platform.registrationStart();
            String page = Tokens.as("admin").accept("text/html").queryParams(start).get("/lti/register").then().statusCode(200)
                    .header("Content-Security-Policy", containsString("frame-ancestors 'self' " + platform.issuer()))
                    .extract().asString();
            assertEquals(platform.issuer(), Jsoup.parse(page).selectFirst("#lti-issuer").text());

            String done = Tokens.as("admin").accept("text/html").header("Origin", LtiBrowser.base())
                    .contentType("application/x-www-form-urlencoded").formParams(start).formParam("name", "Registered LMS")
                    .post("/lti/register").then().statusCode(200).extract().asString();
            assertTrue(Jsoup.parse(done).selectFirst("#lti-registered") != null, "the page that tells the platform's window");
            Map<String, Object> sent = platform.registrations().get(0);
            assertEquals(LtiBrowser.base() + "/lti/login", sent.get("initiate_login_uri"));
            assertEquals(List.of(LtiBrowser.base() + "/lti/launch"), sent.get("redirect_uris"));
            assertEquals(LtiBrowser.base() + "/lti/jwks", sent.get("jwks_uri"));
            assertEquals("private_key_jwt", sent.get("token_endpoint_auth_method"));
            assertTrue(((String) sent.get("scope")).contains("https://purl.imsglobal.org/spec/lti-ags/scope/score"));

            // registered with the client id and deployment the platform answered
            List<Map<String, Object>> platforms = Tokens.as("admin").get("/api/admin/lti/platforms").then().statusCode(200).extract()
                    .jsonPath().getList("$");
            Map<String, Object> mine = platforms.stream().filter(p -> platform.issuer().equals(p.get("issuer"))).findFirst().orElseThrow();
            assertEquals(platform.clientId(), mine.get("clientId"));
            assertEquals(List.of(platform.deploymentId()), mine.get("deploymentIds"));
            assertEquals("dynamic", mine.get("registration"));

            // and a student launches from it
            String context = "dr-" + UUID.randomUUID();
            new LtiBrowser().launchThrough(platform.initiation(LtiLaunchTest.student(platform, context, "dr-student")))
                    .then().statusCode(303);

            // the registration token was spent: the platform refuses it again, and Scholion says so
            Tokens.as("admin").accept("text/html").header("Origin", LtiBrowser.base())
                    .contentType("application/x-www-form-urlencoded").formParams(start).post("/lti/register").then().statusCode(422)
                    .body(containsString("refused the registration"));
        }
    }

    @Test
    void onlyAdminsRegisterPlatforms() {
        try (FakePlatform platform = FakePlatform.start(0)) {
            Map<String, String> start = platform.registrationStart();
            Tokens.as("ines").accept("text/html").queryParams(start).get("/lti/register").then().statusCode(403);
            Tokens.as("alice").accept("text/html").header("Origin", LtiBrowser.base())
                    .contentType("application/x-www-form-urlencoded").formParams(start).post("/lti/register").then().statusCode(403);
            // not signed in: the page sends the browser to sign in first
            given().redirects().follow(false).accept("text/html").queryParams(start).get("/lti/register").then().statusCode(302)
                    .header("Location", containsString("/realms/scholion/"));
            // from another site: refused
            Tokens.as("admin").header("Origin", "https://evil.example.org").contentType("application/x-www-form-urlencoded")
                    .formParams(start).post("/lti/register").then().statusCode(403);
            assertEquals(0, platform.registrations().size());
        }
    }
}
