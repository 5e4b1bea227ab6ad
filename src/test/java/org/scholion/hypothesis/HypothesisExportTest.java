package org.scholion.hypothesis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.scholion.anchoring.Anchorer;
import org.scholion.annotations.jsonld.AnnotationReader;
import org.scholion.hypothesis.HypothesisExport.Parsed;
import org.scholion.hypothesis.HypothesisExport.Problem;
import org.scholion.hypothesis.HypothesisExport.Refused;

/**
 * Reading the Hypothesis client's JSON export. {@code hypothesis/export.json} is written as the client
 * writes one (hypothesis/client at 9d28950c): {@code JSON.stringify(data, null, 2)}
 * ({@code src/sidebar/components/SharePanel/ExportAnnotations.tsx}:160) of {@code {export_date,
 * export_userid, client_version, annotations}} ({@code src/sidebar/services/annotations-exporter.tsx}:74-81),
 * each annotation as h's API presents it (hypothesis/h {@code h/services/annotation_json.py}:65-133:
 * {@code document.title} a list, {@code references} only on replies, {@code moderation_status} null when
 * private), its selectors in the client's order (RangeSelector, TextPositionSelector, TextQuoteSelector:
 * {@code src/annotator/anchoring/html.ts}:115-121) and its quote's context cut at 32 UTF-16 units
 * ({@code src/annotator/anchoring/types.ts}:199-213) from the essay Scholion ships, as a page that shows
 * it with a header line before it.
 */
class HypothesisExportTest {
    private static final String A1 = "qX3vJgCMEe-pY8vB2KvN0A";
    private static final String A2 = "7wI0dACNEe-HxzP9mS1t4g";
    private static final String A3 = "Ck2HYgCOEe-sWJ3u6rYbqA";
    private static final String HIGHLIGHT = "Tj9Z5ACMEe-0m1X9b2C3dw";
    private static final String TAGGED = "b1pXnACPEe-cR1ZfW9uQkA";

    static Parsed export() {
        return assertInstanceOf(Parsed.class, HypothesisExport.read(resource("/hypothesis/export.json"), 100));
    }

    static InputStream resource(String name) {
        return HypothesisExportTest.class.getResourceAsStream(name);
    }

    private static HypothesisExport.Result read(String json) {
        return HypothesisExport.read(new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)), 100);
    }

    /** The problems of a refused file, pointer to message. */
    private static Map<String, String> problems(String json) {
        Refused refused = assertInstanceOf(Refused.class, read(json));
        return refused.problems().stream().collect(Collectors.toMap(Problem::pointer, Problem::message, (a, b) -> a + " | " + b));
    }

    /** A valid annotation of an export, as h presents it, with {@code extra} JSON members spliced in after its id. */
    private static String annotation(String id, String extra) {
        return """
                {"id": "%s", "created": "2025-03-14T09:26:41.504291+00:00", "updated": "2025-03-14T09:26:41.504291+00:00",
                 "user": "acct:mkovacs@hypothes.is", "uri": "https://essays.example.org/stalin-red-terror",
                 "text": "A comment", "tags": [], "group": "__world__",
                 "permissions": {"read": ["group:__world__"]},
                 "target": [{"source": "https://essays.example.org/stalin-red-terror",
                             "selector": [{"type": "TextQuoteSelector", "exact": "Cheka", "prefix": "known as the ", "suffix": ", were"}]}]
                 %s}""".formatted(id, extra.isEmpty() ? "" : ", " + extra);
    }

    private static String file(String... annotations) {
        return "{\"export_date\": \"2025-03-20T10:15:02.118Z\", \"annotations\": [" + String.join(",\n", annotations) + "]}";
    }

    // ---- the client's export ---------------------------------------------------------------------

    @Test
    void readsEveryAnnotationOfTheClientsExportInFileOrder() {
        Parsed parsed = export();
        assertEquals("2025-03-20T10:15:02.118Z", parsed.exportDate());
        assertEquals("acct:mkovacs@hypothes.is", parsed.exportUserid());
        assertEquals("1.1604.0", parsed.clientVersion());
        assertEquals(List.of(A1, HIGHLIGHT, TAGGED, A2, A3), parsed.annotations().stream().map(HypothesisAnnotation::id).toList());
    }

    @Test
    void anAnnotationOnTheTextKeepsWhatScholionCarriesOver() {
        HypothesisAnnotation a = export().annotations().get(0);
        assertEquals(Instant.parse("2025-03-14T09:26:41.504291Z"), a.created());
        assertEquals(Instant.parse("2025-03-14T09:31:02.118734Z"), a.updated());
        assertEquals("acct:mkovacs@hypothes.is", a.user());
        assertEquals("Marta Kovács", a.displayName());
        assertEquals("https://essays.example.org/stalin-red-terror", a.uri());
        assertTrue(a.text().startsWith("**The dates don’t fit.**"));
        assertTrue(a.text().contains("(Красный террор)") && a.text().endsWith("🤔"));
        // "Fact-check" as Scholion stores a tag (AnnotationReader.tag): lower case
        assertEquals(List.of("history", "fact-check"), a.tags());
        assertEquals("__world__", a.group());
        assertTrue(a.shared());
        assertFalse(a.hidden());
        assertEquals(new HypothesisAnnotation.Quote(
                "The Red Terror was a campaign of violence and repression that began in 1918 and lasted until the early 1920s.",
                "eliminate his political rivals. ", " The goal of the Red Terror was "), a.quote());
        assertEquals(List.of(), a.references());
        assertFalse(a.isReply());
        // h writes the title as a list (h/presenters/document_json.py:12)
        assertEquals("Stalin and the Red Terror", a.documentTitle());
        assertEquals("https://hypothes.is/a/" + A1, a.htmlLink());
    }

    @Test
    void readPermissionOfTheAuthorAloneIsPrivate() {
        HypothesisAnnotation highlight = export().annotations().get(1);
        assertEquals(HIGHLIGHT, highlight.id());
        assertFalse(highlight.shared());
        assertEquals("", highlight.text());
        assertEquals(List.of(), highlight.tags());
    }

    @Test
    void repliesNameTheirAncestorsRootFirstAndHaveNoQuote() {
        List<HypothesisAnnotation> all = export().annotations();
        HypothesisAnnotation reply = all.get(3);
        HypothesisAnnotation replyToReply = all.get(4);
        assertEquals(List.of(A1), reply.references());
        assertEquals(A1, reply.parentId());
        assertNull(reply.quote());
        assertEquals(List.of(A1, A2), replyToReply.references());
        assertEquals(A2, replyToReply.parentId());
        assertEquals("Jae-won Lee 이재원", reply.displayName());
    }

    /**
     * The quotes anchor in Scholion's own text of the document, and the file's TextPositionSelectors
     * do not: they count UTF-16 units of the page Hypothesis annotated (its header line included), which
     * is why the mapping sends the quote alone.
     */
    @Test
    void quotesAnchorInScholionsTextWhereTheFilesPositionsDoNot() throws IOException {
        String raw;
        try (InputStream in = resource("/documents/red-terror-essay.txt")) {
            raw = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        // the reading is what follows the file's "date YYYY-MM-DD" (DefaultDocuments)
        Anchorer.Text text = Anchorer.Text.of(raw.replaceFirst("\\A\\s*date\\s+\\d{4}-\\d{2}-\\d{2}\\s+", "").strip());
        String file = new String(resource("/hypothesis/export.json").readAllBytes(), StandardCharsets.UTF_8);
        Matcher starts = Pattern.compile("\"type\": \"TextPositionSelector\",\\s*\"start\": (\\d+)").matcher(file);
        for (HypothesisAnnotation a : export().annotations()) {
            if (a.isReply()) {
                continue;
            }
            HypothesisAnnotation.Quote q = a.quote();
            Anchorer.Anchor anchor = Anchorer.resolve(text, new Anchorer.Selector(q.exact(), q.prefix(), q.suffix(), null, null));
            assertEquals(q.exact(), anchor.exact());
            assertTrue(starts.find());
            assertNotEquals(Integer.parseInt(starts.group(1)), anchor.start(), a.id());
        }
    }

    // ---- page notes ------------------------------------------------------------------------------

    @Test
    void aPageNoteRefusesTheWholeFileNamingIt() {
        Refused refused = assertInstanceOf(Refused.class,
                HypothesisExport.read(resource("/hypothesis/export-page-note.json"), 100));
        assertEquals(1, refused.problems().size());
        Problem p = refused.problems().get(0);
        // the page note is the second annotation; its one target has no selector
        assertEquals("/annotations/1/target/0", p.pointer());
        assertTrue(p.message().startsWith("a page note"), p.message());
    }

    @Test
    void anAnnotationWithoutTargetIsAPageNoteToo() {
        Map<String, String> problems = problems(file(annotation("Zr8sKAGQEe-3nVb7Yw1xTQ", "").replaceFirst(
                "\"target\": \\[\\{[^\\]]*\\]\\}\\]", "\"target\": []")));
        assertTrue(problems.get("/annotations/0/target").startsWith("a page note"), problems.toString());
    }

    @Test
    void anAnnotationOnAPdfRegionHasNoQuote() {
        Map<String, String> problems = problems(file(annotation("Zr8sKAGQEe-3nVb7Yw1xTQ", "").replace(
                "{\"type\": \"TextQuoteSelector\", \"exact\": \"Cheka\", \"prefix\": \"known as the \", \"suffix\": \", were\"}",
                "{\"type\": \"PageSelector\", \"index\": 3, \"label\": \"4\"}, {\"type\": \"ShapeSelector\", \"anchor\": \"page\","
                        + " \"shape\": {\"type\": \"rect\", \"left\": 10, \"top\": 200, \"right\": 300, \"bottom\": 120}}")));
        assertEquals(Map.of("/annotations/0/target/0/selector", problems.get("/annotations/0/target/0/selector")), problems);
        assertTrue(problems.get("/annotations/0/target/0/selector").startsWith("no TextQuoteSelector"));
    }

    // ---- a bad file: every problem at once -------------------------------------------------------

    @Test
    void everyProblemOfABadFileIsReportedAtItsPointer() {
        String tooLong = "x".repeat(AnnotationReader.MAX_COMMENT + 1);
        Map<String, String> problems = problems(file(
                annotation(A1, ""),
                // no id
                annotation("", "").replace("\"id\": \"\", ", ""),
                // the id of the first again
                annotation(A1, ""),
                // a reply to an annotation the file does not hold
                annotation(A2, "\"references\": [\"" + A1 + "\", \"deletedParentId000000\"]"),
                // text over Scholion's limit, a tag over it, a date that is none
                annotation(A3, "").replace("\"text\": \"A comment\"", "\"text\": \"" + tooLong + "\"")
                        .replace("\"tags\": []", "\"tags\": [\"ok\", \"" + "t".repeat(AnnotationReader.MAX_TAG + 1) + "\"]")
                        .replace("\"created\": \"2025-03-14T09:26:41.504291+00:00\"", "\"created\": \"yesterday\""),
                // a reply that says nothing
                annotation(TAGGED, "\"references\": [\"" + A1 + "\"]").replace("\"text\": \"A comment\"", "\"text\": \"\"")));

        assertEquals(List.of("/annotations/1/id", "/annotations/2/id", "/annotations/3/references/1",
                "/annotations/4/created", "/annotations/4/tags/1", "/annotations/4/text", "/annotations/5/text"),
                problems.keySet().stream().sorted().toList(), problems.toString());
        assertTrue(problems.get("/annotations/1/id").contains("no id"));
        assertTrue(problems.get("/annotations/2/id").contains("also that of /annotations/0"));
        assertTrue(problems.get("/annotations/3/references/1").contains("(deletedParentId000000) is not in the file"));
        assertTrue(problems.get("/annotations/4/created").startsWith("created is not a date"));
        assertEquals("the tag '" + "t".repeat(64) + "' is longer than 64 characters", problems.get("/annotations/4/tags/1"));
        assertEquals("the comment is longer than 10000 characters", problems.get("/annotations/4/text"));
        assertTrue(problems.get("/annotations/5/text").startsWith("a reply without text"));
    }

    @Test
    void wrongTypesAreNamedWhereTheyAre() {
        Map<String, String> problems = problems(file(
                "\"not an annotation\"",
                annotation(A1, "\"references\": \"" + A2 + "\"").replace("\"tags\": []", "\"tags\": \"history\"")
                        .replace("\"user\": \"acct:mkovacs@hypothes.is\"", "\"user\": 42"),
                annotation(A2, "\"links\": {\"html\": \"javascript:alert(1)\"}")
                        .replace("\"id\": \"" + A2 + "\"", "\"id\": \"../../etc\"")));
        assertEquals(Map.of(
                "/annotations/0", "an annotation is a JSON object",
                "/annotations/1/references", "references must be an array of annotation ids",
                "/annotations/1/tags", "tags must be an array of strings",
                "/annotations/1/user", "user must be a string",
                "/annotations/2/id", "'../../etc' is not a Hypothesis annotation id (letters, digits, '-' and '_')",
                "/annotations/2/links/html", "links.html must be http or https (or a urn:)"), problems);
    }

    // ---- what is not an export -------------------------------------------------------------------

    @Test
    void notJsonSaysWhereTheParserStopped() {
        Refused refused = assertInstanceOf(Refused.class, read("{\"annotations\": [" + annotation(A1, "") + ", {\"id\": }"));
        assertEquals(1, refused.problems().size());
        Problem p = refused.problems().get(0);
        assertEquals("/annotations/1/id", p.pointer());
        assertTrue(p.message().startsWith("the file is not valid JSON (line "), p.message());
    }

    @Test
    void aKeyGivenTwiceIsNotReadAsEither() {
        Map<String, String> problems = problems("{\"annotations\": [], \"annotations\": []}");
        assertTrue(problems.get("/annotations").contains("Duplicate field 'annotations'"), problems.toString());
    }

    @Test
    void anEmptyFileIsNoExport() {
        assertEquals(Map.of("", "the file is empty: a Hypothesis export is the JSON file the Hypothesis client's Export writes"),
                problems(""));
    }

    @Test
    void aJsonArrayIsNotAnExportObject() {
        Map<String, String> problems = problems("[" + annotation(A1, "") + "]");
        assertEquals(List.of(""), List.copyOf(problems.keySet()));
        assertTrue(problems.get("").startsWith("not a Hypothesis export"));
    }

    @Test
    void anObjectWithoutAnnotationsIsNoExport() {
        assertTrue(problems("{\"export_date\": \"2025-03-20T10:15:02.118Z\"}").get("/annotations").startsWith("no \"annotations\" array"));
        assertTrue(problems("{\"annotations\": {}}").get("/annotations").equals("annotations must be an array of annotations"));
        // the h API's search answers {total, rows}: the message says which file to take instead
        assertTrue(problems("{\"total\": 1, \"rows\": [" + annotation(A1, "") + "]}").get("/annotations").contains("h API's search"));
    }

    @Test
    void anExportWithoutAnnotationsImportsNothing() {
        assertEquals(Map.of("/annotations", "the export holds no annotations"), problems(file()));
    }

    @Test
    void contentAfterTheExportIsRefused() {
        assertTrue(problems(file(annotation(A1, "")) + " {}").get("").startsWith("there is more after the export's object"));
    }

    // ---- limits ----------------------------------------------------------------------------------

    @Test
    void moreAnnotationsThanAllowedStopTheReading() {
        // the broken fourth annotation is never reached: nothing beyond the limit is read
        String json = file(annotation(A1, ""), annotation(A2, ""), annotation(A3, ""), "{\"id\": }");
        Refused refused = assertInstanceOf(Refused.class,
                HypothesisExport.read(new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)), 2));
        assertEquals(List.of(new Problem("/annotations/2", "the file holds more than 2 annotations; Scholion imports at most 2 at once")),
                refused.problems());
    }

    @Test
    void asManyAnnotationsAsAllowedAreRead() {
        String json = file(annotation(A1, ""), annotation(A2, ""));
        assertInstanceOf(Parsed.class, HypothesisExport.read(new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)), 2));
    }

    @Test
    void theCommentLimitCountsCodePointsAsTheServerDoes() {
        // 10000 characters outside the Basic Multilingual Plane: 20000 UTF-16 units, within the limit
        String emoji = "🟥".repeat(AnnotationReader.MAX_COMMENT);
        assertInstanceOf(Parsed.class, read(file(annotation(A1, "").replace("\"text\": \"A comment\"", "\"text\": \"" + emoji + "\""))));
        assertEquals(Map.of("/annotations/0/text", "the comment is longer than 10000 characters"),
                problems(file(annotation(A1, "").replace("\"text\": \"A comment\"", "\"text\": \"" + emoji + "x\""))));
    }

    @Test
    void aStringLongerThanAnythingScholionKeepsIsNotReadIntoMemory() {
        String huge = "x".repeat(HypothesisExport.MAX_STRING + 1);
        Map<String, String> problems = problems(file(annotation(A1, "").replace("\"text\": \"A comment\"", "\"text\": \"" + huge + "\"")));
        assertEquals(Map.of("/annotations/0/text", "a text longer than " + HypothesisExport.MAX_STRING
                + " characters, longer than anything Scholion keeps"), problems);
    }

    @Test
    void aQuoteOverTheServersLimitIsRefused() {
        String exact = "x".repeat(Anchorer.MAX_EXACT + 1);
        Map<String, String> problems = problems(file(annotation(A1, "").replace("\"exact\": \"Cheka\"", "\"exact\": \"" + exact + "\"")));
        assertEquals(Map.of("/annotations/0/target/0/selector/0/exact", "the quote is longer than 100000 characters"), problems);
    }

    @Test
    void deepNestingIsRefused() {
        String deep = "[".repeat(HypothesisExport.MAX_DEPTH + 1) + "]".repeat(HypothesisExport.MAX_DEPTH + 1);
        Map<String, String> problems = problems(file(annotation(A1, "\"metadata\": " + deep)));
        assertEquals(1, problems.size());
        assertTrue(problems.values().iterator().next().startsWith("the file nests deeper than 64 levels"), problems.toString());
    }

    @Test
    void moreTagsThanScholionKeepsAreRefusedButCaseVariantsCountOnce() {
        String tags = java.util.stream.IntStream.rangeClosed(1, AnnotationReader.MAX_TAGS + 1).mapToObj(i -> "\"tag" + i + "\"")
                .collect(Collectors.joining(", "));
        assertEquals(Map.of("/annotations/0/tags", "21 tags: Scholion keeps at most 20 on an annotation"),
                problems(file(annotation(A1, "").replace("\"tags\": []", "\"tags\": [" + tags + "]"))));
        String twenty = java.util.stream.IntStream.rangeClosed(1, AnnotationReader.MAX_TAGS).mapToObj(i -> "\"tag" + i + "\"")
                .collect(Collectors.joining(", "));
        Parsed parsed = assertInstanceOf(Parsed.class,
                read(file(annotation(A1, "").replace("\"tags\": []", "\"tags\": [" + twenty + ", \"TAG1\", \" Tag2 \"]"))));
        assertEquals(AnnotationReader.MAX_TAGS, parsed.annotations().get(0).tags().size());
    }

    // ---- threads ---------------------------------------------------------------------------------

    @Test
    void repliesThatGoRoundInACircleAreRefused() {
        Map<String, String> problems = problems(file(
                annotation(A1, "\"references\": [\"" + A2 + "\"]"),
                annotation(A2, "\"references\": [\"" + A1 + "\"]")));
        assertEquals(List.of("/annotations/0/references/0", "/annotations/1/references/0"), problems.keySet().stream().sorted().toList());
        assertTrue(problems.get("/annotations/0/references/0").contains("go round in a circle"), problems.toString());
    }

    @Test
    void anAnnotationsOwnIdInItsReferencesIsLeftOutAsTheClientDoes() {
        // src/sidebar/helpers/build-thread.ts:152-155: "Remove references to self"
        Parsed parsed = assertInstanceOf(Parsed.class, read(file(annotation(A1, "\"references\": [\"" + A1 + "\"]"))));
        assertFalse(parsed.annotations().get(0).isReply());
        assertEquals("Cheka", parsed.annotations().get(0).quote().exact());
    }

    @Test
    void aHiddenAnnotationWhoseTextTheFileDoesNotHoldIsRefused() {
        // h blanks a hidden annotation's text and tags for all but its author and moderators (annotation_json.py:122-131)
        String hidden = annotation(A1, "\"hidden\": true").replace("\"text\": \"A comment\"", "\"text\": \"\"");
        assertTrue(problems(file(hidden)).get("/annotations/0/hidden").startsWith("hidden by a Hypothesis moderator"));
        // its author (or a moderator) exported it with its text: it is read, hidden
        Parsed parsed = assertInstanceOf(Parsed.class, read(file(annotation(A1, "\"hidden\": true"))));
        assertTrue(parsed.annotations().get(0).hidden());
    }

    // ---- details of the quote --------------------------------------------------------------------

    @Test
    void halfACharacterAtTheContextsOuterEndIsDropped() {
        // 32 UTF-16 units of context can cut a surrogate pair; JSON.stringify writes the half as an escape
        String cut = annotation(A1, "").replace("\"prefix\": \"known as the \"", "\"prefix\": \"\\udd25 known as the \"")
                .replace("\"suffix\": \", were\"", "\"suffix\": \", were \\ud83d\"");
        HypothesisAnnotation.Quote q = assertInstanceOf(Parsed.class, read(file(cut))).annotations().get(0).quote();
        assertEquals(new HypothesisAnnotation.Quote("Cheka", " known as the ", ", were "), q);
    }

    @Test
    void emptyContextIsNone() {
        String atStart = annotation(A1, "").replace("\"prefix\": \"known as the \"", "\"prefix\": \"\"");
        assertNull(assertInstanceOf(Parsed.class, read(file(atStart))).annotations().get(0).quote().prefix());
    }

    @Test
    void theTitleMayAlsoBeAStringAsTheClientsTypeSaysAndALinkMayBeMissing() {
        Parsed parsed = assertInstanceOf(Parsed.class, read(file(annotation(A1, "\"document\": {\"title\": \"Stalin and the Red Terror\"}"))));
        assertEquals("Stalin and the Red Terror", parsed.annotations().get(0).documentTitle());
        assertNull(parsed.annotations().get(0).htmlLink());
        assertNull(parsed.annotations().get(0).displayName());
    }

    @Test
    void noPermissionsAtAllReadsAsPrivate() {
        Parsed parsed = assertInstanceOf(Parsed.class,
                read(file(annotation(A1, "").replace("\"permissions\": {\"read\": [\"group:__world__\"]},", ""))));
        assertFalse(parsed.annotations().get(0).shared());
    }

    // ---- the stream --------------------------------------------------------------------------------

    @Test
    void theCallersStreamIsReadNotClosed() {
        boolean[] closed = {false};
        InputStream in = new FilterInputStream(resource("/hypothesis/export.json")) {
            @Override
            public void close() throws IOException {
                closed[0] = true;
                super.close();
            }
        };
        assertInstanceOf(Parsed.class, HypothesisExport.read(in, 100));
        assertFalse(closed[0]);
    }

    @Test
    void aStreamThatFailsIsNotAProblemOfTheFile() {
        InputStream failing = new InputStream() {
            @Override
            public int read() throws IOException {
                throw new IOException("connection reset");
            }
        };
        assertThrows(UncheckedIOException.class, () -> HypothesisExport.read(failing, 100));
    }
}
