package org.scholion.moderation;

import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.scholion.testing.Tokens;

/**
 * Page items are written once for all viewers who are shown the same (issue 20): whatever changes
 * what one viewer is shown of an annotation — an edit, someone's upvote, their own upvote — shows in
 * the next page at once, for the right viewers only.
 */
@QuarkusTest
class SharedPageItemsTest {
    private static JsonPath item(String user, UUID group, String iri) {
        JsonPath page = Tokens.as(user).get(Mod.container() + "?group=" + group + "&page=0").then().statusCode(200).extract().jsonPath();
        return new JsonPath(page.prettify()).setRootPath("items.find { it.id == '" + iri + "' }");
    }

    @Test
    void whatChangesAnItemShowsInTheNextPageForTheViewersItConcerns() {
        UUID g = Mod.group("ines", "alice", "bob", "carol");
        String iri = Mod.create("alice", Mod.comment(g, "Vladimir Lenin", "first words"));
        assertEquals(0, item("bob", g, iri).getInt("upvotes"));
        assertEquals(0, item("carol", g, iri).getInt("upvotes"));
        Tokens.as("bob").put(Mod.path(iri) + "/upvote").then().statusCode(200);
        JsonPath bob = item("bob", g, iri);
        JsonPath carol = item("carol", g, iri);
        assertEquals(1, bob.getInt("upvotes"));
        assertEquals(true, bob.getBoolean("upvotedByMe"));
        assertEquals(1, carol.getInt("upvotes"), "another viewer sees the new count");
        assertEquals(false, carol.getBoolean("upvotedByMe"), "and not bob's upvote as theirs");
        String etag = Tokens.as("alice").get(Mod.path(iri)).header("ETag");
        com.fasterxml.jackson.databind.node.ObjectNode edited = Mod.comment(g, "Vladimir Lenin", "second words");
        Tokens.as("alice").contentType("application/ld+json").header("If-Match", etag).body(edited.toString()).put(Mod.path(iri))
                .then().statusCode(200);
        Tokens.as("carol").get(Mod.container() + "?group=" + g + "&page=0").then().statusCode(200)
                .body("items.body.flatten().value", hasItem("second words"));
        assertEquals(true, item("bob", g, iri).getBoolean("upvotedByMe"), "the edit kept bob's own extras apart");
        Tokens.as("bob").get(Mod.path(iri)).then().body("upvotes", equalTo(1));
    }

    /**
     * Items are kept as UTF-8 bytes and copied into pages as they are: text beyond Latin-1 (Cyrillic,
     * typographic dashes and quotes, a character beyond the BMP) reads the same in a page written
     * fresh, in the same page served from the kept bytes, and in the annotation's own GET. RFC 8259
     * §8.1: "JSON text exchanged between systems that are not part of a closed ecosystem MUST be
     * encoded using UTF-8".
     */
    @Test
    void textBeyondLatin1ReadsTheSameFromKeptItems() {
        UUID g = Mod.group("ines", "alice", "bob");
        String words = "Ленин, not Stalin — 1918–22, “Red Terror” \uD834\uDD1E";
        String iri = Mod.create("alice", Mod.comment(g, "Vladimir Lenin", words));
        for (String viewer : new String[] {"bob", "bob", "alice"}) {
            byte[] raw = Tokens.as(viewer).get(Mod.container() + "?group=" + g + "&page=0").then().statusCode(200)
                    .contentType(org.hamcrest.Matchers.containsString("json")).extract().asByteArray();
            JsonPath page = new JsonPath(new String(raw, java.nio.charset.StandardCharsets.UTF_8));
            assertEquals(words, page.getString("items.find { it.id == '" + iri + "' }.body.find { it.value != null }.value"), viewer);
        }
        Tokens.as("bob").get(Mod.path(iri)).then().body("body.find { it.value != null }.value", equalTo(words));
    }
}
