package org.scholion.web;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.quarkus.test.junit.QuarkusTest;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.scholion.testing.BrowserSession;
import org.scholion.testing.RawHttp;
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
                .post("/api/documents/red-terror-essay/revisions")
                .then().statusCode(405);
    }

    @Test
    void aWriteWithNoCredentialsAtAllIsSimply401() {
        given().contentType("application/json").body("{}").post("/api/groups")
                .then().statusCode(401).contentType("application/problem+json");
    }

    @Test
    void bearerClientsAreNotAffected() {
        // POST is not a method of a document's revisions: the bearer request reaches JAX-RS and gets its 405
        Tokens.as("alice").contentType("application/json").body("{}").post("/api/documents/red-terror-essay/revisions")
                .then().statusCode(405).body("status", equalTo(405));
    }

    /**
     * The gate must decide on the path the router matches, not on the raw request target: with
     * only a real session cookie, every spelling of a state-changing API path is either refused by
     * the gate (403) or not routed at all (404), and the join code stays as it was.
     */
    @Test
    void everySpellingOfAnApiPathIsGatedOrNotRouted() throws Exception {
        String id = Tokens.as("ines").contentType("application/json").body(Map.of("name", "CSRF spellings"))
                .post("/api/groups").then().statusCode(201).extract().path("id");
        String code = Tokens.as("ines").get("/api/groups/" + id).then().statusCode(200).extract().path("joinCode");
        BrowserSession ines = BrowserSession.signIn("ines");
        Map<String, String> cookieOnly = Map.of("Cookie", ines.cookieHeader());
        List<String> spellings = List.of(
                "/api/groups/" + id + "/join-code",
                "/%61pi/groups/" + id + "/join-code",
                "/%41PI/groups/" + id + "/join-code",
                "//api/groups/" + id + "/join-code",
                "///api/groups/" + id + "/join-code",
                "/api//groups/" + id + "/join-code",
                "/./api/groups/" + id + "/join-code",
                "/%2e/api/groups/" + id + "/join-code",
                "/api/../api/groups/" + id + "/join-code",
                "/x/../api/groups/" + id + "/join-code",
                "/x/%2e%2e/api/groups/" + id + "/join-code",
                "/api/groups/" + id + "/./join-code",
                "/api/groups/" + id + "/join%2Dcode",
                "/api/groups/" + id + "/join-code/",
                "/API/groups/" + id + "/join-code",
                "/Api/groups/" + id + "/join-code",
                "/api%2Fgroups%2F" + id + "%2Fjoin-code",
                "/api/groups%2F" + id + "/join-code",
                "/%2561pi/groups/" + id + "/join-code",
                "/api;x=1/groups/" + id + "/join-code",
                "/api/groups;x=1/" + id + "/join-code",
                "/api/groups/" + id + "/join-code;x=1",
                "/api\\groups\\" + id + "\\join-code",
                "http://localhost/api/groups/" + id + "/join-code");
        StringBuilder passed = new StringBuilder();
        for (String target : spellings) {
            int status = RawHttp.send("POST", target, cookieOnly, null).status();
            if (status != 403 && status != 404 && status != 400) {
                passed.append("\n  ").append(target).append(" → ").append(status);
            }
        }
        assertEquals("", passed.toString(), "spellings that got past the CSRF gate");
        assertEquals(code, Tokens.as("ines").get("/api/groups/" + id).then().extract().path("joinCode"), "the code did not move");

        // the same session with the header and our Origin may do it: the cookie above was a live session
        int allowed = RawHttp.send("POST", "/api/groups/" + id + "/join-code", Map.of("Cookie", ines.cookieHeader(),
                HttpFilters.CSRF_HEADER, "1", "Origin", TestStack.appUrl()), null).status();
        assertEquals(200, allowed);
    }
}
