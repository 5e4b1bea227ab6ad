package org.scholion.hypothesis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.scholion.annotations.Draft;
import org.scholion.annotations.Motivation;
import org.scholion.annotations.jsonld.AnnotationReader;
import org.scholion.annotations.jsonld.Iris;
import org.scholion.annotations.jsonld.PlainAnnotationReader;
import org.scholion.testing.W3cModel;

/**
 * The W3C annotations made of a Hypothesis export: their shape for each kind (an annotation on the
 * text, a highlight, tags alone, a reply), that the server's own reader takes each of them as a POST,
 * that each conforms to the W3C Web Annotation Data Model, and the order to import them in.
 */
class HypothesisMappingTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String BASE = "http://localhost:8080";
    private static final String SLUG = "red-terror-essay";
    private static final Iris IRIS = Iris.on(BASE);
    private static final String DOCUMENT = IRIS.document(SLUG);

    private static HypothesisAnnotation byId(String id) {
        return HypothesisExportTest.export().annotations().stream().filter(a -> a.id().equals(id)).findFirst().orElseThrow();
    }

    private static JsonNode json(String text) {
        try {
            return JSON.readTree(text);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    // ---- each kind -------------------------------------------------------------------------------

    @Test
    void anAnnotationWithTextAndTagsComments() {
        ObjectNode w3c = HypothesisMapping.toW3c(byId("qX3vJgCMEe-pY8vB2KvN0A"), DOCUMENT, null);
        assertEquals(json("""
                {
                  "@context": "http://www.w3.org/ns/anno.jsonld",
                  "type": "Annotation",
                  "motivation": "commenting",
                  "body": [
                    {"type": "TextualBody", "purpose": "commenting", "format": "text/markdown",
                     "value": "**The dates don’t fit.** Stalin led from 1924, but the Red Terror (Красный террор) ran 1918–1922, under Lenin. See [Wikipedia](https://en.wikipedia.org/wiki/Red_Terror) 🤔"},
                    {"type": "TextualBody", "purpose": "tagging", "value": "history"},
                    {"type": "TextualBody", "purpose": "tagging", "value": "fact-check"}
                  ],
                  "target": {
                    "type": "SpecificResource",
                    "source": "http://localhost:8080/api/documents/red-terror-essay",
                    "selector": {
                      "type": "TextQuoteSelector",
                      "exact": "The Red Terror was a campaign of violence and repression that began in 1918 and lasted until the early 1920s.",
                      "prefix": "eliminate his political rivals. ",
                      "suffix": " The goal of the Red Terror was "
                    }
                  },
                  "via": "https://hypothes.is/a/qX3vJgCMEe-pY8vB2KvN0A",
                  "created": "2025-03-14T09:26:41.504291Z"
                }"""), w3c);
    }

    @Test
    void theTargetKeepsTheQuoteAndNotHypothesisPositions() {
        JsonNode selector = HypothesisMapping.toW3c(byId("qX3vJgCMEe-pY8vB2KvN0A"), DOCUMENT, null).at("/target/selector");
        // Hypothesis' positions count UTF-16 units of its page's text (api.ts:69-77), not code points of Scholion's
        assertTrue(selector.isObject());
        assertFalse(selector.has("start") || selector.has("end"));
    }

    @Test
    void anAnnotationWithoutTextOrTagsHighlights() {
        ObjectNode w3c = HypothesisMapping.toW3c(byId("Tj9Z5ACMEe-0m1X9b2C3dw"), DOCUMENT, null);
        assertEquals("highlighting", w3c.get("motivation").asText());
        assertFalse(w3c.has("body"));
        assertEquals(json("""
                {"type": "TextQuoteSelector", "exact": "Cheka", "prefix": "iet secret police, known as the ",
                 "suffix": ", were given broad powers to arr"}"""), w3c.at("/target/selector"));
    }

    @Test
    void tagsWithoutTextTag() {
        // Scholion's commenting needs a comment (Draft.requireConsistent); tags alone are its tagging
        ObjectNode w3c = HypothesisMapping.toW3c(byId("b1pXnACPEe-cR1ZfW9uQkA"), DOCUMENT, null);
        assertEquals("tagging", w3c.get("motivation").asText());
        assertEquals(json("[{\"type\": \"TextualBody\", \"purpose\": \"tagging\", \"value\": \"propaganda\"}]"), w3c.get("body"));
    }

    @Test
    void aReplyRepliesToItsParentsIri() {
        String parent = IRIS.annotation(SLUG, UUID.fromString("0b6f7a52-3c1e-4d0a-9f5e-2a8c4e1d7b90"));
        ObjectNode w3c = HypothesisMapping.toW3c(byId("Ck2HYgCOEe-sWJ3u6rYbqA"), DOCUMENT, parent);
        assertEquals(json("""
                {
                  "@context": "http://www.w3.org/ns/anno.jsonld",
                  "type": "Annotation",
                  "motivation": "replying",
                  "body": [
                    {"type": "TextualBody", "purpose": "commenting", "format": "text/markdown",
                     "value": "Exactly. Figes, *A People’s Tragedy* (1996), ch. 15 has the numbers."},
                    {"type": "TextualBody", "purpose": "tagging", "value": "sources"}
                  ],
                  "target": "http://localhost:8080/api/documents/red-terror-essay/annotations/0b6f7a52-3c1e-4d0a-9f5e-2a8c4e1d7b90",
                  "via": "https://hypothes.is/a/Ck2HYgCOEe-sWJ3u6rYbqA",
                  "created": "2025-03-15T10:47:09.950212Z"
                }"""), w3c);
    }

    @Test
    void withoutLinksViaIsTheAnnotationsPageOnHypothesis() {
        HypothesisAnnotation a = new HypothesisAnnotation("Zr8sKAGQEe-3nVb7Yw1xTQ", Instant.parse("2025-03-16T12:00:04Z"), null,
                "acct:jlee@hypothes.is", null, "https://essays.example.org/stalin-red-terror", "Why?", List.of(), null, true, false,
                new HypothesisAnnotation.Quote("Cheka", null, null), List.of(), null, null);
        ObjectNode w3c = HypothesisMapping.toW3c(a, DOCUMENT, null);
        assertEquals("https://hypothes.is/a/Zr8sKAGQEe-3nVb7Yw1xTQ", w3c.get("via").asText());
        assertEquals(json("{\"type\": \"TextQuoteSelector\", \"exact\": \"Cheka\"}"), w3c.at("/target/selector"));
    }

    @Test
    void whatTheExportNeverReturnsIsRefused() {
        HypothesisAnnotation reply = byId("7wI0dACNEe-HxzP9mS1t4g");
        HypothesisAnnotation root = byId("qX3vJgCMEe-pY8vB2KvN0A");
        String parent = IRIS.annotation(SLUG, UUID.randomUUID());
        assertThrows(IllegalArgumentException.class, () -> HypothesisMapping.toW3c(reply, DOCUMENT, null));
        assertThrows(IllegalArgumentException.class, () -> HypothesisMapping.toW3c(root, DOCUMENT, parent));
        HypothesisAnnotation silentReply = new HypothesisAnnotation(reply.id(), reply.created(), null, reply.user(), null, reply.uri(),
                " ", List.of(), null, true, false, null, reply.references(), null, null);
        assertThrows(IllegalArgumentException.class, () -> HypothesisMapping.toW3c(silentReply, DOCUMENT, parent));
    }

    // ---- the server takes them -------------------------------------------------------------------

    /**
     * Every annotation of the export, mapped and read by the server's own W3C reader as the POST of a
     * new annotation (forCreate): the draft says what the Hypothesis annotation said. Parents get
     * made-up Scholion ids, as the import would get them from the server.
     */
    @Test
    void theServersReaderTakesEveryMappedAnnotation() {
        AnnotationReader reader = PlainAnnotationReader.on(BASE);
        Map<String, UUID> imported = new HashMap<>();
        for (HypothesisAnnotation a : HypothesisMapping.importOrder(HypothesisExportTest.export().annotations())) {
            String parentIri = a.isReply() ? IRIS.annotation(SLUG, imported.get(a.parentId())) : null;
            Draft draft = reader.forCreate(HypothesisMapping.toW3c(a, DOCUMENT, parentIri), SLUG);
            imported.put(a.id(), UUID.randomUUID());

            assertEquals(HypothesisMapping.motivation(a), draft.motivation(), a.id());
            assertEquals(a.tags(), draft.body().tags(), a.id());
            assertEquals("https://hypothes.is/a/" + a.id(), draft.via(), a.id());
            assertNull(draft.client(), "nothing left over that the reader does not interpret: " + a.id());
            if (a.hasText()) {
                assertEquals(a.text(), draft.body().comment().text(), a.id());
                assertEquals("text/markdown", draft.body().comment().format(), a.id());
            } else {
                assertNull(draft.body().comment(), a.id());
            }
            if (a.isReply()) {
                assertEquals(imported.get(a.parentId()), draft.parentId(), a.id());
                assertNull(draft.selector(), a.id());
            } else {
                assertNull(draft.parentId(), a.id());
                assertEquals(a.quote().exact(), draft.selector().exact(), a.id());
                assertEquals(a.quote().prefix(), draft.selector().prefix(), a.id());
                assertEquals(a.quote().suffix(), draft.selector().suffix(), a.id());
                assertNull(draft.selector().start(), a.id());
            }
        }
        assertEquals(5, imported.size());
    }

    /**
     * The W3C test suite's MUSTs for an annotation (web-platform-tests annotation-model), on each mapped
     * annotation. The model requires an {@code id}, which the server assigns on a POST (Web Annotation
     * Protocol §5.1: a client's POST need not carry one), so the one the server would give is added first.
     */
    @Test
    void everyMappedAnnotationConformsToTheW3cModel() {
        for (HypothesisAnnotation a : HypothesisExportTest.export().annotations()) {
            String parentIri = a.isReply() ? IRIS.annotation(SLUG, UUID.randomUUID()) : null;
            ObjectNode w3c = HypothesisMapping.toW3c(a, DOCUMENT, parentIri);
            w3c.put("id", IRIS.annotation(SLUG, UUID.randomUUID()));
            assertEquals(List.of(), W3cModel.failures(w3c, W3cModel.Kind.ANNOTATION), a.id());
        }
    }

    @Test
    void motivationsMatchWhatTheServerRequiresOfTheirBodies() {
        for (HypothesisAnnotation a : HypothesisExportTest.export().annotations()) {
            Motivation m = HypothesisMapping.motivation(a);
            JsonNode bodies = HypothesisMapping.toW3c(a, DOCUMENT, a.isReply() ? IRIS.annotation(SLUG, UUID.randomUUID()) : null)
                    .path("body");
            boolean comment = bodies.findValuesAsText("purpose").contains("commenting");
            // Draft.requireConsistent: commenting and replying need a comment, tagging holds tags only
            if (m == Motivation.COMMENTING || m == Motivation.REPLYING) {
                assertTrue(comment, a.id());
            }
            if (m == Motivation.TAGGING) {
                assertFalse(comment, a.id());
                assertFalse(a.tags().isEmpty(), a.id());
            }
        }
    }

    // ---- the order to import in ------------------------------------------------------------------

    @Test
    void parentsComeBeforeTheirReplies() {
        List<HypothesisAnnotation> file = HypothesisExportTest.export().annotations();
        HypothesisAnnotation root = file.get(0);
        HypothesisAnnotation highlight = file.get(1);
        HypothesisAnnotation tagged = file.get(2);
        HypothesisAnnotation reply = file.get(3);
        HypothesisAnnotation replyToReply = file.get(4);
        assertEquals(List.of(root, reply, replyToReply, highlight, tagged),
                HypothesisMapping.importOrder(List.of(replyToReply, highlight, reply, root, tagged)));
        assertEquals(List.of(highlight, root, reply, replyToReply, tagged),
                HypothesisMapping.importOrder(List.of(highlight, reply, replyToReply, root, tagged)));
    }

    @Test
    void aFileInImportOrderComesBackUnchanged() {
        List<HypothesisAnnotation> file = HypothesisExportTest.export().annotations();
        assertEquals(file, HypothesisMapping.importOrder(file));
    }

    @Test
    void noOrderWithoutTheParentOrWithACircle() {
        List<HypothesisAnnotation> file = HypothesisExportTest.export().annotations();
        HypothesisAnnotation reply = file.get(3);
        assertThrows(IllegalArgumentException.class, () -> HypothesisMapping.importOrder(List.of(reply)));
        HypothesisAnnotation a = withReferences(file.get(0), List.of("7wI0dACNEe-HxzP9mS1t4g"));
        assertThrows(IllegalArgumentException.class, () -> HypothesisMapping.importOrder(List.of(a, reply)));
        assertThrows(IllegalArgumentException.class, () -> HypothesisMapping.importOrder(List.of(file.get(0), file.get(0))));
    }

    private static HypothesisAnnotation withReferences(HypothesisAnnotation a, List<String> references) {
        return new HypothesisAnnotation(a.id(), a.created(), a.updated(), a.user(), a.displayName(), a.uri(), a.text(), a.tags(),
                a.group(), a.shared(), a.hidden(), a.quote(), references, a.documentTitle(), a.htmlLink());
    }
}
