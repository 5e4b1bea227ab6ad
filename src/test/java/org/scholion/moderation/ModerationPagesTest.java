package org.scholion.moderation;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;

import io.quarkus.test.junit.QuarkusTest;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.scholion.testing.Tokens;

/** The moderation page is for the group's moderators and admins; others get the error page a missing group gets. */
@QuarkusTest
class ModerationPagesTest {

    @Test
    void theModerationPageIsTheModeratorsAlone() {
        UUID g = Mod.group("ines", "alice");
        String page = "/groups/" + g + "/moderation";
        Tokens.as("ines").accept("text/html").get(page).then().statusCode(200).contentType(startsWith("text/html"))
                .body(containsString("Moderation · Test group")).body(containsString("/js/moderation.js"))
                .body(not(containsString("<script>")));
        Tokens.as("admin").accept("text/html").get(page).then().statusCode(200);
        Tokens.as("alice").accept("text/html").get(page).then().statusCode(403).contentType(startsWith("text/html"));
        Tokens.as("carol").accept("text/html").get(page).then().statusCode(404);
        Tokens.as("ines").accept("text/html").get("/groups/" + UUID.randomUUID() + "/moderation").then().statusCode(404);
        Tokens.as("ines").accept("text/html").get("/groups/not-a-group/moderation").then().statusCode(404);
        // without a session a browser is sent to sign in
        given().redirects().follow(false).accept("text/html").get(page).then().statusCode(302)
                .header("Location", containsString("/protocol/openid-connect/auth"));
    }
}
