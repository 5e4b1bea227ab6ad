package org.scholion.reports;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.notNullValue;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Issue 21, requirement 3: search, exports, imports, reports, the claim map and the course copy are in the OpenAPI document. */
@QuarkusTest
class InsightsOpenApiTest {

    @Test
    void everyEndpointOfSearchExportsImportsAndReportsIsDocumented() {
        ValidatableResponse doc = given().accept("application/json").get("/openapi?format=json").then().statusCode(200);
        List<String[]> endpoints = List.of(new String[] { "/api/search", "get", "400" },
                new String[] { "/api/exports/annotations", "get", "404" }, new String[] { "/api/exports/bibliography", "get", "404" },
                new String[] { "/api/imports", "post", "422" }, new String[] { "/api/groups/{id}/reports/participation", "get", "404" },
                new String[] { "/api/groups/{id}/readings/{slug}/rubric", "get", "404" },
                new String[] { "/api/groups/{id}/readings/{slug}/rubric", "put", "403" },
                new String[] { "/api/groups/{id}/readings/{slug}/scores/{userId}", "put", "403" },
                new String[] { "/api/documents/{slug}/claim-map", "get", "404" }, new String[] { "/api/groups/{id}/copy", "post", "422" });
        for (String[] e : endpoints) {
            String op = "paths.'" + e[0] + "'." + e[1];
            doc.body(op + ".summary", notNullValue()).body(op + ".description", notNullValue())
                    .body(op + ".responses.'" + e[2] + "'.content.'application/problem+json'", notNullValue());
        }
        doc.body("paths.'/api/exports/annotations'.get.responses.'200'.content.'text/csv'", notNullValue())
                .body("paths.'/api/exports/annotations'.get.responses.'200'.content.'application/ld+json'", notNullValue())
                .body("paths.'/api/exports/bibliography'.get.responses.'200'.content.'application/x-bibtex'", notNullValue())
                .body("paths.'/api/exports/bibliography'.get.responses.'200'.content.'application/x-research-info-systems'", notNullValue())
                .body("paths.'/api/exports/bibliography'.get.responses.'200'.content.'application/vnd.citationstyles.csl+json'", notNullValue())
                .body("paths.'/api/groups/{id}/reports/participation'.get.responses.'200'.content.'text/csv'", notNullValue())
                .body("paths.'/api/search'.get.parameters.find { it.name == 'cursor' }", notNullValue())
                .body("components.schemas.Rubric.properties.perVerifiedSource", notNullValue())
                .body("components.schemas.ParticipationRow.properties.verifiedSources", notNullValue());
    }
}
