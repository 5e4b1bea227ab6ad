package org.scholion.web;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.scholion.testing.BrowserSession;
import org.scholion.testing.TestStack;
import org.scholion.testing.Tokens;

/**
 * Private answers are not stored by caches (RFC 9111 §5.2.2.5: "The no-store response directive
 * indicates that a cache MUST NOT store any part of either the immediate request or the
 * response"), and every answer a session cookie may have shaped says so with {@code Vary: Cookie}
 * (RFC 9110 §12.5.5). Public files keep their own caching.
 */
@QuarkusTest
class PrivateAnswersTest {
    static final String ANNO = "application/ld+json; profile=\"http://www.w3.org/ns/anno.jsonld\"";

    private static ValidatableResponse noStore(ValidatableResponse r) {
        return r.header("Cache-Control", equalTo("no-store")).header("Vary", containsString("Cookie"));
    }

    @Test
    void groupAnswersWithJoinCodesAreNoStore() {
        noStore(Tokens.as("ines").get("/api/groups").then().statusCode(200));
        String id = noStore(Tokens.as("ines").contentType("application/json").body(Map.of("name", "Cache test"))
                .post("/api/groups").then().statusCode(201)).extract().path("id");
        noStore(Tokens.as("ines").get("/api/groups/" + id).then().statusCode(200).body("joinCode", not(nullValue())));
        noStore(Tokens.as("ines").post("/api/groups/" + id + "/join-code").then().statusCode(200));
        noStore(Tokens.as("ines").get("/api/groups/" + id + "/members").then().statusCode(200));
    }

    @Test
    void errorsAndDocumentsAreNoStore() {
        noStore(given().get("/api/groups").then().statusCode(401));
        noStore(Tokens.as("alice").get("/api/groups/not-a-group").then().statusCode(404));
        noStore(Tokens.as("alice").get("/api/documents/red-terror-essay").then().statusCode(200));
    }

    @Test
    void aDeletedAnnotationsTombstoneIsNoStore() {
        String iri = Tokens.as("alice").contentType(ANNO).body("""
                {"@context": "http://www.w3.org/ns/anno.jsonld", "type": "Annotation", "motivation": "highlighting",
                 "target": {"source": "%s/api/documents/red-terror-essay",
                            "selector": {"type": "TextQuoteSelector", "exact": "The Red Terror was marked by widespread violence and brutality."}}}"""
                .formatted(TestStack.appUrl()))
                .post("/api/documents/red-terror-essay/annotations/").then().statusCode(201).extract().header("Location");
        String path = iri.substring(TestStack.appUrl().length());
        // a live annotation keeps the resource's own choice: private, revalidated with its ETag
        Tokens.as("alice").get(path).then().statusCode(200)
                .header("Cache-Control", equalTo("private, no-cache"))
                .header("Vary", containsString("Accept")).header("Vary", containsString("Cookie"));
        Tokens.as("alice").delete(path).then().statusCode(204);
        noStore(Tokens.as("alice").get(path).then().statusCode(410));
    }

    @Test
    void pagesOfASignedInBrowserAreNoStore() {
        BrowserSession ines = BrowserSession.signIn("ines");
        noStore(given().header("Cookie", ines.cookieHeader()).accept("text/html").get("/").then().statusCode(200));
        noStore(given().header("Cookie", ines.cookieHeader()).accept("text/html").get("/read/red-terror-essay")
                .then().statusCode(200));
    }

    @Test
    void publicFilesKeepTheirCaching() {
        given().get("/js/render.js").then().statusCode(200)
                .header("Cache-Control", containsString("public"))
                .header("Vary", not(containsString("Cookie")));
        given().get("/ns/scholion.jsonld").then().statusCode(200)
                .header("Cache-Control", containsString("public"))
                .header("Vary", not(containsString("Cookie")));
    }
}
