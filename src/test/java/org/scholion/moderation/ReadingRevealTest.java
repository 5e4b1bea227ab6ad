package org.scholion.moderation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;
import java.util.UUID;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;
import org.scholion.testing.Tokens;

/**
 * A reading's reveal rule (issue 18): "peers' annotations on this reading stay hidden from a
 * student until they have posted N of their own, or until the due date". Asked both ways: the
 * container (SQL) and single GETs (Java), which must agree.
 */
@QuarkusTest
class ReadingRevealTest {

    @Test
    void classmatesShowAfterTheNthPostAndTheModeratorsAlways() {
        UUID g = Mod.group("ines", "alice", "bob");
        assign(g, "{\"revealAfter\": 2}");
        String prompt = Mod.create("ines", Mod.comment(g, "Vladimir Lenin", "Which dates are wrong?"));
        String alices = Mod.create("alice", Mod.comment(g, "Vladimir Lenin", "alice's first"));

        assertEquals(List.of(prompt), Mod.listed("bob", g));
        Mod.get("bob", alices).then().statusCode(404);
        Mod.create("bob", Mod.comment(g, "Vladimir Lenin", "bob's first"));
        // one is not enough
        Mod.get("bob", alices).then().statusCode(404);
        assertEquals(2, Mod.total("bob", g), "the prompt and his own");
        Mod.create("bob", Mod.comment(g, "Vladimir Lenin", "bob's second"));
        Mod.get("bob", alices).then().statusCode(200);
        assertEquals(4, Mod.total("bob", g));
        // alice, with one, still waits for bob's
        assertEquals(Set.of(prompt, alices), Set.copyOf(Mod.listed("alice", g)));
        assertTrue(Mod.listed("ines", g).size() >= 4, "the moderator sees everything");
    }

    @Test
    void aPassedDueDateRevealsEverything() {
        UUID g = Mod.group("ines", "alice", "bob");
        assign(g, "{\"revealAfter\": 3, \"due\": \"2020-01-01T00:00:00Z\"}");
        String alices = Mod.create("alice", Mod.comment(g, "Vladimir Lenin", "alice's"));
        Mod.get("bob", alices).then().statusCode(200);
        assertEquals(List.of(alices), Mod.listed("bob", g));
    }

    @Test
    void takingTheReadingOffTheListLiftsItsRule() {
        UUID g = Mod.group("ines", "alice", "bob");
        assign(g, "{\"revealAfter\": 1}");
        String alices = Mod.create("alice", Mod.comment(g, "Vladimir Lenin", "alice's"));
        Mod.get("bob", alices).then().statusCode(404);
        Tokens.as("ines").delete("/api/groups/" + g + "/readings/red-terror-essay").then().statusCode(204);
        Mod.get("bob", alices).then().statusCode(200);
        assertEquals(List.of(alices), Mod.listed("bob", g));
    }

    private static void assign(UUID group, String terms) {
        Tokens.as("ines").contentType("application/json").body(terms).put("/api/groups/" + group + "/readings/red-terror-essay")
                .then().statusCode(201);
    }
}
