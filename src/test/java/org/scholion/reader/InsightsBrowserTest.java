package org.scholion.reader;

import static org.scholion.reader.ReaderBrowserTest.ANNO;
import static org.scholion.reader.ReaderBrowserTest.ESSAY;
import static org.scholion.reader.ReaderBrowserTest.open;
import static org.scholion.reader.ReaderBrowserTest.waitCard;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarkus.test.junit.QuarkusTest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.NoAlertPresentException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;
import org.scholion.documents.DocumentUploads;
import org.scholion.testing.Browser;
import org.scholion.testing.GroupFixtures;
import org.scholion.testing.Notes;
import org.scholion.testing.TestStack;
import org.scholion.testing.Tokens;

/**
 * Issue 21 in the browser: an instructor searches the class's work, exports it and its
 * bibliography, reads the participation report and the claim map; a student imports their
 * Hypothesis export. The data is written through the API; everything else is done in Chromium.
 */
@QuarkusTest
class InsightsBrowserTest {
    static final String VIOLENCE = "The Red Terror was marked by widespread violence and brutality.";
    static final String STALIN = "Stalin was personally involved in the Red Terror.";
    /** A tag (which the search's snippets leave out) and escaped markup (which they keep: as text, it must stay "&lt;b&gt;"). */
    static final String XSS = "<img src=x onerror=window.pwned=1> &lt;b&gt;bold&lt;/b&gt;";

    @Test
    void anInstructorSearchesExportsReadsTheReportAndTheClaimMapAndAStudentImportsHerHypothesisExport() throws Exception {
        UUID group = GroupFixtures.group("ines", "alice", "bob");
        String word = Notes.word();
        Tokens.as("ines").contentType("application/json").body(Map.of("instructions", "Comment on the causes."))
                .put("/api/groups/" + group + "/readings/" + ESSAY).then().statusCode(201);
        String alices = Notes.create("alice", Notes.cite(Notes.comment(group, VIOLENCE, "The Cheka " + word + " was Lenin's."),
                "https://example.org/cheka", "The Cheka: Lenin's Political Police"));
        ObjectNode question = Notes.comment(group, VIOLENCE, "Whose violence, " + word + "?");
        question.put("motivation", "questioning");
        Notes.create("bob", question);
        Notes.create("bob", Notes.comment(group, STALIN, "Look " + XSS + " at the dates, " + word + "."));
        Notes.create("ines", Notes.reply(alices, "Yes: Dzerzhinsky ran it for Lenin."));
        String other = elsewhere("ines", word);

        try (Browser ines = open("ines", ESSAY, group)) {
            // search this text in the group: a marked snippet, and the passage it points to
            search(ines, word);
            WebElement result = ines.wait.until(d -> result(d.findElements(By.cssSelector("#search-results .result-annotation")), "Bob Chen", "Look"));
            assertEquals(word, result.findElement(By.cssSelector("mark.hit")).getText().toLowerCase());
            ines.wait.until(d -> d.findElements(By.cssSelector("#search-results .result-annotation")).size() == 3);
            assertEquals(0L, js(ines, "return document.querySelectorAll('#search-results img, #search-results [onerror]').length"));
            assertEquals(Boolean.FALSE, js(ines, "return 'pwned' in window"));
            String shown = String.valueOf(js(ines, "return document.getElementById('search-results').textContent"));
            assertTrue(shown.contains("&lt;b&gt;bold&lt;/b&gt;"), "snippets are text, never HTML: " + shown);
            ines.screenshot("insights-01-search");
            result.findElement(By.cssSelector("a.result-link")).click();
            WebElement card = ines.wait.until(d -> d.findElement(By.cssSelector("#margin .card.active")));
            assertTrue(card.getText().contains("at the dates"), card.getText());
            assertEquals(card, ines.driver.switchTo().activeElement());
            assertEquals(STALIN, js(ines, "return Array.from(document.querySelectorAll('#text mark.active')).map(m => m.textContent).join('')"));

            // everything she can see: the note on her other reading, which opens focused on it
            ines.driver.findElement(By.id("search-everywhere")).click();
            WebElement far = ines.wait.until(d -> result(d.findElements(By.cssSelector("#search-results .result-annotation")), "Notes on the Cheka"));
            String href = far.findElement(By.cssSelector("a.result-link")).getAttribute("href");
            assertTrue(href.contains("/read/" + other + "?annotation="), href);
            far.findElement(By.cssSelector("a.result-link")).click();
            ines.wait.until(d -> d.getCurrentUrl().contains("/read/" + other));
            ReaderBrowserTest.ready(ines);
            WebElement focused = ines.wait.until(d -> d.findElement(By.cssSelector("#margin .card.active")));
            assertTrue(focused.getText().contains("Dates " + word), focused.getText());
            assertEquals("private", new Select(ines.driver.findElement(By.id("group-switcher"))).getFirstSelectedOption().getAttribute("value"));
            ines.screenshot("insights-02-opened-on-the-result");

            ines.driver.get(TestStack.appUrl() + "/read/" + ESSAY);
            ReaderBrowserTest.ready(ines);
            ReaderBrowserTest.chooseGroup(ines, group);

            // exports: the group's annotations as CSV and the sources as BibTeX, fetched with their Accept header
            ines.driver.findElement(By.id("tool-export")).click();
            ines.driver.findElement(By.cssSelector("#export-group-choice input")).click();
            ines.driver.findElement(By.cssSelector("button.export[data-accept='text/csv']")).click();
            String csv = ines.wait.until(d -> downloaded(d, "annotations-" + group + "-" + ESSAY + ".csv"));
            byte[] expected = Tokens.as("ines").accept("text/csv").get("/api/exports/annotations?group=" + group + "&document=" + ESSAY)
                    .then().statusCode(200).extract().asByteArray();
            assertEquals(String.valueOf(expected.length), ines.driver.findElement(By.id("export-status")).getAttribute("data-bytes"), csv);
            ines.driver.findElement(By.cssSelector("button.export[data-accept='application/x-bibtex']")).click();
            ines.wait.until(d -> downloaded(d, "annotations-" + group + "-" + ESSAY + "-sources.bib"));
            assertTrue(Integer.parseInt(ines.driver.findElement(By.id("export-status")).getAttribute("data-bytes")) > 50);
            ines.screenshot("insights-03-export");
            ines.driver.findElement(By.cssSelector("#export-panel .close-panel")).click();

            // the participation report: a rubric, a sorted column, why, an override
            ines.driver.findElement(By.id("tool-report")).click();
            ines.wait.until(d -> d.findElements(By.cssSelector("#report-table tbody tr[data-user]")).size() == 3);
            WebElement rubric = ines.driver.findElement(By.id("rubric-form"));
            type(rubric.findElement(By.name("perAnnotation")), "2");
            type(rubric.findElement(By.name("perReply")), "1");
            type(rubric.findElement(By.name("perVerifiedSource")), "3");
            rubric.findElement(By.cssSelector("button[type=submit]")).click();
            ines.wait.until(d -> d.findElement(By.id("report-status")).getText().contains("Rubric saved"));
            sort(ines, "annotations");
            assertEquals(List.of("Ines Alvarez", "Alice Martin", "Bob Chen"), names(ines));
            assertEquals("ascending", header(ines, "annotations").getAttribute("aria-sort"));
            sort(ines, "annotations");
            assertEquals(List.of("Bob Chen", "Alice Martin", "Ines Alvarez"), names(ines));
            assertEquals("descending", header(ines, "annotations").getAttribute("aria-sort"));
            WebElement alice = row(ines, "Alice Martin");
            assertEquals("2", alice.findElements(By.cssSelector("td")).get(10).getText(), alice.getText());
            alice.findElement(By.cssSelector("button.why")).click();
            WebElement why = ines.wait.until(d -> d.findElement(By.cssSelector("tr.why-row:not([hidden]) .score-items")));
            assertTrue(why.getText().startsWith("+2"), why.getText());
            row(ines, "Alice Martin").findElement(By.cssSelector("button.override")).click();
            WebElement override = ines.wait.until(d -> d.findElement(By.cssSelector(".override-form")));
            override.findElement(By.name("score")).sendKeys("5");
            override.findElement(By.cssSelector("button[type=submit]")).click();
            assertTrue(ines.wait.until(d -> d.findElement(By.cssSelector(".override-form .field-error")).getText()).contains("reason"));
            override.findElement(By.name("reason")).sendKeys("Her source was discussed in class.");
            override.findElement(By.cssSelector("button[type=submit]")).click();
            ines.wait.until(d -> d.findElement(By.id("report-status")).getText().contains("set to 5"));
            assertEquals("5", row(ines, "Alice Martin").findElements(By.cssSelector("td")).get(11).getText());
            ines.driver.findElement(By.id("report-csv")).click();
            ines.wait.until(d -> d.findElement(By.id("report-download")).getText().startsWith("Downloaded participation-" + ESSAY + ".csv ("));
            ines.screenshot("insights-04-participation");
            ines.driver.findElement(By.cssSelector("#report-panel .close-panel")).click();

            // the claim map: the passage with a comment and a question is shaded and counted
            ines.driver.findElement(By.id("claim-toggle")).click();
            ines.wait.until(d -> "shown".equals(d.findElement(By.id("text")).getAttribute("data-claim-map")));
            WebElement first = ines.wait.until(d -> d.findElements(By.cssSelector("#text mark.claim-first.heat-2.asked")).stream().findFirst().orElse(null));
            assertTrue(first.getAttribute("title").contains("Claim map: 2 annotations, 1 question, 1 unanswered"), first.getAttribute("title"));
            assertEquals(VIOLENCE, js(ines, "const i = document.querySelector('#text mark.claim-first.heat-2').dataset.passage;"
                    + " return Array.from(document.querySelectorAll('#text mark[data-passage=\"' + i + '\"]')).map(m => m.textContent).join('')"));
            assertEquals(2L, js(ines, "return document.querySelectorAll('#text mark.claim-first').length"));
            assertEquals(2, ines.driver.findElements(By.cssSelector("#claim-list li")).size());
            assertEquals(ReaderBrowserTest.essayText(), js(ines, "return document.getElementById('text').textContent"));
            ines.screenshot("insights-05-claim-map");
            ines.driver.findElement(By.id("claim-toggle")).click();
            ines.wait.until(d -> d.findElements(By.cssSelector("#text mark.claim")).isEmpty());
            assertThrows(NoAlertPresentException.class, () -> ines.driver.switchTo().alert());
        }

        Path file = Files.createTempFile("hypothesis", ".json");
        Path foreign = Files.createTempFile("hypothesis-elsewhere", ".json");
        try (Browser alice = open("alice", ESSAY, group)) {
            String export = Files.readString(Path.of("src/test/resources/hypothesis/export.json"), StandardCharsets.UTF_8);
            Files.writeString(foreign, export, StandardCharsets.UTF_8);
            Files.writeString(file, export.replace("https://essays.example.org/stalin-red-terror",
                    TestStack.appUrl() + "/api/documents/" + ESSAY), StandardCharsets.UTF_8);

            // a student sees her own row of the report, and how it is scored
            alice.driver.findElement(By.id("tool-report")).click();
            alice.wait.until(d -> d.findElements(By.cssSelector("#report-table tbody tr[data-user]")).size() == 1);
            assertTrue(alice.driver.findElement(By.id("report-rubric")).getText().contains("2 per annotation"));
            assertTrue(alice.driver.findElements(By.id("rubric-form")).isEmpty());
            alice.driver.findElement(By.cssSelector("#report-panel .close-panel")).click();

            // the export as the Hypothesis client wrote it names a page that is not a reading here: every problem, nothing written
            alice.driver.findElement(By.id("tool-import")).click();
            alice.driver.findElement(By.id("import-file")).sendKeys(foreign.toAbsolutePath().toString());
            alice.driver.findElement(By.id("import-submit")).click();
            String problems = alice.wait.until(d -> d.findElement(By.id("import-problems")).isDisplayed()
                    ? d.findElement(By.id("import-problems")).getText() : null);
            assertTrue(problems.contains("/annotations/0/target/source"), problems);
            assertTrue(alice.driver.findElement(By.id("import-status")).getText().startsWith("Nothing was imported"));

            // with the address of the reading here: imported into her private notes, and shown
            alice.driver.findElement(By.id("import-file")).sendKeys(file.toAbsolutePath().toString());
            alice.driver.findElement(By.id("import-submit")).click();
            assertEquals("Imported 3 annotations and 2 replies into your private notes.", settled(alice, "import-status", "Imported"),
                    alice.driver.findElement(By.id("import-form")).getText());
            assertFalse(alice.driver.findElement(By.id("import-problems")).isDisplayed());
            alice.wait.until(d -> "private".equals(new Select(d.findElement(By.id("group-switcher"))).getFirstSelectedOption().getAttribute("value")));
            WebElement imported = waitCard(alice, "The dates don’t fit.");
            alice.wait.until(d -> imported.getText().contains("Figes"));
            alice.wait.until(d -> d.findElement(By.id("status")).getText().contains("5 of the imported annotations are on this text"));
            alice.screenshot("insights-06-hypothesis-imported");

            // and her own annotations as W3C JSON-LD
            alice.driver.findElement(By.id("tool-export")).click();
            assertFalse(alice.driver.findElement(By.id("export-group-choice")).isDisplayed(), "a student exports her own only");
            alice.driver.findElement(By.cssSelector("button.export[data-accept='application/ld+json']")).click();
            alice.wait.until(d -> downloaded(d, "annotations-mine-" + ESSAY + ".jsonld"));
        } finally {
            Files.deleteIfExists(file);
            Files.deleteIfExists(foreign);
        }
    }

    /** A reading of ines' own with a private note of hers: what only a search of everything finds. Returns its slug. */
    static String elsewhere(String user, String word) {
        String slug = DocumentUploads.upload(user, "cheka.txt", "text/plain",
                "The Cheka was founded in December 1917.\n\nIt became the model of later secret police.".getBytes(StandardCharsets.UTF_8),
                "Notes on the Cheka").then().statusCode(201).extract().path("slug");
        Tokens.as(user).contentType(ANNO).body(Map.of("@context", "http://www.w3.org/ns/anno.jsonld", "type", "Annotation",
                "motivation", "commenting",
                "body", List.of(Map.of("type", "TextualBody", "purpose", "commenting", "value", "Dates " + word)),
                "target", Map.of("source", TestStack.appUrl() + "/api/documents/" + slug,
                        "selector", Map.of("type", "TextQuoteSelector", "exact", "founded in December 1917"))))
                .post("/api/documents/" + slug + "/annotations/").then().log().ifValidationFails().statusCode(201);
        return slug;
    }

    /** The element's text once it starts with this, or (the wait timing out) as it is then, to say what went wrong. */
    static String settled(Browser b, String id, String start) {
        try {
            return b.wait.until(d -> d.findElement(By.id(id)).getText().startsWith(start) ? d.findElement(By.id(id)).getText() : null);
        } catch (org.openqa.selenium.TimeoutException e) {
            return b.driver.findElement(By.id(id)).getText();
        }
    }

    static void search(Browser b, String words) {
        WebElement q = b.driver.findElement(By.id("search-q"));
        q.clear();
        q.sendKeys(words);
        b.driver.findElement(By.id("search-submit")).click();
    }

    static WebElement result(List<WebElement> results, String... texts) {
        return results.stream().filter(r -> List.of(texts).stream().allMatch(t -> r.getText().contains(t))).findFirst().orElse(null);
    }

    /** The export status, once it says this file was downloaded; null before. */
    static String downloaded(org.openqa.selenium.WebDriver d, String name) {
        String s = d.findElement(By.id("export-status")).getText();
        return s.startsWith("Downloaded " + name + " (") ? s : null;
    }

    static void sort(Browser b, String key) {
        String before = header(b, key).getAttribute("aria-sort");
        b.driver.findElement(By.cssSelector("#report-table button.sort[data-key=" + key + "]")).click();
        b.wait.until(d -> !before.equals(header(b, key).getAttribute("aria-sort")));
    }

    static WebElement header(Browser b, String key) {
        return b.driver.findElement(By.xpath("//table[@id='report-table']//th[button[@data-key='" + key + "']]"));
    }

    static List<String> names(Browser b) {
        return b.driver.findElements(By.cssSelector("#report-table tbody tr[data-user] th span:first-child")).stream()
                .map(WebElement::getText).toList();
    }

    static WebElement row(Browser b, String name) {
        return b.wait.until(d -> result(d.findElements(By.cssSelector("#report-table tbody tr[data-user]")), name));
    }

    static void type(WebElement input, String value) {
        input.clear();
        input.sendKeys(value);
    }

    static Object js(Browser b, String script) {
        return ((JavascriptExecutor) b.driver).executeScript(script);
    }
}
