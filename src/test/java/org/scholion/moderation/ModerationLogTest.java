package org.scholion.moderation;

import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarkus.arc.Arc;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import jakarta.persistence.EntityManager;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Test;
import org.scholion.testing.Tokens;

/** The moderation log: complete, append-only, readable as JSON and CSV by the group's moderators. */
@QuarkusTest
class ModerationLogTest {

    @Test
    void everyModerationChangeIsAnEntryWithWhoWhenWhatBeforeAfterAndWhy() {
        UUID g = Mod.group("ines", "alice", "bob");
        Mod.settings("ines", g, Map.of("preModeration", true));                     // settings
        String iri = Mod.create("alice", Mod.withSource(Mod.comment(g, "Vladimir Lenin", "claim"),
                "https://example.org/s", "S"));                                          // submit
        String source = Mod.get("alice", iri).then().extract().<String>path("body[1].id").substring("urn:uuid:".length());
        Mod.moderate("ines", iri, "visible", null).then().statusCode(200);              // approve
        Mod.flag("bob", iri, "misinformation", "wrong man").then().statusCode(201);     // flag
        Mod.moderate("ines", iri, "visible", "Checked: it is fine").then().statusCode(200); // dismiss-flags
        Mod.moderate("ines", iri, "hidden", "Off-topic").then().statusCode(200);        // hide
        Mod.moderate("ines", iri, "visible", "Appeal accepted").then().statusCode(200); // unhide
        Mod.deciding("ines", iri).put(Mod.path(iri) + "/endorsement").then().statusCode(200);   // endorse
        Mod.deciding("ines", iri).delete(Mod.path(iri) + "/endorsement").then().statusCode(204); // unendorse
        Mod.deciding("ines", iri).put(Mod.path(iri) + "/lock").then().statusCode(200);          // lock
        Mod.deciding("ines", iri).delete(Mod.path(iri) + "/lock").then().statusCode(200);       // unlock
        SourceReviewTest.review("ines", iri, source, "unreliable", "a blog").then().statusCode(200); // review
        Mod.deciding("ines", iri).delete(Mod.path(iri) + "/sources/" + source + "/review").then().statusCode(204); // withdraw-review
        Tokens.as("alice").delete(Mod.path(iri)).then().statusCode(204);
        Mod.deciding("ines", iri).post(Mod.path(iri) + "/restore").then().statusCode(200);      // restore
        ObjectNode edited = Mod.comment(g, "Vladimir Lenin", "claim, edited");
        Tokens.as("alice").contentType(Mod.MEDIA).header("If-Match", Mod.etag("alice", iri))
                .body(edited.toString().getBytes(StandardCharsets.UTF_8)).put(Mod.path(iri)).then().statusCode(200); // edit
        Mod.moderate("ines", iri, "hidden", "Now it is wrong").then().statusCode(200);  // reject

        List<Map<String, Object>> entries = new ArrayList<>();
        for (int page = 0;; page++) {
            JsonPath p = Tokens.as("ines").get("/api/groups/" + g + "/moderation/log?pageSize=5&page=" + page).then().statusCode(200)
                    .extract().jsonPath();
            assertEquals(16, p.getInt("total"));
            List<Map<String, Object>> items = p.getList("items");
            if (items.isEmpty()) {
                break;
            }
            entries.addAll(items);
        }
        Collections.reverse(entries); // the JSON log is newest first
        assertEquals(List.of("settings", "submit", "approve", "flag", "dismiss-flags", "hide", "unhide", "endorse", "unendorse",
                "lock", "unlock", "review", "withdraw-review", "restore", "edit", "reject"),
                entries.stream().map(e -> (String) e.get("action")).toList());
        assertEquals(List.of("ines", "alice", "ines", "bob", "ines", "ines", "ines", "ines", "ines", "ines", "ines", "ines", "ines",
                "ines", "alice", "ines"), entries.stream().map(e -> actor(e)).toList());
        assertEquals(entry("settings", null, "preModeration=false", "preModeration=true", null), summary(entries.get(0), iri));
        assertEquals(entry("submit", iri, null, "pending", null), summary(entries.get(1), iri));
        assertEquals(entry("approve", iri, "pending", "visible", null), summary(entries.get(2), iri));
        assertEquals(entry("flag", iri, null, "misinformation", "wrong man"), summary(entries.get(3), iri));
        assertEquals(entry("dismiss-flags", iri, "1 open", "0 open", "Checked: it is fine"), summary(entries.get(4), iri));
        assertEquals(entry("hide", iri, "visible", "hidden", "Off-topic"), summary(entries.get(5), iri));
        assertEquals(entry("unhide", iri, "hidden", "visible", "Appeal accepted"), summary(entries.get(6), iri));
        assertEquals(entry("review", iri, null, "unreliable", "a blog"), summary(entries.get(11), iri));
        assertEquals("urn:uuid:" + source, entries.get(11).get("source"));
        assertEquals(entry("withdraw-review", iri, "unreliable", null, null), summary(entries.get(12), iri));
        assertEquals(entry("restore", iri, "deleted", "restored", null), summary(entries.get(13), iri));
        assertEquals(entry("edit", iri, "visible", "pending", null), summary(entries.get(14), iri));
        assertEquals(entry("reject", iri, "pending", "hidden", "Now it is wrong"), summary(entries.get(15), iri));
        // when: in order, and no later than now
        OffsetDateTime previous = OffsetDateTime.MIN;
        for (Map<String, Object> e : entries) {
            OffsetDateTime at = OffsetDateTime.parse((String) e.get("at"));
            assertTrue(!at.isBefore(previous) && !at.isAfter(OffsetDateTime.now().plusSeconds(1)), e.toString());
            previous = at;
        }
    }

    @Test
    void theLogRefusesChangeAndDeletion() {
        UUID g = Mod.group("ines", "alice");
        Mod.settings("ines", g, Map.of("requireSources", true));
        EntityManager em = Arc.container().instance(EntityManager.class).get();
        for (String sql : List.of("UPDATE group_log SET reason = 'rewritten' WHERE group_id = :g",
                "DELETE FROM group_log WHERE group_id = :g")) {
            Exception e = assertThrows(Exception.class, () -> QuarkusTransaction.requiringNew().run(() ->
                    em.createNativeQuery(sql).setParameter("g", g).executeUpdate()));
            assertTrue(causes(e).contains("group_log is append-only"), causes(e));
        }
        assertEquals(1, Mod.count("SELECT count(*) FROM group_log WHERE group_id = '" + g + "'"));
    }

    @Test
    void theCsvExportIsUtf8WithABomAHeaderAndDefusedFormulas() throws Exception {
        UUID g = Mod.group("ines", "alice", "bob");
        String iri = Mod.create("alice", Mod.comment(g, "Vladimir Lenin", "claim"));
        Mod.flag("bob", iri, "other", "=HYPERLINK(\"http://evil.example\",\"click\")").then().statusCode(201);
        Mod.moderate("ines", iri, "hidden", "-2+3 and Zoë's \"quote\", with a comma").then().statusCode(200);

        var csv = Tokens.as("ines").accept("text/csv").get("/api/groups/" + g + "/moderation/log").then().statusCode(200)
                .contentType(startsWith("text/csv")).header("Content-Disposition", startsWith("attachment; filename=")).extract();
        byte[] bytes = csv.asByteArray();
        assertArrayEquals(new byte[] { (byte) 0xEF, (byte) 0xBB, (byte) 0xBF }, Arrays.copyOf(bytes, 3), "a UTF-8 byte order mark");
        String text = new String(bytes, 3, bytes.length - 3, StandardCharsets.UTF_8);
        List<CSVRecord> records = CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).get()
                .parse(new StringReader(text)).getRecords();
        assertEquals(List.of("id", "at", "actor", "actor_name", "action", "document", "annotation", "source", "before", "after",
                "reason", "subject"), CSVFormat.RFC4180.parse(new StringReader(text)).getRecords().get(0).toList());
        assertEquals(2, records.size());
        CSVRecord flag = records.get(0);
        assertEquals("flag", flag.get("action"));
        assertEquals("bob", flag.get("actor"));
        assertEquals(Mod.SLUG, flag.get("document"));
        assertEquals(iri, flag.get("annotation"));
        assertEquals("'=HYPERLINK(\"http://evil.example\",\"click\")", flag.get("reason"), "a formula stays text");
        assertEquals("'-2+3 and Zoë's \"quote\", with a comma", records.get(1).get("reason"));

        // OWASP, CSV Injection: "it is not sufficient to make sure that the untrusted user input does not start with these
        // characters. You also need to take care of the field separator (e.g., ',', or ';') and quotes (e.g., ', or "), as
        // attackers could use this to start a new cell and then have the dangerous character in the middle of the user input,
        // but at the beginning of a cell." A spreadsheet that splits on ';' would read "x;=2+5" as a cell "=2+5".
        String iri2 = Mod.create("alice", Mod.comment(g, "Vladimir Lenin", "second"));
        Mod.moderate("ines", iri2, "hidden", "x;=2+5 and y,@SUM(A1)").then().statusCode(200);
        String raw = new String(Tokens.as("ines").accept("text/csv").get("/api/groups/" + g + "/moderation/log").then().statusCode(200)
                .extract().asByteArray(), StandardCharsets.UTF_8);
        String last = raw.strip().substring(raw.strip().lastIndexOf('\n') + 1);
        assertTrue(last.endsWith(",\"x;'=2+5 and y,'@SUM(A1)\",\"\""), last);
        // "Wrap each cell field in double quotes": every cell, the empty ones too, so no separator inside one is ever read as one
        assertTrue(last.matches("^\"[^\"]*\"(,\"[^\"]*\")*$"), "every cell quoted: " + last);

        // a link cannot set Accept (a browser sends its own): format=csv does the same
        Tokens.as("ines").accept("text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8").get("/api/groups/" + g + "/moderation/log?format=csv").then().statusCode(200)
                .contentType(startsWith("text/csv"));
        Tokens.as("ines").accept("application/json").get("/api/groups/" + g + "/moderation/log").then().statusCode(200)
                .contentType(ContentType.JSON).body("items[0].action", equalTo("hide"));
    }

    @Test
    void aLogLongerThanOneChunkIsExportedWholeInOrder() throws Exception {
        UUID g = Mod.group("ines", "alice");
        UUID ines = org.scholion.testing.GroupFixtures.userId("ines");
        int n = 2 * ModerationQueries.EXPORT_CHUNK + 7;
        QuarkusTransaction.requiringNew().run(() -> Arc.container().instance(EntityManager.class).get().createNativeQuery(
                "INSERT INTO group_log (group_id, actor_id, action, before_value, after_value, at)"
                        + " SELECT :g, :actor, 'settings', 'n=' || i, 'n=' || (i + 1), now() FROM generate_series(1, :n) i")
                .setParameter("g", g).setParameter("actor", ines).setParameter("n", n).executeUpdate());
        byte[] bytes = Tokens.as("ines").get("/api/groups/" + g + "/moderation/log?format=csv").then().statusCode(200).extract()
                .asByteArray();
        List<CSVRecord> records = CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).get()
                .parse(new StringReader(new String(bytes, 3, bytes.length - 3, StandardCharsets.UTF_8))).getRecords();
        assertEquals(n, records.size());
        for (int i = 0; i < n; i++) {
            assertEquals("n=" + (i + 1), records.get(i).get("before"), "entry " + i);
        }
    }

    private static String actor(Map<String, Object> e) {
        @SuppressWarnings("unchecked")
        Map<String, Object> actor = (Map<String, Object>) e.get("actor");
        return (String) actor.get("username");
    }

    private static List<String> entry(String action, String annotation, String before, String after, String reason) {
        return Arrays.asList(action, annotation, before, after, reason);
    }

    private static List<String> summary(Map<String, Object> e, String iri) {
        return Arrays.asList((String) e.get("action"), (String) e.get("annotation"), (String) e.get("before"), (String) e.get("after"),
                (String) e.get("reason"));
    }

    private static String causes(Throwable e) {
        StringBuilder b = new StringBuilder();
        for (Throwable t = e; t != null; t = t.getCause()) {
            b.append(t.getMessage()).append(" | ");
        }
        return b.toString();
    }
}
