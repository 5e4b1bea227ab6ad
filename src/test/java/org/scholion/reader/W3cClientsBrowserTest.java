package org.scholion.reader;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.scholion.reader.ReaderBrowserTest.path;
import static org.scholion.reader.ReaderBrowserTest.ready;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpServer;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.support.ui.Select;
import org.scholion.documents.DocumentUploads;
import org.scholion.testing.Browser;
import org.scholion.testing.GroupFixtures;
import org.scholion.testing.TestStack;
import org.scholion.testing.Tokens;

/**
 * Issue 19, "W3C clients as they are": three real W3C Web Annotation client libraries make
 * annotations in Chromium on the reader page, exactly as they make them; the test POSTs each one
 * unchanged, reads it back, and has every library resolve what the server returns to the same
 * passage, then checks the reader paints it.
 *
 * <p>The libraries run from the bundles in {@code src/test/resources/w3c-clients/} (built from npm
 * by {@code src/test/w3c-clients/build.sh}; see the README there): Apache Annotator 0.2.0
 * ({@code window.ApacheAnnotator}), Recogito's Text Annotator 4.1.1 ({@code window.RecogitoText})
 * and dokieli's web-annotation 1.1.0 ({@code window.DokieliAnnotation}). They are injected with
 * {@code executeScript}, which the page's Content-Security-Policy does not govern.
 *
 * <p>Each step is its own method ({@link #generate}, {@link #post}, {@link #assertServerContract},
 * {@link #resolveWithApacheAnnotator}, {@link #resolveWithDokieli}, {@link #resolveWithRecogito},
 * {@link #assertReaderHighlights}) so that each can be checked on
 * its own; {@link #theThreeLibrariesResolveTheServersOwnRepresentation} uses only the resolvers.
 */
@QuarkusTest
class W3cClientsBrowserTest {
    static final String ANNO = ReaderBrowserTest.ANNO;
    static final String ANNO_CONTEXT = "http://www.w3.org/ns/anno.jsonld";
    static final String ESSAY = ReaderBrowserTest.ESSAY;
    static final ObjectMapper JSON = new ObjectMapper();

    /**
     * A reading with five characters outside the Basic Multilingual Plane before the
     * passage (📜, 🏛 with its variation selector, the Fraktur 𝔄 and 𝔅, the CJK Extension B 𠀀)
     * and two inside it: UTF-16 code units and code points differ by 5 at its start, by 7 at its end.
     */
    static final String EMOJI_TEXT = "Scroll 📜 and temple 🏛️ in the archive.\n\nLetters 𝔄𝔅 and the rare 𠀀 sign came first.\n\n"
            + "Then the 📜 scroll of 𝔄 laws was read aloud in the square.\n\nA last line.";
    static final String EMOJI_PASSAGE = "the 📜 scroll of 𝔄 laws was read aloud";

    /** A reading with BMP characters only (UTF-16 code units are code points). */
    static final String BMP_TEXT = "Printing came to Venice in 1469.\n\nAldus Manutius printed small portable editions there.\n";
    static final String BMP_PASSAGE = "printed small portable editions";

    static final String COMMENT = "Read aloud, not posted: who could read in 1918?";
    static final String TAG = "literacy";

    /** The three libraries, each with its bundle, the global it defines, and a passage of the essay of its own. */
    enum Library {
        APACHE_ANNOTATOR("apache-annotator.js", "ApacheAnnotator", "The Soviet secret police, known as the Cheka"),
        RECOGITO("recogito-text-annotator.js", "RecogitoText", "caused widespread shortages of food"),
        DOKIELI("dokieli-web-annotation.js", "DokieliAnnotation", "He used propaganda to portray the campaign");

        final String bundle;
        final String global;
        final String essayPassage;

        Library(String bundle, String global, String essayPassage) {
            this.bundle = bundle;
            this.global = global;
            this.essayPassage = essayPassage;
        }
    }

    /** A document as the reader shows it, and the passage annotated on it. */
    record Doc(String slug, String text, String passage) {
        String iri() {
            return TestStack.appUrl() + "/api/documents/" + slug;
        }

        /** The annotation container; relative IRIs a client sends are resolved against it (see {@link #resolve}). */
        String container() {
            return iri() + "/annotations/";
        }

        int codePointStart() {
            return text.codePointCount(0, text.indexOf(passage));
        }

        boolean hasSupplementaryCharactersBeforePassage() {
            String before = text.substring(0, text.indexOf(passage));
            return before.length() != before.codePointCount(0, before.length());
        }
    }

    // ---- the tests ------------------------------------------------------------------------------

    @Test
    void apacheAnnotatorsSelectorsInAMinimalAnnotationAreStoredAndResolvedByEveryLibrary() {
        roundTrips(Library.APACHE_ANNOTATOR);
    }

    @Test
    void recogitosAnnotationIsStoredAsItIsAndResolvedByEveryLibrary() {
        roundTrips(Library.RECOGITO);
    }

    @Test
    void dokielisAnnotationIsStoredAsItIsAndResolvedByEveryLibrary() {
        roundTrips(Library.DOKIELI);
    }

    /**
     * The library on the shipped essay and on the emoji reading (plain text, as ines uploads it),
     * and on the same text uploaded as Markdown, whose rendition is the canonical text with no
     * template around it; each document is reported on its own.
     */
    static void roundTrips(Library library) {
        assertAll(() -> roundTrip(library, essay(library)),
                () -> roundTrip(library, emojiReading("text/plain", "scrolls.txt")),
                () -> roundTrip(library, emojiReading("text/markdown", "scrolls.md")));
    }

    /**
     * The resolvers alone, on what the server returns today for Scholion's own simple shape (a
     * TextQuoteSelector and a comment), on two Markdown readings, whose rendition in {@code #text} is
     * the canonical text: one with only BMP characters, where UTF-16 offsets are code points and all
     * three libraries resolve the plain representation, and the emoji text, where Apache Annotator
     * and dokieli do (Recogito needs {@code ?positions=utf16} there: see {@link #roundTrip}).
     *
     * <p>The comment is there for Recogito: its parseW3CTextAnnotation throws on an annotation
     * without a body (a highlight), "Cannot destructure property 'id' of 'n' as it is undefined",
     * in {@code parseW3CBodies} of @annotorious/core 3.8.10, which maps {@code [undefined]}; the Data
     * Model allows no body ("There SHOULD be 1 or more body relationships ... but there MAY be 0").
     */
    @Test
    void theThreeLibrariesResolveTheServersOwnRepresentation() throws Exception {
        for (Doc doc : List.of(upload("text/markdown", "printing.md", BMP_TEXT, BMP_PASSAGE),
                emojiReading("text/markdown", "scrolls.md"))) {
            String body = JSON.writeValueAsString(Map.of("@context", ANNO_CONTEXT, "type", "Annotation", "motivation", "commenting",
                    "body", List.of(Map.of("type", "TextualBody", "purpose", "commenting", "value", COMMENT)),
                    "target", Map.of("source", doc.iri(), "selector", Map.of("type", "TextQuoteSelector", "exact", doc.passage()))));
            Response created = post(doc.slug(), body);
            assertEquals(201, created.statusCode(), created.asString());
            JsonNode stored = get(created.header("Location"), null);
            assertEquals(doc.codePointStart(), selector(stored, "TextPositionSelector").get("start").asInt());
            boolean bmpOnly = doc.text().length() == doc.text().codePointCount(0, doc.text().length());
            UUID group = GroupFixtures.group("ines", "alice");
            try (Browser alice = ReaderBrowserTest.open("alice", doc.slug(), group)) {
                assertTextIsTheCanonicalText(alice, doc, null);
                load(alice);
                assertResolvedByApacheAnnotatorAndDokieli(alice, stored, doc);
                if (bmpOnly) {
                    assertEquals(doc.passage(), resolveWithRecogito(alice, stored), "Recogito's parseW3CTextAnnotation + reviveSelector");
                }
            }
        }
    }

    /**
     * What stays refused, as the issue requires: a remote @context other than the W3C one (whose
     * terms could mean anything; the server must not fetch it to find out), and a target that
     * selects no text.
     */
    @Test
    void aRemoteContextAndATargetWithoutTextSelectorAreRefused() throws Exception {
        Doc doc = essay(Library.APACHE_ANNOTATOR);
        AtomicInteger fetched = new AtomicInteger();
        HttpServer contexts = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        contexts.createContext("/", exchange -> {
            fetched.incrementAndGet();
            byte[] ctx = "{\"@context\": {\"exact\": \"http://example.org/not-oa#exact\"}}".getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/ld+json");
            exchange.sendResponseHeaders(200, ctx.length);
            exchange.getResponseBody().write(ctx);
            exchange.close();
        });
        contexts.start();
        try {
            String remote = "http://127.0.0.1:" + contexts.getAddress().getPort() + "/context.jsonld";
            for (Object context : List.of(remote, List.of(ANNO_CONTEXT, remote))) {
                String body = JSON.writeValueAsString(Map.of("@context", context, "type", "Annotation", "motivation", "highlighting",
                        "target", Map.of("source", doc.iri(), "selector", Map.of("type", "TextQuoteSelector", "exact", doc.passage()))));
                Response r = post(doc.slug(), body);
                System.out.println("[w3c-clients] @context " + context + " -> " + r.statusCode() + " " + r.asString());
                assertEquals(400, r.statusCode(), r.asString());
                assertTrue(r.contentType().startsWith("application/problem+json"), r.contentType());
                assertTrue(r.jsonPath().getList("errors.field").contains("@context"), r.asString());
            }
            assertEquals(0, fetched.get(), "the server fetched the remote @context");
        } finally {
            contexts.stop(0);
        }

        // a FragmentSelector alone names an element of some rendering, not a passage of the text
        String onlyFragment = JSON.writeValueAsString(Map.of("@context", ANNO_CONTEXT, "type", "Annotation", "motivation", "highlighting",
                "target", Map.of("source", doc.iri(), "selector", Map.of("type", "FragmentSelector", "value", "text",
                        "conformsTo", "https://tools.ietf.org/html/rfc3987"))));
        Response r = post(doc.slug(), onlyFragment);
        System.out.println("[w3c-clients] only a FragmentSelector -> " + r.statusCode() + " " + r.asString());
        assertEquals(422, r.statusCode(), r.asString());
        assertTrue(r.contentType().startsWith("application/problem+json"), r.contentType());
        assertTrue(r.asString().contains("selector"), r.asString());
    }

    // ---- one library on one document, end to end ---------------------------------------------------

    /**
     * In a browser signed in as alice on {@code /read/{slug}}: the library makes its annotation of
     * the passage; it is POSTed as it is; the server's answer is checked against the contract; Apache
     * Annotator and dokieli resolve it; the reader, loaded again, paints it; Recogito resolves it as
     * {@code ?positions=utf16} returns it.
     */
    static void roundTrip(Library library, Doc doc) throws Exception {
        // a new group of her own: the page shows no highlights while the library reads its DOM
        UUID group = GroupFixtures.group("ines", "alice");
        try (Browser alice = ReaderBrowserTest.open("alice", doc.slug(), group)) {
            load(alice);
            String produced = generate(alice, library, doc);
            System.out.println("[w3c-clients] " + library + " on " + doc.slug() + " produced:\n" + produced);
            JsonNode sent = JSON.readTree(produced);

            Response created = post(doc.slug(), produced);
            System.out.println("[w3c-clients] " + library + " on " + doc.slug() + ": POST -> " + created.statusCode()
                    + " Scholion-Notice: " + created.header("Scholion-Notice") + "\n" + created.asString());
            // first the cause that no server change mends: positions counted on a page that shows another text
            assertTextIsTheCanonicalText(alice, doc, "POST -> " + created.statusCode() + " " + created.asString());
            assertEquals(201, created.statusCode(), library + " on " + doc.slug() + ": " + created.asString());
            String location = created.header("Location");
            JsonNode stored = get(location, null);
            System.out.println("[w3c-clients] " + library + " on " + doc.slug() + " stored:\n" + stored.toPrettyString());
            assertServerContract(library, doc, sent, location, created.header("Scholion-Notice"), stored);

            assertResolvedByApacheAnnotatorAndDokieli(alice, stored, doc);

            assertReaderHighlights(alice, doc, stored.get("id").asText());

            // ?positions=utf16: the same annotation with its TextPositionSelector in UTF-16 code units, an
            // opt-in for clients that count that way (Recogito revives by position alone, in UTF-16 code
            // units: dist/text-annotator.es.js:81-91); the W3C representation itself stays in code points
            JsonNode utf16 = get(location, "utf16");
            int utf16Start = doc.text().indexOf(doc.passage());
            assertEquals(utf16Start, selector(utf16, "TextPositionSelector").get("start").asInt(), utf16.toString());
            assertEquals(utf16Start + doc.passage().length(), selector(utf16, "TextPositionSelector").get("end").asInt());
            assertEquals(doc.passage(), selector(utf16, "TextQuoteSelector").get("exact").asText());
            load(alice);
            assertEquals(doc.passage(), resolveWithRecogito(alice, utf16), "Recogito's parseW3CTextAnnotation + reviveSelector");
        }
    }

    /** Apache Annotator's two matchers and dokieli's resolver find the passage in what the server returned. */
    static void assertResolvedByApacheAnnotatorAndDokieli(Browser b, JsonNode stored, Doc doc) throws IOException {
        Map<String, Object> apache = resolveWithApacheAnnotator(b, stored);
        Map<String, Object> dokieli = resolveWithDokieli(b, stored);
        System.out.println("[w3c-clients] " + doc.slug() + " resolved by Apache Annotator " + apache + ", by dokieli " + dokieli);
        assertEquals(doc.passage(), apache.get("quote"), "Apache Annotator's TextQuoteSelector matcher");
        assertEquals(doc.passage(), apache.get("position"), "Apache Annotator's TextPositionSelector matcher");
        assertEquals(doc.passage(), dokieli.get("selector"), "dokieli's parseAnnotation + resolveSelectorToRange");
        @SuppressWarnings("unchecked")
        List<Object> extras = (List<Object>) dokieli.get("extra");
        for (Object extra : extras) {
            assertEquals(doc.passage(), extra, "dokieli resolves each further selector as it was sent: " + dokieli);
        }
    }

    /**
     * A library counts and quotes the DOM text of the element it is given, here {@code #text}: its
     * positions are the server's only when {@code #text}'s textContent is the document's canonical
     * text, whitespace and all.
     */
    static void assertTextIsTheCanonicalText(Browser b, Doc doc, String context) throws IOException {
        String shown = (String) js(b, "return document.getElementById('text').textContent");
        if (!shown.equals(doc.text())) {
            int at = 0;
            while (at < shown.length() && at < doc.text().length() && shown.charAt(at) == doc.text().charAt(at)) {
                at++;
            }
            fail("#text of /read/" + doc.slug() + " is not the document's canonical text, so a W3C client's positions and"
                    + " quotes are not the server's: " + shown.length() + " UTF-16 units shown, " + doc.text().length()
                    + " in the text, first different at " + at + ": shown " + JSON.writeValueAsString(
                            shown.substring(at, Math.min(shown.length(), at + 24))) + ", text " + JSON.writeValueAsString(
                                    doc.text().substring(at, Math.min(doc.text().length(), at + 24)))
                    + (context == null ? "" : " (" + context + ")"));
        }
    }

    // ---- generation: each library makes its annotation as it makes it -----------------------------

    /** The annotation the library makes for the passage in {@code #text}, as JSON text, untouched. */
    static String generate(Browser b, Library library, Doc doc) {
        String json = switch (library) {
            case APACHE_ANNOTATOR -> generateWithApacheAnnotator(b, doc);
            case RECOGITO -> generateWithRecogito(b, doc);
            case DOKIELI -> generateWithDokieli(b, doc);
        };
        assertFalse(json.startsWith("ERROR"), json);
        return json;
    }

    /**
     * Apache Annotator describes a Range as selectors and makes no annotation: its selectors
     * ({@code describeTextQuote}, {@code describeTextPosition}, scope {@code #text}) go into the
     * smallest W3C annotation around them, without ids.
     */
    static String generateWithApacheAnnotator(Browser b, Doc doc) {
        return (String) asyncJs(b, """
                const [passage, source, comment] = arguments;
                const scope = document.getElementById('text');
                const range = scholionPassageRange(scope, passage);
                const quote = await ApacheAnnotator.describeTextQuote(range, scope);
                const position = await ApacheAnnotator.describeTextPosition(range, scope);
                return JSON.stringify({
                  '@context': 'http://www.w3.org/ns/anno.jsonld', type: 'Annotation', motivation: 'commenting',
                  body: { type: 'TextualBody', purpose: 'commenting', value: comment, format: 'text/plain' },
                  target: { source, selector: [quote, position] },
                });
                """, doc.passage(), doc.iri(), COMMENT);
    }

    /**
     * Recogito's Text Annotator as its selection handler and W3C adapter make it: the target
     * {@code {annotation, selector: [rangeToSelector(range, container)], created, creator, updated}}
     * (dist/text-annotator.es.js, the selection handler near line 656/686; the id is the uuid
     * package's v4, which is crypto.randomUUID), bodies from {@code createBody} (a comment and a
     * tag, as an app adds them), serialised by {@code W3CTextFormat(source, container)}.
     */
    static String generateWithRecogito(Browser b, Doc doc) {
        return (String) asyncJs(b, """
                const [passage, source, comment, tag] = arguments;
                const container = document.getElementById('text');
                const range = scholionPassageRange(container, passage);
                const user = { id: 'alice', name: 'Alice Martin' };
                const id = crypto.randomUUID();
                const annotation = {
                  id,
                  bodies: [
                    RecogitoText.createBody(id, { type: 'TextualBody', purpose: 'commenting', value: comment }, new Date(), user),
                    RecogitoText.createBody(id, { type: 'TextualBody', purpose: 'tagging', value: tag }, new Date(), user),
                  ],
                  target: { annotation: id, selector: [RecogitoText.rangeToSelector(range, container)], created: new Date(),
                            creator: user, updated: new Date() },
                };
                return JSON.stringify(RecogitoText.W3CTextFormat(source, container).serialize(annotation));
                """, doc.passage(), doc.iri(), COMMENT, TAG);
    }

    /**
     * dokieli's "comment" action, as dokieli's app makes and POSTs it (github.com/dokieli/dokieli at
     * 5b74d7b1): the selection's parent element is the container (src/editor/toolbar/social/handlers.js:75,
     * 257); {@code selectionToSelectors} in auto mode with ContextLength 32 (src/editor/utils/annotation.js:171,
     * src/config.js:276), of which the app keeps ONE selector: the RangeSelector, else the
     * FragmentSelector, else the TextQuoteSelector (annotation.js:175-177), its refinedBy carrying the
     * TextQuote and TextPosition selectors; the target IRI is the document with the fragment of the nearest
     * element with an id (handlers.js:295); motivation {@code oa:replying} for "comment" (config.js:190);
     * the form's defaults language "en" and CC BY 4.0 (src/doc.js:2969, 2994); {@code renderedVia}
     * dokie.li (annotation.js:205); and {@code iri = ''} before it is serialised and POSTed, "so the
     * annotation is addressed by its storage URL" (handlers.js:139). The document IRI stands for
     * dokieli's {@code Config.DocumentURL}.
     */
    static String generateWithDokieli(Browser b, Doc doc) {
        return (String) asyncJs(b, """
                const [passage, source, comment, tag] = arguments;
                const D = DokieliAnnotation;
                const range = scholionPassageRange(document.getElementById('text'), passage);
                const selection = getSelection();
                selection.removeAllRanges();
                selection.addRange(range);
                const selectedParentElement = D.getSelectedParentElement(range);
                const parentNodeWithId = selectedParentElement.closest('[id]');
                const targetIRI = parentNodeWithId ? source + '#' + parentNodeWithId.id : source;
                const { selectors = [] } = D.selectionToSelectors(selection, { container: selectedParentElement, contextLength: 32 }) || {};
                selection.removeAllRanges();
                const selector = selectors.find(s => s.type === 'RangeSelector')
                  || selectors.find(s => s.type === 'FragmentSelector')
                  || selectors.find(s => s.type === 'TextQuoteSelector');
                const license = 'https://creativecommons.org/licenses/by/4.0/';
                const noteData = D.createAnnotation({
                  motivatedBy: 'oa:replying', type: 'comment', id: D.generateId(), datetime: new Date().toISOString(),
                  language: 'en', license, rights: license,
                  target: { iri: targetIRI, source, language: 'en', selector, renderedVia: { iri: 'https://dokie.li/#i', name: 'dokieli' } },
                  body: { content: comment, tags: tag },
                  creator: { iri: 'https://alice.example/profile/card#me', name: 'Alice Martin' },
                });
                noteData.mode = 'write';
                noteData.iri = '';
                return JSON.stringify(D.serializeAnnotationToJSONLD(noteData));
                """, doc.passage(), doc.iri(), COMMENT, TAG);
    }

    // ---- resolution: each library reads back what the server returned -----------------------------

    /**
     * Apache Annotator's TextQuoteSelector and TextPositionSelector matchers (it counts code points,
     * as the server does) on {@code #text}, with the annotation's top-level selectors: what the first
     * range each yields says ({@code quote}, {@code position}).
     */
    @SuppressWarnings("unchecked")
    static Map<String, Object> resolveWithApacheAnnotator(Browser b, JsonNode annotation) throws IOException {
        String result = (String) asyncJs(b, """
                const anno = JSON.parse(arguments[0]);
                const scope = document.getElementById('text');
                const target = Array.isArray(anno.target) ? anno.target[0] : anno.target;
                const selectors = [].concat(target.selector);
                const quote = selectors.find(s => s.type === 'TextQuoteSelector');
                const position = selectors.find(s => s.type === 'TextPositionSelector');
                const first = async matches => { for await (const r of matches) return r.toString(); return 'no match'; };
                return JSON.stringify({
                  quote: quote ? await first(ApacheAnnotator.createTextQuoteSelectorMatcher(quote)(scope)) : 'no TextQuoteSelector',
                  position: position ? await first(ApacheAnnotator.createTextPositionSelectorMatcher(position)(scope))
                    : 'no TextPositionSelector',
                });
                """, annotation.toString());
        assertFalse(result.startsWith("ERROR"), result);
        return JSON.readValue(result, Map.class);
    }

    /**
     * dokieli's {@code parseAnnotation} and {@code resolveSelectorToRange} on {@code #text}, as
     * dokieli reads an annotation: it keeps the first selector of a list (dist/parse.js:118), so
     * {@code selector} is what that one resolves to; and, in {@code extra}, what each top-level
     * selector other than the TextQuote and TextPosition ones resolves to when given alone.
     */
    @SuppressWarnings("unchecked")
    static Map<String, Object> resolveWithDokieli(Browser b, JsonNode annotation) throws IOException {
        String result = (String) asyncJs(b, """
                const anno = JSON.parse(arguments[0]);
                const scope = document.getElementById('text');
                const D = DokieliAnnotation;
                const target = Array.isArray(anno.target) ? anno.target[0] : anno.target;
                const parsed = await D.parseAnnotation(anno);
                const range = parsed && parsed.target.selector ? D.resolveSelectorToRange(scope, parsed.target.selector) : null;
                const extra = [];
                for (const s of [].concat(target.selector).filter(s => s.type !== 'TextQuoteSelector' && s.type !== 'TextPositionSelector')) {
                  const one = D.parseStoredAnnotation({ ...anno, target: { ...target, selector: s } });
                  const r = one && one.target.selector ? D.resolveSelectorToRange(scope, one.target.selector) : null;
                  extra.push(r ? r.toString() : 'unresolved ' + s.type);
                }
                return JSON.stringify({ selector: range ? range.toString() : 'unresolved: ' + JSON.stringify(parsed && parsed.target), extra });
                """, annotation.toString());
        assertFalse(result.startsWith("ERROR"), result);
        return JSON.readValue(result, Map.class);
    }

    /**
     * Recogito's {@code parseW3CTextAnnotation} and {@code reviveSelector} on {@code #text}: the
     * text of the revived range. Recogito revives by position alone and counts UTF-16 code units,
     * so it must be given the annotation as {@code ?positions=utf16} returns it.
     */
    static String resolveWithRecogito(Browser b, JsonNode annotationInUtf16) {
        String result = (String) asyncJs(b, """
                const r = RecogitoText.parseW3CTextAnnotation(JSON.parse(arguments[0]));
                if (r.error) return 'parse error: ' + r.error.message;
                return RecogitoText.reviveSelector(r.parsed.target.selector[0], document.getElementById('text')).range.toString();
                """, annotationInUtf16.toString());
        assertFalse(result.startsWith("ERROR"), result);
        return result;
    }

    /** The reader, loaded again with "Only me" (the annotations carry no group: they are private), paints the passage. */
    static void assertReaderHighlights(Browser b, Doc doc, String iri) {
        b.driver.get(TestStack.appUrl() + "/read/" + doc.slug());
        ready(b);
        Select groups = new Select(b.driver.findElement(By.id("group-switcher")));
        if (!"private".equals(groups.getFirstSelectedOption().getAttribute("value"))) {
            String before = b.driver.findElement(By.id("reader")).getAttribute("data-ready");
            groups.selectByValue("private");
            b.wait.until(d -> !before.equals(d.findElement(By.id("reader")).getAttribute("data-ready")));
        }
        String uuid = iri.substring(iri.lastIndexOf('/') + 1);
        b.wait.until(d -> doc.passage().equals(js(b, """
                return Array.from(document.querySelectorAll('#text mark[data-ids~="' + arguments[0] + '"]'))
                  .map(m => m.textContent).join('')""", uuid)));
        b.wait.until(d -> !d.findElements(By.id("card-" + uuid)).isEmpty());
    }

    // ---- the server contract -------------------------------------------------------------------

    /**
     * What the server must make of the annotation the library sent (issue 19). Relative IRIs the
     * client sent ("#x", a bare UUID) are resolved against the new annotation's IRI — the base of a
     * POSTed representation (LDP 1.0 §5.2.3.7) — as RFC 3986 §5 resolves a reference ({@link #resolve}).
     */
    static void assertServerContract(Library library, Doc doc, JsonNode sent, String location, String notice, JsonNode stored) {
        // Protocol §5.1: "the server ... MUST assign an IRI to the Annotation resource in the id property,
        // even if it already has one provided ... The IRI for the Annotation MUST be the IRI of the Container
        // with an additional component added to the end." "The response MUST have a Location header with the
        // Annotation's new IRI."
        assertEquals(location, stored.get("id").asText());
        assertTrue(location.startsWith(doc.container()) && location.length() > doc.container().length(), location);

        // Protocol §5.1: "If the Annotation has an IRI in the id property, then it SHOULD be copied to the
        // via property, and the IRI assigned by the server, at which the Annotation will be available, MUST
        // be put in the id field to replace it."
        JsonNode clientId = sent.get("id");
        if (clientId == null || !URI.create(clientId.asText()).isAbsolute()) {
            // a relative id ("" as dokieli sends it, "#x", Recogito's bare UUID) names the resource this POST
            // creates (LDP 1.0 §5.2.3.7: servers "MUST interpret the null relative URI for the subject of triples
            // ... in the request entity body as identifying the entity in the request body"): its IRI is the
            // server's id, and there is nothing else to keep as via
            JsonNode via = stored.get("via");
            assertTrue(via == null || via.asText().equals(location), "a relative id is this annotation, not " + via);
        } else {
            assertEquals(clientId.asText(), text(stored.get("via")), "via: " + stored);
        }
        // Protocol §5.1: "If the Annotation contains a canonical link, then it MUST be maintained without change."
        if (sent.hasNonNull("canonical")) {
            assertEquals(sent.get("canonical").asText(), text(stored.get("canonical")));
        }

        // Bodies keep the ids the client gave them (Data Model §3.2: a body "MAY have exactly 1 IRI that
        // identifies it"; the server may not take it away from the body it belongs to).
        for (JsonNode body : list(sent.get("body"))) {
            if (!body.hasNonNull("id")) {
                continue;
            }
            // relative ids resolve against the annotation's own IRI, the base of what was POSTed (LDP 1.0 §5.2.3.7)
            String id = resolve(location, body.get("id").asText());
            JsonNode back = list(stored.get("body")).stream().filter(b -> id.equals(text(b.get("id")))).findFirst()
                    .orElseThrow(() -> new AssertionError("body " + id + " is not in " + stored.get("body")));
            boolean tag = "tagging".equals(text(body.get("purpose")));
            assertEquals(tag ? "tagging" : "commenting", text(back.get("purpose")), back.toString());
            assertEquals(tag ? TAG : COMMENT, text(back.get("value")), back.toString());
        }

        JsonNode target = stored.get("target").isArray() ? stored.get("target").get(0) : stored.get("target");
        assertEquals(doc.iri(), text(target.get("source")));
        List<JsonNode> sentSelectors = list(firstTarget(sent).get("selector"));
        List<JsonNode> storedSelectors = list(target.get("selector"));

        // Data Model §4.2: a Selector "MAY have exactly 1 IRI that identifies it"; every selector id sent,
        // at the top or inside a refinedBy, comes back on a selector of the same type.
        List<JsonNode> storedAll = new ArrayList<>();
        storedSelectors.forEach(s -> walkSelectors(s, storedAll));
        List<JsonNode> sentAll = new ArrayList<>();
        sentSelectors.forEach(s -> walkSelectors(s, sentAll));
        for (JsonNode s : sentAll) {
            if (s.hasNonNull("id")) {
                String id = resolve(location, s.get("id").asText());
                assertTrue(storedAll.stream().anyMatch(x -> id.equals(text(x.get("id"))) && s.get("type").equals(x.get("type"))),
                        s.get("type") + " " + id + " is not in " + target.get("selector"));
            }
        }
        // Selectors other than TextQuote and TextPosition (dokieli's FragmentSelector or RangeSelector with their
        // refinedBy, an XPathSelector) come back in target.selector as sent, their ids resolved the same way.
        for (JsonNode s : sentSelectors) {
            String type = text(s.get("type"));
            if (!"TextQuoteSelector".equals(type) && !"TextPositionSelector".equals(type)) {
                JsonNode expected = withResolvedIds(s.deepCopy(), location);
                assertTrue(storedSelectors.contains(expected), "expected " + expected + " in " + target.get("selector"));
            }
        }

        // The quote is the passage; the position is in code points. Data Model §4.2.4 and §4.2.5: "The
        // selection of the text MUST be in terms of unicode code points (the "character number"), not in
        // terms of code units (that number expressed using a selected data type)."
        assertEquals(doc.passage(), text(selector(stored, "TextQuoteSelector").get("exact")));
        int start = doc.codePointStart();
        assertEquals(start, selector(stored, "TextPositionSelector").get("start").asInt(), target.toString());
        assertEquals(start + doc.passage().codePointCount(0, doc.passage().length()),
                selector(stored, "TextPositionSelector").get("end").asInt());

        // Recogito counts in UTF-16 code units (dist/text-annotator.es.js:66, textContent.length): where they differ
        // from code points the server reads its offsets as such and says so.
        if (library == Library.RECOGITO && doc.hasSupplementaryCharactersBeforePassage()) {
            assertNotNull(notice, "a Scholion-Notice header on the POST");
            assertTrue(notice.toLowerCase(Locale.ROOT).contains("utf-16"), notice);
        }
    }

    /**
     * A reference the client sent, resolved against the container IRI as RFC 3986 §5.2 resolves a
     * relative reference against a base URI: "#x" becomes {@code <container>#x}, a bare UUID
     * {@code <container><uuid>}; an absolute IRI (a {@code urn:uuid:}, an http IRI) stays as it is.
     */
    static String resolve(String container, String reference) {
        return URI.create(container).resolve(reference).toString();
    }

    static JsonNode withResolvedIds(JsonNode node, String container) {
        if (node.isObject()) {
            ObjectNode o = (ObjectNode) node;
            if (o.hasNonNull("id") && o.get("id").isTextual()) {
                o.put("id", resolve(container, o.get("id").asText()));
            }
            o.properties().forEach(e -> withResolvedIds(e.getValue(), container));
        } else if (node.isArray()) {
            node.forEach(n -> withResolvedIds(n, container));
        }
        return node;
    }

    static void walkSelectors(JsonNode s, List<JsonNode> into) {
        if (s == null || !s.isObject()) {
            return;
        }
        into.add(s);
        list(s.get("refinedBy")).forEach(r -> walkSelectors(r, into));
        walkSelectors(s.get("startSelector"), into);
        walkSelectors(s.get("endSelector"), into);
    }

    /** The annotation's top-level selector of this type. */
    static JsonNode selector(JsonNode annotation, String type) {
        return list(firstTarget(annotation).get("selector")).stream().filter(s -> type.equals(text(s.get("type")))).findFirst()
                .orElseThrow(() -> new AssertionError("no " + type + " in " + annotation.get("target")));
    }

    static JsonNode firstTarget(JsonNode annotation) {
        JsonNode t = annotation.get("target");
        return t.isArray() ? t.get(0) : t;
    }

    static List<JsonNode> list(JsonNode n) {
        List<JsonNode> out = new ArrayList<>();
        if (n == null || n.isNull()) {
            return out;
        }
        if (n.isArray()) {
            n.forEach(out::add);
        } else {
            out.add(n);
        }
        return out;
    }

    /** A string value; a JSON-LD value object's {@code @value}. */
    static String text(JsonNode n) {
        if (n == null || n.isNull()) {
            return null;
        }
        return n.isObject() && n.has("@value") ? n.get("@value").asText() : n.asText();
    }

    // ---- the documents, the HTTP side, the browser ----------------------------------------------

    static Doc essay(Library library) {
        String text = ReaderBrowserTest.essayText();
        String passage = library.essayPassage;
        assertEquals(text.indexOf(passage), text.lastIndexOf(passage), "the passage is found once: " + passage);
        return new Doc(ESSAY, text, passage);
    }

    /** The emoji reading, uploaded by ines as this type of file. */
    static Doc emojiReading(String type, String filename) {
        return upload(type, filename, EMOJI_TEXT, EMOJI_PASSAGE);
    }

    /** A reading uploaded by ines and made public, so that alice reads and annotates it. */
    static Doc upload(String type, String filename, String content, String passage) {
        String slug = DocumentUploads.upload("ines", filename, type, content.getBytes(StandardCharsets.UTF_8),
                "W3C clients " + UUID.randomUUID().toString().substring(0, 8)).then().statusCode(201).extract().path("slug");
        Tokens.as("ines").header("If-Match", "\"1\"").multiPart("public", "true").put("/api/documents/" + slug)
                .then().statusCode(200);
        String text = Tokens.as("alice").get("/api/documents/" + slug).then().statusCode(200).extract().path("text");
        assertEquals(text.indexOf(passage), text.lastIndexOf(passage), "the passage is found once: " + text);
        assertTrue(text.contains(passage), text);
        return new Doc(slug, text, passage);
    }

    /** POSTs the JSON exactly as given (its UTF-8 bytes), as alice, to the document's container. */
    static Response post(String slug, String json) {
        return Tokens.as("alice").contentType(ANNO).accept(ANNO).body(json.getBytes(StandardCharsets.UTF_8))
                .post("/api/documents/" + slug + "/annotations/");
    }

    /** GETs an annotation, with {@code ?positions=} when given. */
    static JsonNode get(String iri, String positions) throws IOException {
        var request = Tokens.as("alice").accept(ANNO);
        if (positions != null) {
            request = request.queryParam("positions", positions);
        }
        Response r = request.get(path(iri));
        assertEquals(200, r.statusCode(), "GET " + iri + (positions == null ? "" : "?positions=" + positions) + ": " + r.asString());
        return JSON.readTree(r.asByteArray());
    }

    /** Injects the three bundles and the passage finder into the page. */
    static void load(Browser b) throws IOException {
        for (Library l : Library.values()) {
            js(b, bundle(l.bundle) + "\n;window." + l.global + " = " + l.global + "; return null;");
        }
        js(b, """
                // the DOM Range over the passage's only occurrence in root's text (across text nodes)
                window.scholionPassageRange = (root, passage) => {
                  const w = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
                  const nodes = [];
                  let all = '';
                  for (let n = w.nextNode(); n; n = w.nextNode()) { nodes.push([n, all.length]); all += n.data; }
                  const i = all.indexOf(passage);
                  if (i < 0 || all.indexOf(passage, i + 1) >= 0) throw new Error('not found once: ' + passage);
                  const at = (k, end) => nodes.find(([n, s]) => end ? k > s && k <= s + n.data.length : k >= s && k < s + n.data.length);
                  const [a, as] = at(i, false), [z, zs] = at(i + passage.length, true);
                  const r = document.createRange();
                  r.setStart(a, i - as);
                  r.setEnd(z, i + passage.length - zs);
                  return r;
                };
                return null;""");
        for (Library l : Library.values()) {
            assertEquals("object", js(b, "return typeof window." + l.global), l.global);
        }
    }

    static String bundle(String name) throws IOException {
        try (InputStream in = W3cClientsBrowserTest.class.getResourceAsStream("/w3c-clients/" + name)) {
            assertNotNull(in, "src/test/resources/w3c-clients/" + name);
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    static Object js(Browser b, String script, Object... args) {
        return ((JavascriptExecutor) b.driver).executeScript(script, args);
    }

    /**
     * Runs the body of an async function with these arguments; its value, or "ERROR ..." when it threw.
     * The body is put in the script's text, not compiled from a string at run time: the page's
     * Content-Security-Policy would refuse that.
     */
    static Object asyncJs(Browser b, String body, Object... args) {
        return ((JavascriptExecutor) b.driver).executeAsyncScript("""
                const done = arguments[arguments.length - 1];
                (async function () {
                """ + body + """
                }).apply(null, Array.from(arguments).slice(0, -1)).then(done, e => done('ERROR ' + e + '\\n' + e.stack));
                """, args);
    }
}
