package org.scholion.annotations;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.scholion.testing.TestStack;
import org.scholion.testing.Tokens;
import org.scholion.testing.W3cModel;

/**
 * Issue 19, rule by rule: what W3C clients write is accepted as they write it and what they say is
 * kept; what is really bad stays a clear 4xx with nothing stored. (The three client libraries
 * themselves run in {@code reader/W3cClientsBrowserTest}.) Every stored annotation still passes the
 * W3C test suite's model assertions.
 */
@QuarkusTest
class W3cClientsInputTest {

    private static JsonNode read(String iri) throws Exception {
        return Anno.JSON.readTree(Tokens.as("alice").get(Anno.local(iri)).then().statusCode(200).extract().asString());
    }

    private static JsonNode created(Response r) throws Exception {
        String iri = r.then().statusCode(201).extract().header("Location");
        JsonNode a = read(iri);
        W3cModel.assertConforms(a, W3cModel.Kind.ANNOTATION);
        return a;
    }

    private static JsonNode selector(JsonNode a, String type) {
        for (JsonNode s : a.path("target").path("selector")) {
            if (type.equals(s.path("type").asText())) {
                return s;
            }
        }
        return null;
    }

    @Test
    void idsOfTheAnnotationItsBodiesTargetAndSelectorsAreKeptMadeAbsolute() throws Exception {
        ObjectNode a = Anno.comment(null, "ruthless regime", "ids everywhere");
        // Protocol §5.1: "the server ... MUST assign an IRI"; a client's id is kept as via. Relative
        // references resolve against the container, the document's base (RFC 3986 §5.2).
        a.put("id", "#note-1");
        ((ObjectNode) a.get("body").get(0)).put("id", "#body-1");
        ObjectNode target = (ObjectNode) a.get("target");
        target.put("id", "urn:uuid:5b0c7c67-0a8e-4c5d-8e8e-3f5d1d2c0a11").put("type", "SpecificResource");
        ((ObjectNode) target.get("selector").get(0)).put("id", "selector-quote");
        JsonNode back = created(Anno.post("alice", a));
        String self = back.get("id").asText();
        assertTrue(self.startsWith(Anno.container()), "the id is the server's");
        // LDP 1.0 §5.2.3.7: "the null relative IRI" of a POSTed representation is the created resource,
        // so a relative id names this annotation (nothing to keep as via) and "#body-1" a part of it
        assertFalse(back.has("via"), back.toString());
        assertEquals(self + "#body-1", back.get("body").get(0).get("id").asText());
        assertEquals("urn:uuid:5b0c7c67-0a8e-4c5d-8e8e-3f5d1d2c0a11", back.get("target").get("id").asText());
        assertEquals(java.net.URI.create(self).resolve("selector-quote").toString(), selector(back, "TextQuoteSelector").get("id").asText());
        // an absolute id of the client's is kept as via (Protocol §5.1)
        a.put("id", "https://client.example/annotations/42");
        assertEquals("https://client.example/annotations/42", created(Anno.post("alice", a)).get("via").asText());
    }

    @Test
    void domSelectorsBesideTheTextSelectorsAreKeptAndReturnedAsSent() throws Exception {
        ObjectNode a = Anno.comment(null, "ruthless regime", "a dokieli-style target");
        ObjectNode target = (ObjectNode) a.get("target");
        ArrayNode selectors = (ArrayNode) target.get("selector");
        // dokieli's automatic mode (build-selectors.js, select.js): a FragmentSelector refined by the
        // text selectors, and a RangeSelector of XPath selectors, beside the quote and position
        ObjectNode fragment = selectors.addObject().put("id", "#f1").put("type", "FragmentSelector").put("value", "p-3")
                .put("conformsTo", "https://tools.ietf.org/html/rfc3987");
        fragment.putArray("refinedBy").addObject().put("type", "TextQuoteSelector").put("exact", "ruthless regime");
        ObjectNode range = selectors.addObject().put("type", "RangeSelector");
        range.putObject("startSelector").put("type", "XPathSelector").put("value", "/html[1]/body[1]/p[3]");
        range.putObject("endSelector").put("type", "XPathSelector").put("value", "/html[1]/body[1]/p[3]");
        JsonNode back = created(Anno.post("alice", a));
        ArrayNode got = (ArrayNode) back.get("target").get("selector");
        assertEquals(4, got.size(), got.toString());
        JsonNode f = selector(back, "FragmentSelector");
        assertEquals(back.get("id").asText() + "#f1", f.get("id").asText());
        assertEquals("p-3", f.get("value").asText());
        assertEquals("ruthless regime", f.get("refinedBy").get(0).get("exact").asText());
        assertEquals("/html[1]/body[1]/p[3]", selector(back, "RangeSelector").get("startSelector").get("value").asText());
        assertEquals(Anno.at("ruthless regime", 0), selector(back, "TextPositionSelector").get("start").asInt(),
                "Scholion anchors by the quote");
    }

    @Test
    void onlySelectorsADomResolvesIs422AndUnknownSelectorTypesAre400() {
        long before = Anno.rows();
        ObjectNode a = Anno.comment(null, "ruthless regime", "no text selector");
        ((ObjectNode) a.get("target")).putArray("selector").addObject().put("type", "XPathSelector").put("value", "/html/body/p[3]");
        Anno.post("alice", a).then().statusCode(422).contentType("application/problem+json")
                .body("errors[0].field", equalTo("target.selector")).body("detail", containsString("TextQuoteSelector"));
        ((ObjectNode) a.get("target")).putArray("selector").addObject().put("type", "MagicSelector").put("value", "x");
        Anno.post("alice", a).then().statusCode(400).body("errors[0].field", equalTo("target.selector.type"));
        assertEquals(before, Anno.rows());
    }

    @Test
    void selectorsThatContradictEachOtherAre400() {
        long before = Anno.rows();
        ObjectNode a = Anno.comment(null, "ruthless regime", "two quotes");
        ArrayNode two = (ArrayNode) a.get("target").get("selector");
        two.addObject().put("type", "TextQuoteSelector").put("exact", "Red Terror");
        Anno.post("alice", a).then().statusCode(400).body("errors[0].field", equalTo("target.selector"))
                .body("detail", containsString("same passage"));
        assertEquals(before, Anno.rows());
    }

    @Test
    void expandedValuesAreReadAndHtmlIsKeptSanitised() throws Exception {
        ObjectNode a = Anno.comment(null, "ruthless regime", "x");
        // dokieli's bodyToJSONLD (jsonld.js): the value as {"@value", "@type": rdf:HTML}, format text/html
        ObjectNode body = (ObjectNode) a.get("body").get(0);
        body.put("format", "text/html").putObject("value").put("@value", "<p>Lenin, <em>not</em> Stalin.<script>alert(1)</script></p>")
                .put("@type", "http://www.w3.org/1999/02/22-rdf-syntax-ns#HTML");
        // a language-tagged quote, as dokieli writes a TextQuoteSelector when it knows the language
        ObjectNode quote = (ObjectNode) a.get("target").get("selector").get(0);
        quote.putObject("exact").put("@value", "ruthless regime").put("@language", "en");
        JsonNode back = created(Anno.post("alice", a));
        JsonNode c = back.get("body").get(0);
        assertEquals("text/html", c.get("format").asText());
        assertEquals("<p>Lenin, <em>not</em> Stalin.</p>", c.get("value").asText(), "what runs is gone");
        assertEquals("ruthless regime", selector(back, "TextQuoteSelector").get("exact").asText());
    }

    @Test
    void otherSerializationsAreCompactedToTheW3cContext() throws Exception {
        String doc = TestStack.appUrl() + "/api/documents/" + Anno.SLUG;
        int start = Anno.at("ruthless regime", 0);
        // the same annotation in expanded form (JSON-LD 1.1 §5.1): full IRIs, @id, @type, value objects
        String expanded = """
                [{"@id": "#expanded-1", "@type": ["http://www.w3.org/ns/oa#Annotation"],
                  "http://www.w3.org/ns/oa#motivatedBy": [{"@id": "http://www.w3.org/ns/oa#commenting"}],
                  "http://www.w3.org/ns/oa#hasBody": [{"@type": ["http://www.w3.org/ns/oa#TextualBody"],
                     "http://www.w3.org/1999/02/22-rdf-syntax-ns#value": [{"@value": "expanded form"}]}],
                  "http://www.w3.org/ns/oa#hasTarget": [{"@type": ["http://www.w3.org/ns/oa#SpecificResource"],
                     "http://www.w3.org/ns/oa#hasSource": [{"@id": "%s"}],
                     "http://www.w3.org/ns/oa#hasSelector": [{"@type": ["http://www.w3.org/ns/oa#TextPositionSelector"],
                        "http://www.w3.org/ns/oa#start": [{"@value": %d, "@type": "http://www.w3.org/2001/XMLSchema#nonNegativeInteger"}],
                        "http://www.w3.org/ns/oa#end": [{"@value": %d, "@type": "http://www.w3.org/2001/XMLSchema#nonNegativeInteger"}]}]}]}]
                """.formatted(doc, start, start + "ruthless regime".length());
        JsonNode back = created(Tokens.as("alice").contentType(Anno.MEDIA).body(expanded.getBytes(StandardCharsets.UTF_8)).post(Anno.path()));
        assertEquals("expanded form", back.get("body").get(0).get("value").asText());
        assertEquals("ruthless regime", selector(back, "TextQuoteSelector").get("exact").asText());
        assertFalse(back.has("via"), "a relative id names the annotation created");

        // an inline context with prefixes of its own
        String inline = """
                {"@context": ["http://www.w3.org/ns/anno.jsonld", {"my": "http://www.w3.org/ns/oa#"}],
                 "type": "Annotation", "my:motivatedBy": {"@id": "http://www.w3.org/ns/oa#commenting"},
                 "body": {"type": "TextualBody", "value": "inline context"},
                 "target": {"source": "%s", "selector": {"type": "TextQuoteSelector", "exact": "ruthless regime"}}}
                """.formatted(doc);
        JsonNode again = created(Tokens.as("alice").contentType(Anno.MEDIA).body(inline.getBytes(StandardCharsets.UTF_8)).post(Anno.path()));
        assertEquals("commenting", again.get("motivation").asText());
    }

    @Test
    void remoteContextsAreNotFetchedAndTermsOutsideTheModelAreNamed() {
        long before = Anno.rows();
        ObjectNode a = Anno.comment(null, "ruthless regime", "remote");
        // JSON-LD 1.1 §3.1: a context may be an IRI to load; Scholion loads only the two it bundles
        a.putArray("@context").add("http://www.w3.org/ns/anno.jsonld").add("http://127.0.0.1:9/evil-context.jsonld");
        Anno.post("alice", a).then().statusCode(400).contentType("application/problem+json")
                .body("errors[0].field", equalTo("@context")).body("detail", containsString("not fetched"));
        ObjectNode k = Anno.comment(null, "ruthless regime", "a keyword where a term goes");
        k.put("@graph", "x");
        Anno.post("alice", k).then().statusCode(400).body("errors[0].field", equalTo("@graph"));
        assertEquals(before, Anno.rows());
    }

    @Test
    void aDocumentThatWouldExpandIntoSomethingHugeIsRefusedBeforeItIsProcessed() {
        long before = Anno.rows();
        // an inline context of one long prefix, used by thousands of keys: 60 kB that expands to ~200 MB of IRIs
        StringBuilder b = new StringBuilder("{\"@context\": [\"http://www.w3.org/ns/anno.jsonld\", {\"p\": \"http://example.org/")
                .append("x".repeat(40_000)).append("/\"}], \"type\": \"Annotation\"");
        for (int i = 0; i < 2_000; i++) {
            b.append(", \"p:k").append(i).append("\": 1");
        }
        b.append("}");
        Tokens.as("alice").contentType(Anno.MEDIA).body(b.toString().getBytes(StandardCharsets.UTF_8)).post(Anno.path()).then()
                .statusCode(413).contentType("application/problem+json").body("errors[0].field", equalTo("@context"));
        // and one simply larger than what the processor is given
        String big = "[" + ",".repeat(0) + Anno.comment(null, "ruthless regime", "y".repeat(70_000)).toString() + "]";
        Tokens.as("alice").contentType(Anno.MEDIA).body(big.getBytes(StandardCharsets.UTF_8)).post(Anno.path()).then().statusCode(413);
        assertEquals(before, Anno.rows());
    }

    @Test
    void utf16PositionsAreStoredAsCodePointsAndSaidSo() throws Exception {
        // characters outside the Basic Multilingual Plane before the passage: two UTF-16 units each
        String text = "A scroll 📜 and a temple 🏛 and a letter 𝔄 before the passage that matters, then the rest.";
        String slug = Tokens.as("ines").multiPart("file", "emoji.txt", text.getBytes(StandardCharsets.UTF_8), "text/plain")
                .multiPart("title", "Emoji").multiPart("public", "true").post("/api/documents").then().statusCode(201).extract().path("slug");
        String passage = "the passage that matters";
        int units = text.indexOf(passage);
        int codePoints = text.codePointCount(0, units);
        assertEquals(3, units - codePoints);
        ObjectNode a = Anno.base("commenting");
        a.putArray("body").addObject().put("type", "TextualBody").put("value", "UTF-16 offsets, as Recogito counts");
        ObjectNode t = a.putObject("target").put("source", TestStack.appUrl() + "/api/documents/" + slug);
        ArrayNode sel = t.putArray("selector");
        sel.addObject().put("type", "TextQuoteSelector").put("exact", passage);
        sel.addObject().put("type", "TextPositionSelector").put("start", units).put("end", units + passage.length());
        Response r = Tokens.as("alice").contentType(Anno.MEDIA).body(a.toString().getBytes(StandardCharsets.UTF_8))
                .post("/api/documents/" + slug + "/annotations/");
        r.then().statusCode(201).header("Scholion-Notice", containsString("UTF-16"));
        String iri = r.header("Location");
        // W3C Web Annotation Data Model §4.2.5: "the position ... is measured in Unicode code points"
        JsonNode back = Anno.JSON.readTree(Tokens.as("alice").get(Anno.local(iri)).asString());
        assertEquals(codePoints, selector(back, "TextPositionSelector").get("start").asInt());
        // for clients that count UTF-16 units, on request
        JsonNode utf16 = Anno.JSON.readTree(Tokens.as("alice").get(Anno.local(iri) + "?positions=utf16").asString());
        assertEquals(units, selector(utf16, "TextPositionSelector").get("start").asInt());
        Tokens.as("alice").get(Anno.local(iri) + "?positions=bytes").then().statusCode(400)
                .body("errors[0].field", equalTo("positions"));

        // a position that is wrong either way: the quote decides, and the answer says so
        ((ObjectNode) sel.get(1)).put("start", 2).put("end", 9);
        Response q = Tokens.as("alice").contentType(Anno.MEDIA).body(a.toString().getBytes(StandardCharsets.UTF_8))
                .post("/api/documents/" + slug + "/annotations/");
        q.then().statusCode(201).header("Scholion-Notice", containsString("TextQuoteSelector decided"));
        // agreeing selectors: nothing to say
        ((ObjectNode) sel.get(1)).put("start", codePoints).put("end", codePoints + passage.length());
        Response ok = Tokens.as("alice").contentType(Anno.MEDIA).body(a.toString().getBytes(StandardCharsets.UTF_8))
                .post("/api/documents/" + slug + "/annotations/");
        ok.then().statusCode(201);
        assertNull(ok.header("Scholion-Notice"));
    }

    @Test
    void termsOfOtherVocabulariesAreKeptAndUndefinedTermsIgnoredAsJsonLdDoes() throws Exception {
        ObjectNode a = Anno.comment(null, "ruthless regime", "dokieli's language and licence");
        // compact IRIs with the W3C context's dcterms: prefix, as dokieli writes them (jsonld.js)
        a.put("dcterms:language", "en");
        a.putObject("dcterms:license").put("id", "https://creativecommons.org/licenses/by/4.0/");
        // a term no context defines, as Recogito puts one in its target: JSON-LD drops it (1.1 §4.1.1)
        ((ObjectNode) a.get("target")).put("annotation", "6f57e44d");
        a.remove("motivation");
        Response r = Anno.post("alice", a);
        r.then().statusCode(201).header("Scholion-Notice", containsString("target.annotation"))
                .header("Scholion-Notice", containsString("motivation"));
        JsonNode back = created(r);
        assertEquals("en", back.get("dcterms:language").asText());
        assertEquals("https://creativecommons.org/licenses/by/4.0/", back.get("dcterms:license").get("id").asText());
        assertFalse(back.get("target").has("annotation"));
        assertEquals("commenting", back.get("motivation").asText(), "no motivation: the comment says what it is");
    }

    @Test
    void bodyValueIsAPlainTextComment() throws Exception {
        ObjectNode a = Anno.base("commenting");
        // Web Annotation Data Model §3.2.5: "bodyValue ... a TextualBody ... with the format text/plain"
        a.put("bodyValue", "a string body");
        Anno.onText(a, "ruthless regime", 0);
        JsonNode back = created(Anno.post("alice", a));
        assertEquals("a string body", back.get("body").get(0).get("value").asText());
        assertFalse(back.has("bodyValue"));
    }

    @Test
    void otherTermsOfTheModelAreKept() throws Exception {
        ObjectNode a = Anno.comment(null, "ruthless regime", "rights and style");
        a.put("rights", "https://creativecommons.org/licenses/by/4.0/");
        ((ObjectNode) a.get("target")).put("styleClass", "red");
        // Web Annotation Data Model §4.4: a styleClass names a class of the annotation's stylesheet, so
        // one without the other is refused (the W3C test suite's 4.4-styleClassValidIfPresent)
        long before = Anno.rows();
        Anno.post("alice", a).then().statusCode(400).body("errors[0].field", equalTo("stylesheet"));
        assertEquals(before, Anno.rows());
        a.putObject("stylesheet").put("type", "CssStylesheet").put("value", ".red { color: red }");
        JsonNode back = created(Anno.post("alice", a));
        assertEquals("https://creativecommons.org/licenses/by/4.0/", back.get("rights").asText());
        assertEquals("red", back.get("target").get("styleClass").asText());
    }

    /**
     * "When a later revision moves the passage, selectors Scholion cannot recompute are marked as
     * belonging to the old revision (its state), never silently wrong" (issue 19): after re-anchoring,
     * the DOM selectors leave target.selector for formerTarget, whose TimeState names revision 1.
     */
    @Test
    void domSelectorsOfAnOlderRevisionAreShownAsThatRevisionsNeverAsCurrent() throws Exception {
        String v1 = "First paragraph of the reading.\n\nThe passage a client selected with its DOM.";
        String v2 = "A new opening paragraph.\n\nFirst paragraph of the reading.\n\nThe passage a client selected with its DOM.";
        String slug = Tokens.as("ines").multiPart("file", "dom.txt", v1.getBytes(StandardCharsets.UTF_8), "text/plain")
                .multiPart("title", "DOM").post("/api/documents").then().statusCode(201).extract().path("slug");
        String doc = TestStack.appUrl() + "/api/documents/" + slug;
        ObjectNode a = Anno.base("commenting");
        a.putArray("body").addObject().put("type", "TextualBody").put("value", "made with a DOM");
        ObjectNode t = a.putObject("target").put("source", doc);
        ArrayNode sel = t.putArray("selector");
        sel.addObject().put("id", "#q").put("type", "TextQuoteSelector").put("exact", "The passage a client selected");
        sel.addObject().put("id", "#x").put("type", "XPathSelector").put("value", "/html[1]/body[1]/div[1]/p[2]");
        String iri = Tokens.as("ines").contentType(Anno.MEDIA).body(a.toString().getBytes(StandardCharsets.UTF_8))
                .post("/api/documents/" + slug + "/annotations/").then().statusCode(201).extract().header("Location");
        JsonNode before = Anno.JSON.readTree(Tokens.as("ines").get(Anno.local(iri)).asString());
        assertEquals(3, before.get("target").get("selector").size());
        assertFalse(before.has("formerTarget"));

        Tokens.as("ines").multiPart("file", "dom.txt", v2.getBytes(StandardCharsets.UTF_8), "text/plain").header("If-Match", "\"1\"")
                .put("/api/documents/" + slug).then().statusCode(202);
        java.time.Instant until = java.time.Instant.now().plusSeconds(60);
        while (!"done".equals(Tokens.as("ines").get("/api/documents/" + slug + "/revisions/2/reanchoring").jsonPath().getString("state"))
                && java.time.Instant.now().isBefore(until)) {
            Thread.sleep(100);
        }
        JsonNode after = Anno.JSON.readTree(Tokens.as("ines").get(Anno.local(iri)).asString());
        W3cModel.assertConforms(after, W3cModel.Kind.ANNOTATION);
        assertEquals(doc + "/revisions/2", after.get("target").get("state").get("cached").asText());
        assertEquals(2, after.get("target").get("selector").size(), "only the selectors Scholion recomputed: " + after);
        assertNull(selector(after, "XPathSelector"));
        assertFalse(selector(after, "TextQuoteSelector").has("id"), "the id named the selector of revision 1");
        JsonNode former = after.get("formerTarget");
        assertEquals(doc + "/revisions/1", former.get("state").get("cached").asText());
        assertEquals("/html[1]/body[1]/div[1]/p[2]", former.get("selector").get(0).get("value").asText());
        assertEquals(after.get("id").asText() + "#x", former.get("selector").get(0).get("id").asText());
    }
}
