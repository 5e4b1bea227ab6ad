package org.scholion.groups;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.scholion.testing.TestStack;
import org.scholion.testing.Tokens;

@QuarkusTest
class GroupPagesTest {

    @Test
    void theJoinLinkShowsTheGroupAndJoinsOnlyFromThisSite() {
        GroupApi.Made g = GroupApi.create("ines");
        Tokens.as("dave").accept(ContentType.HTML).get("/join/" + g.code()).then().statusCode(200)
                .body(containsString("id=\"join\""))
                .body(containsString("action=\"/join/" + g.code() + "\""));

        Tokens.as("dave").header("Origin", "https://evil.example").post("/join/" + g.code()).then().statusCode(403);
        Tokens.as("dave").post("/join/" + g.code()).then().statusCode(403);
        Tokens.as("ines").get("/api/groups/" + g.id() + "/members").then().body(not(containsString("dave")));

        Tokens.as("dave").header("Origin", TestStack.appUrl()).post("/join/" + g.code()).then().statusCode(200)
                .body(containsString("now a member"));
        Tokens.as("dave").accept(ContentType.HTML).get("/join/" + g.code().toLowerCase()).then().statusCode(200)
                .body(containsString("already a member"))
                .body(not(containsString("id=\"join\"")));
        Tokens.as("ines").get("/api/groups/" + g.id() + "/members").then().body(containsString("dave"));
    }

    @Test
    void groupNamesAreEscapedOnThePage() {
        String code = Tokens.as("ines").contentType(ContentType.JSON).body(Map.of("name", "<script>alert(1)</script>"))
                .post("/api/groups").then().statusCode(201).extract().path("joinCode");
        Tokens.as("carol").get("/join/" + code).then().statusCode(200)
                .body(not(containsString("<script>alert")))
                .body(containsString("&lt;script&gt;"));
    }

    @Test
    void anUnknownCodeIsNotFound() {
        Tokens.as("carol").accept(ContentType.HTML).get("/join/NOPENOPENOPE").then().statusCode(404)
                .contentType(containsString("text/html"));
        Tokens.as("carol").header("Origin", TestStack.appUrl()).post("/join/NOPENOPENOPE").then().statusCode(404);
    }

    @Test
    void aBrowserWithoutSessionIsSentToTheLogin() {
        given().redirects().follow(false).accept(ContentType.HTML).get("/join/ABCDEFGHJKMN").then().statusCode(302)
                .header("Location", containsString("/protocol/openid-connect/auth"));
    }
}
