package org.scholion.lti;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.Alert;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.scholion.testing.Browser;
import org.scholion.testing.TestStack;

/**
 * Issue 23: "An admin registers a platform (issuer, client id, deployment ids, its authorization, token
 * and JWKS URLs) in the reader's admin page or through the API". In Chromium: the admin signs in,
 * follows the bar's link, registers a platform with the form (a field refused first, named beside its
 * input), sees it listed — its name as text, not markup — removes it, and rotates the tool's key.
 */
@QuarkusTest
class LtiAdminBrowserTest {

    @Test
    void anAdminRegistersAndRemovesAPlatformAndRotatesTheKeyOnTheAdminPage() throws Exception {
        String name = "Moodle <i>" + UUID.randomUUID().toString().substring(0, 6) + "</i>";
        String issuer = "http://127.0.0.1:9/lms-" + UUID.randomUUID();
        try (Browser b = new Browser()) {
            b.driver.get(TestStack.appUrl() + "/");
            b.signIn("admin");
            b.wait.until(ExpectedConditions.elementToBeClickable(By.id("lti-admin-link"))).click();
            b.wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("lti-platform-form")));
            assertEquals(TestStack.appUrl() + "/lti/register", b.driver.findElement(By.id("lti-url-registration")).getText());

            b.driver.findElement(By.id("lti-name")).sendKeys(name);
            b.driver.findElement(By.id("lti-issuer")).sendKeys(issuer);
            b.driver.findElement(By.id("lti-client")).sendKeys("client-1");
            b.driver.findElement(By.id("lti-deployments")).sendKeys("1, 2");
            b.driver.findElement(By.id("lti-auth")).sendKeys(issuer + "/auth");
            b.driver.findElement(By.id("lti-token")).sendKeys("ftp://127.0.0.1/token");
            b.driver.findElement(By.id("lti-jwks")).sendKeys(issuer + "/jwks");
            b.driver.findElement(By.id("lti-register")).click();
            WebElement error = b.wait.until(ExpectedConditions.visibilityOfElementLocated(
                    By.cssSelector("[data-error-for='tokenUrl']")));
            b.wait.until(d -> !error.getText().isBlank());
            assertTrue(error.getText().contains("http"), error.getText());

            b.driver.findElement(By.id("lti-token")).clear();
            b.driver.findElement(By.id("lti-token")).sendKeys(issuer + "/token");
            b.driver.findElement(By.id("lti-register")).click();
            WebElement row = b.wait.until(ExpectedConditions.visibilityOfElementLocated(
                    By.xpath("//table[@id='lti-platforms']//tr[td[2]/code[text()='" + issuer + "']]")));
            assertEquals(name, row.findElements(By.tagName("td")).get(0).getText());
            assertTrue(row.findElements(By.tagName("i")).isEmpty(), "the name is text, not markup");
            assertEquals("1, 2", row.findElements(By.tagName("td")).get(3).getText());

            int keys = b.driver.findElements(By.cssSelector("#lti-keys tbody tr")).size();
            b.driver.findElement(By.id("lti-rotate")).click();
            Alert confirm = b.wait.until(ExpectedConditions.alertIsPresent());
            confirm.accept();
            b.wait.until(d -> d.findElements(By.cssSelector("#lti-keys tbody tr")).size() == keys + 1);
            List<WebElement> first = b.driver.findElements(By.cssSelector("#lti-keys tbody tr")).get(0).findElements(By.tagName("td"));
            assertEquals("signs", first.get(2).getText());

            // the tables were drawn again after the rotation: find the row anew
            b.driver.findElement(By.xpath("//table[@id='lti-platforms']//tr[td[2]/code[text()='" + issuer + "']]"))
                    .findElement(By.className("lti-remove")).click();
            b.wait.until(ExpectedConditions.alertIsPresent()).accept();
            b.wait.until(ExpectedConditions.invisibilityOfElementLocated(
                    By.xpath("//table[@id='lti-platforms']//tr[td[2]/code[text()='" + issuer + "']]")));
        }
    }
}
