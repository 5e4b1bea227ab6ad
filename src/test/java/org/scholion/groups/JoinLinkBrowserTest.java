package org.scholion.groups;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.scholion.testing.Browser;
import org.scholion.testing.Tokens;

/** The join link an instructor shares, opened by a student in a real browser. */
@QuarkusTest
class JoinLinkBrowserTest {

    @Test
    void aStudentOpensTheJoinLinkSignsInJoinsAndReadsWithTheGroup() throws Exception {
        String name = "Seminar " + System.nanoTime();
        String link = Tokens.as("ines").contentType("application/json").body(Map.of("name", name))
                .post("/api/groups").then().statusCode(201).extract().path("joinLink");
        try (Browser carol = new Browser()) {
            carol.driver.get(link);
            carol.signIn("carol");
            carol.wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("join")));
            assertEquals(name, carol.driver.findElement(By.id("group-name")).getText());
            carol.driver.findElement(By.id("join")).click();
            carol.wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("joined")));
            carol.screenshot("groups-01-joined");

            // opening the link again is harmless
            carol.driver.get(link);
            carol.wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("already-member")));

            // and the group is now one of hers in the reader
            carol.driver.get(link.substring(0, link.indexOf("/join/")) + "/read/red-terror-essay");
            carol.wait.until(d -> new Select(d.findElement(By.id("group-switcher"))).getOptions().stream()
                    .anyMatch(o -> o.getText().equals(name)));
        }
        assertTrue(Tokens.as("carol").get("/api/groups").then().statusCode(200).extract().jsonPath()
                .getList("name").contains(name));
    }
}
