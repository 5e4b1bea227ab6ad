package org.scholion.documents.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.JavascriptExecutor;
import org.scholion.testing.Browser;

/**
 * The rendition in a real browser (headless Chromium): set as a container's innerHTML, its {@code textContent} is the
 * canonical text exactly, for every format; and no sanitised XSS vector runs anything. Needs no app, only Chromium.
 *
 * <p>DOM Standard, "textContent" getter: for an Element, "the descendant text content of this", which is "the
 * concatenation of the data of all the Text node descendants of node, in tree order". W3C selectors count in code
 * points, so the browser's code-point count of that string is compared too.
 */
class IngestBrowserTest {
    private static Browser browser;
    private static JavascriptExecutor js;

    @BeforeAll
    static void start() throws Exception {
        browser = new Browser();
        js = (JavascriptExecutor) browser.driver;
    }

    @AfterAll
    static void stop() {
        if (browser != null) {
            browser.close();
        }
    }

    @BeforeEach
    void blankPage() {
        browser.driver.get("about:blank");
        js.executeScript("""
                window.ran = [];
                window.xss = (why) => window.ran.push(String(why || 'xss'));
                window.alert = window.confirm = window.prompt = (m) => window.ran.push('alert ' + m);
                document.body.innerHTML = '<div id=text></div>';
                """);
    }

    /** What the browser makes of the rendition: its textContent, and that text's length in code points. */
    private static List<Object> inBrowser(String rendition) {
        @SuppressWarnings("unchecked")
        List<Object> result = (List<Object>) js.executeScript("""
                const text = document.getElementById('text');
                text.innerHTML = arguments[0];
                return [text.textContent, [...text.textContent].length];
                """, rendition);
        return result;
    }

    private static void assertTextContentIsTheText(Ingested read) {
        List<Object> seen = inBrowser(read.rendition());
        assertEquals(read.text(), seen.get(0), read.format() + " rendition's textContent");
        assertEquals((long) read.text().codePointCount(0, read.text().length()), seen.get(1));
    }

    @Test
    void everyFormatsRenditionHasTheTextAsItsTextContent() {
        Ingest ingest = Samples.ingest();
        List<Ingested> reads = List.of(
                ingest.read(Samples.essay(), "red-terror-essay.md", null),
                ingest.read(Samples.resource("/ingest/article.html"), "article.html", null),
                ingest.read(Samples.resource("/ingest/tables.md"), "tables.md", null),
                ingest.read(Samples.pdf(List.of("Première page — naïve café\nSecond line with ж and 😀",
                        "Page two: Ωμέγα\n  indented < & >", "Page three"), null, null), "three.pdf", null),
                ingest.read(Samples.utf8("<p>x</p><pre>\n\n  code\n</pre><p><em>e</em>\u0301 a&nbsp;b &#13; c</p>"
                        + "<table><tr><td>1<td>2</table>text after a table<ul><li>a<li>b</ul>"), "edge.html", null));
        assertEquals(List.of(Format.MARKDOWN, Format.HTML, Format.MARKDOWN, Format.PDF, Format.HTML),
                reads.stream().map(Ingested::format).toList());
        for (Ingested read : reads) {
            assertTextContentIsTheText(read);
        }
        assertTrue(reads.get(0).text().contains("Stalin\u2019s rule"));
    }

    @Test
    void plainTextHasNoRenditionAndIsItsOwnTextNode() {
        Ingested read = Samples.ingest().read(Samples.essay(), "red-terror-essay.txt", null);
        assertNull(read.rendition());
        Object seen = js.executeScript("""
                const text = document.getElementById('text');
                text.textContent = arguments[0];
                return text.textContent;
                """, read.text());
        assertEquals(read.text(), seen);
    }

    @Test
    void pdfPagesAreSectionsWhosePageNumbersAreNotText() {
        Ingested read = Samples.ingest().read(Samples.pdf("one", "two", "three"), "pages.pdf", null);
        inBrowser(read.rendition());
        @SuppressWarnings("unchecked")
        List<Object> pages = (List<Object>) js.executeScript("""
                const style = document.createElement('style');
                style.textContent = 'section.page { white-space: pre-wrap } section.page::before { content: "p. " attr(data-page) }';
                document.head.appendChild(style);
                return [...document.querySelectorAll('#text section.page')].map(s => [s.dataset.page, s.textContent,
                        getComputedStyle(s, '::before').content]);
                """);
        assertEquals(List.of(List.of("1", "one", "\"p. 1\""), List.of("2", "two", "\"p. 2\""), List.of("3", "three", "\"p. 3\"")), pages);
        assertEquals(read.text(), inBrowserText());
        assertEquals("one\n\ntwo\n\nthree", read.text());
        assertEquals(List.of(0, 5, 10), read.pages());
    }

    private static Object inBrowserText() {
        return js.executeScript("return document.getElementById('text').textContent");
    }

    @Test
    void theHarnessSeesScriptThatRuns() {
        // the control: unsanitised, these do run, so the flag below can tell
        js.executeScript("document.getElementById('text').innerHTML = arguments[0]",
                "<img src=x onerror=xss('img')><a id=js href=\"javascript:xss('href')\">x</a>");
        js.executeScript("document.getElementById('js').click()");
        browser.wait.withTimeout(Duration.ofSeconds(5)).until(d -> ((List<?>) js.executeScript("return window.ran")).size() >= 2);
    }

    @Test
    void noSanitisedXssVectorRunsLoadsOrKeepsAHandler() throws InterruptedException {
        List<String> renditions = new ArrayList<>();
        for (String vector : XssVectors.ALL) {
            renditions.add(Samples.ingest().read(Samples.utf8("<p>before</p>" + vector + "<p>after</p>"), "x.html", null).rendition());
        }
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> found = (List<Map<String, Object>>) js.executeScript("""
                const text = document.getElementById('text');
                const found = [];
                arguments[0].forEach((html, i) => {
                  const box = document.createElement('div');
                  box.innerHTML = html;
                  text.appendChild(box);
                  for (const el of box.querySelectorAll('*')) {
                    for (const a of el.attributes) {
                      const value = a.value.replace(/[\\u0000-\\u0020]/g, '').toLowerCase();
                      if (a.name.startsWith('on') || a.name === 'style' || a.name === 'src' || a.name === 'srcdoc'
                          || a.name === 'action' || a.name === 'formaction' || /^(javascript|vbscript|data):/.test(value)) {
                        found.push({vector: i, element: el.tagName, attribute: a.name, value: a.value});
                      }
                    }
                    // the browser's own reading of the URL, after entities and white space
                    if (el.tagName === 'A' && el.hasAttribute('href') && !['http:', 'https:', 'mailto:'].includes(el.protocol)) {
                      found.push({vector: i, element: 'A', attribute: 'href', value: el.href});
                    }
                    if (['SCRIPT', 'STYLE', 'IFRAME', 'FRAME', 'OBJECT', 'EMBED', 'BASE', 'META', 'LINK', 'FORM', 'INPUT',
                         'BUTTON', 'IMG', 'SVG', 'MATH', 'TEMPLATE', 'VIDEO', 'AUDIO', 'SOURCE', 'TEXTAREA', 'SELECT'].includes(el.tagName.toUpperCase())) {
                      found.push({vector: i, element: el.tagName});
                    }
                    // give every handler a chance to run, had one survived
                    for (const type of ['mouseover', 'focus', 'click', 'load', 'error', 'toggle', 'animationstart', 'begin']) {
                      if (el.tagName !== 'A') el.dispatchEvent(new Event(type));
                    }
                  }
                });
                return found;
                """, renditions);
        Thread.sleep(500);
        assertEquals(List.of(), found);
        assertEquals(List.of(), js.executeScript("return window.ran"));
        assertFalse((Boolean) js.executeScript("return 'pwned' in window"));
        assertEquals("about:blank", browser.driver.getCurrentUrl());
        assertEquals(0L, js.executeScript("return document.querySelectorAll('#text script, #text style, #text [style]').length"));
    }
}
