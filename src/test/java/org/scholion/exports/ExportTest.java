package org.scholion.exports;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.arc.Arc;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.persistence.EntityManager;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.jbibtex.BibTeXDatabase;
import org.jbibtex.BibTeXEntry;
import org.jbibtex.BibTeXParser;
import org.junit.jupiter.api.Test;
import org.scholion.testing.AuthorizationMatrix;
import org.scholion.testing.GroupFixtures;
import org.scholion.testing.Notes;
import org.scholion.testing.KeycloakAdmin;
import org.scholion.testing.TestStack;
import org.scholion.testing.Tokens;
import org.scholion.testing.W3cModel;

/** GET /api/exports/annotations and /bibliography: who may, what they hold, and that other tools read them. */
@QuarkusTest
class ExportTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String LD = "application/ld+json";

    private static String export(String user, String query, String accept) {
        return new String(Tokens.as(user).accept(accept).get("/api/exports/annotations?" + query).then().statusCode(200)
                .extract().asByteArray(), StandardCharsets.UTF_8);
    }

    @Test
    void aGroupsExportIsForItsModeratorsAndOnesOwnForAnyone() {
        List<String> callers = Arrays.asList(null, "dave", "bob", "ines", "admin");
        UUID g = GroupFixtures.group("ines", "alice", "bob");
        for (String path : List.of("/api/exports/annotations", "/api/exports/bibliography")) {
            String accept = path.endsWith("annotations") ? LD : "application/x-bibtex";
            AuthorizationMatrix.assertRow("GET " + path + "?group", callers, List.of(401, 404, 403, 200, 200),
                    r -> r.accept(accept).get(path + "?group=" + g));
            AuthorizationMatrix.assertRow("GET " + path + "?mine=true", callers, List.of(401, 200, 200, 200, 200),
                    r -> r.accept(accept).get(path + "?mine=true"));
            AuthorizationMatrix.assertRow("GET " + path + " with neither", callers, List.of(401, 400, 400, 400, 400),
                    r -> r.accept(accept).get(path));
            AuthorizationMatrix.assertRow("GET " + path + " with both", callers, List.of(401, 400, 400, 400, 400),
                    r -> r.accept(accept).get(path + "?mine=true&group=" + g));
            AuthorizationMatrix.assertRow("GET " + path + " of a document no one has", callers, List.of(401, 404, 404, 404, 404),
                    r -> r.accept(accept).get(path + "?mine=true&document=no-such-reading"));
        }
        Tokens.as("ines").accept("text/html").get("/api/exports/annotations?group=" + g).then().statusCode(406);
    }

    /**
     * Requirement 1 of issue 21: an export holds nothing from a group one is not in, no private annotations of others, no
     * hidden or pending ones except for moderators.
     */
    @Test
    void anExportHoldsExactlyWhatItsReaderMaySee() {
        UUID g = GroupFixtures.group("ines", "alice", "bob");
        UUID other = GroupFixtures.group("ivan", "alice");
        String w = Notes.word();
        String visible = Notes.create("alice", Notes.comment(g, "Cheka", w + " visible"));
        String hidden = Notes.create("bob", Notes.comment(g, "Cheka", w + " hiddenOne"));
        Notes.sql("UPDATE annotation SET moderation = 'hidden', moderation_reason = 'off topic' WHERE id = ?1", Notes.id(hidden));
        String deleted = Notes.create("alice", Notes.comment(g, "Cheka", w + " deletedOne"));
        Tokens.as("alice").delete(deleted.substring(TestStack.appUrl().length())).then().statusCode(204);
        Notes.create("alice", Notes.comment(other, "Cheka", w + " otherGroupOne"));
        Notes.create("alice", Notes.comment(null, "Cheka", w + " alicePrivate"));
        String bobsPrivate = Notes.create("bob", Notes.comment(null, "Cheka", w + " bobPrivate"));

        String group = export("ines", "group=" + g, LD);
        assertTrue(group.contains(visible) && group.contains(hidden), group);
        for (String absent : List.of("deletedOne", "otherGroupOne", "alicePrivate", "bobPrivate")) {
            assertFalse(group.contains(absent), absent + " in the group's export");
        }
        assertFalse(group.contains("\"etag\"") || group.contains("upvotedByMe"), "what was said to the exporter alone stays out");
        String bobs = export("bob", "mine=true", LD);
        assertTrue(bobs.contains(hidden) && bobs.contains(bobsPrivate));
        for (String absent : List.of(w + " visible", "otherGroupOne", "alicePrivate", "deletedOne")) {
            assertFalse(bobs.contains(absent), absent + " in bob's own export");
        }
        String csv = export("bob", "mine=true", "text/csv");
        assertFalse(csv.contains("alicePrivate") || csv.contains(w + " visible"));
    }

    /** W3C Web Annotation Data Model §5.1: the collection and every annotation in it pass the W3C's own model tests. */
    @Test
    void theJsonLdExportIsAW3cAnnotationCollection() throws Exception {
        UUID g = GroupFixtures.group("ines", "alice", "bob");
        String root = Notes.create("alice", Notes.cite(Notes.tag(Notes.comment(g, "Cheka", "Dzierżyński's Cheka"), "cheka"),
                "https://doi.org/10.2307/2501234", "The Cheka"));
        Notes.create("bob", Notes.reply(root, "and the Red Terror"));
        Response r = Tokens.as("ines").accept(LD).get("/api/exports/annotations?group=" + g + "&document=" + Notes.SLUG);
        r.then().statusCode(200).contentType(containsType("application/ld+json")).header("Content-Disposition",
                org.hamcrest.Matchers.startsWith("attachment; filename=\"annotations-" + g));
        JsonNode c = JSON.readTree(r.asByteArray());
        W3cModel.assertConforms(c, W3cModel.Kind.COLLECTION);
        W3cModel.assertConforms(withContext(c.get("first")), W3cModel.Kind.PAGE);
        assertEquals("AnnotationCollection", c.get("type").asText());
        assertEquals(2, c.get("total").asInt());
        JsonNode items = c.get("first").get("items");
        assertEquals(2, items.size());
        assertEquals(root, items.get(0).get("id").asText(), "in creation order: a reply after what it answers");
        for (JsonNode item : items) {
            W3cModel.assertConforms(withContext(item), W3cModel.Kind.ANNOTATION);
        }
    }

    private static JsonNode withContext(JsonNode item) {
        var o = JSON.createObjectNode().put("@context", "http://www.w3.org/ns/anno.jsonld");
        o.setAll((com.fasterxml.jackson.databind.node.ObjectNode) item);
        return o;
    }

    private static org.hamcrest.Matcher<String> containsType(String type) {
        return org.hamcrest.Matchers.startsWith(type);
    }

    /** OWASP, CSV Injection: "Wrap each cell field in double quotes" and prepend a single quote to cells starting with =, +, -, @. */
    @Test
    void theCsvIsOneRowPerAnnotationSafeForSpreadsheets() throws Exception {
        UUID g = GroupFixtures.group("ines", "alice");
        String a = Notes.create("alice", Notes.cite(Notes.tag(Notes.tag(Notes.comment(g, "Cheka", "=HYPERLINK(\"http://evil\")"),
                "dates"), "cheka"), "https://example.org/figes", "A People's Tragedy"));
        byte[] bytes = Tokens.as("ines").accept("text/csv").get("/api/exports/annotations?group=" + g).then().statusCode(200)
                .contentType(org.hamcrest.Matchers.startsWith("text/csv")).extract().asByteArray();
        assertEquals(List.of((byte) 0xEF, (byte) 0xBB, (byte) 0xBF), List.of(bytes[0], bytes[1], bytes[2]), "UTF-8 byte order mark");
        String text = new String(bytes, 3, bytes.length - 3, StandardCharsets.UTF_8);
        List<CSVRecord> rows = CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).get().parse(new StringReader(text))
                .getRecords();
        assertEquals(1, rows.size());
        CSVRecord row = rows.get(0);
        assertEquals(a, row.get("id"));
        assertEquals("'=HYPERLINK(\"http://evil\")", row.get("comment"));
        assertEquals("Cheka", row.get("quote"));
        assertEquals("dates; cheka", row.get("tags"));
        assertTrue(row.get("sources").contains("A People's Tragedy") && row.get("sources").contains("https://example.org/figes"));
        assertEquals("alice", row.get("author"));
        assertEquals("visible", row.get("moderation"));
        assertEquals(AnnotationFormats.CSV_HEADER, new ArrayList<>(rows.get(0).getParser().getHeaderNames()));
    }

    @Test
    void theBibliographyListsEachWorkOnceWithWhoCitedItAndParsesAsBibtex() throws Exception {
        UUID g = GroupFixtures.group("ines", "alice", "bob");
        Notes.create("alice", Notes.cite(Notes.comment(g, "Cheka", "one"), "https://doi.org/10.2307/2501234", "The Cheka"));
        Notes.create("bob", Notes.cite(Notes.comment(g, "Cheka", "two"), "https://doi.org/10.2307/2501234", "The Cheka"));
        Notes.create("bob", Notes.cite(Notes.comment(g, "Cheka", "three"), "https://example.org/pipes", "The Russian Revolution"));
        String bib = new String(Tokens.as("ines").accept("application/x-bibtex").get("/api/exports/bibliography?group=" + g).then()
                .statusCode(200).contentType(org.hamcrest.Matchers.startsWith("application/x-bibtex")).extract().asByteArray(),
                StandardCharsets.UTF_8);
        BibTeXDatabase db = new BibTeXParser().parse(new StringReader(bib));
        assertEquals(2, db.getEntries().size(), bib);
        BibTeXEntry cheka = db.getEntries().values().stream().filter(e -> e.getField(BibTeXEntry.KEY_TITLE).toUserString()
                .equals("The Cheka")).findFirst().orElseThrow();
        assertEquals("10.2307/2501234", cheka.getField(BibTeXEntry.KEY_DOI).toUserString());
        String note = cheka.getField(new org.jbibtex.Key("note")).toUserString();
        assertTrue(note.contains("2") && note.contains("Alice") && note.contains("Bob"), note);
        String ris = new String(Tokens.as("ines").accept("application/x-research-info-systems")
                .get("/api/exports/bibliography?group=" + g).then().statusCode(200).extract().asByteArray(), StandardCharsets.UTF_8);
        assertEquals(2, ris.split("ER  - ", -1).length - 1, ris);
        JsonNode csl = JSON.readTree(Tokens.as("ines").accept("application/vnd.citationstyles.csl+json")
                .get("/api/exports/bibliography?group=" + g).then().statusCode(200).extract().asByteArray());
        assertEquals(2, csl.size());
        // a student's own bibliography: only what they cited
        JsonNode alices = JSON.readTree(Tokens.as("alice").accept("application/vnd.citationstyles.csl+json")
                .get("/api/exports/bibliography?mine=true&document=" + Notes.SLUG).then().statusCode(200).extract().asByteArray());
        assertTrue(alices.toString().contains("The Cheka") && !alices.toString().contains("The Russian Revolution"));
    }

    /** An export longer than a chunk streams every annotation once, in order. */
    @Test
    void aLongExportStreamsInChunksEveryAnnotationOnce() {
        String moderator = "exporter-" + UUID.randomUUID().toString().substring(0, 8);
        KeycloakAdmin.createUser(moderator, "Export", "Tester", "student");
        UUID g = GroupFixtures.group(moderator);
        UUID author = GroupFixtures.userId(moderator);
        int n = AnnotationExports.CHUNK * 2 + 37;
        QuarkusTransaction.requiringNew().run(() -> Arc.container().instance(EntityManager.class).get().createNativeQuery("""
                INSERT INTO annotation (id, document_id, author_id, group_id, visibility, motivation, root_id, start_pos, end_pos,
                    exact, body, version, created_at, modified_at, revision, checked_revision, by_moderator)
                SELECT s.u, d.id, :author, :g, 'group', 'commenting', s.u, 0, 5, 'Joseph',
                    jsonb_build_object('comment', jsonb_build_object('text', 'note ' || s.i, 'format', 'text/plain')),
                    1, now() - (10000 - s.i) * interval '1 second', now(), d.revision, d.revision, true
                  FROM (SELECT gen_random_uuid() AS u, i FROM generate_series(1, :n) i) s
                  JOIN document d ON d.slug = 'red-terror-essay'""").setParameter("author", author).setParameter("g", g)
                .setParameter("n", n).executeUpdate());
        String csv = export(moderator, "group=" + g, "text/csv");
        List<String> notes = new ArrayList<>();
        for (String line : csv.split("\r\n")) {
            int at = line.indexOf("\"note ");
            if (at >= 0) {
                notes.add(line.substring(at + 1, line.indexOf('"', at + 1)));
            }
        }
        assertEquals(n, notes.size());
        for (int i = 0; i < n; i++) {
            assertEquals("note " + (i + 1), notes.get(i));
        }
    }
}
