package org.scholion.reader;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.scholion.reader.ReaderBrowserTest.chooseGroup;
import static org.scholion.reader.ReaderBrowserTest.choose;
import static org.scholion.reader.ReaderBrowserTest.highlight;
import static org.scholion.reader.ReaderBrowserTest.ready;
import static org.scholion.reader.ReaderBrowserTest.select;
import static org.scholion.reader.ReaderBrowserTest.waitCard;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.font.PDType1Font;
import org.apache.pdfbox.pdmodel.font.Standard14Fonts;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.scholion.documents.DocumentUploads;
import org.scholion.testing.Browser;
import org.scholion.testing.GroupFixtures;
import org.scholion.testing.TestStack;
import org.scholion.testing.Tokens;

/**
 * Issue 18 in the browser: an instructor brings an HTML reading and a PDF, puts them on a group's
 * reading list and publishes a corrected revision; a student reads, annotates, finds what the
 * revision did to each annotation, re-attaches an orphan and reads an old revision.
 */
@QuarkusTest
class ReadingsBrowserTest {
    static final String ANNO = ReaderBrowserTest.ANNO;

    static final String HTML_V1 = """
            <!DOCTYPE html><html><head><title>Printing</title><script>alert(1)</script></head><body>
            <h1>On printing</h1>
            <p>The printing press spread across <em>Europe</em> within fifty years of its invention.</p>
            <p>Monks in Lindisfarne copied exactly seventeen gospels during the winter of 1455.</p>
            <p>Paper mills along the river Arno supplied the early presses of Florence.</p>
            <ul><li>Venice became the capital of the book trade.</li><li>Aldus Manutius printed small portable editions.</li></ul>
            </body></html>
            """;
    /** The correction: a note before everything (so the kept passage moves), two paragraphs deleted. */
    static final String HTML_V2 = """
            <!DOCTYPE html><html><head><title>Printing</title></head><body>
            <h1>On printing</h1>
            <p>A note on this edition: two doubtful paragraphs were removed in March.</p>
            <p>The printing press spread across <em>Europe</em> within fifty years of its invention.</p>
            <ul><li>Venice became the capital of the book trade.</li><li>Aldus Manutius printed small portable editions.</li></ul>
            </body></html>
            """;

    @Test
    void instructorUploadsAssignsRevisesAndTheStudentsAnnotationsFollow() throws Exception {
        UUID group = GroupFixtures.group("ines", "alice");
        String groupName = groupName(group);
        String tag = UUID.randomUUID().toString().substring(0, 8);
        Path html = file("printing-" + tag + ".html", HTML_V1.getBytes(StandardCharsets.UTF_8));
        Path pdf = file("bridges-" + tag + ".pdf", pdf("First page of the pamphlet on bridges.",
                "The second page mentions the Rialto bridge in Venice."));
        String htmlSlug;
        String pdfSlug;
        String text1;
        try (Browser ines = new Browser()) {
            ines.driver.get(TestStack.appUrl() + "/");
            ines.signIn("ines");
            htmlSlug = upload(ines, html, "Printing " + tag);
            ines.screenshot("readings-01-manage-after-upload");
            assign(ines, group, "Read this before Monday.\nBring one question.", "2031-05-01T09:00");
            ines.driver.get(TestStack.appUrl() + "/");
            pdfSlug = upload(ines, pdf, "Bridges " + tag);
            assign(ines, group, "Page two matters most.", null);
        }
        assertEquals("html", api(htmlSlug).getString("format"));
        assertEquals("pdf", api(pdfSlug).getString("format"));

        try (Browser alice = new Browser()) {
            alice.driver.get(TestStack.appUrl() + "/");
            alice.signIn("alice");
            WebElement list = alice.wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("readings-" + group)));
            assertTrue(list.getText().contains(groupName), list.getText());
            WebElement reading = list.findElement(By.cssSelector(".reading[data-slug='" + htmlSlug + "']"));
            assertTrue(reading.getText().contains("Read this before Monday."), reading.getText());
            assertTrue(reading.findElement(By.cssSelector(".due time")).getAttribute("datetime").startsWith("2031-05-01"),
                    reading.getText());
            assertTrue(list.findElement(By.cssSelector(".reading[data-slug='" + pdfSlug + "']")).getText().contains("Page two matters most."));
            alice.screenshot("readings-02-reading-list");

            // the HTML reading: its rendition, whose text is the API's text exactly; a comment across <em>, two highlights
            reading.findElement(By.cssSelector("a.reading-title")).click();
            ready(alice);
            chooseGroup(alice, group);
            assertEquals(api(htmlSlug).getString("text"), textContent(alice), "#text shows exactly the canonical text");
            assertEquals(1, alice.driver.findElements(By.cssSelector("#text h1")).size(), "the rendition keeps its markup");
            assertTrue(alice.driver.findElements(By.cssSelector("#text script")).isEmpty());
            choose(alice, "spread across Europe", "within fifty years", "commenting");
            alice.wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("form-text"))).sendKeys("Fifty years is quick.");
            alice.driver.findElement(By.id("form-save")).click();
            waitCard(alice, "Fifty years is quick.");
            highlight(alice, "copied exactly seventeen gospels", "copied exactly seventeen gospels", 2);
            highlight(alice, "river Arno supplied", "the early presses", 3);
            assertEquals("spread across Europe within fifty years", ReaderBrowserTest.marksText(alice, "m-commenting"));
            alice.screenshot("readings-03-html-annotated");
            text1 = api(htmlSlug).getString("text");
            JsonPath comment = item("alice", htmlSlug, group, "spread across Europe within fifty years");
            assertEquals(text1.codePointCount(0, text1.indexOf("spread across")),
                    comment.getInt("target.selector.find { it.type == 'TextPositionSelector' }.start"));

            // the PDF: page by page, the page number generated (not text), and the card cites the page
            alice.driver.get(TestStack.appUrl() + "/read/" + pdfSlug);
            ready(alice);
            chooseGroup(alice, group);
            assertEquals(api(pdfSlug).getString("text"), textContent(alice), "#text shows exactly the PDF's text");
            assertEquals(2, alice.driver.findElements(By.cssSelector("#text section.page[data-page]")).size());
            highlight(alice, "Rialto bridge", "Rialto bridge", 1);
            // read the card inside the wait: the live event of her own post may draw it again
            alice.wait.until(d -> waitCard(alice, "Rialto bridge").findElement(By.cssSelector(".page-ref")).getText().contains("p. 2"));
            alice.screenshot("readings-04-pdf-annotated");
        }

        // the instructor publishes the correction and watches the re-anchoring finish
        try (Browser ines = new Browser()) {
            ines.driver.get(TestStack.appUrl() + "/read/" + htmlSlug + "/manage");
            ines.signIn("ines");
            ines.wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("revise-file")))
                    .sendKeys(file("printing-" + tag + "-v2.html", HTML_V2.getBytes(StandardCharsets.UTF_8)).toString());
            ines.driver.findElement(By.id("revise-submit")).click();
            String done = ines.wait.until(d -> {
                String s = d.findElement(By.id("revise-status")).getText();
                return s.contains("Re-anchoring finished") ? s : null;
            });
            assertTrue(done.contains("1 exact, 0 fuzzy, 2 orphaned"), done);
            assertEquals("2", ines.driver.findElement(By.id("current-revision")).getText());
            ines.screenshot("readings-05-reanchoring-summary");
        }

        try (Browser alice = new Browser()) {
            alice.driver.get(TestStack.appUrl() + "/read/" + htmlSlug);
            alice.signIn("alice");
            ready(alice);
            chooseGroup(alice, group);
            // the comment followed its passage; the two deleted passages are orphans in the panel, not on the text
            alice.wait.until(d -> d.findElements(By.cssSelector("#margin > .card")).size() == 1);
            assertEquals("spread across Europe within fifty years", ReaderBrowserTest.marksText(alice, "m-commenting"));
            List<WebElement> orphans = alice.wait.until(d -> {
                List<WebElement> l = d.findElements(By.cssSelector("#orphan-list > .orphan"));
                return l.size() == 2 ? l : null;
            });
            assertTrue(alice.driver.findElement(By.id("orphans")).isDisplayed());
            WebElement gospels = orphans.stream().filter(o -> o.getText().contains("copied exactly seventeen gospels")).findFirst().orElseThrow();
            String oldLink = gospels.findElement(By.cssSelector(".orphan-head a")).getAttribute("href");
            assertTrue(oldLink.endsWith("/read/" + htmlSlug + "?revision=1"), oldLink);
            alice.screenshot("readings-06-orphans");

            // re-attach one: Re-attach, select the new passage, "Re-attach here"
            gospels.findElement(By.cssSelector("button.reattach")).click();
            select(alice, "Venice became", "book trade");
            alice.wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("#toolbar .reattach-here"))).click();
            alice.wait.until(d -> d.findElements(By.cssSelector("#margin > .card")).size() == 2
                    && d.findElements(By.cssSelector("#orphan-list > .orphan")).size() == 1);
            JsonPath moved = item("alice", htmlSlug, group, "Venice became the capital of the book trade");
            assertEquals("exact", moved.getString("anchoring"));
            assertTrue(moved.getString("target.state.cached").endsWith("/revisions/2"), moved.prettify());
            assertEquals("Venice became the capital of the book trade", ReaderBrowserTest.marksText(alice, "hl:not(.m-commenting)"));
            alice.screenshot("readings-07-reattached");

            // the old revision shows its text and the annotation still anchored there (the other orphan)
            new Select(alice.driver.findElement(By.id("revision-switcher"))).selectByValue("1");
            alice.wait.until(d -> d.getCurrentUrl().endsWith("?revision=1"));
            ready(alice);
            chooseGroup(alice, group);
            assertTrue(alice.driver.findElement(By.id("old-revision")).getText().contains("revision 1"));
            assertEquals(text1, textContent(alice));
            alice.wait.until(d -> "river Arno supplied the early presses".equals(ReaderBrowserTest.marksText(alice, "hl")));
            assertEquals(1, alice.driver.findElements(By.cssSelector("#margin > .card")).size());
            assertFalse(alice.driver.findElement(By.id("orphans")).isDisplayed(), "orphans are listed on the current text only");
            alice.screenshot("readings-08-old-revision");
        }
    }

    @Test
    void markdownRenditionIsTheCanonicalTextInTheBrowser() throws Exception {
        String md = "# Notes on *rivers*\n\nThe **Arno** flows through Florence.\n\n| river | city |\n|---|---|\n| Arno | Florence |\n\n"
                + "- one\n- two 🎯 target\n\n<script>alert(1)</script>\n";
        String slug = DocumentUploads.upload("ines", "rivers.md", "text/markdown", md.getBytes(StandardCharsets.UTF_8),
                "Rivers " + UUID.randomUUID().toString().substring(0, 8)).then().statusCode(201).extract().path("slug");
        UUID group = GroupFixtures.group("ines", "alice");
        try (Browser ines = ReaderBrowserTest.open("ines", slug, group)) {
            assertEquals("markdown", api(slug).getString("format"));
            assertEquals(api(slug).getString("text"), textContent(ines));
            assertEquals(1, ines.driver.findElements(By.cssSelector("#text table")).size());
            highlight(ines, "🎯 target", "🎯 target", 1);
            JsonPath h = item("ines", slug, group, "🎯 target");
            String text = api(slug).getString("text");
            assertEquals(text.codePointCount(0, text.indexOf("🎯 target")),
                    h.getInt("target.selector.find { it.type == 'TextPositionSelector' }.start"));
        }
    }

    @Test
    void theReadingListAndTheReaderFitA360PixelPhoneAndTouchSelectionOffersTheToolbar() throws Exception {
        UUID group = GroupFixtures.group("ines", "alice");
        String slug = DocumentUploads.upload("ines", "phone.html", "text/html", HTML_V1.getBytes(StandardCharsets.UTF_8),
                "A reading with a rather long title that has to wrap on a phone " + UUID.randomUUID().toString().substring(0, 8))
                .then().statusCode(201).extract().path("slug");
        Tokens.as("ines").contentType("application/json").body(Map.of("instructions",
                "Read it on the bus: a long instruction line without many spaces, https://example.org/a/very/long/address/that/could/overflow",
                "revealAfter", 2)).put("/api/groups/" + group + "/readings/" + slug).then().statusCode(201);
        try (Browser alice = new Browser()) {
            ChromeDriver chrome = (ChromeDriver) alice.driver;
            chrome.executeCdpCommand("Emulation.setDeviceMetricsOverride",
                    Map.of("width", 360, "height", 740, "deviceScaleFactor", 2, "mobile", true));
            chrome.executeCdpCommand("Emulation.setTouchEmulationEnabled", Map.of("enabled", true, "maxTouchPoints", 5));
            alice.driver.get(TestStack.appUrl() + "/");
            alice.signIn("alice");
            WebElement list = alice.wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("readings-" + group)));
            assertEquals(360L, js(alice, "return window.innerWidth"));
            assertTrue(list.getText().contains("once you have posted 2 of your own"), list.getText());
            assertNoSidewaysScroll(alice);
            alice.screenshot("readings-09-phone-reading-list");

            list.findElement(By.cssSelector("a.reading-title")).click();
            ready(alice);
            chooseGroup(alice, group);
            assertNoSidewaysScroll(alice);
            // a touch selection: the handles set the selection and no mouseup follows; selectionchange offers the toolbar
            // (set again while the toolbar has not come: a repaint of the highlights, when the group's annotations or a live
            // event arrive, replaces the text nodes the selection was in, as it would under a finger)
            WebElement toolbar = alice.wait.until(d -> {
                WebElement t = d.findElement(By.id("toolbar"));
                if (t.isDisplayed()) {
                    return t;
                }
                js(alice, """
                        const t = Array.from(document.querySelectorAll('#text li')).find(li => li.textContent.startsWith('Venice')).firstChild;
                        const r = document.createRange(); r.setStart(t, 0); r.setEnd(t, 'Venice became'.length);
                        getSelection().removeAllRanges(); getSelection().addRange(r);
                        return null;""");
                return null;
            });
            assertTrue(((Number) js(alice, "const r = document.getElementById('toolbar').getBoundingClientRect(); return r.right"))
                    .doubleValue() <= 360, "the toolbar stays on the screen");
            js(alice, "document.getElementById('toolbar').scrollIntoView({block: 'center'}); return null;");
            alice.screenshot("readings-10-phone-touch-selection");
            toolbar.findElement(By.cssSelector("[data-motivation=highlighting]")).click();
            alice.wait.until(d -> d.findElements(By.cssSelector("#margin > .card")).size() == 1);
            assertEquals("Venice became", ReaderBrowserTest.marksText(alice, "hl"));
            assertNoSidewaysScroll(alice);
            alice.screenshot("readings-11-phone-highlight");
            alice.driver.get(TestStack.appUrl() + "/read/" + slug + "/manage");
            alice.wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("manage")));
            assertTrue(alice.driver.findElements(By.id("revise-form")).isEmpty(), "only the owner and admins publish revisions");
            assertNoSidewaysScroll(alice);
        }
    }

    // ---- helpers -----------------------------------------------------------------------------

    /** Uploads a file with the form on the documents page; returns the slug of the management page it lands on. */
    static String upload(Browser b, Path file, String title) {
        b.wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("upload-file"))).sendKeys(file.toString());
        b.driver.findElement(By.id("upload-title-field")).sendKeys(title);
        b.driver.findElement(By.id("upload-submit")).click();
        b.wait.until(d -> d.getCurrentUrl().endsWith("/manage"));
        b.wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("assign-form")));
        String url = b.driver.getCurrentUrl();
        String slug = url.substring(url.indexOf("/read/") + "/read/".length(), url.length() - "/manage".length());
        assertEquals(title, b.driver.findElement(By.tagName("h1")).getText());
        return slug;
    }

    /** Puts the managed document on the group's reading list with the form. */
    static void assign(Browser b, UUID group, String instructions, String dueLocal) {
        new Select(b.driver.findElement(By.id("assign-group"))).selectByValue(group.toString());
        b.driver.findElement(By.id("assign-instructions")).sendKeys(instructions);
        if (dueLocal != null) {
            js(b, "document.getElementById('assign-due').value = arguments[0]; return null;", dueLocal);
        }
        b.driver.findElement(By.id("assign-submit")).click();
        b.wait.until(d -> !d.findElements(By.cssSelector("#assigned [data-group='" + group + "']")).isEmpty());
        List<Map<String, Object>> readings = Tokens.as("ines").get("/api/groups/" + group + "/readings").then().statusCode(200)
                .extract().jsonPath().getList("$");
        assertTrue(readings.stream().anyMatch(r -> instructions.equals(r.get("instructions"))), readings.toString());
    }

    static void assertNoSidewaysScroll(Browser b) {
        Object w = js(b, "return [document.documentElement.scrollWidth, document.documentElement.clientWidth].join(' ')");
        String[] p = ((String) w).split(" ");
        assertTrue(Integer.parseInt(p[0]) <= Integer.parseInt(p[1]), "scrollWidth clientWidth: " + w);
    }

    static Object js(Browser b, String script, Object... args) {
        return ((JavascriptExecutor) b.driver).executeScript(script, args);
    }

    static String textContent(Browser b) {
        return (String) js(b, "return document.getElementById('text').textContent");
    }

    static JsonPath api(String slug) {
        return Tokens.as("ines").get("/api/documents/" + slug).then().statusCode(200).extract().jsonPath();
    }

    static String groupName(UUID group) {
        return Tokens.as("ines").get("/api/groups/" + group).then().statusCode(200).extract().path("name");
    }

    /** The user's root annotation in the group whose quote is this. */
    static JsonPath item(String user, String slug, UUID group, String exact) {
        JsonPath page = Tokens.as(user).accept(ANNO).queryParam("group", group.toString())
                .get("/api/documents/" + slug + "/annotations/").then().statusCode(200).extract().jsonPath();
        List<Map<String, Object>> roots = page.getList("first.items.findAll { it.motivation != 'replying' }");
        Map<String, Object> found = roots.stream().filter(r -> ReaderBrowserTest.toJson(r).contains("\"exact\":\"" + exact + "\""))
                .findFirst().orElseThrow(() -> new AssertionError(exact + " not in " + page.prettify()));
        return new JsonPath(ReaderBrowserTest.toJson(found));
    }

    static Path file(String name, byte[] bytes) throws IOException {
        Path dir = Files.createDirectories(Path.of("target/readings-test"));
        return Files.write(dir.resolve(name), bytes).toAbsolutePath();
    }

    /** A small real PDF, one page per string, made with PDFBox. */
    static byte[] pdf(String... pages) throws IOException {
        try (PDDocument document = new PDDocument(); ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            for (String text : pages) {
                PDPage page = new PDPage();
                document.addPage(page);
                try (PDPageContentStream content = new PDPageContentStream(document, page)) {
                    content.beginText();
                    content.setFont(new PDType1Font(Standard14Fonts.FontName.HELVETICA), 12);
                    content.newLineAtOffset(72, 700);
                    content.showText(text);
                    content.endText();
                }
            }
            document.save(out);
            return out.toByteArray();
        }
    }
}
