package org.scholion.hypothesis;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.io.File;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.scholion.testing.GroupFixtures;
import org.scholion.testing.Notes;
import org.scholion.testing.TestStack;
import org.scholion.testing.Tokens;

/**
 * Issue 22: "A Hypothesis-compatible API ... so tools written for Hypothesis work against Scholion
 * unchanged", and "Done when: a developer ... reads the class's annotations ... with a Hypothesis-API
 * tool". The tool is a real one, written for Hypothesis by others: the npm package
 * {@code hypothesis-api-client} 0.1.14 (src/test/hypothesis-tool, locked by its package-lock.json),
 * given Scholion's API root instead of {@code https://hypothes.is/api} and a personal API token
 * instead of h's developer token. It signs in (profile), creates, searches, fetches, updates and
 * deletes; the W3C container is asked what it made.
 */
@QuarkusTest
class HypothesisToolTest {
    static final File TOOL = new File("src/test/hypothesis-tool");

    static void run(File dir, Map<String, String> env, StringBuilder out, String... command) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(command).directory(dir).redirectErrorStream(true);
        pb.environment().putAll(env);
        Process p = pb.start();
        byte[] bytes = p.getInputStream().readAllBytes();
        assertTrue(p.waitFor(180, TimeUnit.SECONDS), String.join(" ", command) + " did not finish");
        out.append(new String(bytes, StandardCharsets.UTF_8));
        assertEquals(0, p.exitValue(), String.join(" ", command) + " failed:\n" + out);
    }

    @Test
    void aToolWrittenForHypothesisReadsAndWritesScholionUnchanged() throws Exception {
        if (!new File(TOOL, "node_modules/hypothesis-api-client").isDirectory()) {
            run(TOOL, Map.of(), new StringBuilder(), "npm", "ci", "--no-audit", "--no-fund");
        }
        UUID g = GroupFixtures.group("ines", "alice", "bob");
        String bobs = Notes.create("bob", Notes.comment(g, "Red Terror", "bob's comment"));
        String token = Tokens.as("alice").contentType(ContentType.JSON)
                .body(Map.of("name", "hypothesis tool", "scopes", List.of("read", "write"))).post("/api/tokens").then().statusCode(201)
                .extract().path("token");
        String documentIri = TestStack.appUrl() + "/api/documents/" + Notes.SLUG;
        String word = Notes.word();
        Map<String, String> env = new HashMap<>();
        env.put("H_API", TestStack.appUrl() + "/h/api");
        env.put("H_TOKEN", token);
        env.put("DOC_URI", documentIri);
        env.put("GROUP", g.toString());
        env.put("EXACT", "the Cheka");
        env.put("WORD", word);
        StringBuilder out = new StringBuilder();
        run(TOOL, env, out, "node", "tool.js");

        Map<String, JsonNode> steps = new HashMap<>();
        for (String line : out.toString().split("\n")) {
            if (line.startsWith("{")) {
                JsonNode n = Notes.JSON.readTree(line);
                steps.put(n.get("step").asText(), n.get("value"));
            }
        }
        assertEquals("acct:alice@" + URI.create(TestStack.appUrl()).getHost(), steps.get("profile").asText(), out.toString());
        String created = steps.get("created").asText();
        List<String> found = Notes.JSON.convertValue(steps.get("search"), List.class);
        assertTrue(found.contains(created) && found.contains(Notes.id(bobs).toString()), "the class's annotations: " + found);
        assertEquals("the Cheka", steps.get("fetched").asText());
        assertEquals("Updated by a Hypothesis tool " + word, steps.get("updated").asText());
        assertEquals(created, steps.get("deleted").get("id").asText());
        assertTrue(steps.get("deleted").get("deleted").asBoolean());
        // the W3C container saw it all: the annotation the tool wrote, edited and deleted is a tombstone there
        Tokens.as("bob").accept(Notes.MEDIA).get("/api/documents/" + Notes.SLUG + "/annotations/" + created).then().statusCode(410);
        assertEquals(2, GroupFixtures.count("SELECT count(*) FROM annotation_revision WHERE annotation_id = '" + created + "'"),
                "its edit and its deletion each kept the version before");
        given().auth().oauth2(token).get("/h/api/annotations/" + created).then().statusCode(404);
    }
}
