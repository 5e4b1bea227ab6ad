package org.scholion.reader;

import io.quarkus.test.junit.QuarkusTest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.openqa.selenium.JavascriptExecutor;
import org.scholion.testing.Browser;
import org.scholion.testing.GroupFixtures;
import org.scholion.testing.TestStack;
import org.scholion.testing.Tokens;

/**
 * Benchmark, not a test (not named *Test, and off unless -Dscholion.bench=reader; run it with
 * bench/reader/run.sh): seeds 1,000 annotations on the essay through the API with bearer tokens,
 * then opens the reader in headless Chromium and reads the Performance API marks the reader sets.
 */
@QuarkusTest
@EnabledIfSystemProperty(named = "scholion.bench", matches = "reader")
class ReaderBench {
    static final String ANNO = "application/ld+json; profile=\"http://www.w3.org/ns/anno.jsonld\"";
    static final String[] KINDS = { "commenting", "commenting", "questioning", "highlighting", "assessing" };
    static final String[] VERDICTS = { "accurate", "inaccurate", "misleading", "unsupported" };
    static final String[] USERS = { "alice", "bob", "carol", "dave", "ines" };

    @Test
    void timeToAllHighlightsRenderedWithAThousandAnnotations() throws Exception {
        int n = Integer.getInteger("scholion.bench.annotations", 1000);
        int runs = Integer.getInteger("scholion.bench.runs", 5);
        UUID group = GroupFixtures.group("ines", "alice", "bob", "carol", "dave");
        String text = Tokens.as("alice").get("/api/documents/red-terror-essay").then().statusCode(200).extract().path("text");
        int length = text.codePointCount(0, text.length());
        String docIri = TestStack.appUrl() + "/api/documents/red-terror-essay";
        Random random = new Random(42);
        long t0 = System.nanoTime();
        List<String> roots = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            String kind = KINDS[i % KINDS.length];
            int start = random.nextInt(length - 150);
            int end = start + 5 + random.nextInt(140);
            List<Map<String, Object>> body = new ArrayList<>();
            if (!kind.equals("highlighting")) {
                body.add(Map.of("type", "TextualBody", "purpose", "commenting", "format", "text/markdown",
                        "value", "Note " + i + ": is this **claim** supported? See [the source](https://example.org/" + i + ")."));
            }
            body.add(Map.of("type", "TextualBody", "purpose", "tagging", "value", "tag" + (i % 7)));
            if (kind.equals("assessing")) {
                body.add(Map.of("type", "TextualBody", "purpose", "assessing", "value", VERDICTS[i % 4]));
            }
            if (i % 2 == 0 || kind.equals("assessing")) {
                body.add(Map.of("type", "Citation", "purpose", "citing", "url", "https://example.org/book/" + i, "title", "Book " + i,
                        "author", "Author " + i, "published", "19" + (50 + i % 50), "locator", "p. " + i));
            }
            String iri = Tokens.as(USERS[i % USERS.length]).contentType(ANNO).body(Map.of(
                    "@context", "http://www.w3.org/ns/anno.jsonld", "type", "Annotation", "motivation", kind, "body", body,
                    "target", Map.of("source", docIri, "selector", Map.of("type", "TextPositionSelector", "start", start, "end", end)),
                    "group", group.toString(), "visibility", "group"))
                    .post("/api/documents/red-terror-essay/annotations/").then().statusCode(201).extract().header("Location");
            roots.add(iri);
        }
        System.out.printf("seeded %d annotations in %.1f s%n", n, (System.nanoTime() - t0) / 1e9);

        try (Browser b = ReaderBrowserTest.open("alice", "red-terror-essay", group)) {
            List<Double> highlights = new ArrayList<>();
            List<Double> cards = new ArrayList<>();
            for (int r = 0; r < runs; r++) {
                b.driver.navigate().refresh();
                ReaderBrowserTest.ready(b);
                @SuppressWarnings("unchecked")
                Map<String, Object> m = (Map<String, Object>) ((JavascriptExecutor) b.driver).executeScript("""
                        const at = name => performance.getEntriesByName(name)[0].startTime;
                        return {highlights: at('highlights-rendered'), cards: at('cards-rendered'),
                                marks: document.querySelectorAll('#text mark').length,
                                cardCount: document.querySelectorAll('#margin > .card').length};
                        """);
                if (((Number) m.get("cardCount")).intValue() != n) {
                    throw new AssertionError("expected " + n + " cards, got " + m);
                }
                highlights.add(((Number) m.get("highlights")).doubleValue());
                cards.add(((Number) m.get("cards")).doubleValue());
                System.out.printf("run %d: all highlights rendered at %.0f ms after navigation start, cards at %.0f ms (%s marks)%n",
                        r + 1, highlights.get(r), cards.get(r), m.get("marks"));
            }
            highlights.sort(null);
            cards.sort(null);
            System.out.printf("RESULT annotations=%d runs=%d median highlights-rendered=%.0f ms, median cards-rendered=%.0f ms%n", n, runs,
                    highlights.get(runs / 2), cards.get(runs / 2));
        }
    }
}
