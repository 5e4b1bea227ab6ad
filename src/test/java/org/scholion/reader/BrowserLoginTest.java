package org.scholion.reader;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.scholion.testing.Browser;
import org.scholion.testing.TestStack;

/** A real sign-in through the Keycloak login page in Debian Chromium. */
@QuarkusTest
class BrowserLoginTest {

    @Test
    void signInReadTheEssayAndLogOut() throws Exception {
        String app = TestStack.appUrl();
        try (Browser b = new Browser()) {
            b.driver.get(app + "/");
            assertTrue(b.driver.getCurrentUrl().contains("/realms/scholion/protocol/openid-connect/auth"),
                    "an anonymous browser is sent to the Keycloak login: " + b.driver.getCurrentUrl());
            b.screenshot("01-keycloak-login");
            b.signIn("alice");

            b.wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("documents")));
            assertEquals("Alice Martin", b.driver.findElement(By.id("signed-in-user")).getText());
            b.screenshot("02-documents");

            b.driver.findElement(By.linkText("Stalin and the Red Terror")).click();
            b.wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("text")));
            String firstParagraph = b.driver.findElements(By.cssSelector("#text p")).get(0).getText();
            assertTrue(firstParagraph.startsWith("Joseph Stalin is widely known for his ruthless regime as the leader of the Soviet Union."),
                    firstParagraph);
            assertTrue(b.driver.findElements(By.cssSelector("#text p")).size() > 5, "paragraphs are preserved");
            assertEquals("2023-03-12", b.driver.findElement(By.cssSelector(".published time")).getAttribute("datetime"));
            assertEquals("12 March 2023", b.driver.findElement(By.cssSelector(".published time")).getText());
            b.screenshot("03-reader");

            b.driver.findElement(By.id("logout")).click();
            b.wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("signed-out")));
            b.screenshot("04-signed-out");

            // Both sessions ended: the app asks again, and Keycloak shows its login form instead of signing in silently.
            b.driver.get(app + "/read/red-terror-essay");
            b.wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("username")));
            assertTrue(b.driver.getCurrentUrl().contains("/realms/scholion/"), b.driver.getCurrentUrl());
        }
    }

    @Test
    void pagesWithoutSessionRedirectToKeycloakButUnknownDocumentsAreNotFound() throws Exception {
        try (Browser b = new Browser()) {
            b.driver.get(TestStack.appUrl() + "/read/no-such-essay");
            b.signIn("bob");
            b.wait.until(ExpectedConditions.visibilityOfElementLocated(By.tagName("h1")));
            assertEquals("Not Found", b.driver.findElement(By.tagName("h1")).getText());
        }
    }
}
