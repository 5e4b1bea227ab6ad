package org.scholion.hypothesis;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.scholion.testing.AuthorizationMatrix;
import org.scholion.testing.GroupFixtures;
import org.scholion.testing.Notes;
import org.scholion.testing.TestStack;
import org.scholion.testing.Tokens;

/**
 * Issue 22: "A Hypothesis-compatible API under its own prefix, so tools written for Hypothesis work
 * against Scholion unchanged ... It is a second view of the same annotations: what one API writes the
 * other reads, with the same permission map. Follow Hypothesis' published API reference (its OpenAPI
 * document) field by field and cite it in the tests." The reference is hypothesis/h
 * {@code docs/_extra/api-reference/hypothesis-v1.yaml} with its {@code schemas/}; quoted where used.
 */
@QuarkusTest
class HypothesisApiTest {
    static final String ROOT = "/h/api/";
    /** h's Annotation schema ({@code schemas/annotation.yaml}): "required: id, created, updated, user, uri, text, tags,
     * group, permissions, target, document, links, hidden, flagged". */
    static final List<String> REQUIRED = List.of("id", "created", "updated", "user", "uri", "text", "tags", "group", "permissions",
            "target", "document", "links", "hidden", "flagged");

    static String documentIri() {
        return TestStack.appUrl() + "/api/documents/" + Notes.SLUG;
    }

    static RequestSpecification as(String user) {
        return Tokens.as(user).accept(ContentType.JSON);
    }

    /** An annotation as h's client writes it (hypothesis/client: RangeSelector, TextPositionSelector, TextQuoteSelector). */
    static ObjectNode hAnnotation(UUID group, String exact, String text, String... tags) {
        ObjectNode a = Notes.JSON.createObjectNode();
        a.put("uri", documentIri());
        a.putObject("document").putArray("title").add("Stalin and the Red Terror");
        a.put("text", text);
        var t = a.putArray("tags");
        for (String tag : tags) {
            t.add(tag);
        }
        if (group != null) {
            a.put("group", group.toString());
            a.putObject("permissions").putArray("read").add("group:" + group);
        }
        String essay = Notes.text();
        int start = essay.indexOf(exact);
        var selectors = a.putArray("target").addObject().put("source", documentIri()).putArray("selector");
        selectors.addObject().put("type", "RangeSelector").put("startContainer", "/main[1]/p[1]").put("startOffset", 0)
                .put("endContainer", "/main[1]/p[1]").put("endOffset", exact.length());
        selectors.addObject().put("type", "TextPositionSelector").put("start", start).put("end", start + exact.length());
        selectors.addObject().put("type", "TextQuoteSelector").put("exact", exact)
                .put("prefix", essay.substring(Math.max(0, start - 32), start))
                .put("suffix", essay.substring(start + exact.length(), Math.min(essay.length(), start + exact.length() + 32)));
        return a;
    }

    static Response post(String user, ObjectNode h) {
        return as(user).contentType(ContentType.JSON).body(h.toString().getBytes(StandardCharsets.UTF_8)).post(ROOT + "annotations");
    }

    static String created(String user, ObjectNode h) {
        return post(user, h).then().log().ifValidationFails().statusCode(200).extract().path("id");
    }

    static void assertFailure(Response r, int status, String reason) {
        r.then().log().ifValidationFails().statusCode(status).contentType(ContentType.JSON).body("status", equalTo("failure"))
                .body("reason", containsString(reason));
    }

    static JsonNode json(Response r) throws Exception {
        return Notes.JSON.readTree(r.asByteArray());
    }

    /** "Provides a list of links to resources offered by the API" (paths./.get); h's index nests them by name. */
    @Test
    void theIndexListsTheLinksAsHypothesisDoesAndNamesTheVersion() {
        given().get(ROOT).then().log().ifValidationFails().statusCode(200).contentType(ContentType.JSON)
                // "Responses to API requests include a header indicating which API version was used"
                .header("Hypothesis-Media-Type", "application/vnd.hypothesis.v1+json")
                .body("links.search.method", equalTo("GET")).body("links.search.url", endsWith("/h/api/search"))
                .body("links.annotation.create.method", equalTo("POST"))
                .body("links.annotation.read.url", endsWith("/h/api/annotations/:id"))
                .body("links.annotation.update.method", equalTo("PATCH"))
                .body("links.annotation.delete.method", equalTo("DELETE"))
                .body("links.profile.read.url", endsWith("/h/api/profile"))
                .body("links.groups.read.url", endsWith("/h/api/groups"));
        // "we urge clients to set an Accept header with a media type corresponding to the desired version"
        given().accept("application/vnd.hypothesis.v1+json").get(ROOT).then().statusCode(200);
        // "If an Accept header is set with an unrecognized media type, the API will return an HTTP 406"
        assertFailure(given().accept("text/csv").get(ROOT), 406, "v1");
    }

    /**
     * h's client runs on other origins than its API: its requests carry Authorization, Content-Type,
     * Hypothesis-Client-Version and X-Client-Id (hypothesis/client {@code src/sidebar/services/api.ts}),
     * and h's CORS policy allows those with HEAD, GET, PATCH, POST, PUT, DELETE
     * ({@code h/views/api/config.py} cors_policy).
     */
    @Test
    void browsersOnOtherOriginsMayCallItAsHypothesisClientDoes() {
        given().header("Origin", "https://client.example").header("Access-Control-Request-Method", "PATCH")
                .header("Access-Control-Request-Headers", "authorization, content-type, hypothesis-client-version, x-client-id")
                .options(ROOT + "annotations/0f8e6c1a-3b1d-4f1e-9c55-7a2d9b1e4c60").then().statusCode(204)
                .header("Access-Control-Allow-Origin", "*")
                .header("Access-Control-Allow-Methods", containsString("PATCH"))
                .header("Access-Control-Allow-Headers", containsString("Hypothesis-Client-Version"))
                .header("Access-Control-Allow-Headers", containsString("X-Client-Id"));
        given().header("Origin", "https://client.example").get(ROOT).then().statusCode(200)
                .header("Access-Control-Allow-Origin", "*")
                .header("Access-Control-Expose-Headers", containsString("Hypothesis-Media-Type"));
    }

    @Test
    void whatHypothesisWritesTheW3cContainerReadsAndTheOtherWayRound() throws Exception {
        UUID g = GroupFixtures.group("ines", "alice", "bob");
        String word = Notes.word();
        String id = created("alice", hAnnotation(g, "Joseph Stalin", "A comment " + word, "chronology", "Lenin"));

        // the W3C container has it: the same text, tags, group and quote
        JsonNode w3c = json(Tokens.as("bob").accept(Notes.MEDIA).get("/api/documents/" + Notes.SLUG + "/annotations/" + id));
        assertEquals("commenting", w3c.get("motivation").asText());
        assertEquals(g.toString(), w3c.get("group").asText());
        List<String> values = new ArrayList<>();
        w3c.get("body").forEach(b -> values.add(b.get("purpose").asText() + ":" + b.get("value").asText()));
        assertEquals(List.of("commenting:A comment " + word, "tagging:chronology", "tagging:lenin"), values);
        JsonNode selectors = w3c.get("target").get("selector");
        assertEquals("Joseph Stalin", selectors.get(0).get("exact").asText());
        // h's RangeSelector is kept beside and handed back
        assertTrue(selectors.toString().contains("RangeSelector"), selectors.toString());

        // h's view of a W3C annotation: a member reads it by search and by id
        String iri = Notes.create("bob", Notes.tag(Notes.comment(g, "Red Terror", "W3C comment " + word), "sources"));
        String w3cId = Notes.id(iri).toString();
        Response found = as("alice").queryParam("group", g.toString()).queryParam("any", word).queryParam("sort", "created")
                .queryParam("order", "asc").get(ROOT + "search");
        found.then().statusCode(200).body("total", equalTo(2)).body("rows.id", equalTo(List.of(id, w3cId)));
        JsonNode row = json(found).get("rows").get(1);
        for (String field : REQUIRED) {
            assertTrue(row.has(field), "h's Annotation requires " + field + ": " + row);
        }
        String authority = java.net.URI.create(TestStack.appUrl()).getHost();
        assertEquals("acct:bob@" + authority, row.get("user").asText(), "\"user account ID in the format acct:<username>@<authority>\"");
        assertEquals(documentIri(), row.get("uri").asText());
        assertEquals("W3C comment " + word, row.get("text").asText());
        assertEquals("[\"sources\"]", row.get("tags").toString());
        assertEquals(g.toString(), row.get("group").asText());
        assertEquals("group:" + g, row.get("permissions").get("read").get(0).asText());
        assertEquals("acct:bob@" + authority, row.get("permissions").get("update").get(0).asText());
        assertEquals(documentIri(), row.get("target").get(0).get("source").asText());
        JsonNode quote = row.get("target").get(0).get("selector").get(0);
        assertEquals("TextQuoteSelector", quote.get("type").asText());
        assertEquals("Red Terror", quote.get("exact").asText());
        // "document: required: title; title: type: array"
        assertTrue(row.get("document").get("title").isArray());
        assertEquals(iri, row.get("links").get("w3c").asText());
        assertTrue(row.get("links").get("html").asText().endsWith("/read/" + Notes.SLUG + "?annotation=" + w3cId));
        assertFalse(row.get("hidden").asBoolean());
        assertFalse(row.get("flagged").asBoolean());
        // "created: format: date-time", as h writes it (UTC, microseconds, +00:00)
        assertTrue(row.get("created").asText().matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{6}\\+00:00"), row.get("created").asText());
        as("alice").get(ROOT + "annotations/" + w3cId).then().statusCode(200).body("id", equalTo(w3cId))
                .header("Hypothesis-Media-Type", "application/vnd.hypothesis.v1+json");
    }

    /** The search parameters' bounds, as the reference gives them ("limit ... maximum: 200", "offset ... maximum: 9800"). */
    @Test
    void searchRefusesWhatHypothesisRefusesAndIgnoresWhatItDoesNotKnow() {
        assertFailure(as("alice").queryParam("limit", 201).get(ROOT + "search"), 400, "limit: 201 is greater than maximum value 200");
        assertFailure(as("alice").queryParam("limit", -1).get(ROOT + "search"), 400, "limit: -1 is less than minimum value 0");
        assertFailure(as("alice").queryParam("offset", 9801).get(ROOT + "search"), 400, "offset: 9801 is greater than maximum value 9800");
        assertFailure(as("alice").queryParam("limit", "many").get(ROOT + "search"), 400, "limit: \"many\" is not a number");
        assertFailure(as("alice").queryParam("sort", "rank").get(ROOT + "search"), 400,
                "sort: \"rank\" is not one of created, updated, group, id, user");
        assertFailure(as("alice").queryParam("order", "up").get(ROOT + "search"), 400, "order");
        // "this parameter should be formatted as an ISO 8601 string. It may also be formatted in ms ... since the Epoch"
        assertFailure(as("alice").queryParam("sort", "created").queryParam("search_after", "yesterday").get(ROOT + "search"), 400,
                "search_after must be a parsable date");
        // "Examples of invalid values (not within path or query parts of URI): *foo.com, u_n:*, file://*, http://foo.com*"
        for (String bad : List.of("*foo.com", "u_n:*", "file://*", "http://foo.com*")) {
            assertFailure(as("alice").queryParam("wildcard_uri", bad).get(ROOT + "search"), 400, "wildcard_uri");
        }
        // "Examples of valid values: http://foo.com/*, urn:x-pdf:*, file://localhost/_bc.pdf"
        for (String good : List.of("http://foo.com/*", "urn:x-pdf:*", "file://localhost/_bc.pdf")) {
            as("alice").queryParam("wildcard_uri", good).get(ROOT + "search").then().statusCode(200).body("total", equalTo(0));
        }
        // the reference's examples of a search_after, as a date and as milliseconds
        as("alice").queryParam("sort", "created").queryParam("search_after", "2019-01-03T19:46:09.334539+00:00").get(ROOT + "search")
                .then().statusCode(200);
        as("alice").queryParam("sort", "updated").queryParam("search_after", "1546544769334").get(ROOT + "search").then().statusCode(200);
        // unknown parameters go through h's schema untouched: ignored here
        as("alice").queryParam("frobnicate", "yes").queryParam("limit", 1).get(ROOT + "search").then().statusCode(200);
        // the reference's example values of a user and a group that are not here: nothing, not an error
        as("alice").queryParam("user", "acct:username@hypothes.is").get(ROOT + "search").then().statusCode(200).body("total", equalTo(0));
        as("alice").queryParam("group", "8JmD3iz1").get(ROOT + "search").then().statusCode(200).body("total", equalTo(0));
    }

    @Test
    void searchFiltersSortsAndPagesAsTheReferenceSays() throws Exception {
        UUID g = GroupFixtures.group("ines", "alice", "bob");
        String word = Notes.word();
        String first = created("alice", hAnnotation(g, "Joseph Stalin", "first " + word, "chronology"));
        String second = created("bob", hAnnotation(g, "the Cheka", "second " + word, "chronology", "sources"));
        String third = created("alice", hAnnotation(g, "Vladimir Lenin", "third " + word));
        String reply = created("bob", Notes.JSON.createObjectNode().put("uri", documentIri()).put("text", "a reply " + word)
                .set("references", Notes.JSON.createArrayNode().add(first)));

        java.util.function.Function<Map<String, Object>, List<String>> ids = q -> as("alice").queryParams(q)
                .queryParam("group", g.toString()).get(ROOT + "search").then().statusCode(200).extract().path("rows.id");
        // "sort: created ... order: asc"
        assertEquals(List.of(first, second, third, reply), ids.apply(Map.of("sort", "created", "order", "asc", "text", word)));
        // default "sort: updated", "order: desc"
        assertEquals(List.of(reply, third, second, first), ids.apply(Map.of("text", word)));
        // "The returned subset of search results will begin with the first annotation whose sort field's value comes after
        // the value of search_after"
        String firstCreated = as("alice").get(ROOT + "annotations/" + first).then().extract().path("created");
        assertEquals(List.of(second, third, reply), ids.apply(Map.of("sort", "created", "order", "asc", "text", word,
                "search_after", firstCreated)));
        // "offset: The number of initial annotations to skip", "limit: The maximum number of annotations to return"
        Response page = as("alice").queryParams(Map.of("sort", "created", "order", "asc", "text", word, "offset", 1, "limit", 2))
                .queryParam("group", g.toString()).get(ROOT + "search");
        page.then().body("total", equalTo(4)).body("rows.id", equalTo(List.of(second, third)));
        // "user: Limit the results to annotations made by the specified user", as acct: or a username
        String authority = java.net.URI.create(TestStack.appUrl()).getHost();
        assertEquals(List.of(first, third), ids.apply(Map.of("sort", "created", "order", "asc", "text", word,
                "user", "acct:alice@" + authority)));
        // "tags: ... find all annotations whose tags contain both"
        assertEquals(List.of(second), ids.apply(Map.of("text", word, "tags", "chronology,sources")));
        assertEquals(List.of(second, first), ids.apply(Map.of("text", word, "tag", "Chronology")));
        // "quote: ... `unicorn helmets` would return all annotations containing `unicorn` OR `helmets` in their quoted text"
        assertEquals(List.of(third, first), ids.apply(Map.of("text", word, "quote", "Lenin Stalin")));
        // "text: ... `penguin strength` would return all annotations containing `penguin` OR `strength`"
        assertEquals(List.of(third, first), ids.apply(Map.of("text", "first third", "any", word)));
        // "any: ... in any of the following fields: quote, tags, text, url"
        assertEquals(List.of(second), ids.apply(Map.of("text", word, "any", "Cheka")));
        // "uri: Limit the results to annotations matching the specific URI or equivalent URIs"
        assertEquals(4, ids.apply(Map.of("text", word, "uri", documentIri())).size());
        assertEquals(4, ids.apply(Map.of("text", word, "url", TestStack.appUrl() + "/read/" + Notes.SLUG)).size());
        assertEquals(0, ids.apply(Map.of("text", word, "uri", "https://example.com/other")).size());
        assertEquals(4, ids.apply(Map.of("text", word, "wildcard_uri", TestStack.appUrl() + "/api/documents/red-*")).size());
        assertEquals(4, ids.apply(Map.of("text", word, "uri.parts", "essay")).size());
        // "references: Returns annotations that are replies to this parent annotation ID"
        assertEquals(List.of(reply), ids.apply(Map.of("references", first)));
        JsonNode r = json(as("alice").get(ROOT + "annotations/" + reply));
        assertEquals("[\"" + first + "\"]", r.get("references").toString(), "\"Annotation IDs for any annotations this annotation"
                + " references (e.g. is a reply to)\"");
        assertFalse(r.get("target").get(0).has("selector"), "a reply targets its thread's document, without a selector");
        // _separate_replies: "Return a separate set of annotations and their replies"
        Response separate = as("alice").queryParams(Map.of("text", word, "_separate_replies", "true", "sort", "created", "order", "asc"))
                .queryParam("group", g.toString()).get(ROOT + "search");
        separate.then().statusCode(200).body("total", equalTo(3)).body("rows.id", equalTo(List.of(first, second, third)))
                .body("replies.id", equalTo(List.of(reply)));
    }

    @Test
    void privateNotesUpdatesAndDeletionFollowHypothesisAndKeepScholionsRules() throws Exception {
        UUID g = GroupFixtures.group("ines", "alice", "bob");
        String word = Notes.word();
        // h's CreateAnnotationSchema: without permissions, "shared" is False: only its author reads it
        ObjectNode note = hAnnotation(null, "Joseph Stalin", "my note " + word);
        note.put("group", g.toString());
        String mine = created("alice", note);
        JsonNode n = json(as("alice").get(ROOT + "annotations/" + mine));
        assertEquals(HypothesisView.WORLD, n.get("group").asText());
        assertTrue(n.get("permissions").get("read").get(0).asText().startsWith("acct:alice@"), n.toString());
        assertFailure(as("bob").get(ROOT + "annotations/" + mine), 404, "");
        as("alice").queryParam("group", "__world__").queryParam("text", word).get(ROOT + "search").then().body("rows.id", equalTo(List.of(mine)));
        as("bob").queryParam("text", word).get(ROOT + "search").then().body("total", equalTo(0));
        // a private note stays private (Scholion has no public group to share it in)
        ObjectNode share = Notes.JSON.createObjectNode();
        share.putObject("permissions").putArray("read").add("group:__world__");
        assertFailure(as("alice").contentType(ContentType.JSON).body(share.toString()).patch(ROOT + "annotations/" + mine), 400,
                "permissions: a private note stays private");
        // its own permissions sent back change nothing
        ObjectNode same = Notes.JSON.createObjectNode().put("text", "my note, again " + word);
        same.set("permissions", n.get("permissions"));
        as("alice").contentType(ContentType.JSON).body(same.toString()).patch(ROOT + "annotations/" + mine).then().statusCode(200)
                .body("text", equalTo("my note, again " + word));

        // PATCH changes what it names and keeps the rest: a sourced comment keeps its source
        String iri = Notes.create("alice", Notes.cite(Notes.comment(g, "the Cheka", "before " + word), "https://doi.org/10.2307/2167582",
                "Victims of the Soviet Penal System"));
        String id = Notes.id(iri).toString();
        as("alice").contentType(ContentType.JSON).body("{\"text\": \"after " + word + "\", \"tags\": [\"checked\"]}")
                .patch(ROOT + "annotations/" + id).then().statusCode(200).body("text", equalTo("after " + word))
                .body("tags", equalTo(List.of("checked")));
        JsonNode w3c = json(Tokens.as("alice").accept(Notes.MEDIA).get("/api/documents/" + Notes.SLUG + "/annotations/" + id));
        assertTrue(w3c.get("body").toString().contains("doi.org/10.2307/2167582"), "the source stays: " + w3c.get("body"));
        assertTrue(w3c.get("body").toString().contains("after " + word), w3c.get("body").toString());
        // "existing implementations continue to work under PUT but should switch to PATCH"
        as("alice").contentType(ContentType.JSON).body("{\"text\": \"put " + word + "\"}").put(ROOT + "annotations/" + id).then()
                .statusCode(200)
                // RFC 9745 §2.1 "Deprecation = Date" (@ and seconds), RFC 8594 §3 "Sunset = HTTP-date"
                .header("Deprecation", "@" + java.time.LocalDate.parse("2026-12-04").atStartOfDay(java.time.ZoneOffset.UTC).toEpochSecond())
                .header("Sunset", "Fri, 31 Dec 2027 00:00:00 GMT").body("text", equalTo("put " + word));
        // making a group annotation private is refused, naming the field
        ObjectNode hide = Notes.JSON.createObjectNode();
        hide.putObject("permissions").putArray("read").add("acct:alice@localhost");
        assertFailure(as("alice").contentType(ContentType.JSON).body(hide.toString()).patch(ROOT + "annotations/" + id), 400,
                "permissions: ");
        // another member may read it, not change it
        assertFailure(as("bob").contentType(ContentType.JSON).body("{\"text\": \"bob was here\"}").patch(ROOT + "annotations/" + id), 403, "");
        assertFailure(as("bob").delete(ROOT + "annotations/" + id), 403, "");
        // DELETE answers h's {"id", "deleted": true}; the annotation is gone from both views, its revisions kept
        as("alice").delete(ROOT + "annotations/" + id).then().statusCode(200).body("id", equalTo(id)).body("deleted", equalTo(true));
        assertFailure(as("alice").get(ROOT + "annotations/" + id), 404, "");
        Tokens.as("alice").accept(Notes.MEDIA).get("/api/documents/" + Notes.SLUG + "/annotations/" + id).then().statusCode(410);
        assertTrue(GroupFixtures.count("SELECT count(*) FROM annotation_revision WHERE annotation_id = '" + id + "'") >= 1);
    }

    /**
     * The reference's moderation operations: "PUT annotations/{id}/flag - Add a flag to an annotation"
     * ("The moderator of the group containing the annotation will be notified of the flag"),
     * "PUT annotations/{id}/hide - Hide (moderate) an annotation" ("The authenticated user needs to have
     * the moderate permission for the group") and "DELETE annotations/{id}/hide - Unhide"; and what
     * h's {@code present_for_user} shows of them: "flagged" (by this user), "hidden", and
     * "moderation.flagCount" for moderators only.
     */
    @Test
    void flagsAndHidingAreScholionsModeration() throws Exception {
        UUID g = GroupFixtures.group("ines", "alice", "bob");
        String id = created("alice", hAnnotation(g, "the Cheka", "flag me " + Notes.word()));
        assertFailure(as("alice").put(ROOT + "annotations/" + id + "/flag"), 403, "");
        as("bob").put(ROOT + "annotations/" + id + "/flag").then().statusCode(204);
        as("bob").put(ROOT + "annotations/" + id + "/flag").then().statusCode(204);
        as("bob").get(ROOT + "annotations/" + id).then().body("flagged", equalTo(true)).body("moderation", nullValue());
        as("ines").get(ROOT + "annotations/" + id).then().body("flagged", equalTo(false)).body("moderation.flagCount", equalTo(1));
        // the W3C side sees the same flag in the moderation record
        Tokens.as("ines").get("/api/documents/" + Notes.SLUG + "/annotations/" + id + "/moderation").then().statusCode(200)
                .body("flags.size()", equalTo(1));

        assertFailure(as("bob").put(ROOT + "annotations/" + id + "/hide"), 403, "");
        as("ines").put(ROOT + "annotations/" + id + "/hide").then().statusCode(204);
        assertFailure(as("bob").get(ROOT + "annotations/" + id), 404, "");
        as("alice").get(ROOT + "annotations/" + id).then().statusCode(200).body("hidden", equalTo(true));
        as("ines").get(ROOT + "annotations/" + id).then().statusCode(200).body("hidden", equalTo(true))
                .body("moderation.flagCount", equalTo(0));
        Tokens.as("ines").get("/api/documents/" + Notes.SLUG + "/annotations/" + id + "/moderation").then()
                .body("state", equalTo("hidden")).body("reason", equalTo(HypothesisWrites.HIDDEN_REASON));
        as("ines").delete(ROOT + "annotations/" + id + "/hide").then().statusCode(204);
        as("bob").get(ROOT + "annotations/" + id).then().statusCode(200).body("hidden", equalTo(false));
    }

    /** Bad input: "clear problem+json, nothing lost, no 500" — in h's error form here. */
    @Test
    void badAnnotationsAreRefusedWithHypothesisReasonsAndWriteNothing() {
        UUID g = GroupFixtures.group("ines", "alice");
        long before = GroupFixtures.count("SELECT count(*) FROM annotation");
        assertFailure(as("alice").contentType(ContentType.JSON).body("{not json").post(ROOT + "annotations"), 400,
                "Expected a valid JSON payload");
        ObjectNode noUri = hAnnotation(g, "Joseph Stalin", "x");
        noUri.remove("uri");
        assertFailure(post("alice", noUri), 400, "uri: 'uri' is a required property");
        ObjectNode badTags = hAnnotation(g, "Joseph Stalin", "x");
        badTags.putArray("tags").add(3);
        assertFailure(post("alice", badTags), 400, "tags.0: 3 is not of type 'string'");
        ObjectNode badPermissions = hAnnotation(g, "Joseph Stalin", "x");
        badPermissions.putObject("permissions").putArray("read").add("everyone");
        assertFailure(post("alice", badPermissions), 400, "does not match '^(acct:|group:).+$'");
        ObjectNode pageNote = hAnnotation(g, "Joseph Stalin", "x");
        pageNote.remove("target");
        assertFailure(post("alice", pageNote), 400, "target: ");
        ObjectNode notInText = hAnnotation(g, "Joseph Stalin", "x");
        ((ObjectNode) notInText.get("target").get(0).get("selector").get(2)).put("exact", "words that are not in the essay");
        ((ObjectNode) notInText.get("target").get(0).get("selector").get(1)).put("start", 0).put("end", 31);
        post("alice", notInText).then().statusCode(not(200)).body("status", equalTo("failure"));
        ObjectNode elsewhere = hAnnotation(g, "Joseph Stalin", "x");
        elsewhere.put("uri", "https://example.com/not-a-reading");
        assertFailure(post("alice", elsewhere), 404, "uri: no reading you can read");
        ObjectNode world = hAnnotation(null, "Joseph Stalin", "x");
        world.putObject("permissions").putArray("read").add("group:__world__");
        assertFailure(post("alice", world), 400, "Scholion has no public group");
        ObjectNode foreignGroup = hAnnotation(GroupFixtures.group("ines"), "Joseph Stalin", "x");
        post("alice", foreignGroup).then().statusCode(404).body("status", equalTo("failure"));
        assertEquals(before, GroupFixtures.count("SELECT count(*) FROM annotation"), "nothing was written");
        // a client that asks for problem+json gets it
        as("alice").accept("application/problem+json").queryParam("limit", 500).get(ROOT + "search").then().statusCode(400)
                .contentType("application/problem+json").body("status", equalTo(400));
    }

    /** Who may, who may not: every endpoint, every kind of caller (404 where the caller may not see). */
    @Test
    void authorizationOfEveryEndpoint() {
        UUID g = GroupFixtures.group("ines", "alice", "bob");
        String id = created("alice", hAnnotation(g, "Joseph Stalin", "matrix"));
        List<String> callers = java.util.Arrays.asList(null, "alice", "bob", "carol", "ines", "admin");
        java.util.function.Function<RequestSpecification, RequestSpecification> pj = r -> r.accept("application/problem+json");
        AuthorizationMatrix.assertRow("GET /h/api/", callers, List.of(200, 200, 200, 200, 200, 200), r -> pj.apply(r).get(ROOT));
        AuthorizationMatrix.assertRow("GET /h/api/profile", callers, List.of(200, 200, 200, 200, 200, 200),
                r -> pj.apply(r).get(ROOT + "profile"));
        AuthorizationMatrix.assertRow("GET /h/api/search", callers, List.of(401, 200, 200, 200, 200, 200),
                r -> pj.apply(r).get(ROOT + "search"));
        AuthorizationMatrix.assertRow("GET /h/api/annotations/{id}", callers, List.of(401, 200, 200, 404, 200, 200),
                r -> pj.apply(r).get(ROOT + "annotations/" + id));
        AuthorizationMatrix.assertRow("PATCH /h/api/annotations/{id}", callers, List.of(401, 200, 403, 404, 403, 403),
                r -> pj.apply(r).contentType(ContentType.JSON).body("{\"text\": \"matrix\"}").patch(ROOT + "annotations/" + id));
        // an admin may annotate in any group (the permission map's rule, as in the W3C container)
        AuthorizationMatrix.assertRow("POST /h/api/annotations", callers, List.of(401, 200, 200, 404, 200, 200),
                r -> pj.apply(r).contentType(ContentType.JSON).body(hAnnotation(g, "Joseph Stalin", "m").toString())
                        .post(ROOT + "annotations"));
        AuthorizationMatrix.assertRow("GET /h/api/groups", callers, List.of(401, 200, 200, 200, 200, 200),
                r -> pj.apply(r).get(ROOT + "groups"));
        AuthorizationMatrix.assertRow("GET /h/api/profile/groups", callers, List.of(401, 200, 200, 200, 200, 200),
                r -> pj.apply(r).get(ROOT + "profile/groups"));
        AuthorizationMatrix.assertRow("GET /h/api/groups/{id}", callers, List.of(401, 200, 200, 404, 200, 200),
                r -> pj.apply(r).get(ROOT + "groups/" + g));
        AuthorizationMatrix.assertRow("GET /h/api/groups/{id}/members", callers, List.of(401, 200, 200, 404, 200, 200),
                r -> pj.apply(r).get(ROOT + "groups/" + g + "/members"));
        AuthorizationMatrix.assertRow("DELETE /h/api/annotations/{id}", java.util.Arrays.asList(null, "bob", "carol", "alice"),
                List.of(401, 403, 404, 200),
                r -> pj.apply(r).delete(ROOT + "annotations/" + created("alice", hAnnotation(g, "Joseph Stalin", "to delete"))));
    }

    /**
     * Tools written for Hypothesis authenticate with its developer token as "Authorization: Bearer";
     * Scholion's API tokens work the same way, within their scopes and groups (issue 22).
     */
    @Test
    void apiTokensWorkAsHypothesisDeveloperTokensWithinTheirScopesAndGroups() {
        UUID g = GroupFixtures.group("ines", "alice");
        UUID other = GroupFixtures.group("ines", "alice");
        String word = Notes.word();
        created("alice", hAnnotation(g, "Joseph Stalin", "in g " + word));
        created("alice", hAnnotation(other, "Joseph Stalin", "in other " + word));
        String readOnly = Tokens.as("alice").contentType(ContentType.JSON)
                .body(Map.of("name", "h tool", "scopes", List.of("read"), "groups", List.of(g.toString()))).post("/api/tokens")
                .then().statusCode(201).extract().path("token");
        given().auth().oauth2(readOnly).queryParam("text", word).get(ROOT + "search").then().statusCode(200)
                .body("total", equalTo(1)).body("rows[0].group", equalTo(g.toString()));
        given().auth().oauth2(readOnly).get(ROOT + "groups").then().statusCode(200).body("id", equalTo(List.of(g.toString())));
        given().auth().oauth2(readOnly).get(ROOT + "groups/" + other).then().statusCode(404).body("status", equalTo("failure"));
        given().auth().oauth2(readOnly).contentType(ContentType.JSON).body(hAnnotation(g, "Joseph Stalin", "no").toString())
                .post(ROOT + "annotations").then().statusCode(403).body("status", equalTo("failure"))
                .body("reason", containsString("'write' scope"));
        String authority = java.net.URI.create(TestStack.appUrl()).getHost();
        given().auth().oauth2(readOnly).get(ROOT + "profile").then().statusCode(200).body("userid", equalTo("acct:alice@" + authority));
        // a token that is not one is refused as the rest of the API refuses it
        given().auth().oauth2("sch_" + "x".repeat(43)).get(ROOT + "search").then().statusCode(401)
                .header("WWW-Authenticate", startsWith("Bearer")).body("status", equalTo("failure"));
    }

    /**
     * hypothesis/client {@code src/types/api.ts}: a TextPositionSelector's start and end count UTF-16
     * code units (JavaScript string offsets); the W3C container counts code points ("characters",
     * Web Annotation Data Model §4.2.4). Each view counts in its own unit, over the same passage.
     */
    @Test
    void positionsAreUtf16UnitsInHypothesisViewAndCodePointsInTheW3cContainer() throws Exception {
        String text = "A scroll \uD83D\uDCDC and a temple \uD83C\uDFDB before the passage that matters, then the rest.";
        String slug = Tokens.as("ines").multiPart("file", "emoji.txt", text.getBytes(StandardCharsets.UTF_8), "text/plain")
                .multiPart("title", "Emoji").multiPart("public", "true").post("/api/documents").then().statusCode(201).extract()
                .path("slug");
        ObjectNode h = Notes.JSON.createObjectNode().put("uri", TestStack.appUrl() + "/api/documents/" + slug).put("text", "x");
        h.putArray("target").addObject().putArray("selector").addObject().put("type", "TextQuoteSelector").put("exact", "the passage");
        String id = created("alice", h);
        int units = text.indexOf("the passage");
        int codePoints = text.codePointCount(0, units);
        assertEquals(units - 2, codePoints, "two characters outside the BMP before the passage");
        JsonNode hView = as("alice").get(ROOT + "annotations/" + id).then().statusCode(200).extract().as(JsonNode.class);
        JsonNode position = hView.get("target").get(0).get("selector").get(1);
        assertEquals("TextPositionSelector", position.get("type").asText());
        assertEquals(units, position.get("start").asInt());
        assertEquals(units + "the passage".length(), position.get("end").asInt());
        JsonNode w3c = json(Tokens.as("alice").accept(Notes.MEDIA).get("/api/documents/" + slug + "/annotations/" + id));
        assertEquals(codePoints, w3c.get("target").get("selector").get(1).get("start").asInt());
        // and h's positions sent back anchor the same passage
        ObjectNode again = Notes.JSON.createObjectNode().put("uri", TestStack.appUrl() + "/api/documents/" + slug).put("text", "y");
        again.putArray("target").addObject().putArray("selector").addObject().put("type", "TextPositionSelector")
                .put("start", units).put("end", units + "the passage".length());
        post("alice", again).then().statusCode(200).body("target[0].selector[0].exact", equalTo("the passage"));
    }

    @Test
    void groupsMembersAndProfileAreHypothesisShaped() {
        UUID g = GroupFixtures.group("ines", "alice");
        String authority = java.net.URI.create(TestStack.appUrl()).getHost();
        // schemas/group.yaml: "required: id, links, name, organization, public, scoped, type, urls"
        as("alice").get(ROOT + "groups").then().statusCode(200).body("id", hasItem(g.toString()))
                .body("find { it.id == '" + g + "' }.type", equalTo("private"))
                .body("find { it.id == '" + g + "' }.scoped", equalTo(false))
                .body("find { it.id == '" + g + "' }.links.html", endsWith("/groups/" + g))
                .body("find { it.id == '" + g + "' }.urls.group", endsWith("/groups/" + g));
        as("alice").get(ROOT + "groups/" + g).then().statusCode(200).body("name", not(nullValue())).body("public", equalTo(false));
        // schemas/user.yaml: userid "pattern: ^acct:.+$"
        as("alice").get(ROOT + "groups/" + g + "/members").then().statusCode(200)
                .body("userid", hasItem("acct:alice@" + authority)).body("username", hasItem("ines"))
                .body("authority", hasItem(authority));
        // schemas/profile.yaml: "userid ... will be null for unauthenticated requests"
        given().get(ROOT + "profile").then().statusCode(200).body("userid", nullValue()).body("authority", equalTo(authority));
        as("alice").get(ROOT + "profile").then().statusCode(200).body("userid", equalTo("acct:alice@" + authority))
                .body("groups.id", hasItem(g.toString())).body("features", equalTo(Map.of()))
                .body("preferences", equalTo(Map.of()));
        // "401 ... with WWW-Authenticate" for a caller without credentials, in h's form
        given().get(ROOT + "search").then().statusCode(401).header("WWW-Authenticate", startsWith("Bearer"))
                .body("status", equalTo("failure"));
    }
}
