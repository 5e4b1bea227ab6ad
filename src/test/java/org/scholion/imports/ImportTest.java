package org.scholion.imports;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.scholion.testing.AuthorizationMatrix;
import org.scholion.testing.GroupFixtures;
import org.scholion.testing.Notes;
import org.scholion.testing.TestStack;
import org.scholion.testing.Tokens;

/** POST /api/imports: all or nothing, every problem listed, and the round trip with the export. */
@QuarkusTest
class ImportTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String LD = "application/ld+json";

    private static long annotations() {
        return GroupFixtures.count("SELECT count(*) FROM annotation");
    }

    private static JsonNode export(String user, String query) throws Exception {
        return JSON.readTree(Tokens.as(user).accept(LD).get("/api/exports/annotations?" + query).then().statusCode(200).extract()
                .asByteArray());
    }

    /**
     * Issue 21, requirement 2: "export → import into an empty group → export again is identical except ids and dates".
     * Every IRI and UUID becomes a placeholder numbered in order of appearance (so a reply must still point at the same
     * item), every timestamp one placeholder; `via`, which records where an imported annotation came from, is an id too.
     */
    @Test
    void exportImportExportGivesTheSameAnnotations() throws Exception {
        UUID from = GroupFixtures.group("ines", "alice");
        UUID to = GroupFixtures.group("ines", "alice");
        ObjectNode first = Notes.tag(Notes.cite(Notes.comment(from, "Cheka", "Dzierżyński's **Cheka**, founded 1917 🙂"),
                "https://doi.org/10.2307/2501234", "The Cheka"), "chronology");
        String root = Notes.create("ines", first);
        Notes.create("ines", Notes.reply(root, "a reply, with \"quotes\""));
        ObjectNode assessing = Notes.on(from, "Joseph Stalin", "assessing");
        ((ArrayNode) assessing.get("body")).addObject().put("type", "TextualBody").put("purpose", "assessing").put("value",
                "inaccurate");
        Notes.cite(assessing, "https://example.org/pipes", "Russia under the Bolshevik Regime");
        Notes.create("ines", assessing);
        Notes.create("ines", Notes.on(from, "Lenin", "highlighting"));

        JsonNode before = export("ines", "group=" + from);
        JsonPath done = Tokens.as("ines").contentType(LD).body(JSON.writeValueAsBytes(before)).post("/api/imports?group=" + to)
                .then().log().ifValidationFails().statusCode(201).extract().jsonPath();
        assertEquals(3, done.getInt("annotations"));
        assertEquals(1, done.getInt("replies"));
        assertEquals(4, done.getList("items").size());
        JsonNode after = export("ines", "group=" + to);
        assertEquals(normalised(before.get("first").get("items")), normalised(after.get("first").get("items")));
        for (JsonNode item : after.get("first").get("items")) {
            assertTrue(item.get("via").asText().startsWith(TestStack.appUrl() + "/api/documents/"), "via names the original");
        }
    }

    private static final Pattern ID = Pattern.compile(
            "https?://[^\\s\"]*|urn:uuid:[0-9a-f-]{36}|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
    private static final Pattern DATE = Pattern.compile("\\d{4}-\\d{2}-\\d{2}T[0-9:.]+(Z|[+-]\\d{2}:\\d{2})");

    private static JsonNode normalised(JsonNode items) {
        JsonNode copy = items.deepCopy();
        Map<String, String> ids = new HashMap<>();
        walk(copy, ids);
        return copy;
    }

    private static void walk(JsonNode n, Map<String, String> ids) {
        if (n instanceof ObjectNode o) {
            o.remove("via");
            Iterator<Map.Entry<String, JsonNode>> it = o.fields();
            while (it.hasNext()) {
                Map.Entry<String, JsonNode> e = it.next();
                if (e.getValue().isTextual()) {
                    e.setValue(new TextNode(placeholder(e.getValue().asText(), ids)));
                } else {
                    walk(e.getValue(), ids);
                }
            }
        } else if (n instanceof ArrayNode a) {
            for (int i = 0; i < a.size(); i++) {
                if (a.get(i).isTextual()) {
                    a.set(i, new TextNode(placeholder(a.get(i).asText(), ids)));
                } else {
                    walk(a.get(i), ids);
                }
            }
        }
    }

    private static String placeholder(String s, Map<String, String> ids) {
        String out = DATE.matcher(s).replaceAll("<date>");
        var m = ID.matcher(out);
        StringBuilder b = new StringBuilder();
        while (m.find()) {
            String v = m.group();
            boolean stable = v.startsWith("http://www.w3.org/") || v.startsWith("https://doi.org/") || v.startsWith("https://example.org/")
                    || v.equals(TestStack.appUrl() + "/api/documents/" + Notes.SLUG);
            m.appendReplacement(b, stable ? v : ids.computeIfAbsent(v, k -> "<id" + ids.size() + ">"));
        }
        m.appendTail(b);
        return b.toString();
    }

    @Test
    void oneBadAnnotationRefusesTheWholeFileWithEveryProblemListed() throws Exception {
        UUID g = GroupFixtures.group("ines", "alice");
        ArrayNode file = JSON.createArrayNode();
        file.add(Notes.comment(null, "Cheka", "fine").put("id", "urn:x:1"));
        ObjectNode notInText = Notes.comment(null, "Cheka", "quote not in the text").put("id", "urn:x:2");
        ((ObjectNode) notInText.get("target").get("selector").get(0)).put("exact", "nowhere in the essay at all");
        ((ArrayNode) notInText.get("target").get("selector")).remove(1);
        file.add(notInText);
        ObjectNode elsewhere = Notes.comment(null, "Cheka", "unknown document").put("id", "urn:x:3");
        ((ObjectNode) elsewhere.get("target")).put("source", "https://elsewhere.example/essay");
        file.add(elsewhere);
        file.add(Notes.comment(null, "Cheka", "twice").put("id", "urn:x:1"));
        file.add(Notes.reply("urn:x:404", "to nothing").put("id", "urn:x:5"));
        long rows = annotations();
        JsonPath problem = Tokens.as("ines").contentType(LD).body(JSON.writeValueAsBytes(file)).post("/api/imports?group=" + g)
                .then().statusCode(422).contentType("application/problem+json").extract().jsonPath();
        List<String> fields = problem.getList("errors.field");
        assertTrue(fields.contains("/3/id"), fields.toString());
        assertTrue(fields.stream().anyMatch(f -> f.startsWith("/1/target")), fields.toString());
        assertTrue(fields.contains("/2/target/source"), fields.toString());
        assertTrue(fields.contains("/4/target"), fields.toString());
        assertEquals(rows, annotations(), "nothing written");
    }

    @Test
    void moderatorsImportIntoTheirGroupAnyoneIntoTheirPrivateNotes() throws Exception {
        UUID g = GroupFixtures.group("ines", "alice");
        byte[] one = JSON.writeValueAsBytes(JSON.createArrayNode().add(Notes.comment(null, "Cheka", "imported")));
        AuthorizationMatrix.assertRow("POST /api/imports?group", Arrays.asList(null, "dave", "alice", "ines", "admin"),
                List.of(401, 404, 403, 201, 201), r -> r.contentType(LD).body(one).post("/api/imports?group=" + g));
        AuthorizationMatrix.assertRow("POST /api/imports?private=true", Arrays.asList(null, "dave", "alice"),
                List.of(401, 201, 201), r -> r.contentType(LD).body(one).post("/api/imports?private=true"));
        AuthorizationMatrix.assertRow("POST /api/imports without a place", Arrays.asList(null, "dave"), List.of(401, 400),
                r -> r.contentType(LD).body(one).post("/api/imports"));
        GroupFixtures.archive(g);
        Tokens.as("ines").contentType(LD).body(one).post("/api/imports?group=" + g).then().statusCode(409);
        Tokens.as("alice").contentType("text/plain").body(one).post("/api/imports?private=true").then().statusCode(415);
        Tokens.as("alice").contentType(LD).body("{not json").post("/api/imports?private=true").then().statusCode(400)
                .contentType("application/problem+json");
    }

    @Test
    void aHypothesisExportBecomesPrivateNotesAnchoredByTheServer() throws Exception {
        String file = Files.readString(Path.of("src/test/resources/hypothesis/export.json"), StandardCharsets.UTF_8);
        long rows = annotations();
        // the file's page is not a reading here: refused, each annotation named
        JsonPath refused = Tokens.as("carol").contentType("application/json").body(file.getBytes(StandardCharsets.UTF_8))
                .post("/api/imports?private=true").then().statusCode(422).extract().jsonPath();
        assertTrue(refused.getList("errors.field").contains("/annotations/0/target/source"), refused.prettify());
        assertEquals(rows, annotations());
        String here = file.replace("https://essays.example.org/stalin-red-terror", TestStack.appUrl() + "/api/documents/" + Notes.SLUG);
        JsonPath done = Tokens.as("carol").contentType("application/json").body(here.getBytes(StandardCharsets.UTF_8))
                .post("/api/imports?private=true").then().log().ifValidationFails().statusCode(201).extract().jsonPath();
        int total = done.getInt("annotations") + done.getInt("replies");
        assertEquals(5, total);
        assertEquals(2, done.getInt("replies"));
        assertEquals(rows + 5, annotations());
        String mine = Tokens.as("carol").accept(LD).get("/api/exports/annotations?mine=true").then().statusCode(200).extract().asString();
        for (String to : done.<String>getList("items.to")) {
            assertTrue(mine.contains(to));
        }
        // private: no one else sees them
        String iri = done.getString("items[0].to");
        Tokens.as("dave").get(iri.substring(TestStack.appUrl().length())).then().statusCode(404);
    }

    @Test
    void tooManyAnnotationsOrBytesAreRefusedBeforeAnythingIsRead() throws Exception {
        ArrayNode many = JSON.createArrayNode();
        ObjectNode one = Notes.comment(null, "Cheka", "x");
        for (int i = 0; i < 5001; i++) {
            many.add(one);
        }
        Tokens.as("alice").contentType(LD).body(JSON.writeValueAsBytes(many)).post("/api/imports?private=true").then().statusCode(413)
                .contentType("application/problem+json");
        byte[] huge = new byte[11 * 1024 * 1024];
        Arrays.fill(huge, (byte) ' ');
        Tokens.as("alice").contentType(LD).body(huge).post("/api/imports?private=true").then().statusCode(413);
    }
}
