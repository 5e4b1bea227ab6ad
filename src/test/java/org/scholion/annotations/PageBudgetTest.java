package org.scholion.annotations;

import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarkus.arc.Arc;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;
import org.scholion.annotations.jsonld.Representations;
import org.scholion.documents.DocumentService;
import org.scholion.testing.GroupFixtures;
import org.scholion.testing.TestStack;
import org.scholion.testing.Tokens;

/**
 * Issue 9, "Bounded cost per request": "A signed-in user can make every container page cost hundreds
 * of MB (pageSize=1000 × maximum-size annotations; pages over the cache's limit are rendered anew
 * each time). Bound the bytes a page may hold (paging by size, not only count)." The heaviest
 * annotations a client can write, made heavier by moderation (a review with a long note on every
 * source, an endorsement, a flag), on a document of their own so no other test's listing changes.
 */
@QuarkusTest
class PageBudgetTest {
    private static final int HEAVY = 10;
    /** A character of three bytes in UTF-8 that JSON does not escape. */
    private static final String EURO = "\u20ac";

    private static long budget() {
        return ConfigProvider.getConfig().getValue("scholion.annotations.page-bytes", Long.class);
    }

    private static ObjectNode heaviest(UUID group, String documentIri, int n) {
        ObjectNode a = Anno.base("commenting");
        a.put("group", group.toString());
        a.put("canonical", "https://example.org/" + "c".repeat(1900) + n);
        ObjectNode target = a.putObject("target");
        target.put("source", documentIri);
        target.putArray("selector").addObject().put("type", "TextQuoteSelector").put("exact", "passage");
        ArrayNode body = a.putArray("body");
        body.addObject().put("type", "TextualBody").put("purpose", "commenting").put("value", EURO.repeat(10_000));
        for (int t = 0; t < 20; t++) {
            body.addObject().put("type", "TextualBody").put("purpose", "tagging").put("value", (char) ('a' + t) + EURO.repeat(63));
        }
        for (int s = 0; s < 10; s++) {
            ObjectNode source = body.addObject().put("type", "SpecificResource").put("purpose", "linking")
                    .put("source", "https://example.org/work/" + s + "/" + "w".repeat(1900))
                    .put("title", EURO.repeat(500)).put("published", EURO.repeat(40)).put("container", EURO.repeat(300))
                    .put("locator", EURO.repeat(100)).put("excerpt", EURO.repeat(2000));
            ArrayNode authors = source.putArray("authors");
            for (int i = 0; i < 50; i++) {
                authors.add(EURO.repeat(299) + (char) ('a' + s));
            }
        }
        return a;
    }

    @Test
    void aPageOfTheHeaviestAnnotationsStaysWithinTheBudgetAndThePagingStaysConsistent() throws Exception {
        String slug = "heavy-" + UUID.randomUUID().toString().substring(0, 8);
        Arc.container().instance(DocumentService.class).get().importIfAbsent(slug, "Heavy", LocalDate.of(2024, 1, 2),
                "A passage to sit on.");
        String documentIri = TestStack.appUrl() + "/api/documents/" + slug;
        String container = documentIri + "/annotations/";
        String path = "/api/documents/" + slug + "/annotations/";
        UUID g = GroupFixtures.group("ines", "alice", "bob");
        List<String> created = new ArrayList<>();
        for (int n = 0; n < HEAVY; n++) {
            byte[] json = heaviest(g, documentIri, n).toString().getBytes(StandardCharsets.UTF_8);
            assertTrue(json.length < 1024 * 1024, "each fits the request limit: " + json.length);
            Response r = Tokens.as("alice").contentType(Anno.MEDIA).body(json).post(path);
            r.then().statusCode(201);
            String iri = r.header("Location");
            created.add(iri);
            String local = iri.substring(TestStack.appUrl().length());
            // moderation makes it heavier for its moderator: a review with a long note on every source, an
            // endorsement, and a flag (the moderator sees the count)
            for (JsonNode source : Anno.JSON.readTree(r.asString()).get("body")) {
                if (source.has("source")) {
                    Tokens.as("ines").contentType(ContentType.JSON).header("If-Match", etag("ines", local))
                            .body(Map.of("verdict", "does-not-support", "note", EURO.repeat(1000)))
                            .put(local + "/sources/" + source.get("id").asText().substring("urn:uuid:".length()) + "/review")
                            .then().statusCode(200);
                }
            }
            Tokens.as("ines").header("If-Match", etag("ines", local)).put(local + "/endorsement").then().statusCode(200);
            Tokens.as("bob").contentType(ContentType.JSON).body(Map.of("reason", "other", "note", EURO.repeat(1000)))
                    .post(local + "/flags").then().statusCode(201);
        }

        // pageSize=1000 asks for all ten (about 7 MB); the server serves as many as fit the budget and says so
        Response first = Tokens.as("ines").get(path + "?page=0&pageSize=1000");
        first.then().statusCode(200);
        byte[] firstBytes = first.asByteArray();
        assertTrue(firstBytes.length <= budget(), "the page holds " + firstBytes.length + " bytes, more than " + budget());
        JsonNode page0 = Anno.JSON.readTree(firstBytes);
        int size = page0.get("items").size();
        assertTrue(size >= 2 && size < HEAVY, "a page of " + size + " of " + HEAVY);
        assertEquals(container + "?page=0&pageSize=" + size, page0.get("id").asText(), "the page IRI says the size served");
        assertEquals(page0.get("id").asText(), first.header("Content-Location"));
        assertEquals(HEAVY, page0.get("partOf").get("total").asInt());
        assertEquals(0, page0.get("startIndex").asInt());

        // every page of the listing has that size and links on; together they hold every annotation once, in order
        List<String> seen = new ArrayList<>();
        JsonNode page = page0;
        int pages = 0;
        while (true) {
            assertEquals((long) pages * size, page.get("startIndex").asLong());
            page.get("items").forEach(i -> seen.add(i.get("id").asText()));
            pages++;
            if (!page.has("next")) {
                break;
            }
            String next = page.get("next").asText();
            assertEquals(container + "?page=" + pages + "&pageSize=" + size, next);
            byte[] bytes = Tokens.as("ines").get(next.substring(TestStack.appUrl().length())).then().statusCode(200)
                    .extract().asByteArray();
            assertTrue(bytes.length <= budget(), "page " + pages + " holds " + bytes.length + " bytes");
            page = Anno.JSON.readTree(bytes);
            assertEquals(container + "?page=" + (pages - 1) + "&pageSize=" + size, page.get("prev").asText());
        }
        assertEquals(created, seen);
        assertEquals((HEAVY - 1) / size + 1, pages);
        // the collection says the same
        Tokens.as("ines").get(path + "?pageSize=1000").then().statusCode(200)
                .body("first.id", equalTo(container + "?page=0&pageSize=" + size))
                .body("last", equalTo(container + "?page=" + (pages - 1) + "&pageSize=" + size));

        // a page asked for in a larger size is the allowed page that holds its first item
        int holding = (size + 2) / size;
        Tokens.as("ines").get(path + "?page=1&pageSize=" + (size + 2)).then().statusCode(200)
                .header("Content-Location", container + "?page=" + holding + "&pageSize=" + size)
                .body("startIndex", equalTo(holding * size));
        // a size the budget allows is served as asked
        Tokens.as("ines").get(path + "?page=1&pageSize=2").then().statusCode(200)
                .body("id", equalTo(container + "?page=1&pageSize=2")).body("items.size()", equalTo(2));
        // past the end is still no page
        Tokens.as("ines").get(path + "?page=1&pageSize=1000").then().statusCode(404);
        // IRIs are small: the whole listing fits one page of them
        Tokens.as("ines").get(path + "?iris=1&page=0&pageSize=1000").then().statusCode(200)
                .body("items.size()", equalTo(HEAVY)).body("id", equalTo(container + "?iris=1&page=0&pageSize=1000"));

        // the bound each row's weight gives holds for what its heaviest reader, the moderator, is sent
        Representations writer = Arc.container().instance(Representations.class).get();
        for (JsonNode item : page0.get("items")) {
            long weight = GroupFixtures.count("SELECT weight FROM annotation WHERE id = '"
                    + item.get("id").asText().substring(container.length()) + "'");
            long bytes = Anno.JSON.writeValueAsBytes(item).length;
            assertTrue(bytes <= writer.itemBound(weight, slug), bytes + " bytes, bound " + writer.itemBound(weight, slug));
            assertTrue(item.has("flagCount") && item.has("endorsedBy") && item.get("body").get(1).has("review"), "the heaviest view");
        }

        // every page fits the rendered-page cache: read again, it costs the validator query and no rendering
        String again = path + "?page=0&pageSize=1000";
        long statements = StatementCounter.statementsOf(() -> Tokens.as("ines").get(again).then().statusCode(200));
        assertEquals(1, statements, "a page already rendered is served from the cache");
    }

    /** A moderator's actions name the version they act on (If-Match, required). */
    private static String etag(String user, String path) {
        return Tokens.as(user).accept(Anno.MEDIA).get(path).then().statusCode(200).extract().header("ETag");
    }
}
