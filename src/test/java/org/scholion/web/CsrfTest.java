package org.scholion.web;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;
import org.scholion.testing.TestStack;
import org.scholion.testing.Tokens;

/** Cookie-borne (browser) writes need the custom header and our own Origin; bearer clients do not. */
@QuarkusTest
class CsrfTest {

    @Test
    void cookieWriteWithoutTheHeaderIsRefused() {
        given().cookie("q_session", "anything").contentType("application/json").body("{}")
                .post("/api/documents")
                .then().statusCode(403).contentType("application/problem+json")
                .body("detail", containsString(HttpFilters.CSRF_HEADER));
    }

    @Test
    void crossSiteOriginIsRefusedEvenWithTheHeader() {
        given().cookie("q_session", "anything").header(HttpFilters.CSRF_HEADER, "1").header("Origin", "https://evil.example")
                .contentType("application/json").body("{}")
                .post("/api/documents")
                .then().statusCode(403).contentType("application/problem+json")
                .body("detail", containsString("Cross-site request refused"));
    }

    @Test
    void sameOriginWithTheHeaderPassesTheGate() {
        // past the CSRF gate the request reaches JAX-RS, which answers 405 (no POST on this path)
        given().cookie("q_session", "anything").header(HttpFilters.CSRF_HEADER, "1").header("Origin", TestStack.appUrl())
                .contentType("application/json").body("{}")
                .post("/api/documents")
                .then().statusCode(405);
    }

    @Test
    void aWriteWithNoCredentialsAtAllIsSimply401() {
        given().contentType("application/json").body("{}").post("/api/groups")
                .then().statusCode(401).contentType("application/problem+json");
    }

    @Test
    void bearerClientsAreNotAffected() {
        // POST is not a method of /api/documents: the bearer request reaches JAX-RS and gets its 405
        Tokens.as("alice").contentType("application/json").body("{}").post("/api/documents")
                .then().statusCode(405).body("status", equalTo(405));
    }
}
