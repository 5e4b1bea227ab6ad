package org.scholion.system;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.not;

import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;
import org.scholion.testing.Tokens;

@QuarkusTest
class OperationsTest {

    /** Readiness is "can this instance serve now": the database; Keycloak is watched apart (tokens verify without it). */
    @Test
    void readinessIsTheDatabaseAndKeycloakIsADependency() {
        given().get("/q/health/ready").then().statusCode(200)
                .body("status", equalTo("UP"))
                .body("checks.name", hasItems("database"))
                .body("checks.name", not(hasItem("keycloak")));
        given().get("/q/health/group/dependencies").then().statusCode(200).body("checks.name", hasItem("keycloak"));
        given().get("/q/health/live").then().statusCode(200).body("status", equalTo("UP"));
    }

    @Test
    void metricsAreServed() {
        Tokens.as("alice").get("/api/documents").then().statusCode(200);
        given().get("/q/metrics").then().statusCode(200).body(containsString("http_server_requests_seconds_count"));
    }

    @Test
    void openApiAndSwaggerUiAreServed() {
        given().get("/openapi?format=json").then().statusCode(200)
                .body(containsString("/api/documents/{slug}"))
                .body("paths.'/logout'.post.responses.'403'.description", equalTo("The request came from another site"))
                .body("paths.'/logout'.get.responses.'303'.description", containsString("/sign-out"))
                .body("paths.'/sign-out'.get.summary", containsString("Sign out"))
                // issue 18: every readings endpoint is described
                .body("paths.'/api/documents'.post.responses.'415'.description", containsString("Not plain text"))
                .body("paths.'/api/documents/{slug}'.put.responses.'428'.description", equalTo("No If-Match"))
                .body("paths.'/api/documents/{slug}/revisions/{n}/diff'.get.summary", containsString("word by word"))
                .body("paths.'/api/documents/{slug}/revisions/{n}/reanchoring'.get.summary", containsString("re-anchoring job"))
                .body("paths.'/api/groups/{id}/readings/{slug}'.put.summary", containsString("Assign"))
                .body(containsString("Only annotations whose last re-anchoring onto a new revision"));
        given().get("/swagger-ui/").then().statusCode(200);
    }

    @Test
    void unknownPathsAreNotFoundProblems() {
        given().get("/api/nothing-here").then().statusCode(404)
                .contentType("application/problem+json").body("status", equalTo(404));
        given().get("/no/such/page").then().statusCode(404)
                .contentType("application/problem+json").body("status", equalTo(404));
    }

    @Test
    void pagesAndApiCarrySecurityHeaders() {
        given().get("/api/documents").then()
                .header("Content-Security-Policy", containsString("script-src 'self'"))
                .header("X-Content-Type-Options", "nosniff");
    }
}
