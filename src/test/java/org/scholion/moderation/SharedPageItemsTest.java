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
}
