package org.scholion.reader;

import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.NoAlertPresentException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.scholion.documents.DocumentService;
import org.scholion.documents.DocumentUploads;
import org.scholion.testing.Browser;
import org.scholion.testing.GroupFixtures;
import org.scholion.testing.TestStack;
import org.scholion.testing.Tokens;

/** The web reader end to end in Debian Chromium: each test makes its own group and annotations. */
@QuarkusTest
class ReaderBrowserTest {
    static final String ESSAY = "red-terror-essay";
    static final String ANNO = "application/ld+json; profile=\"http://www.w3.org/ns/anno.jsonld\"";

    @Inject
    DocumentService documents;

    @Test
    void aliceCommentsWithSourcesBobRepliesAndCannotEditAliceSeesTheReply() throws Exception {
        UUID group = GroupFixtures.group("ines", "alice", "bob");
        String passage = "The Red Terror was marked by widespread violence and brutality.";
        try (Browser alice = open("alice", ESSAY, group); Browser bob = new Browser()) {
            select(alice, passage, passage);
            alice.wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("toolbar")));
            alice.screenshot("reader-01-selection-toolbar");
            alice.driver.findElement(By.cssSelector("#toolbar [data-motivation=commenting]")).click();
            alice.wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("annotation-form")));
            alice.driver.findElement(By.id("form-text")).sendKeys("Was it **really** Stalin? The Cheka was Lenin's.");
            alice.driver.findElement(By.id("form-tags")).sendKeys("Chronology");
            source(alice, 0, "https://example.org/cheka", "The Cheka: Lenin's Political Police", "George Leggett", "1981", "p. 12",
                    "founded in December 1917");
            source(alice, 1, "doi:10.1000/182", "The DOI Handbook", "", "", "", "");
            assertEquals("really", alice.driver.findElement(By.cssSelector("#form-preview strong")).getText(), "live preview");
            alice.screenshot("reader-02-comment-form");
            alice.driver.findElement(By.id("form-save")).click();

            // the live event of her own post may draw the card again: read it whole, inside the wait (which looks again)
            String cardText = alice.wait.until(d -> waitCard(alice, "The Cheka was Lenin").getText());
            assertTrue(cardText.contains("#chronology"), cardText);
            List<List<String>> links = alice.wait.until(d -> waitCard(alice, "The Cheka was Lenin").findElements(By.cssSelector(".sources a"))
                    .stream().map(l -> List.of(l.getAttribute("href"), String.valueOf(l.getAttribute("rel")))).toList());
            assertEquals(2, links.size());
            assertEquals("https://example.org/cheka", links.get(0).get(0));
            assertEquals("noopener noreferrer", links.get(0).get(1));
            assertEquals("https://doi.org/10.1000/182", links.get(1).get(0));
            assertTrue(cardText.contains("George Leggett (1981) p. 12"), cardText);
            assertEquals(passage, marksText(alice, "m-commenting"));
            assertTrue(alice.driver.findElement(By.cssSelector("mark.m-commenting")).getAttribute("aria-label")
                    .startsWith("Comment by Alice Martin"));
            alice.screenshot("reader-03-comment-saved");

            JsonPath item = onlyItem("alice", group);
            assertAnchoredAt(item, passage, codePointIndex(essayText(), passage));
            String iri = item.getString("id");

            bob.driver.get(TestStack.appUrl() + "/read/" + ESSAY);
            bob.signIn("bob");
            ready(bob);
            chooseGroup(bob, group);
            WebElement bobsView = waitCard(bob, "The Cheka was Lenin");
            assertTrue(bobsView.findElements(By.cssSelector("button.edit, button.delete")).isEmpty(), "no edit control on alice's card");
            bobsView.findElement(By.cssSelector(".reply-form textarea")).sendKeys("Lenin signed the decree, yes — *September 1918*.");
            bobsView.findElement(By.cssSelector(".reply-form button")).click();
            bob.wait.until(d -> d.findElements(By.cssSelector(".reply em")).size() == 1);
            bob.screenshot("reader-04-bob-replied");

            String etag = Tokens.as("bob").accept(ANNO).get(path(iri)).then().statusCode(200).extract().header("ETag");
            Tokens.as("bob").contentType(ANNO).header("If-Match", etag)
                    .body(Map.of("@context", "http://www.w3.org/ns/anno.jsonld", "type", "Annotation", "motivation", "commenting",
                            "body", List.of(Map.of("type", "TextualBody", "purpose", "commenting", "value", "bob was here")),
                            "target", item.getMap("target"), "group", group.toString(), "visibility", "group"))
                    .put(path(iri)).then().statusCode(403);

            moreAnnotations(group);
            alice.driver.navigate().refresh();
            ready(alice);
            WebElement again = waitCard(alice, "The Cheka was Lenin");
            alice.wait.until(d -> again.getText().contains("Lenin signed the decree"));
            assertEquals("September 1918", again.findElement(By.cssSelector(".reply em")).getText());
            // names can be chosen, usernames cannot: both are shown, on the card and on each reply
            assertEquals("Alice Martin", again.findElement(By.cssSelector(".card-head .author")).getText());
            assertEquals("@alice", again.findElement(By.cssSelector(".card-head .username")).getText());
            assertEquals("@bob", again.findElement(By.cssSelector(".reply .card-head .username")).getText());
            assertTrue(again.findElement(By.cssSelector(".reply")).getAttribute("aria-label").endsWith("(@bob)"));
            alice.wait.until(d -> d.findElements(By.cssSelector("#margin > .card")).size() == 4);
            assertTrue(alice.driver.findElement(By.cssSelector("mark.m-assessing[data-verdict]")).getAttribute("data-verdict")
                    .contains("misleading"));
            alice.screenshot("reader-05-alice-sees-reply");
        }
    }

    @Test
    void markupAndJavascriptUrlsAreShownInert() throws Exception {
        UUID group = GroupFixtures.group("ines", "alice");
        String passage = "Stalin was personally involved in the Red Terror.";
        try (Browser alice = open("alice", ESSAY, group)) {
            choose(alice, passage, passage, "commenting");
            alice.driver.findElement(By.id("form-text"))
                    .sendKeys("Look <img src=x onerror=alert(1)> [here](javascript:alert(2)) <script>alert(3)</script>");
            source(alice, 0, "javascript:alert(4)", "Evil", "", "", "", "");
            alice.driver.findElement(By.id("form-save")).click();
            WebElement error = alice.wait.until(ExpectedConditions.visibilityOfElementLocated(
                    By.cssSelector("#form-sources fieldset [data-error-for=source]")));
            assertTrue(error.getText().contains("http or https"), error.getText());
            assertEquals("true", alice.driver.findElement(By.cssSelector("#form-sources input[name=source]")).getAttribute("aria-invalid"));
            alice.screenshot("reader-06-server-validation");
            assertInert(alice);

            WebElement url = alice.driver.findElement(By.cssSelector("#form-sources input[name=source]"));
            url.clear();
            url.sendKeys("https://example.org/ok");
            alice.driver.findElement(By.id("form-save")).click();
            waitCard(alice, "Look");
            assertInert(alice);
            alice.driver.navigate().refresh();
            ready(alice);
            waitCard(alice, "Look");
            assertInert(alice);
            alice.screenshot("reader-07-inert-markup");
        }
        // the API refuses a javascript: source outright
        Tokens.as("alice").contentType(ANNO).body(Map.of("@context", "http://www.w3.org/ns/anno.jsonld", "type", "Annotation",
                "motivation", "commenting", "body", List.of(
                        Map.of("type", "TextualBody", "purpose", "commenting", "value", "x"),
                        Map.of("type", "Citation", "url", "javascript:alert(1)")),
                "target", Map.of("source", TestStack.appUrl() + "/api/documents/" + ESSAY,
                        "selector", Map.of("type", "TextQuoteSelector", "exact", passage)),
                "group", group.toString(), "visibility", "group"))
                .post("/api/documents/" + ESSAY + "/annotations/").then().statusCode(400)
                .body("errors[0].field", equalTo("body[1].url"));
    }

    @Test
    void aSelectionAcrossTwoParagraphsIsQuotedWithTheBlankLine() throws Exception {
        UUID group = GroupFixtures.group("ines", "alice");
        try (Browser alice = open("alice", ESSAY, group)) {
            highlight(alice, "The goal of the Red Terror", "widespread violence", 1);
            JsonPath item = onlyItem("alice", group);
            String text = essayText();
            int start = codePointIndex(text, "The goal of the Red Terror");
            String exact = item.getString("target.selector.find { it.type == 'TextQuoteSelector' }.exact");
            assertTrue(exact.contains("\n\n"), "the blank line between the paragraphs is part of the quote");
            assertTrue(exact.endsWith("widespread violence"), exact);
            assertAnchoredAt(item, exact, start);
            assertEquals(2, ((Number) ((JavascriptExecutor) alice.driver).executeScript(
                    "return new Set(Array.from(document.querySelectorAll('#text mark')).map(m => m.parentElement)).size")).intValue());
            alice.screenshot("reader-08-two-paragraphs");
        }
    }

    @Test
    void anEmojiDocumentAnchorsAtTheRightCodePoints() throws Exception {
        String slug = "emoji-" + UUID.randomUUID().toString().substring(0, 8);
        String text = "Family 👩‍👩‍👧 and party 🎉🎉 before Stalin’s rise.\n\n  Second 😀 paragraph: the 🎯 target words here.\n";
        documents.importIfAbsent(slug, "Emoji test", LocalDate.of(2024, 1, 2), text);
        UUID group = GroupFixtures.group("ines", "alice");
        try (Browser alice = open("alice", slug, group)) {
            highlight(alice, "🎯 target words", "🎯 target words", 1);
            JsonPath item = onlyItem("alice", group, slug);
            assertAnchoredAt(item, "🎯 target words", codePointIndex(text, "🎯 target words"));
            assertEquals("🎯 target words", marksText(alice, "hl"));

            highlight(alice, "Stalin’s rise", "Stalin’s rise", 2);
            String items = Tokens.as("alice").accept(ANNO).queryParam("group", group.toString())
                    .get("/api/documents/" + slug + "/annotations/").then().statusCode(200).extract().asString();
            int start = codePointIndex(text, "Stalin’s rise");
            assertTrue(items.contains("\"start\":" + start + ",\"end\":" + (start + 13)), items);
            alice.screenshot("reader-09-emoji");
        }
    }

    /**
     * Third-party W3C annotation libraries (Apache Annotator, Recogito, dokieli) take TextQuote and
     * TextPosition selectors from the textContent of #text, so for a plain text it must be the document
     * text itself, the blank lines between the paragraphs included, as it already is for a rendition.
     */
    @Test
    void aPlainTextShowsExactlyTheDocumentTextAndItsBlankLinesAddNoSpace() throws Exception {
        UUID group = GroupFixtures.group("ines", "alice");
        try (Browser alice = open("alice", ESSAY, group)) {
            assertEquals(essayText(), ReadingsBrowserTest.textContent(alice), "the shipped essay");
            assertParagraphsSpacedByTheirMarginOnly(alice);
        }

        String txt = "  Opening 🦀 line, the crab.\n\nSecond 😀 paragraph,\nwith a line break inside.\n\n\n"
                + "Third 🎯 after two blank lines 👩‍👩‍👧.\n \nLast one.\n";
        String slug = DocumentUploads.upload("ines", "plain.txt", "text/plain", txt.getBytes(StandardCharsets.UTF_8),
                "Plain " + UUID.randomUUID().toString().substring(0, 8)).then().statusCode(201).extract().path("slug");
        // the uploader reads it: an upload is private until it is assigned
        UUID shared = GroupFixtures.group("ines", "alice");
        try (Browser ines = open("ines", slug, shared)) {
            String text = ReadingsBrowserTest.api(slug).getString("text");
            assertEquals("text", ReadingsBrowserTest.api(slug).getString("format"));
            assertEquals(text, ReadingsBrowserTest.textContent(ines), "an uploaded .txt with emoji");
            assertEquals(4, ines.driver.findElements(By.cssSelector("#text p")).size());
            assertParagraphsSpacedByTheirMarginOnly(ines);

            // the reader itself now reads positions off the same text nodes: a passage across paragraphs
            // still anchors at its code points and is painted inside the paragraphs, not on the blank lines
            highlight(ines, "😀 paragraph", "Third 🎯", 1);
            JsonPath item = onlyItem("ines", shared, slug);
            String exact = text.substring(text.indexOf("😀 paragraph"), text.indexOf("Third 🎯") + "Third 🎯".length());
            assertAnchoredAt(item, exact, codePointIndex(text, "😀 paragraph"));
            String blank = text.substring(text.indexOf("inside.") + "inside.".length(), text.indexOf("Third 🎯"));
            assertEquals(exact.replace(blank, ""), marksText(ines, "hl"));
            assertEquals(0, ines.driver.findElements(By.cssSelector("#text > mark")).size(), "no mark between the paragraphs");
            assertEquals(text, ReadingsBrowserTest.textContent(ines), "painting adds and drops nothing");
        }
    }

    /** The separators are collapsed whitespace between blocks: the gap between paragraphs is their bottom margin. */
    static void assertParagraphsSpacedByTheirMarginOnly(Browser b) {
        Object gaps = ((JavascriptExecutor) b.driver).executeScript("""
                const ps = Array.from(document.querySelectorAll('#text > p'));
                const bad = [];
                for (let i = 1; i < ps.length; i++) {
                  const gap = ps[i].getBoundingClientRect().top - ps[i - 1].getBoundingClientRect().bottom;
                  const margin = parseFloat(getComputedStyle(ps[i - 1]).marginBottom);
                  if (Math.abs(gap - margin) > 1) bad.push(i + ': ' + gap + ' vs ' + margin);
                }
                return bad.join('; ');
                """);
        assertEquals("", gaps);
    }

    @Test
    void keyboardAloneSelectsAndComments() throws Exception {
        UUID group = GroupFixtures.group("ines", "alice");
        try (Browser alice = open("alice", ESSAY, group)) {
            Actions keys = new Actions(alice.driver);
            for (int i = 0; i < 30 && !"text".equals(alice.driver.switchTo().activeElement().getAttribute("id")); i++) {
                keys.sendKeys(Keys.TAB).perform();
            }
            assertEquals("text", alice.driver.switchTo().activeElement().getAttribute("id"), "Tab reaches the text");
            for (int i = 0; i < 3; i++) {
                keys.keyDown(Keys.CONTROL).keyDown(Keys.SHIFT).sendKeys(Keys.ARROW_RIGHT).keyUp(Keys.SHIFT).keyUp(Keys.CONTROL).perform();
            }
            alice.wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("toolbar")));
            keys.sendKeys(Keys.TAB).perform();
            assertEquals("Highlight", alice.driver.switchTo().activeElement().getText());
            keys.sendKeys(Keys.ARROW_RIGHT).perform();
            assertEquals("Comment", alice.driver.switchTo().activeElement().getText());
            keys.sendKeys(Keys.ENTER).perform();
            alice.wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("annotation-form")));
            assertEquals("form-text", alice.driver.switchTo().activeElement().getAttribute("id"));
            keys.sendKeys("Typed without a mouse.").sendKeys(Keys.TAB).sendKeys("keyboard").sendKeys(Keys.ENTER).perform();
            String card = waitCard(alice, "Typed without a mouse.").getAttribute("id");
            // by id: a live event may re-render the card (and the reader keeps the focus on it)
            alice.wait.until(d -> card.equals(d.switchTo().activeElement().getAttribute("id")));
            assertEquals("Joseph Stalin is", onlyItem("alice", group).getString(
                    "target.selector.find { it.type == 'TextQuoteSelector' }.exact"));
            alice.screenshot("reader-10-keyboard");
        }
    }

    @Test
    void anchoringConvertsBetweenUtf16AndCodePoints() throws Exception {
        UUID group = GroupFixtures.group("ines", "alice");
        try (Browser alice = open("alice", ESSAY, group)) {
            Object result = ((JavascriptExecutor) alice.driver).executeAsyncScript("""
                    const done = arguments[arguments.length - 1];
                    import('/js/anchoring.js').then(a => {
                      const s = 'a😀b’c👩‍👧d';
                      const chars = Array.from(s);
                      const out = [
                        a.cpLength(s), a.cpToUtf16(s, 2), a.utf16ToCp(s, 3), a.cpToUtf16(s, 99),
                        JSON.stringify(a.resolve({selector: [{type: 'TextQuoteSelector', exact: 'c', prefix: 'b’', suffix: '👩'},
                                                             {type: 'TextPositionSelector', start: 0, end: 1}]}, chars, s)),
                        JSON.stringify(a.resolve({selector: [{type: 'TextPositionSelector', start: 1, end: 2}]}, chars, s)),
                        JSON.stringify(a.resolve({selector: [{type: 'TextQuoteSelector', exact: 'zzz'}]}, chars, s)),
                      ];
                      done(out.join('|'));
                    }).catch(e => done('error ' + e));
                    """);
            // a, 😀 (2 units), b, ’, c, 👩 (2), ZWJ, 👧 (2), d: 9 code points, 12 UTF-16 units
            assertEquals("9|3|2|12|{\"start\":4,\"end\":5}|{\"start\":1,\"end\":2}|null", result);
        }
    }

    @Test
    void anExpiredSessionSendsToSignInAndTheDraftSurvives() throws Exception {
        UUID group = GroupFixtures.group("ines", "alice");
        String passage = "Thousands of people were rounded up and imprisoned";
        try (Browser alice = open("alice", ESSAY, group)) {
            choose(alice, passage, passage, "questioning");
            alice.driver.findElement(By.id("form-text")).sendKeys("How many thousands, and by whose count?");
            alice.driver.findElement(By.id("form-tags")).sendKeys("numbers");
            alice.driver.manage().deleteAllCookies(); // the app session is gone, as after expiry
            ((JavascriptExecutor) alice.driver).executeScript("document.body.dataset.old = '1'");
            alice.driver.findElement(By.id("form-save")).click();
            // the page reloads through Keycloak: its own session may still be alive (silent sign-in) or ask again
            alice.wait.until(d -> !d.findElements(By.id("username")).isEmpty()
                    || !d.findElements(By.cssSelector("body:not([data-old]) #reader[data-ready]")).isEmpty());
            if (!alice.driver.findElements(By.id("username")).isEmpty()) {
                alice.signIn("alice");
            }
            ready(alice);
            alice.wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("annotation-form")));
            assertEquals("How many thousands, and by whose count?", alice.driver.findElement(By.id("form-text")).getAttribute("value"));
            assertEquals("numbers", alice.driver.findElement(By.id("form-tags")).getAttribute("value"));
            alice.screenshot("reader-11-draft-restored");
            alice.driver.findElement(By.id("form-save")).click();
            waitCard(alice, "by whose count?");
            assertEquals(passage, onlyItem("alice", group).getString("target.selector.find { it.type == 'TextQuoteSelector' }.exact"));
        }
    }

    @Test
    void theReaderWithTheEssayTransfersUnder100KilobytesCompressed() throws Exception {
        UUID group = GroupFixtures.group("ines", "alice");
        // a new browser profile, so nothing comes from the cache: everything of the first visit counts, but
        // alice's own list of groups, which grows with every test of the suite that put her in one (over
        // 100 KB raw by the end of a full run; a student's list is a few groups)
        try (Browser alice = open("alice", ESSAY, group)) {
            @SuppressWarnings("unchecked")
            Map<String, Object> w = (Map<String, Object>) ((JavascriptExecutor) alice.driver).executeScript("""
                    const all = [performance.getEntriesByType('navigation')[0], ...performance.getEntriesByType('resource')]
                      .filter(e => !/\\.(woff2?|ttf|otf)$/.test(e.name))
                      .filter(e => !e.name.endsWith('/api/groups'));
                    return {transfer: all.reduce((n, e) => n + e.transferSize, 0),
                            decoded: all.reduce((n, e) => n + e.decodedBodySize, 0),
                            list: all.map(e => e.name.replace(location.origin, '') + ' ' + e.transferSize + '/' + e.decodedBodySize).join('\\n')};
                    """);
            long transfer = ((Number) w.get("transfer")).longValue();
            System.out.printf("reader page weight: %d bytes transferred (%d decoded)%n%s%n", transfer,
                    ((Number) w.get("decoded")).longValue(), w.get("list"));
            assertTrue(transfer > 10_000 && transfer < 100_000, "transferred " + transfer + " bytes:\n" + w.get("list"));
        }
    }

    @Test
    void aDeletedCommentLeavesItsThreadReadableAsDeleted() throws Exception {
        UUID group = GroupFixtures.group("ines", "alice", "bob");
        String docIri = TestStack.appUrl() + "/api/documents/" + ESSAY;
        String root = Tokens.as("alice").contentType(ANNO).body(Map.of("@context", "http://www.w3.org/ns/anno.jsonld",
                "type", "Annotation", "motivation", "commenting",
                "body", List.of(Map.of("type", "TextualBody", "purpose", "commenting", "value", "Soon to be deleted")),
                "target", Map.of("source", docIri, "selector", Map.of("type", "TextQuoteSelector",
                        "exact", "Stalin quickly consolidated his power")),
                "group", group.toString(), "visibility", "group"))
                .post("/api/documents/" + ESSAY + "/annotations/").then().statusCode(201).extract().header("Location");
        Tokens.as("bob").contentType(ANNO).body(Map.of("@context", "http://www.w3.org/ns/anno.jsonld", "type", "Annotation",
                "motivation", "replying", "target", root,
                "body", List.of(Map.of("type", "TextualBody", "purpose", "commenting", "value", "A reply that must survive"))))
                .post("/api/documents/" + ESSAY + "/annotations/").then().statusCode(201);
        Tokens.as("alice").delete(path(root)).then().statusCode(204);

        try (Browser bob = open("bob", ESSAY, group)) {
            WebElement card = waitCard(bob, "A reply that must survive");
            assertTrue(card.getText().contains("Deleted annotation"), card.getText());
            assertFalse(card.getText().contains("Soon to be deleted"), "the deleted text is not shown");
            assertEquals("Deleted annotation on “Stalin quickly consolidated his power”", card.getAttribute("aria-label"));
            assertTrue(card.findElements(By.cssSelector("form.reply-form")).isEmpty(), "no reply box on a deleted annotation");
            bob.screenshot("reader-11-deleted-thread");
        }
    }

    // ---- helpers -----------------------------------------------------------------------------

    static Browser open(String user, String slug, UUID group) throws Exception {
        Browser b = new Browser();
        b.driver.get(TestStack.appUrl() + "/read/" + slug);
        b.signIn(user);
        ready(b);
        chooseGroup(b, group);
        return b;
    }

    static void ready(Browser b) {
        b.wait.until(d -> d.findElement(By.id("reader")).getAttribute("data-ready") != null);
        assertThrows(NoAlertPresentException.class, () -> b.driver.switchTo().alert());
    }

    static void chooseGroup(Browser b, UUID group) {
        String before = b.driver.findElement(By.id("reader")).getAttribute("data-ready");
        Select s = new Select(b.driver.findElement(By.id("group-switcher")));
        if (group.toString().equals(s.getFirstSelectedOption().getAttribute("value"))) {
            return;
        }
        s.selectByValue(group.toString());
        b.wait.until(d -> !before.equals(d.findElement(By.id("reader")).getAttribute("data-ready")));
    }

    /** Selects from the start of one string to the end of another in the text, as a mouse drag would, and releases. */
    static void select(Browser b, String from, String to) {
        Object ok = ((JavascriptExecutor) b.driver).executeScript("""
                const [from, to] = arguments;
                const root = document.getElementById('text');
                const find = (needle, atEnd) => {
                  const w = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
                  const nodes = []; let all = '';
                  for (let n = w.nextNode(); n; n = w.nextNode()) { nodes.push([n, all.length]); all += n.data; }
                  let i = all.indexOf(needle);
                  if (i < 0) return null;
                  if (atEnd) i += needle.length;
                  for (let k = nodes.length - 1; k >= 0; k--) {
                    const [n, at] = nodes[k];
                    if (at < i || (at === i && !atEnd)) return [n, i - at];
                  }
                  return [nodes[0][0], 0];
                };
                const a = find(from, false), z = find(to, true);
                if (!a || !z) return false;
                const r = document.createRange();
                r.setStart(a[0], a[1]); r.setEnd(z[0], z[1]);
                const sel = getSelection(); sel.removeAllRanges(); sel.addRange(r);
                root.dispatchEvent(new MouseEvent('mouseup', {bubbles: true}));
                return true;
                """, from, to);
        assertEquals(Boolean.TRUE, ok, "found " + from + " … " + to);
    }

    /** Selects and presses the toolbar button for this motivation. */
    static void choose(Browser b, String from, String to, String motivation) {
        select(b, from, to);
        b.wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("toolbar")));
        b.driver.findElement(By.cssSelector("#toolbar [data-motivation=" + motivation + "]")).click();
    }

    /** Selects, presses Highlight in the toolbar, and waits until the margin shows this many cards. */
    static void highlight(Browser b, String from, String to, int cards) {
        choose(b, from, to, "highlighting");
        b.wait.until(d -> d.findElements(By.cssSelector("#margin > .card")).size() == cards);
    }

    static void source(Browser b, int index, String url, String title, String author, String year, String locator, String excerpt) {
        b.driver.findElement(By.id("add-source")).click();
        WebElement fs = b.driver.findElements(By.cssSelector("#form-sources fieldset")).get(index);
        String[][] fields = { { "source", url }, { "title", title }, { "authors", author }, { "published", year }, { "locator", locator },
            { "excerpt", excerpt } };
        for (String[] f : fields) {
            if (!f[1].isEmpty()) {
                fs.findElement(By.name(f[0])).sendKeys(f[1]);
            }
        }
    }

    static WebElement waitCard(Browser b, String text) {
        return b.wait.until(d -> d.findElements(By.cssSelector("#margin > .card")).stream()
                .filter(c -> c.getText().contains(text)).findFirst().orElse(null));
    }

    static String marksText(Browser b, String cls) {
        return (String) ((JavascriptExecutor) b.driver).executeScript(
                "return Array.from(document.querySelectorAll('#text mark.' + arguments[0])).map(m => m.textContent).join('')", cls);
    }

    static void assertInert(Browser b) {
        assertThrows(NoAlertPresentException.class, () -> b.driver.switchTo().alert());
        JavascriptExecutor js = (JavascriptExecutor) b.driver;
        assertEquals(0L, js.executeScript("return document.querySelectorAll('[onerror], #margin script, #margin img, #form-preview img').length"));
        assertEquals(0L, js.executeScript("return Array.from(document.querySelectorAll('a[href]'))"
                + ".filter(a => /^\\s*javascript:/i.test(a.getAttribute('href'))).length"));
        assertFalse(b.driver.getPageSource().contains("onerror=alert"), "no live onerror attribute in the DOM");
    }

    static JsonPath onlyItem(String user, UUID group) {
        return onlyItem(user, group, ESSAY);
    }

    static JsonPath onlyItem(String user, UUID group, String slug) {
        JsonPath page = Tokens.as(user).accept(ANNO).queryParam("group", group.toString())
                .get("/api/documents/" + slug + "/annotations/").then().statusCode(200).extract().jsonPath();
        List<Map<String, Object>> roots = page.getList("first.items.findAll { it.motivation != 'replying' }");
        assertEquals(1, roots.size(), page.prettify());
        return new JsonPath(toJson(roots.get(0)));
    }

    static String toJson(Object o) {
        try {
            return new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsString(o);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static void assertAnchoredAt(JsonPath item, String exact, int start) {
        assertEquals(exact, item.getString("target.selector.find { it.type == 'TextQuoteSelector' }.exact"));
        assertEquals(start, item.getInt("target.selector.find { it.type == 'TextPositionSelector' }.start"));
        assertEquals(start + exact.codePointCount(0, exact.length()),
                item.getInt("target.selector.find { it.type == 'TextPositionSelector' }.end"));
    }

    static String essayText() {
        return Tokens.as("alice").get("/api/documents/" + ESSAY).then().statusCode(200).extract().path("text");
    }

    static int codePointIndex(String text, String needle) {
        int i = text.indexOf(needle);
        assertTrue(i >= 0, needle);
        return text.codePointCount(0, i);
    }

    static String path(String iri) {
        return java.net.URI.create(iri).getPath();
    }

    /**
     * A question by bob, an assessment by ines and a highlight by alice, through the API, so the reader has a few
     * kinds to show. ASCII only: REST Assured encodes an unknown media type such as ld+json as ISO-8859-1.
     */
    static void moreAnnotations(UUID group) {
        String docIri = TestStack.appUrl() + "/api/documents/" + ESSAY;
        Tokens.as("bob").contentType(ANNO).body(Map.of("@context", "http://www.w3.org/ns/anno.jsonld", "type", "Annotation",
                "motivation", "questioning", "body", List.of(Map.of("type", "TextualBody", "purpose", "commenting",
                        "value", "Which **rivals** are meant here?"), Map.of("type", "TextualBody", "purpose", "tagging", "value", "rivals")),
                "target", Map.of("source", docIri, "selector", Map.of("type", "TextQuoteSelector",
                        "exact", "began to eliminate his political rivals")),
                "group", group.toString(), "visibility", "group"))
                .post("/api/documents/" + ESSAY + "/annotations/").then().log().ifValidationFails().statusCode(201);
        Tokens.as("ines").contentType(ANNO).body(Map.of("@context", "http://www.w3.org/ns/anno.jsonld", "type", "Annotation",
                "motivation", "assessing", "body", List.of(
                        Map.of("type", "TextualBody", "purpose", "commenting", "value", "Stalin led from the late 1920s; the Red Terror was 1918 to 1922, under Lenin."),
                        Map.of("type", "TextualBody", "purpose", "assessing", "value", "misleading"),
                        Map.of("type", "Citation", "purpose", "citing", "url", "https://en.wikipedia.org/wiki/Red_Terror", "title", "Red Terror")),
                "target", Map.of("source", docIri, "selector", Map.of("type", "TextQuoteSelector",
                        "exact", "The Red Terror, which occurred during the early years of Stalin")),
                "group", group.toString(), "visibility", "group"))
                .post("/api/documents/" + ESSAY + "/annotations/").then().log().ifValidationFails().statusCode(201);
        Tokens.as("alice").contentType(ANNO).body(Map.of("@context", "http://www.w3.org/ns/anno.jsonld", "type", "Annotation",
                "motivation", "highlighting",
                "target", Map.of("source", docIri, "selector", Map.of("type", "TextQuoteSelector",
                        "exact", "is one of the most notorious examples")),
                "group", group.toString(), "visibility", "group"))
                .post("/api/documents/" + ESSAY + "/annotations/").then().log().ifValidationFails().statusCode(201);
    }
}
