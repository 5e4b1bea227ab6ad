package org.scholion.reader;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.Alert;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.scholion.testing.Browser;
import org.scholion.testing.GroupFixtures;
import org.scholion.testing.TestStack;

/**
 * Issue 22: "a signed-in user creates, names, lists and revokes tokens in the reader's account
 * page ... The secret is shown once ... last-used time is shown". In Chromium: a student makes a
 * read token kept to one group, a script uses it, the page shows when, and revoking it stops it.
 */
@QuarkusTest
class ApiTokensBrowserTest {

    @Test
    void aStudentMakesUsesAndRevokesATokenOnTheAccountPage() throws Exception {
        UUID group = GroupFixtures.group("ines", "carol");
        String name = "script <b>" + UUID.randomUUID().toString().substring(0, 6) + "</b>";
        try (Browser b = new Browser()) {
            b.driver.get(TestStack.appUrl() + "/");
            b.signIn("carol");
            b.wait.until(ExpectedConditions.elementToBeClickable(By.id("account-link"))).click();
            b.wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("token-form")));
            b.driver.findElement(By.id("token-name")).sendKeys(name);
            b.driver.findElement(By.cssSelector("input[name='groups'][value='" + group + "']")).click();
            b.driver.findElement(By.id("token-make")).click();
            WebElement secret = b.wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("token-secret-value")));
            String token = secret.getText();
            assertTrue(token.startsWith("sch_") && token.length() == 47, token);

            WebElement row = b.wait.until(ExpectedConditions.visibilityOfElementLocated(
                    By.xpath("//table[@id='tokens']//tr[td[1][text()='" + name + "']]")));
            // the name is text, not markup
            assertTrue(row.findElements(By.tagName("b")).isEmpty());
            assertEquals("never", row.findElements(By.tagName("td")).get(5).getText());
            assertTrue(row.getText().contains(token.substring(0, 8)), "the hint tells it apart");
            assertTrue(!row.getText().contains(token.substring(8)), "the secret is not listed");

            // a script uses it: it reads the group, and nothing else
            given().auth().oauth2(token).get("/api/groups").then().statusCode(200);
            given().auth().oauth2(token).get("/api/groups/" + group).then().statusCode(200);
            b.driver.navigate().refresh();
            row = b.wait.until(ExpectedConditions.visibilityOfElementLocated(
                    By.xpath("//table[@id='tokens']//tr[td[1][text()='" + name + "']]")));
            assertTrue(!"never".equals(row.findElements(By.tagName("td")).get(5).getText()), "last used is shown");
            assertTrue(b.driver.findElements(By.id("token-secret-value")).get(0).getText().isEmpty(), "shown once: not after a reload");

            row.findElement(By.className("token-revoke")).click();
            Alert confirm = b.wait.until(ExpectedConditions.alertIsPresent());
            confirm.accept();
            b.wait.until(ExpectedConditions.invisibilityOfElementLocated(
                    By.xpath("//table[@id='tokens']//tr[td[1][text()='" + name + "']]")));
            given().auth().oauth2(token).get("/api/groups").then().statusCode(401);
        }
    }
}
