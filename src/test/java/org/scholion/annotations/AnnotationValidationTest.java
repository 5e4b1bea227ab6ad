package org.scholion.annotations;

import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarkus.arc.Arc;
import io.quarkus.test.junit.QuarkusTest;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.scholion.documents.DocumentService;
import org.scholion.testing.GroupFixtures;
import org.scholion.testing.Tokens;

/** Every rule broken once: the right status, problem+json naming the field, and no row written. */
@QuarkusTest
class AnnotationValidationTest {

    /** Sends the body and checks the answer; the annotation table must not have grown. */
    private static void rejects(String user, String body, int status, String field) {
        rejects(user, body.getBytes(StandardCharsets.UTF_8), status, field);
    }

    private static void rejects(String user, byte[] body, int status, String field) {
        long before = Anno.rows();
        var r = Tokens.as(user).contentType(Anno.MEDIA).body(body).post(Anno.path()).then()
                .statusCode(status).contentType("application/problem+json").body("status", equalTo(status));
        if (field != null) {
            r.body("errors[0].field", equalTo(field));
        }
        assertEquals(before, Anno.rows(), "a rejected annotation leaves no row");
    }

    private static ObjectNode note() {
        return Anno.comment(null, "ruthless regime", "a note");
    }

    private static ArrayNode body(ObjectNode a) {
        return (ArrayNode) a.get("body");
    }

    private static ObjectNode assessment(String verdict) {
        ObjectNode a = note();
        a.put("motivation", "assessing");
        body(a).addObject().put("type", "TextualBody").put("purpose", "assessing").put("value", verdict);
        return a;
    }

    @Test
    void aBodyThatIsNotJsonLdIs415() {
        long before = Anno.rows();
        Tokens.as("alice").contentType("text/plain").body(note().toString()).post(Anno.path()).then().statusCode(415)
                .contentType("application/problem+json").body("errors[0].field", equalTo("Content-Type"));
        assertEquals(before, Anno.rows());
    }

    @Test
    void invalidJsonTrailingTokensAndDuplicateKeysAre400() {
        rejects("alice", "{\"@context\": ", 400, "body");
        rejects("alice", note() + " {}", 400, "body");
        rejects("alice", "{\"motivation\": \"commenting\", \"motivation\": \"highlighting\"}", 400, "body");
        rejects("alice", "[]", 400, "");
        rejects("alice", new byte[] { '{', '"', 'a', '"', ':', '"', (byte) 0xC3, '"', '}' }, 400, "body");
        rejects("alice", new byte[0], 400, "body");
    }

    @Test
    void aMissingOrWrongContextIs400() {
        ObjectNode a = note();
        a.remove("@context");
        rejects("alice", a.toString(), 400, "@context");
        a.put("@context", "http://www.w3.org/ns/ldp.jsonld");
        rejects("alice", a.toString(), 400, "@context");
        a.putArray("@context").add("http://www.w3.org/ns/anno.jsonld").add("https://evil.example/context.jsonld");
        rejects("alice", a.toString(), 400, "@context");
        a.putArray("@context").add("http://www.w3.org/ns/anno.jsonld").add(Anno.base() + "/ns/scholion.jsonld");
        Anno.post("alice", a).then().statusCode(201);
    }

    @Test
    void theTypeMustBeAnnotationAndJsonLdKeywordsOutOfPlaceAreRefused() {
        ObjectNode a = note();
        a.put("type", "Note");
        rejects("alice", a.toString(), 400, "type");
        // issue 19: terms of the W3C model are kept (rights), undefined terms ignored as JSON-LD does
        // (W3cClientsInputTest); a keyword where a term goes is still refused
        ObjectNode b = note();
        b.put("@id", "x");
        rejects("alice", b.toString(), 400, "@id");
    }

    @Test
    void anUnknownMotivationIs400() {
        ObjectNode a = note();
        a.put("motivation", "bookmarking");
        rejects("alice", a.toString(), 400, "motivation");
    }

    @Test
    void unknownBodyTypesAre400() {
        ObjectNode a = note();
        body(a).addObject().put("type", "Choice").putArray("items").add("https://example.org");
        rejects("alice", a.toString(), 400, "body[1].type");
        ObjectNode b = note();
        body(b).add("https://example.org/body");
        rejects("alice", b.toString(), 400, "body[1]");
        ObjectNode c = note();
        body(c).addObject().put("type", "TextualBody").put("purpose", "bookmarking").put("value", "x");
        rejects("alice", c.toString(), 400, "body[1].purpose");
    }

    @Test
    void commentsAreRequiredWhereTheMotivationSaysAndLimitedTo10000Characters() {
        ObjectNode a = note();
        a.remove("body");
        rejects("alice", a.toString(), 400, "body");
        ObjectNode b = Anno.comment(null, "ruthless regime", "x".repeat(10_001));
        rejects("alice", b.toString(), 400, "body[0].value");
        ObjectNode c = Anno.comment(null, "ruthless regime", "  ");
        rejects("alice", c.toString(), 400, "body[0].value");
        ObjectNode d = note();
        ((ObjectNode) body(d).get(0)).put("format", "text/rtf");
        rejects("alice", d.toString(), 400, "body[0].format");
        Anno.post("alice", Anno.comment(null, "ruthless regime", "😀".repeat(10_000))).then().statusCode(201);
    }

    @Test
    void tagsAreAtMost20OfAtMost64CharactersAndLowerCased() {
        ObjectNode a = note();
        for (int i = 0; i < 21; i++) {
            body(a).addObject().put("type", "TextualBody").put("purpose", "tagging").put("value", "t" + i);
        }
        rejects("alice", a.toString(), 400, "body[21]");
        ObjectNode b = note();
        body(b).addObject().put("type", "TextualBody").put("purpose", "tagging").put("value", "x".repeat(65));
        rejects("alice", b.toString(), 400, "body[1].value");
        ObjectNode c = note();
        body(c).addObject().put("type", "TextualBody").put("purpose", "tagging").put("value", "Purges");
        body(c).addObject().put("type", "TextualBody").put("purpose", "tagging").put("value", "PURGES");
        Anno.post("alice", c).then().statusCode(201)
                .body("body.findAll { it.purpose == 'tagging' }.value", equalTo(List.of("purges")));
    }

    @Test
    void anAssessmentHasExactlyOneVerdictFromTheListAndAtLeastOneSource() {
        ObjectNode none = note();
        none.put("motivation", "assessing");
        body(none).addObject().put("type", "Citation").put("title", "A book");
        rejects("alice", none.toString(), 400, "body");
        ObjectNode wrong = assessment("dubious");
        body(wrong).addObject().put("type", "Citation").put("title", "A book");
        rejects("alice", wrong.toString(), 400, "body[1].value");
        ObjectNode two = assessment("accurate");
        body(two).addObject().put("type", "TextualBody").put("purpose", "assessing").put("value", "misleading");
        body(two).addObject().put("type", "Citation").put("title", "A book");
        rejects("alice", two.toString(), 400, "body[2]");
        rejects("alice", assessment("accurate").toString(), 400, "body");
        ObjectNode onComment = note();
        body(onComment).addObject().put("type", "TextualBody").put("purpose", "assessing").put("value", "accurate");
        rejects("alice", onComment.toString(), 400, "body[1].purpose");
        ObjectNode ok = assessment("misleading");
        body(ok).addObject().put("type", "Citation").put("purpose", "citing").put("url", "https://example.org/source")
                .put("title", "A source").put("author", "A. Author").put("published", "1990").put("locator", "p. 12")
                .put("excerpt", "a passage");
        // the earlier Citation shape is read and answered in the W3C shape: a SpecificResource linking to the work
        Anno.post("alice", ok).then().statusCode(201)
                .body("body[1].value", equalTo("misleading"))
                .body("body[2].type", equalTo("SpecificResource")).body("body[2].purpose", equalTo("linking"))
                .body("body[2].id", startsWith("urn:uuid:"))
                .body("body[2].source", equalTo("https://example.org/source"))
                .body("body[2].authors", equalTo(List.of("A. Author")))
                .body("body[2].locator", equalTo("p. 12"));
    }

    @Test
    void sourceUrlsAreHttpOnlyAndDoisBecomeDoiLinks() {
        for (String bad : List.of("javascript:alert(1)", "data:text/html,<script>alert(1)</script>", "ftp://example.org/x",
                "https://", "doi:nonsense", "JavaScript:alert(1)")) {
            ObjectNode a = note();
            body(a).addObject().put("type", "Citation").put("url", bad);
            rejects("alice", a.toString(), 400, "body[1].url");
        }
        ObjectNode a = note();
        body(a).addObject().put("type", "Citation").put("url", "doi:10.2307/153984");
        body(a).addObject().put("type", "Citation").put("url", "10.1000/xyz123");
        Anno.post("alice", a).then().statusCode(201)
                .body("body[1].source", equalTo("https://doi.org/10.2307/153984"))
                .body("body[1].doi", equalTo("10.2307/153984"))
                .body("body[2].source", equalTo("https://doi.org/10.1000/xyz123"));
    }

    @Test
    void aSourceNeedsAUrlOrTitleAndAtMostTenFitInAnnotation() {
        ObjectNode a = note();
        body(a).addObject().put("type", "Citation").put("author", "Nobody");
        rejects("alice", a.toString(), 400, "body[1]");
        ObjectNode b = note();
        for (int i = 0; i < 11; i++) {
            body(b).addObject().put("type", "Citation").put("title", "Source " + i);
        }
        rejects("alice", b.toString(), 400, "body[11]");
        ObjectNode c = note();
        body(c).addObject().put("type", "Citation").put("title", "t".repeat(501));
        rejects("alice", c.toString(), 400, "body[1].title");
        ObjectNode d = note();
        body(d).addObject().put("type", "Citation").put("title", "ok").put("isbn", "123");
        rejects("alice", d.toString(), 400, "body[1].isbn");
        ObjectNode e = note();
        body(e).addObject().put("type", "Citation").put("title", "ok").put("excerpt", "x".repeat(2001));
        rejects("alice", e.toString(), 400, "body[1].excerpt");
    }

    @Test
    void controlCharactersAreRefusedButLineBreaksInCommentsAreFine() {
        rejects("alice", Anno.comment(null, "ruthless regime", "bell \u0007").toString(), 400, "body[0].value");
        rejects("alice", Anno.comment(null, "ruthless regime", "nul \u0000").toString(), 400, "body[0].value");
        ObjectNode tag = note();
        body(tag).addObject().put("type", "TextualBody").put("purpose", "tagging").put("value", "two\nlines");
        rejects("alice", tag.toString(), 400, "body[1].value");
        ObjectNode title = note();
        body(title).addObject().put("type", "Citation").put("title", "esc \u001b[31m");
        rejects("alice", title.toString(), 400, "body[1].title");
        Anno.post("alice", Anno.comment(null, "ruthless regime", "line one\nline two\twith a tab")).then().statusCode(201);
    }

    @Test
    void commentsTagsAndSourceTextAreStoredInNfcButTheQuoteExactlyAsTheText() {
        // "é" written as e + U+0301 (decomposed, NFD) and as U+00E9 (composed, NFC) look the same;
        // Issue 9: "comments, tags and names are stored NFC-normalised (quotes are not: they must match the
        // document text exactly)"
        String nfd = "Cafe\u0301";
        String nfc = "Caf\u00e9";
        ObjectNode a = note();
        ((ObjectNode) body(a).get(0)).put("value", "a comment about " + nfd);
        body(a).addObject().put("type", "TextualBody").put("purpose", "tagging").put("value", nfd);
        body(a).addObject().put("type", "TextualBody").put("purpose", "tagging").put("value", nfc);
        body(a).addObject().put("type", "SpecificResource").put("title", "Le " + nfd).putArray("authors").add("Ren" + "e\u0301");
        String iri = Anno.post("alice", a).then().statusCode(201)
                .body("body[0].value", equalTo("a comment about " + nfc))
                // the two spellings are one tag
                .body("body.findAll { it.purpose == 'tagging' }.value", equalTo(List.of("caf\u00e9")))
                .body("body[1].title", equalTo("Le " + nfc))
                .body("body[1].authors[0]", equalTo("Ren\u00e9"))
                .extract().header("Location");
        // the filter finds it under either spelling
        Tokens.as("alice").get(Anno.path() + "?tag=" + nfd).then().statusCode(200).body("first.items.id", org.hamcrest.Matchers.hasItem(iri));
        Tokens.as("alice").get(Anno.path() + "?tag=" + nfc).then().statusCode(200).body("first.items.id", org.hamcrest.Matchers.hasItem(iri));

        // a quote in NFD stays NFD: it is matched against the text and kept as the text has it
        String text = "Cafe\u0301 and Caf\u00e9.";
        String slug = "nfc-" + UUID.randomUUID().toString().substring(0, 8);
        Arc.container().instance(DocumentService.class).get().importIfAbsent(slug, "NFC test", java.time.LocalDate.of(2024, 1, 2), text);
        ObjectNode q = Anno.base("highlighting");
        ObjectNode target = q.putObject("target");
        target.put("source", Anno.base() + "/api/documents/" + slug);
        target.putArray("selector").addObject().put("type", "TextQuoteSelector").put("exact", nfd);
        Tokens.as("alice").contentType(Anno.MEDIA).body(Anno.bytes(q)).post("/api/documents/" + slug + "/annotations/").then()
                .statusCode(201)
                .body("target.selector[0].exact", equalTo(nfd))
                .body("target.selector[1].start", equalTo(0)).body("target.selector[1].end", equalTo(5));
    }

    @Test
    void tagsWithBidiOverridesOrZeroWidthCharactersAreRefused() {
        // U+202E RIGHT-TO-LEFT OVERRIDE, U+200B ZERO WIDTH SPACE, U+2066 LEFT-TO-RIGHT ISOLATE, U+FEFF: invisible, and
        // they make two different tags look alike (issue 9: "bidi overrides and zero-width characters are refused in
        // names and tags")
        for (String bad : List.of("evil\u202Egnp.exe", "zero\u200Bwidth", "iso\u2066late", "\uFEFFbom")) {
            ObjectNode a = note();
            body(a).addObject().put("type", "TextualBody").put("purpose", "tagging").put("value", bad);
            rejects("alice", a.toString(), 400, "body[1].value");
            Tokens.as("alice").queryParam("tag", bad).get(Anno.path()).then().statusCode(400)
                    .contentType("application/problem+json").body("errors[0].field", equalTo("tag"));
        }
        // in a comment they are text people write (a right-to-left language needs them)
        Anno.post("alice", Anno.comment(null, "ruthless regime", "\u05e9\u05dc\u05d5\u05dd \u200Fok")).then().statusCode(201);
    }

    @Test
    void idCanonicalAndViaAreHttpOrUrnIrisOnly() {
        // issue 9: "`id`, `canonical` and `via` accept only http(s) and `urn:` IRIs"
        for (String field : List.of("id", "canonical", "via")) {
            for (String bad : List.of("javascript:alert(1)", "data:text/html,<b>x</b>", "file:///etc/passwd", "ftp://example.org/a",
                    "mailto:a@example.org", "https://", "JAVASCRIPT:alert(1)")) {
                ObjectNode a = note();
                a.put(field, bad);
                rejects("alice", a.toString(), 400, field);
            }
        }
        ObjectNode ok = note();
        ok.put("id", "urn:uuid:6a2f41a3-c54c-fce8-32d2-0324e1c32e22");
        ok.put("canonical", "http://example.org/anno/1");
        Anno.post("alice", ok).then().statusCode(201)
                .body("via", equalTo("urn:uuid:6a2f41a3-c54c-fce8-32d2-0324e1c32e22"))
                .body("canonical", equalTo("http://example.org/anno/1"));
    }

    @Test
    void unpairedSurrogatesAreRefused() {
        String raw = note().toString().replace("a note", "broken \\ud800 text");
        rejects("alice", raw, 400, "body[0].value");
        String low = note().toString().replace("a note", "\\udc00");
        rejects("alice", low, 400, "body[0].value");
        String inQuote = note().toString().replace("ruthless regime\"", "ruthless \\ud83d\"");
        rejects("alice", inQuote, 400, "target.selector.exact");
    }

    @Test
    void aFiveMegabyteBodyIs413ProblemJson() {
        byte[] big = new byte[5 * 1024 * 1024];
        java.util.Arrays.fill(big, (byte) ' ');
        big[0] = '{';
        big[big.length - 1] = '}';
        long before = Anno.rows();
        Tokens.as("alice").contentType(Anno.MEDIA).body(big).post(Anno.path()).then().statusCode(413)
                .contentType("application/problem+json").body("status", equalTo(413)).body("errors[0].field", equalTo("body"));
        assertEquals(before, Anno.rows());
    }

    @Test
    void groupAndVisibilityMustFitTogether() {
        ObjectNode a = note();
        a.put("group", "not-a-uuid");
        rejects("alice", a.toString(), 400, "group");
        a.put("group", UUID.randomUUID().toString());
        rejects("alice", a.toString(), 404, "group");
        ObjectNode b = note();
        b.put("visibility", "public");
        rejects("alice", b.toString(), 400, "visibility");
        b.put("visibility", "group");
        rejects("alice", b.toString(), 400, "group");
        UUID g = GroupFixtures.group("ines", "alice");
        ObjectNode c = Anno.comment(g, "ruthless regime", "x");
        c.put("visibility", "private");
        rejects("alice", c.toString(), 400, "group");
    }

    @Test
    void anArchivedGroupTakesNoNewAnnotations() {
        UUID g = GroupFixtures.group("ines", "alice");
        GroupFixtures.archive(g);
        rejects("alice", Anno.comment(g, "ruthless regime", "late").toString(), 409, "group");
    }

    @Test
    void anchorsMustFitTheText() {
        ObjectNode mismatch = note();
        ((ObjectNode) mismatch.at("/target/selector/0")).put("exact", "merciful regime");
        rejects("alice", mismatch.toString(), 409, "target.selector.exact");
        ObjectNode past = note();
        ((ObjectNode) past.at("/target/selector/1")).put("end", 1_000_000);
        ((ArrayNode) past.at("/target/selector")).remove(0);
        rejects("alice", past.toString(), 409, "target.selector.end");
        ObjectNode backwards = note();
        ((ObjectNode) backwards.at("/target/selector/1")).put("end", 0);
        rejects("alice", backwards.toString(), 400, "target.selector.end");
        ObjectNode ambiguous = Anno.base("highlighting");
        ambiguous.putObject("target").put("source", Anno.base() + "/api/documents/" + Anno.SLUG).putObject("selector")
                .put("type", "TextQuoteSelector").put("exact", "Stalin");
        rejects("alice", ambiguous.toString(), 409, "target.selector.exact");
        ((ObjectNode) ambiguous.at("/target/selector")).put("exact", "Napoleon");
        rejects("alice", ambiguous.toString(), 409, "target.selector.exact");
        ((ObjectNode) ambiguous.at("/target/selector")).put("exact", "Stalin").put("prefix", "x".repeat(1001));
        // a prefix grown until unique is taken up to 1,000 code points (issue 18); longer is refused
        rejects("alice", ambiguous.toString(), 400, "target.selector.prefix");
        ObjectNode otherSource = note();
        ((ObjectNode) otherSource.get("target")).put("source", "https://example.org/page");
        rejects("alice", otherSource.toString(), 400, "target.source");
        ObjectNode noSelector = note();
        ((ObjectNode) noSelector.get("target")).remove("selector");
        rejects("alice", noSelector.toString(), 400, "target.selector");
        ObjectNode css = note();
        ((ObjectNode) css.get("target")).putObject("selector").put("type", "CssSelector").put("value", "p");
        // issue 19: valid W3C, but nothing Scholion anchors by (RFC 9110 §15.5.21: 422)
        rejects("alice", css.toString(), 422, "target.selector");
        ObjectNode notInt = note();
        ((ObjectNode) notInt.at("/target/selector/1")).put("start", "zero");
        rejects("alice", notInt.toString(), 400, "target.selector.start");
    }

    @Test
    void anAnchorSplittingACombiningSequenceOrEmojiIs409() {
        String slug = "combining-test";
        Arc.container().instance(DocumentService.class).get().importIfAbsent(slug, "Combining test", null,
                "A cafe\u0301 in 𝔸thens 👩\u200D💻 codes.");
        String path = "/api/documents/" + slug + "/annotations/";
        String source = Anno.base() + "/api/documents/" + slug;
        long before = Anno.rows();
        for (int[] range : new int[][] { { 2, 6 }, { 6, 7 }, { 19, 20 }, { 20, 21 } }) {
            ObjectNode a = Anno.base("highlighting");
            a.putObject("target").put("source", source).putObject("selector").put("type", "TextPositionSelector")
                    .put("start", range[0]).put("end", range[1]);
            Tokens.as("alice").contentType(Anno.MEDIA).body(Anno.bytes(a)).post(path).then().statusCode(409)
                    .contentType("application/problem+json")
                    .body("errors[0].field", equalTo(range[0] == 2 ? "target.selector.end" : "target.selector.start"));
        }
        assertEquals(before, Anno.rows());
        ObjectNode ok = Anno.base("highlighting");
        ok.putObject("target").put("source", source).putObject("selector").put("type", "TextPositionSelector")
                .put("start", 11).put("end", 17);
        Tokens.as("alice").contentType(Anno.MEDIA).body(Anno.bytes(ok)).post(path).then().statusCode(201)
                .body("target.selector[0].exact", equalTo("𝔸thens"));
    }

    @Test
    void aReplyToAReplyInAnotherGroupIsRefused() {
        UUID g1 = GroupFixtures.group("ines", "alice", "bob");
        UUID g2 = GroupFixtures.group("ines", "alice");
        String root = Anno.create("bob", Anno.comment(g1, "ruthless regime", "root"));
        String reply = Anno.create("alice", Anno.reply(root, "first reply"));
        ObjectNode crossing = Anno.reply(reply, "into the other group");
        crossing.put("group", g2.toString());
        rejects("alice", crossing.toString(), 400, "group");
        ObjectNode privateReply = Anno.reply(reply, "private");
        privateReply.put("visibility", "private");
        rejects("alice", privateReply.toString(), 400, "visibility");
        rejects("carol", Anno.reply(reply, "not my group").toString(), 404, "target");
    }

    @Test
    void repliesNeedAParentOfThisDocumentAndTheReplyingMotivation() {
        String root = Anno.create("alice", note());
        rejects("alice", Anno.reply(Anno.base() + "/api/documents/other-essay/annotations/" + UUID.randomUUID(), "x").toString(),
                400, "target");
        rejects("alice", Anno.reply(Anno.container() + UUID.randomUUID(), "x").toString(), 404, "target");
        rejects("alice", Anno.reply("https://example.org/annotations/1", "x").toString(), 400, "target");
        ObjectNode wrongMotivation = Anno.reply(root, "x");
        wrongMotivation.put("motivation", "commenting");
        rejects("alice", wrongMotivation.toString(), 400, "motivation");
        // issue 19: replying on a passage (dokieli's comment action) is kept as commenting, and said so
        ObjectNode replyOnText = note();
        replyOnText.put("motivation", "replying");
        Anno.post("alice", replyOnText).then().statusCode(201).header("Scholion-Notice", org.hamcrest.Matchers.containsString("replying"))
                .body("motivation", equalTo("commenting"));
    }

    @Test
    void anUpdateCannotMoveGroupIdOrThread() {
        UUID g = GroupFixtures.group("ines", "alice");
        String iri = Anno.create("alice", Anno.comment(g, "ruthless regime", "x"));
        String etag = Tokens.as("alice").get(Anno.local(iri)).header("ETag");
        ObjectNode moved = Anno.comment(GroupFixtures.group("ines", "alice"), "ruthless regime", "y");
        Tokens.as("alice").contentType(Anno.MEDIA).header("If-Match", etag).body(Anno.bytes(moved)).put(Anno.local(iri))
                .then().statusCode(400).contentType("application/problem+json").body("errors[0].field", equalTo("group"));
        ObjectNode otherId = Anno.comment(g, "ruthless regime", "y");
        otherId.put("id", Anno.container() + UUID.randomUUID());
        Tokens.as("alice").contentType(Anno.MEDIA).header("If-Match", etag).body(Anno.bytes(otherId)).put(Anno.local(iri))
                .then().statusCode(400).body("errors[0].field", equalTo("id"));
        Tokens.as("alice").contentType(Anno.MEDIA).header("If-Match", etag).body(Anno.bytes(Anno.reply(iri, "self")))
                .put(Anno.local(iri)).then().statusCode(400).body("errors[0].field", equalTo("target"));
        Tokens.as("alice").get(Anno.local(iri)).then().body("body[0].value", equalTo("x"));
    }

    @Test
    void badPagingAndFilterParametersAre400NamingThem() {
        Tokens.as("alice").get(Anno.path() + "?pageSize=0").then().statusCode(400).body("errors[0].field", equalTo("pageSize"));
        Tokens.as("alice").get(Anno.path() + "?pageSize=1001").then().statusCode(400).body("errors[0].field", equalTo("pageSize"));
        Tokens.as("alice").get(Anno.path() + "?page=-1").then().statusCode(400).body("errors[0].field", equalTo("page"));
        Tokens.as("alice").get(Anno.path() + "?group=x").then().statusCode(400).body("errors[0].field", equalTo("group"));
        Tokens.as("alice").get(Anno.path() + "?motivation=x").then().statusCode(400).body("errors[0].field", equalTo("motivation"));
        Tokens.as("alice").get(Anno.path() + "?visibility=x").then().statusCode(400).body("errors[0].field", equalTo("visibility"));
        Tokens.as("alice").get("/api/documents/no-such-essay/annotations/").then().statusCode(404)
                .contentType("application/problem+json");
        Tokens.as("alice").get(Anno.path() + "not-a-uuid").then().statusCode(404).contentType("application/problem+json");
    }

    @Test
    void noRejectedRequestAnswers500() {
        for (String body : List.of("null", "1", "\"x\"", "{}", "{\"@context\": 5}", "{\"@context\": [5]}",
                "{\"@context\": \"http://www.w3.org/ns/anno.jsonld\", \"type\": \"Annotation\", \"motivation\": 5}",
                "{\"@context\": \"http://www.w3.org/ns/anno.jsonld\", \"type\": \"Annotation\", \"motivation\": \"highlighting\", \"target\": 5}",
                "{\"@context\": \"http://www.w3.org/ns/anno.jsonld\", \"type\": \"Annotation\", \"motivation\": \"highlighting\", \"target\": []}",
                "{\"@context\": \"http://www.w3.org/ns/anno.jsonld\", \"type\": \"Annotation\", \"motivation\": \"highlighting\", \"target\": {\"source\": 5}}",
                "{\"@context\": \"http://www.w3.org/ns/anno.jsonld\", \"type\": \"Annotation\", \"motivation\": \"highlighting\", \"body\": {}, \"target\": \"x\"}")) {
            Tokens.as("alice").contentType(Anno.MEDIA).body(body).post(Anno.path()).then()
                    .statusCode(not(500)).statusCode(400).contentType("application/problem+json");
        }
    }
}
