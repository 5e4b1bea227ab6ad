package org.scholion.system;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.scholion.testing.Browser;
import org.scholion.testing.TestStack;

/**
 * Issue 22: "The OpenAPI document and Swagger UI on the public port (the operations port keeps
 * health and metrics)". Swagger UI starts with an inline script, which the reader's CSP forbids:
 * its page has a CSP of its own, and Chromium shows it working under that CSP — the document
 * fetched from /openapi, every group of operations listed. The reader's pages keep theirs.
 */
@QuarkusTest
class ApiDocsBrowserTest {
    @Test
    void swaggerUiRendersTheApiOnThePublicPortUnderItsOwnPolicy() throws Exception {
        String docsPolicy = given().get("/swagger-ui/").then().statusCode(200).extract().header("Content-Security-Policy");
        assertTrue(docsPolicy.contains("script-src 'self' 'unsafe-inline'"), docsPolicy);
        assertTrue(docsPolicy.contains("frame-ancestors 'none'"), docsPolicy);
        String pagesPolicy = given().get("/signed-out").then().extract().header("Content-Security-Policy");
        assertTrue(pagesPolicy.contains("script-src 'self';"), pagesPolicy);
        assertFalse(pagesPolicy.contains("unsafe-inline"), "only Swagger UI's page runs inline script: " + pagesPolicy);
        // the document itself needs no sign-in: it describes the API, it holds nothing of anyone's
        given().accept("application/json").get("/openapi").then().statusCode(200);

        try (Browser b = new Browser()) {
            b.driver.get(TestStack.appUrl() + "/swagger-ui/");
            b.wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector(".opblock-tag")));
            List<String> tags = b.driver.findElements(By.cssSelector(".opblock-tag")).stream().map(WebElement::getText).toList();
            assertTrue(tags.stream().anyMatch(t -> t.contains("Annotation")), "the annotation operations are listed: " + tags);
            assertTrue(b.driver.findElement(By.cssSelector(".info .title")).getText().contains("Scholion API"));
        }
    }
}
