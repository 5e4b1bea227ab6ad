package org.scholion.documents.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.Test;
import org.scholion.domain.DomainError;

class IngestMarkdownTest {
    private static Ingested md(String markdown) {
        return Samples.ingest().read(Samples.utf8(markdown), "notes.md", null);
    }

    @Test
    void aGfmTableBecomesATableAndItsCellsAreSeparatedInTheText() {
        Ingested read = Samples.ingest().read(Samples.resource("/ingest/tables.md"), "tables.md", "text/plain");
        assertEquals(Format.MARKDOWN, read.format());
        assertEquals("text/markdown", read.mediaType());
        IngestHtmlTest.assertTextContentIsText(read);
        Element body = Jsoup.parseBodyFragment(read.rendition()).body();
        assertEquals(3, body.select("table th").size());
        assertEquals(9, body.select("table td").size());
        assertEquals("Frankenstein | or, The Modern Prometheus", body.select("table td").get(4).text());
        assertEquals("紫式部", body.select("table td").get(6).text());
        assertEquals(1, body.select("blockquote blockquote").size());
        assertEquals(1, body.select("ol > li > ul").size());
        assertEquals("fenced <code> & stuff\n  indented\n", body.selectFirst("pre code").wholeText());
        String text = read.text();
        // a soft line break renders as a space, and is one in the text; a hard one (<br>) is a line feed
        assertTrue(text.startsWith("Reading notes\nSome bold text, some code, and a link. Soft line break here, and a hard one:\nnext line."), text);
        assertTrue(text.contains("Ünïcödé — “quotes” — 😀."), text);
        assertTrue(text.contains("Raw HTML kept safely."), text);
        assertTrue(text.endsWith("A final paragraph with an entity & a ©."), text);
        assertEquals("https://example.org/a?b=1&c=2", body.selectFirst("a").attr("href"));
        assertEquals("noopener noreferrer nofollow", body.selectFirst("a").attr("rel"));
        assertEquals(List.of(), read.pages());
        assertNull(read.found().title());
    }

    @Test
    void rawHtmlInMarkdownGoesThroughTheSameSanitiser() {
        Ingested read = md("Hello <script>alert(1)</script> and <img src=x onerror=alert(2)> and "
                + "<a href=\"javascript:alert(3)\">a link</a>.\n\n<iframe src=\"https://evil.example/\"></iframe>\n\n<p onclick=x()>para</p>\n");
        assertEquals("Hello and and a link.\npara", read.text());
        Element body = Jsoup.parseBodyFragment(read.rendition()).body();
        assertTrue(body.select("script, img, iframe, [onclick], [onerror]").isEmpty(), read.rendition());
        assertFalse(body.selectFirst("a").hasAttr("href"));
        IngestHtmlTest.assertTextContentIsText(read);
    }

    @Test
    void markdownLinksWithScriptUrlsLoseTheirUrl() {
        Ingested read = md("[x](javascript:alert(1)) [y](data:text/html,hi) [z](https://ok.example/)");
        Element body = Jsoup.parseBodyFragment(read.rendition()).body();
        assertEquals(List.of("", "", "https://ok.example/"), body.select("a").eachAttr("href").size() == 1
                ? List.of("", "", body.select("a").get(2).attr("href")) : body.select("a").eachAttr("href"));
        assertEquals("x y z", read.text());
    }

    @Test
    void aDeclaredMarkdownTypeMakesTextMarkdown() {
        Ingested read = Samples.ingest().read(Samples.utf8("# Title\n\ntext"), "notes", "text/markdown; charset=utf-8");
        assertEquals(Format.MARKDOWN, read.format());
        assertEquals("Title\ntext", read.text());
        assertEquals("<h1>Title</h1>\n<p>text</p>", read.rendition());
    }

    @Test
    void thousandsOfNestedQuotesAreReadNotACrash() {
        Ingested read = md(">".repeat(50_000) + " deep\n");
        assertTrue(read.text().endsWith("deep"));
        IngestHtmlTest.assertTextContentIsText(read);
    }

    @Test
    void theEssayAsMarkdownKeepsItsParagraphs() {
        Ingested read = Samples.ingest().read(Samples.essay(), "red-terror-essay.md", null);
        IngestHtmlTest.assertTextContentIsText(read);
        assertEquals(Samples.ingest().read(Samples.essay(), "red-terror-essay.txt", null).text().replaceAll("\n\n+", "\n"), read.text());
    }
}
