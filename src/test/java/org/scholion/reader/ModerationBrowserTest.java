package org.scholion.reader;

import static org.scholion.reader.ReaderBrowserTest.ESSAY;
import static org.scholion.reader.ReaderBrowserTest.open;
import static org.scholion.reader.ReaderBrowserTest.waitCard;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;
import org.scholion.testing.Browser;
import org.scholion.testing.GroupFixtures;
import org.scholion.testing.TestStack;
import org.scholion.testing.Tokens;

/**
 * An instructor runs a class discussion in Chromium: a student flags a comment in the reader, the
 * instructor finds it first in the queue, hides it with a reason (the author reads the reason),
 * unhides it, endorses it, reviews its source, sets pre-moderation, reads the log and downloads
 * it as CSV, and restores a deleted comment.
 */
@QuarkusTest
class ModerationBrowserTest {

    @Test
    void anInstructorRunsTheQueueHidesUnhidesEndorsesReviewsSetsPreModerationAndExportsTheLog() throws Exception {
        UUID group = GroupFixtures.group("ines", "alice", "bob");
        String iri = comment("alice", group, "Stalin ran the Red Terror himself.", "https://example.org/leggett", "The Cheka");
        String doomed = comment("alice", group, "A second thought I will delete.", "https://example.org/other", "Other");

        try (Browser bob = open("bob", ESSAY, group)) {
            WebElement card = waitCard(bob, "Stalin ran the Red Terror");
            card.findElement(By.cssSelector("button.upvote")).click();
            bob.wait.until(d -> "true".equals(waitCard(bob, "Stalin ran the Red Terror").findElement(By.cssSelector("button.upvote"))
                    .getAttribute("aria-pressed")));
            waitCard(bob, "Stalin ran the Red Terror").findElement(By.cssSelector("button.flag")).click();
            WebElement form = bob.wait.until(d -> d.findElement(By.cssSelector(".flag-form")));
            new Select(form.findElement(By.tagName("select"))).selectByValue("misinformation");
            form.findElement(By.name("text")).sendKeys("The Red Terror was Lenin's and the Cheka's.");
            bob.screenshot("moderation-01-bob-flags");
            form.findElement(By.cssSelector("button[type=submit]")).click();
            bob.wait.until(d -> waitCard(bob, "Stalin ran the Red Terror").getText().contains("You flagged this"));
        }

        try (Browser ines = new Browser(); Browser alice = open("alice", ESSAY, group)) {
            ines.driver.get(TestStack.appUrl() + "/groups/" + group + "/moderation");
            ines.signIn("ines");
            String queued = ines.wait.until(d -> queueItem(ines, "Stalin ran the Red Terror").getText());
            assertTrue(queued.contains("Misinformation") && queued.contains("Bob Chen") && queued.contains("Lenin's and the Cheka's"),
                    queued);
            ines.screenshot("moderation-02-queue");

            // hide, with a reason the author reads
            queueItem(ines, "Stalin ran the Red Terror").findElement(By.cssSelector("button.hide")).click();
            WebElement hide = ines.wait.until(d -> d.findElement(By.cssSelector(".hide-form")));
            hide.findElement(By.name("text")).sendKeys("Please check who led the Red Terror and cite it.");
            hide.findElement(By.cssSelector("button[type=submit]")).click();
            ines.wait.until(d -> d.findElement(By.id("queue-title")).getText().equals("Queue (0)"));
            Tokens.as("bob").get(path(iri)).then().statusCode(404);
            alice.driver.navigate().refresh();
            ReaderBrowserTest.ready(alice);
            WebElement hidden = waitCard(alice, "Stalin ran the Red Terror");
            assertTrue(hidden.getText().contains("Hidden by a moderator: Please check who led the Red Terror"), hidden.getText());
            alice.screenshot("moderation-03-author-sees-why");

            // unhide from the hidden filter, then endorse and review the source from "all"
            filter(ines, "hidden");
            queueItem(ines, "Stalin ran the Red Terror").findElement(By.cssSelector("button.unhide")).click();
            ines.wait.until(d -> d.findElements(By.cssSelector("#queue .queue-item")).isEmpty());
            filter(ines, "all");
            queueItem(ines, "Stalin ran the Red Terror").findElement(By.cssSelector("button.endorse")).click();
            ines.wait.until(d -> queueItem(ines, "Stalin ran the Red Terror").getText().contains("Endorsed by"));
            WebElement review = queueItem(ines, "Stalin ran the Red Terror").findElement(By.cssSelector(".review-form"));
            new Select(review.findElement(By.tagName("select"))).selectByValue("does-not-support");
            review.findElement(By.name("text")).sendKeys("Leggett says the opposite.");
            review.findElement(By.cssSelector("button[type=submit]")).click();
            ines.wait.until(d -> queueItem(ines, "Stalin ran the Red Terror").getText().contains("does not support the claim"));

            // pre-moderation on
            ines.driver.findElement(By.name("preModeration")).click();
            ines.driver.findElement(By.id("settings-save")).click();
            ines.wait.until(d -> d.findElement(By.id("status")).getText().equals("Settings saved."));
            assertEquals(Boolean.TRUE, Tokens.as("ines").get("/api/groups/" + group).then().extract().path("settings.preModeration"));

            // the log, and its CSV download
            ines.wait.until(d -> d.findElement(By.id("log")).getText().contains("preModeration=true"));
            String log = ines.driver.findElement(By.id("log")).getText();
            for (String action : List.of("flag", "hide", "unhide", "endorse", "review", "settings")) {
                assertTrue(log.contains(action), action + " in " + log);
            }
            ines.screenshot("moderation-04-log");
            String href = ines.driver.findElement(By.id("log-csv")).getAttribute("href");
            Object csv = ((JavascriptExecutor) ines.driver).executeAsyncScript("""
                    const done = arguments[arguments.length - 1];
                    fetch(arguments[0], {credentials: 'same-origin'}).then(r => r.arrayBuffer()).then(b => {
                      const bytes = new Uint8Array(b);
                      done([bytes[0], bytes[1], bytes[2]].join(',') + '|' + new TextDecoder().decode(b.slice(3)));
                    }).catch(e => done('error ' + e));""", href);
            assertTrue(csv.toString().startsWith("239,187,191|\"id\",\"at\",\"actor\""), csv.toString());
            assertTrue(csv.toString().contains("Please check who led the Red Terror and cite it."), csv.toString());

            // restore what an author deleted
            Tokens.as("alice").delete(path(doomed)).then().statusCode(204);
            filter(ines, "deleted");
            queueItem(ines, "A second thought").findElement(By.cssSelector("button.restore")).click();
            ines.wait.until(d -> d.findElements(By.cssSelector("#queue .queue-item")).isEmpty());
            Tokens.as("bob").get(path(doomed)).then().statusCode(200);

            // the author sees the badge and the verdict on her source
            alice.driver.navigate().refresh();
            ReaderBrowserTest.ready(alice);
            WebElement endorsed = waitCard(alice, "Stalin ran the Red Terror");
            assertTrue(endorsed.getText().contains("Endorsed by Ines Alvarez"), endorsed.getText());
            assertTrue(endorsed.findElement(By.cssSelector(".sources .review")).getText()
                    .contains("does not support the claim — reviewed by Ines Alvarez: Leggett says the opposite."));
            alice.screenshot("moderation-05-author-sees-badge-and-verdict");
        }
    }

    /**
     * Issue 17, finding 2. In a pre-moderated group the instructor's queue shows a student's
     * "Harmless draft."; the student replaces it with spam; the instructor approves the card she
     * saw. The approval must be refused (RFC 9110 §13.1.1: "the origin server MUST NOT perform the
     * requested method" when If-Match does not match), the card must come back as it is now and
     * say what changed, and the spam must stay invisible to the class. Her live connection is
     * held back meanwhile (a slow network), so the card she clicks really is the old one; once it
     * flows again, the next edit shows up in the open queue by itself.
     */
    @Test
    void approvingACardTheAuthorEditedMeanwhileIsRefusedAndTheCardSaysWhatChanged() throws Exception {
        UUID group = GroupFixtures.group("ines", "alice", "bob");
        Tokens.as("ines").contentType("application/json").body(Map.of("settings", Map.of("preModeration", true)))
                .patch("/api/groups/" + group).then().statusCode(200);
        String iri = plain("alice", group, "Harmless draft.");

        try (Browser ines = new Browser()) {
            holdableLive(ines);
            ines.driver.get(TestStack.appUrl() + "/groups/" + group + "/moderation");
            ines.signIn("ines");
            WebElement card = queueItem(ines, "Harmless draft.");
            // the queue follows its documents live (and read itself once more when that began)
            ines.wait.until(d -> "ready".equals(d.findElement(By.id("moderation")).getAttribute("data-live")));
            card = queueItem(ines, "Harmless draft.");
            ines.screenshot("moderation-06-harmless-draft-in-queue");

            ((JavascriptExecutor) ines.driver).executeScript("window.scholionLive.held = true");
            edit("alice", iri, "BUY CHEAP ESSAYS at spam.example");
            String before = ines.driver.findElement(By.id("moderation")).getAttribute("data-ready");
            card.findElement(By.cssSelector("button.approve")).click();
            ines.wait.until(d -> !before.equals(d.findElement(By.id("moderation")).getAttribute("data-ready")));

            Tokens.as("bob").get(path(iri)).then().statusCode(404);
            assertEquals("pending", Tokens.as("ines").get(path(iri) + "/moderation").then().statusCode(200).extract().path("state"));
            WebElement reloaded = queueItem(ines, "BUY CHEAP ESSAYS");
            String notice = reloaded.findElement(By.cssSelector(".change-notice")).getText();
            assertTrue(notice.contains("Not approved") && notice.contains("edited since you saw it")
                    && notice.contains("BUY CHEAP ESSAYS at spam.example"), notice);
            assertTrue(ines.driver.findElement(By.id("status")).getText().contains("changed since you saw it"),
                    ines.driver.findElement(By.id("status")).getText());
            ines.screenshot("moderation-07-stale-approval-refused");

            // live again: the next edit appears in the open card, which then decides on what it shows
            ((JavascriptExecutor) ines.driver).executeScript("window.scholionLive.release()");
            edit("alice", iri, "BUY CHEAP ESSAYS, now 50% off");
            WebElement live = queueItem(ines, "now 50% off");
            assertTrue(live.findElement(By.cssSelector(".change-notice")).getText().contains("edited"), live.getText());
            ines.screenshot("moderation-08-live-edit-in-open-queue");
            live.findElement(By.cssSelector("button.reject")).click();
            WebElement reject = ines.wait.until(d -> d.findElement(By.cssSelector(".hide-form")));
            reject.findElement(By.name("text")).sendKeys("Advertising is not a comment.");
            reject.findElement(By.cssSelector("button[type=submit]")).click();
            ines.wait.until(d -> "hidden".equals(Tokens.as("ines").get(path(iri) + "/moderation").then().extract().path("state")));
            Tokens.as("bob").get(path(iri)).then().statusCode(404);
        }
    }

    /**
     * The same rule on the reader's cards: the instructor endorses the comment she reads, which its
     * author rewrote meanwhile (her live updates lagging). The endorsement is refused, the card
     * shows the new text and says so; endorsing the card as it now is works.
     */
    @Test
    void endorsingAReaderCardItsAuthorRewroteMeanwhileIsRefusedAndTheCardSaysWhatChanged() throws Exception {
        UUID group = GroupFixtures.group("ines", "alice", "bob");
        String iri = plain("alice", group, "The Cheka was founded in December 1917.");
        try (Browser ines = new Browser()) {
            holdableLive(ines);
            ines.driver.get(TestStack.appUrl() + "/read/" + ESSAY);
            ines.signIn("ines");
            ReaderBrowserTest.ready(ines);
            ReaderBrowserTest.chooseGroup(ines, group);
            WebElement card = waitCard(ines, "founded in December 1917");

            ((JavascriptExecutor) ines.driver).executeScript("window.scholionLive.held = true");
            edit("alice", iri, "Stalin founded the Cheka in 1920.");
            card.findElement(By.cssSelector("button.endorse")).click();

            WebElement reloaded = waitCard(ines, "Stalin founded the Cheka in 1920.");
            String notice = ines.wait.until(d -> waitCard(ines, "Stalin founded the Cheka").findElement(By.cssSelector(".change-notice")))
                    .getText();
            assertTrue(notice.contains("Not endorsed") && notice.contains("edited since you saw it")
                    && notice.contains("Stalin founded the Cheka in 1920."), notice);
            Tokens.as("bob").get(path(iri)).then().statusCode(200).body("endorsed", org.hamcrest.Matchers.nullValue());
            ines.screenshot("moderation-09-reader-stale-endorsement-refused");

            reloaded = waitCard(ines, "Stalin founded the Cheka in 1920.");
            reloaded.findElement(By.cssSelector("button.endorse")).click();
            ines.wait.until(d -> waitCard(ines, "Stalin founded the Cheka").getText().contains("Endorsed by"));
            Tokens.as("bob").get(path(iri)).then().statusCode(200).body("endorsed", org.hamcrest.Matchers.notNullValue());
            ((JavascriptExecutor) ines.driver).executeScript("window.scholionLive.release()");
        }
    }

    /**
     * Before any page script runs: the page's WebSockets deliver messages only while
     * {@code window.scholionLive.held} is false, and {@code release()} delivers what waited, in order.
     */
    private static void holdableLive(Browser b) {
        ((org.openqa.selenium.chromium.ChromiumDriver) b.driver).executeCdpCommand("Page.addScriptToEvaluateOnNewDocument", Map.of("source", """
                (() => {
                  const Native = window.WebSocket;
                  const waiting = [];
                  window.scholionLive = { held: false, release() { this.held = false; waiting.splice(0).forEach(f => f()); } };
                  window.WebSocket = class extends Native {
                    get onmessage() { return super.onmessage; }
                    set onmessage(fn) {
                      super.onmessage = fn && (e => window.scholionLive.held ? waiting.push(() => fn.call(this, e)) : fn.call(this, e));
                    }
                  };
                })();"""));
    }

    /** A comment without sources; returns its IRI. */
    private static String plain(String user, UUID group, String text) {
        Map<String, Object> a = Map.of("@context", "http://www.w3.org/ns/anno.jsonld", "type", "Annotation", "motivation", "commenting",
                "group", group.toString(),
                "body", List.of(Map.of("type", "TextualBody", "purpose", "commenting", "value", text)),
                "target", Map.of("source", TestStack.appUrl() + "/api/documents/" + ESSAY,
                        "selector", Map.of("type", "TextQuoteSelector", "exact", "Stalin was personally involved in the Red Terror.")));
        return Tokens.as(user).contentType(ReaderBrowserTest.ANNO).body(a).post("/api/documents/" + ESSAY + "/annotations/")
                .then().statusCode(201).extract().header("Location");
    }

    /** The author replaces the comment's text through the API (another device), with the ETag she just read. */
    private static void edit(String user, String iri, String text) {
        var r = Tokens.as(user).accept(ReaderBrowserTest.ANNO).get(path(iri)).then().statusCode(200).extract();
        Map<String, Object> a = new java.util.HashMap<>(r.jsonPath().getMap(""));
        a.put("body", List.of(Map.of("type", "TextualBody", "purpose", "commenting", "value", text)));
        Tokens.as(user).contentType(ReaderBrowserTest.ANNO).header("If-Match", r.header("ETag")).body(a).put(path(iri))
                .then().statusCode(200);
    }

    /** Issue 17: an author's rewrite of an endorsed comment clears the badge and puts the card back on the queue, saying why. */
    @Test
    void anEndorsedCommentRewrittenByItsAuthorIsBackOnTheQueueWithWhy() throws Exception {
        UUID group = GroupFixtures.group("ines", "alice");
        String iri = comment("alice", group, "Lenin founded the Cheka in 1917.", "https://example.org/leggett", "The Cheka");
        Tokens.as("ines").header("If-Match", etag("ines", iri)).put(path(iri) + "/endorsement").then().statusCode(200);
        Map<String, Object> rewritten = Map.of("@context", "http://www.w3.org/ns/anno.jsonld", "type", "Annotation",
                "motivation", "commenting", "group", group.toString(),
                "body", List.of(Map.of("type", "TextualBody", "purpose", "commenting", "value", "Stalin founded the Cheka.")),
                "target", Map.of("source", TestStack.appUrl() + "/api/documents/" + ESSAY,
                        "selector", Map.of("type", "TextQuoteSelector", "exact", "Stalin was personally involved in the Red Terror.")));
        Tokens.as("alice").contentType(ReaderBrowserTest.ANNO).header("If-Match", etag("alice", iri)).body(rewritten).put(path(iri))
                .then().statusCode(200);

        try (Browser ines = new Browser()) {
            ines.driver.get(TestStack.appUrl() + "/groups/" + group + "/moderation");
            ines.signIn("ines");
            String text = ines.wait.until(d -> queueItem(ines, "Stalin founded the Cheka").getText());
            assertTrue(text.contains("To recheck:") && text.contains("the endorsement was cleared") && text.contains("a source was removed"),
                    text);
            assertTrue(!text.contains("Endorsed by"), text);
            ines.screenshot("moderation-recheck");
            filter(ines, "recheck");
            queueItem(ines, "Stalin founded the Cheka");
        }
    }

    private static String etag(String user, String iri) {
        return Tokens.as(user).accept(ReaderBrowserTest.ANNO).get(path(iri)).then().statusCode(200).extract().header("ETag");
    }

    private static void filter(Browser b, String value) {
        String before = b.driver.findElement(By.id("moderation")).getAttribute("data-ready");
        new Select(b.driver.findElement(By.id("queue-filter"))).selectByValue(value);
        b.wait.until(d -> !before.equals(d.findElement(By.id("moderation")).getAttribute("data-ready")));
    }

    /**
     * The card in the queue with this text, once the page's live sockets are connected: the page
     * reads the queue once more then (its cards are drawn again), so a card found before may go stale.
     */
    private static WebElement queueItem(Browser b, String text) {
        b.wait.until(d -> !"connecting".equals(d.findElement(By.id("moderation")).getAttribute("data-live")));
        return b.wait.until(d -> d.findElements(By.cssSelector("#queue .queue-item")).stream()
                .filter(c -> c.getText().contains(text)).findFirst().orElse(null));
    }

    private static String comment(String user, UUID group, String text, String source, String title) {
        Map<String, Object> a = Map.of("@context", "http://www.w3.org/ns/anno.jsonld", "type", "Annotation", "motivation", "commenting",
                "group", group.toString(),
                "body", List.of(Map.of("type", "TextualBody", "purpose", "commenting", "value", text),
                        Map.of("type", "SpecificResource", "purpose", "linking", "source", source, "title", title)),
                "target", Map.of("source", TestStack.appUrl() + "/api/documents/" + ESSAY,
                        "selector", Map.of("type", "TextQuoteSelector", "exact", "Stalin was personally involved in the Red Terror.")));
        return Tokens.as(user).contentType(ReaderBrowserTest.ANNO).body(a).post("/api/documents/" + ESSAY + "/annotations/")
                .then().statusCode(201).extract().header("Location");
    }

    private static String path(String iri) {
        return iri.substring(TestStack.appUrl().length());
    }
}
