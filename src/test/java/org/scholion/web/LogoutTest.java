package org.scholion.web;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;
import org.scholion.testing.BrowserSession;
import org.scholion.testing.TestStack;

/**
 * Signing out is a state change, so it is not a GET another site can trigger with a link or an
 * image: /logout takes a POST from our own pages only; any other way there leads to a page with
 * the button.
 */
@QuarkusTest
class LogoutTest {

    private static Response post(BrowserSession s, String origin) {
        var r = given().redirects().follow(false).header("Cookie", s.cookieHeader()).accept("text/html");
        if (origin != null) {
            r.header("Origin", origin);
        }
        return r.post("/logout");
    }

    private static boolean signedIn(BrowserSession s) {
        return given().redirects().follow(false).header("Cookie", s.cookieHeader()).accept("text/html").get("/")
                .statusCode() == 200;
    }

    @Test
    void aGetOfLogoutDoesNotSignOutButLeadsToTheButton() {
        BrowserSession alice = BrowserSession.signIn("alice");
        given().redirects().follow(false).header("Cookie", alice.cookieHeader()).get("/logout")
                .then().statusCode(303).header("Location", containsString("/sign-out"));
        assertTrue(signedIn(alice), "still signed in after GET /logout");
        given().header("Cookie", alice.cookieHeader()).get("/sign-out").then().statusCode(200)
                .body(containsString("<form method=\"post\" action=\"/logout\">"));
    }

    @Test
    void aCrossSiteOrAnonymousPostIsRefused() {
        BrowserSession alice = BrowserSession.signIn("alice");
        post(alice, "https://evil.example").then().statusCode(403);
        post(alice, null).then().statusCode(403);
        assertTrue(signedIn(alice), "still signed in after the refused posts");
    }

    @Test
    void aSameOriginPostSignsOutAtKeycloakAndClearsTheCache() {
        BrowserSession alice = BrowserSession.signIn("alice");
        Response r = post(alice, TestStack.appUrl());
        assertEquals(302, r.statusCode(), r.asString());
        assertTrue(r.header("Location").contains("/protocol/openid-connect/logout"), r.header("Location"));
        assertEquals("\"cache\"", r.header("Clear-Site-Data"));
        // the app's session is gone whatever the browser does next
        String cookies = r.headers().getValues("Set-Cookie").toString();
        assertTrue(cookies.contains("q_session=;") || cookies.contains("Max-Age=0"), cookies);
    }
}
