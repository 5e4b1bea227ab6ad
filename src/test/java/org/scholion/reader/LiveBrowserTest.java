package org.scholion.reader;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.scholion.testing.Browser;
import org.scholion.testing.GroupFixtures;
import org.scholion.testing.Tokens;

/** Two browsers in one group see each other's work as it is made, through the session cookie's live socket. */
@QuarkusTest
class LiveBrowserTest {

    @Test
    void twoReadersInOneGroupSeeEachOthersWorkLive() throws Exception {
        UUID group = GroupFixtures.group("ines", "alice", "bob");
        String passage = "The Red Terror was marked by widespread violence and brutality.";
        try (Browser alice = ReaderBrowserTest.open("alice", ReaderBrowserTest.ESSAY, group);
                Browser bob = ReaderBrowserTest.open("bob", ReaderBrowserTest.ESSAY, group)) {
            // cards are re-rendered whenever an event arrives: a card found a moment ago may be gone
            alice.wait.ignoring(StaleElementReferenceException.class);
            bob.wait.ignoring(StaleElementReferenceException.class);
            alice.wait.until(d -> d.findElement(By.id("presence")).getText().startsWith("2 people reading in Test group"));
            bob.wait.until(d -> d.findElement(By.id("presence")).getText().startsWith("2 people reading in Test group"));

            // alice comments in her browser; bob's margin shows it without a reload, marked new and announced
            ReaderBrowserTest.choose(alice, passage, passage, "commenting");
            alice.wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("annotation-form")));
            alice.driver.findElement(By.id("form-text")).sendKeys("Who signed the decree?");
            alice.driver.findElement(By.id("form-save")).click();
            WebElement card = ReaderBrowserTest.waitCard(bob, "Who signed the decree?");
            assertTrue(card.getAttribute("class").contains("live-new"), card.getAttribute("class"));
            assertEquals("new", card.findElement(By.cssSelector(".new-badge")).getText());
            assertEquals("New comment by Alice Martin.", bob.driver.findElement(By.id("live-announce")).getText());
            assertEquals("polite", bob.driver.findElement(By.id("live-announce")).getAttribute("aria-live"));
            assertEquals(passage, ReaderBrowserTest.marksText(bob, "m-commenting"), "the highlight is painted too");
            bob.screenshot("live-01-bob-sees-alices-comment");

            // bob starts a reply; alice highlights meanwhile: bob's half-typed reply survives the re-render
            card.findElement(By.cssSelector(".reply-form textarea")).sendKeys("Lenin, in September");
            ReaderBrowserTest.highlight(alice, "Stalin became the leader", "Stalin became the leader", 2);
            bob.wait.until(d -> d.findElements(By.cssSelector("#margin > .card")).size() == 2);
            WebElement again = ReaderBrowserTest.waitCard(bob, "Who signed the decree?");
            WebElement box = again.findElement(By.cssSelector(".reply-form textarea"));
            assertEquals("Lenin, in September", box.getAttribute("value"));
            assertEquals(box, bob.driver.switchTo().activeElement(), "and keeps the focus");
            box.sendKeys(" 1918.");
            again.findElement(By.cssSelector(".reply-form button")).click();

            // alice sees bob's reply under her comment without reloading, once
            // (cards are re-rendered as events arrive: look them up afresh each time)
            alice.wait.until(d -> ReaderBrowserTest.waitCard(alice, "Who signed the decree?").getText()
                    .contains("Lenin, in September 1918."));
            assertEquals(1, alice.driver.findElements(By.cssSelector(".reply")).size(), "shown once");
            assertEquals(2, alice.driver.findElements(By.cssSelector("#margin > .card")).size(), "her own work once too");
            alice.screenshot("live-02-alice-sees-bobs-reply");

            // alice edits and deletes through the API (another device): bob's view follows in place
            String iri = itemIri(group, "commenting");
            String etag = Tokens.as("alice").accept(ReaderBrowserTest.ANNO).get(ReaderBrowserTest.path(iri)).then().statusCode(200)
                    .extract().header("ETag");
            var body = new java.util.HashMap<String, Object>(Tokens.as("alice").accept(ReaderBrowserTest.ANNO)
                    .get(ReaderBrowserTest.path(iri)).then().extract().jsonPath().getMap(""));
            body.put("body", List.of(Map.of("type", "TextualBody", "purpose", "commenting", "value", "Who really signed it?")));
            Tokens.as("alice").contentType(ReaderBrowserTest.ANNO).header("If-Match", etag).body(body)
                    .put(ReaderBrowserTest.path(iri)).then().statusCode(200);
            ReaderBrowserTest.waitCard(bob, "Who really signed it?");
            String highlight = itemIri(group, "highlighting");
            Tokens.as("alice").delete(ReaderBrowserTest.path(highlight)).then().statusCode(204);
            bob.wait.until(d -> d.findElements(By.cssSelector("#margin > .card")).size() == 1);
            bob.screenshot("live-03-bob-after-edit-and-delete");
        }
    }

    /** The IRI of alice's one annotation of this motivation in the group. */
    private static String itemIri(UUID group, String motivation) {
        List<String> ids = Tokens.as("alice").accept(ReaderBrowserTest.ANNO).queryParam("group", group.toString())
                .queryParam("motivation", motivation).get("/api/documents/" + ReaderBrowserTest.ESSAY + "/annotations/")
                .then().statusCode(200).extract().jsonPath().getList("first.items.id");
        assertEquals(1, ids.size(), String.valueOf(ids));
        return ids.get(0);
    }
}
