package org.scholion.moderation;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.notNullValue;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Every moderation endpoint is in the OpenAPI document, and its errors are problem+json; every
 * moderator's action documents If-Match as required, with 412 and 428.
 */
@QuarkusTest
class ModerationOpenApiTest {

    @Test
    void everyModerationEndpointIsDocumented() {
        JsonPath doc = given().accept("application/json").get("/openapi?format=json").then().statusCode(200).extract().jsonPath();
        String a = "/api/documents/{slug}/annotations/{id}";
        List<String[]> endpoints = List.of(
                new String[] { a + "/flags", "post" }, new String[] { a + "/upvote", "put" }, new String[] { a + "/upvote", "delete" },
                new String[] { a + "/moderation", "get" }, new String[] { a + "/moderation", "put" },
                new String[] { a + "/restore", "post" }, new String[] { a + "/lock", "put" }, new String[] { a + "/lock", "delete" },
                new String[] { a + "/endorsement", "put" }, new String[] { a + "/endorsement", "delete" },
                new String[] { a + "/sources/{sourceId}/review", "put" }, new String[] { a + "/sources/{sourceId}/review", "delete" },
                new String[] { "/api/groups/{id}/moderation/queue", "get" }, new String[] { "/api/groups/{id}/moderation/log", "get" },
                new String[] { "/api/groups/{id}", "patch" });
        for (String[] e : endpoints) {
            String op = "paths.'" + e[0] + "'." + e[1];
            given().accept("application/json").get("/openapi?format=json").then()
                    .body(op + ".summary", notNullValue())
                    .body(op + ".responses.'404'.content.'application/problem+json'", notNullValue());
        }
        given().accept("application/json").get("/openapi?format=json").then()
                .body("paths.'/api/groups/{id}/moderation/log'.get.responses.'200'.content.'text/csv'", notNullValue())
                .body("components.schemas.GroupSettingsChange.properties.preModeration", notNullValue());
        // every moderator's action: If-Match required, and its two refusals (issue 17)
        List<String[]> decisions = List.of(new String[] { a + "/moderation", "put" }, new String[] { a + "/restore", "post" },
                new String[] { a + "/lock", "put" }, new String[] { a + "/lock", "delete" },
                new String[] { a + "/endorsement", "put" }, new String[] { a + "/endorsement", "delete" },
                new String[] { a + "/sources/{sourceId}/review", "put" }, new String[] { a + "/sources/{sourceId}/review", "delete" });
        for (String[] e : decisions) {
            String op = "paths.'" + e[0] + "'." + e[1];
            org.junit.jupiter.api.Assertions.assertEquals(List.of(true),
                    doc.getList(op + ".parameters.findAll { it.name == 'If-Match' && it.in == 'header' }.required"), op);
            for (String status : List.of("412", "428")) {
                given().accept("application/json").get("/openapi?format=json").then()
                        .body(op + ".responses.'" + status + "'.content.'application/problem+json'", notNullValue());
            }
        }
        // readers' actions name no version
        for (String[] e : List.of(new String[] { a + "/flags", "post" }, new String[] { a + "/upvote", "put" })) {
            List<Object> ifMatch = doc.getList("paths.'" + e[0] + "'." + e[1] + ".parameters.findAll { it.name == 'If-Match' }");
            org.junit.jupiter.api.Assertions.assertTrue(ifMatch == null || ifMatch.isEmpty(), e[0] + ": " + ifMatch);
        }
        // the container's new parameters (its path is written with or without the trailing slash)
        Object container = doc.get("paths.'/api/documents/{slug}/annotations/'") != null
                ? doc.get("paths.'/api/documents/{slug}/annotations/'") : doc.get("paths.'/api/documents/{slug}/annotations'");
        org.junit.jupiter.api.Assertions.assertTrue(container.toString().contains("name=sort")
                && container.toString().contains("name=moderation"), String.valueOf(container));
    }
}
