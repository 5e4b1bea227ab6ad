package org.scholion.annotations.reanchoring;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.restassured.path.json.JsonPath;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.scholion.testing.AppInstance;
import org.scholion.testing.TestStack;
import org.scholion.testing.Tokens;
import org.scholion.testing.TwoInstances;

/**
 * Issue 18: re-anchoring "runs once when several instances share the database". A revision and its
 * job are committed behind both instances' backs (as by an instance that died before starting it),
 * so both find the job at their next poll (every second here) and work on it at once; every
 * annotation is still moved exactly once — one 'reanchor' entry in its history — and the job's
 * counts add up to its total.
 */
class ReanchoringTwoInstancesIT {
    private static final String MEDIA = "application/ld+json; profile=\"http://www.w3.org/ns/anno.jsonld\"";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int N = 240;

    @Test
    void bothInstancesWorkOnOneJobAndEachAnnotationMovesOnce() throws Exception {
        TwoInstances two = TwoInstances.get();
        AppInstance a = two.a();
        AppInstance b = two.b();
        StringBuilder v1 = new StringBuilder();
        for (int i = 0; i < N; i++) {
            v1.append("Sentence number ").append(i).append(" is one of many.\n\n");
        }
        String text1 = v1.toString().strip();
        String text2 = "A new opening paragraph moves every sentence after it.\n\n" + text1;
        String slug = Tokens.as("ines").baseUri(a.url()).multiPart("file", "many.txt", text1.getBytes(StandardCharsets.UTF_8), "text/plain")
                .multiPart("title", "Many sentences").post("/api/documents").then().statusCode(201).extract().path("slug");
        String doc = two.publicUrl() + "/api/documents/" + slug;
        for (int i = 0; i < N; i++) {
            ObjectNode an = JSON.createObjectNode().put("@context", "http://www.w3.org/ns/anno.jsonld").put("type", "Annotation")
                    .put("motivation", "commenting");
            an.putArray("body").addObject().put("type", "TextualBody").put("purpose", "commenting").put("value", "note " + i);
            an.putObject("target").put("source", doc).putObject("selector").put("type", "TextQuoteSelector")
                    .put("exact", "Sentence number " + i + " is one of many.");
            Tokens.as("ines").baseUri((i % 2 == 0 ? a : b).url()).contentType(MEDIA).body(an.toString())
                    .post("/api/documents/" + slug + "/annotations/").then().statusCode(201);
        }
        UUID id = UUID.fromString(Tokens.as("ines").baseUri(a.url()).get("/api/documents/" + slug).then().extract().path("id"));
        try (Connection c = DriverManager.getConnection(TestStack.get().postgres.jdbcUrl("scholion"), "scholion", TestStack.DB_PASSWORD)) {
            c.setAutoCommit(false);
            update(c, "SELECT document_publish_lock(?)", id);
            update(c, "INSERT INTO document_revision (document_id, n, format, body, body_length, sha256, created_by)"
                    + " SELECT id, 2, 'text', ?, ?, ?, owner_id FROM document WHERE id = ?",
                    text2, text2.codePointCount(0, text2.length()), sha256(text2), id);
            update(c, "UPDATE document SET revision = 2 WHERE id = ?", id);
            update(c, "INSERT INTO reanchoring_job (document_id, revision, from_revision, total, published_by)"
                    + " SELECT id, 2, 1, ?, owner_id FROM document WHERE id = ?", N, id);
            c.commit();

            JsonPath done = awaitDone(a, "/api/documents/" + slug + "/revisions/2/reanchoring");
            assertEquals(N, done.getInt("total"));
            assertEquals(N, done.getInt("done"), "done counts each annotation once");
            assertEquals(N, done.getInt("exact"));
            assertEquals(0, done.getInt("orphaned"));
            assertEquals(done.getMap(""), Tokens.as("ines").baseUri(b.url()).get("/api/documents/" + slug + "/revisions/2/reanchoring")
                    .then().statusCode(200).extract().jsonPath().getMap(""), "both instances tell the same progress");
            // one history entry per annotation, none twice, none skipped
            try (PreparedStatement ps = c.prepareStatement("SELECT count(*) FILTER (WHERE moves = 1), count(*) FILTER (WHERE moves <> 1),"
                    + " count(*) FILTER (WHERE a.checked_revision = 2 AND a.revision = 2)"
                    + " FROM annotation a CROSS JOIN LATERAL (SELECT count(*) AS moves FROM annotation_revision r"
                    + " WHERE r.annotation_id = a.id AND r.reason = 'reanchor') m WHERE a.document_id = ?")) {
                ps.setObject(1, id);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    assertEquals(N, rs.getInt(1), "every annotation moved exactly once");
                    assertEquals(0, rs.getInt(2), "no annotation moved twice or not at all");
                    assertEquals(N, rs.getInt(3), "every annotation is on revision 2");
                }
            }
            c.commit();
        }
        // each instance logs what it moved when it sees the job done: together, every annotation once
        int byA = movedHere(a, slug);
        int byB = movedHere(b, slug);
        System.out.printf("re-anchoring on two instances: A moved %d, B moved %d%n", byA, byB);
        assertEquals(N, byA + byB, "A moved " + byA + " and B " + byB + ": together each annotation once");
    }

    private static int movedHere(AppInstance app, String slug) throws Exception {
        UUID doc = UUID.fromString(Tokens.as("ines").baseUri(app.url()).get("/api/documents/" + slug).then().extract().path("id"));
        java.util.regex.Pattern line = java.util.regex.Pattern.compile("Re-anchoring document " + doc
                + " onto revision 2 is done; this instance moved (\\d+) annotations");
        Instant until = Instant.now().plus(Duration.ofSeconds(10));
        while (true) {
            java.util.regex.Matcher m = line.matcher(java.nio.file.Files.readString(app.log()));
            int sum = 0;
            boolean found = false;
            while (m.find()) {
                sum += Integer.parseInt(m.group(1));
                found = true;
            }
            if (found || Instant.now().isAfter(until)) {
                return sum;
            }
            Thread.sleep(200);
        }
    }

    private static String sha256(String s) throws java.security.NoSuchAlgorithmException {
        return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
    }

    private static void update(Connection c, String sql, Object... args) throws java.sql.SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                ps.setObject(i + 1, args[i]);
            }
            ps.execute();
        }
    }

    private static JsonPath awaitDone(AppInstance app, String job) throws InterruptedException {
        Instant until = Instant.now().plus(Duration.ofSeconds(60));
        while (true) {
            var r = Tokens.as("ines").baseUri(app.url()).get(job);
            if (r.statusCode() == 200 && "done".equals(r.jsonPath().getString("state")) || Instant.now().isAfter(until)) {
                r.then().statusCode(200);
                assertEquals("done", r.jsonPath().getString("state"), "the job finished within a minute");
                return r.jsonPath();
            }
            Thread.sleep(200);
        }
    }
}
