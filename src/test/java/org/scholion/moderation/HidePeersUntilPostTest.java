package org.scholion.moderation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarkus.test.junit.QuarkusTest;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.scholion.testing.TestStack;
import org.scholion.testing.Tokens;

/**
 * Hide peers until you post: on a document, a member sees classmates' annotations only after
 * posting one of their own; moderators' annotations stay visible; moderators see everything.
 */
@QuarkusTest
class HidePeersUntilPostTest {

    @Test
    void aStudentSeesClassmatesOnlyAfterPostingTheirOwn() {
        UUID g = Mod.group("ines", "alice", "bob");
        Mod.settings("ines", g, Map.of("hidePeersUntilPost", true));
        String prompt = Mod.create("ines", Mod.comment(g, "Vladimir Lenin", "What do you make of this sentence?"));
        String alices = Mod.create("alice", Mod.comment(g, "Vladimir Lenin", "alice's own reading"));
        String alicesReply = Mod.create("alice", Mod.reply(prompt, "alice answers the prompt"));

        // bob has not posted: the prompt alone
        assertEquals(List.of(prompt), Mod.listed("bob", g));
        Mod.get("bob", alices).then().statusCode(404);
        Mod.get("bob", alicesReply).then().statusCode(404);
        // a bare highlight does not count as posting
        Mod.create("bob", highlight(g, "Vladimir Lenin"));
        Mod.get("bob", alices).then().statusCode(404);
        // the moderator sees everything
        assertTrue(Mod.listed("ines", g).containsAll(List.of(prompt, alices, alicesReply)));

        // bob answers the prompt: now he sees his classmates, threads included
        String bobsReply = Mod.create("bob", Mod.reply(prompt, "bob's own answer"));
        Mod.get("bob", alices).then().statusCode(200);
        Mod.get("bob", alicesReply).then().statusCode(200);
        assertEquals(5, Mod.total("bob", g));
        // and alice sees his
        Mod.get("alice", bobsReply).then().statusCode(200);
    }

    @Test
    void aPostAModeratorHidDoesNotCountAndOtherDocumentsAreSeparate() {
        UUID g = Mod.group("ines", "alice", "bob");
        Mod.settings("ines", g, Map.of("hidePeersUntilPost", true));
        String alices = Mod.create("alice", Mod.comment(g, "Vladimir Lenin", "a real answer"));
        String bobsJunk = Mod.create("bob", Mod.comment(g, "Vladimir Lenin", "x"));
        Mod.get("bob", alices).then().statusCode(200);
        Mod.moderate("ines", bobsJunk, "hidden", "Please post a real answer to see your classmates'.").then().statusCode(200);
        Mod.get("bob", alices).then().statusCode(404);
        assertEquals(Set.of(bobsJunk), Set.copyOf(Mod.listed("bob", g)));
    }

    @Test
    void turningTheSettingOffShowsEveryoneAgain() {
        UUID g = Mod.group("ines", "alice", "bob");
        Mod.settings("ines", g, Map.of("hidePeersUntilPost", true));
        String alices = Mod.create("alice", Mod.comment(g, "Vladimir Lenin", "alice"));
        String etag = Tokens.as("bob").accept(Mod.MEDIA).get(Mod.container() + "?group=" + g).then().extract().header("ETag");
        Mod.get("bob", alices).then().statusCode(404);
        Mod.settings("ines", g, Map.of("hidePeersUntilPost", false));
        Mod.get("bob", alices).then().statusCode(200);
        // what bob may see changed, so his validator moved
        Tokens.as("bob").accept(Mod.MEDIA).header("If-None-Match", etag).get(Mod.container() + "?group=" + g).then().statusCode(200);
    }

    private static ObjectNode highlight(UUID g, String phrase) {
        ObjectNode a = Mod.JSON.createObjectNode().put("@context", "http://www.w3.org/ns/anno.jsonld").put("type", "Annotation")
                .put("motivation", "highlighting").put("group", g.toString());
        a.putObject("target").put("source", TestStack.appUrl() + "/api/documents/" + Mod.SLUG)
                .putObject("selector").put("type", "TextQuoteSelector").put("exact", phrase);
        return a;
    }
}
