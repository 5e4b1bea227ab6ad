package org.scholion.documents;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.startsWith;

import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;
import org.scholion.testing.Tokens;

@QuarkusTest
class DocumentResourceTest {

    @Test
    void listShowsTheEssayWithoutItsText() {
        Tokens.as("alice").get("/api/documents")
                .then().statusCode(200)
                .body("slug", hasItem("red-terror-essay"))
                .body("find { it.slug == 'red-terror-essay' }.published", equalTo("2023-03-12"))
                .body("find { it.slug == 'red-terror-essay' }", not(hasKey("text")));
    }

    @Test
    void oneDocumentHasItsTextLengthInCodePointsAndHash() {
        String text = Tokens.as("bob").get("/api/documents/red-terror-essay")
                .then().statusCode(200)
                .body("title", equalTo("Stalin and the Red Terror"))
                .body("published", equalTo("2023-03-12"))
                .body("text", startsWith("Joseph Stalin is widely known for his ruthless regime"))
                .extract().path("text");
        Tokens.as("bob").get("/api/documents/red-terror-essay")
                .then().body("length", equalTo(text.codePointCount(0, text.length())))
                .body("sha256", equalTo(DocumentService.sha256(text)));
    }

    @Test
    void unknownSlugIsNotFoundProblem() {
        Tokens.as("alice").get("/api/documents/no-such-essay")
                .then().statusCode(404)
                .contentType("application/problem+json")
                .body("status", equalTo(404))
                .body("title", equalTo("Not Found"))
                .body("detail", equalTo("Nothing is here."));
    }

    @Test
    void withoutTokenTheApiAnswers401ProblemNotARedirect() {
        given().redirects().follow(false).get("/api/documents")
                .then().statusCode(401)
                .contentType("application/problem+json")
                .header("WWW-Authenticate", startsWith("Bearer"))
                .body("status", equalTo(401));
        given().redirects().follow(false).get("/api/documents/red-terror-essay")
                .then().statusCode(401).contentType("application/problem+json");
    }
}
