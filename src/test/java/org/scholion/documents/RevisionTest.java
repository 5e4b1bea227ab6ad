package org.scholion.documents;

import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.scholion.testing.GroupFixtures;
import org.scholion.testing.TestStack;
import org.scholion.testing.Tokens;

/**
 * Revisions (issue 18): the owner publishes a corrected text with If-Match; every annotation is
 * re-anchored on the server — exact when its passage moved, fuzzy when a typo inside it was fixed,
 * an orphan when its passage was deleted — its replies follow, the outcome is in its history, and
 * W3C clients see the revision in {@code target.state} ("a TimeState whose cached is the revision's
 * IRI, with sourceDate").
 */
@QuarkusTest
class RevisionTest {
    static final String MEDIA = "application/ld+json; profile=\"http://www.w3.org/ns/anno.jsonld\"";
    static final ObjectMapper JSON = new ObjectMapper();
    static final String V1 = "The Red Terror began in September 1918.\n\nIt was direcetd by the Cheka, the secret police.\n\n"
            + "Many historians agree that the terror was systematic.\n\nThis sentence will be deleted entirely from the text.";
    static final String V2 = "Many historians agree that the terror was systematic.\n\nThe Red Terror began in September 1918.\n\n"
            + "It was directed by the Cheka, the secret police.";

    @Test
    void publishingARevisionReanchorsEveryAnnotationAndTellsEachWhatHappened() throws Exception {
        String slug = DocumentUploads.upload("ines", "reading.txt", "text/plain", V1.getBytes(StandardCharsets.UTF_8), "Revisable")
                .then().statusCode(201).extract().path("slug");
        UUID group = GroupFixtures.group("ines", "alice");
        Tokens.as("ines").contentType("application/json").body("{}").put("/api/groups/" + group + "/readings/" + slug).then().statusCode(201);

        String moved = create("alice", slug, comment(slug, group, "Many historians agree that the terror was systematic.", "moved"));
        String typo = create("alice", slug, comment(slug, group, "It was direcetd by the Cheka", "typo"));
        String deleted = create("alice", slug, comment(slug, group, "This sentence will be deleted entirely from the text.", "gone"));
        String reply = create("ines", slug, reply(moved, "a reply follows its thread"));
        String note = create("alice", slug, comment(slug, null, "The Red Terror began", "a private note moves too"));

        byte[] v2 = V2.getBytes(StandardCharsets.UTF_8);
        // If-Match is required (RFC 6585 §3: 428), and must name the current revision (RFC 9110 §13.1.1: 412)
        DocumentUploads.revise("ines", slug, null, "reading.txt", v2).then().statusCode(428).contentType("application/problem+json");
        DocumentUploads.revise("ines", slug, "\"2\"", "reading.txt", v2).then().statusCode(412).contentType("application/problem+json");
        // a reader who may read it may not revise it; a stranger is told nothing is there
        DocumentUploads.revise("alice", slug, "\"1\"", "reading.txt", v2).then().statusCode(403);
        DocumentUploads.revise("bob", slug, "\"1\"", "reading.txt", v2).then().statusCode(404);

        Response published = DocumentUploads.revise("ines", slug, "\"1\"", "reading.txt", v2);
        published.then().statusCode(202).header("ETag", "\"2\"").body("revision", equalTo(2)).body("text", equalTo(V2));
        String job = published.header("Location");
        assertEquals(TestStack.appUrl() + "/api/documents/" + slug + "/revisions/2/reanchoring", job);
        JsonPath done = await(job.substring(TestStack.appUrl().length()));
        assertEquals(4, done.getInt("total"), "the roots: three in the group and the private note");
        assertEquals(4, done.getInt("done"));
        assertEquals(2, done.getInt("exact"));
        assertEquals(1, done.getInt("fuzzy"));
        assertEquals(1, done.getInt("orphaned"));
        Tokens.as("alice").get(job.substring(TestStack.appUrl().length())).then().statusCode(403);

        String doc = TestStack.appUrl() + "/api/documents/" + slug;
        JsonPath m = annotation("alice", moved);
        assertEquals("exact", m.getString("anchoring"));
        assertEquals(doc + "/revisions/2", m.getString("target.state.cached"));
        assertEquals("TimeState", m.getString("target.state.type"));
        assertEquals(0, m.getInt("target.selector[1].start"), "the passage moved to the start");
        JsonPath t = annotation("alice", typo);
        assertEquals("fuzzy", t.getString("anchoring"));
        assertEquals("It was directed by the Cheka", t.getString("target.selector[0].exact"));
        assertEquals("It was direcetd by the Cheka", t.getString("originalQuote"));
        assertEquals(V2.codePoints().toArray().length - "It was directed by the Cheka, the secret police.".length(),
                t.getInt("target.selector[1].start"));
        JsonPath d = annotation("alice", deleted);
        assertEquals("orphaned", d.getString("anchoring"));
        assertEquals(doc + "/revisions/1", d.getString("target.state.cached"), "an orphan keeps the revision it was anchored on");
        assertEquals("This sentence will be deleted entirely from the text.", d.getString("target.selector[0].exact"));
        assertEquals(doc + "/revisions/2", annotation("alice", note).getString("target.state.cached"));
        // the reply follows its thread; the annotation's history keeps what it was before
        Tokens.as("alice").get(path(reply)).then().statusCode(200);
        assertEquals(2L, GroupFixtures.count("SELECT revision FROM annotation WHERE id = '" + id(reply) + "'"));
        assertEquals(1L, GroupFixtures.count("SELECT count(*) FROM annotation_revision WHERE annotation_id = '" + id(typo)
                + "' AND reason = 'reanchor' AND snapshot -> 'target' -> 'selector' -> 0 ->> 'exact' = 'It was direcetd by the Cheka'"));

        // the orphan is never lost: the container filters by anchoring, the group's moderators find it in their queue
        Tokens.as("alice").get("/api/documents/" + slug + "/annotations/?anchoring=orphaned&page=0").then().statusCode(200)
                .body("items.id", equalTo(java.util.List.of(deleted)));
        Tokens.as("alice").get("/api/documents/" + slug + "/annotations/?anchoring=lost&page=0").then().statusCode(400)
                .body("errors.field", hasItem(org.hamcrest.Matchers.containsString("anchoring")));
        Tokens.as("ines").get("/api/groups/" + group + "/moderation/queue?filter=orphaned").then().statusCode(200)
                .body("total", equalTo(1)).body("items[0].annotation.id", equalTo(deleted));

        // every revision stays readable; the diff says what changed
        Tokens.as("alice").get("/api/documents/" + slug + "/revisions").then().statusCode(200).body("n", equalTo(java.util.List.of(1, 2)));
        Tokens.as("alice").get("/api/documents/" + slug + "/revisions/1").then().statusCode(200).body("text", equalTo(V1))
                .header("ETag", "\"1\"");
        Tokens.as("alice").get("/api/documents/" + slug + "/revisions/3").then().statusCode(404);
        Tokens.as("alice").get("/api/documents/" + slug + "/revisions/2/diff?from=1").then().statusCode(200)
                .body("runs.op", hasItems("equal", "delete", "insert"))
                .body("runs.find { it.op == 'delete' && it.text.contains('direcetd') }", org.hamcrest.Matchers.notNullValue());
        Tokens.as("bob").get("/api/documents/" + slug + "/revisions/1").then().statusCode(404);
    }

    @Test
    void anAnnotationMadeOnAnOlderRevisionIsAnchoredThereAndCarriedForward() {
        String slug = DocumentUploads.upload("ines", "older.txt", "text/plain", V1.getBytes(StandardCharsets.UTF_8), "Older")
                .then().statusCode(201).extract().path("slug");
        DocumentUploads.revise("ines", slug, "\"1\"", "older.txt", V2.getBytes(StandardCharsets.UTF_8)).then().statusCode(201);
        String doc = TestStack.appUrl() + "/api/documents/" + slug;
        // a client that still shows revision 1 selects by its positions there
        int start = V1.indexOf("Many historians");
        ObjectNode a = comment(slug, null, "Many historians agree", "made on revision 1");
        ObjectNode target = (ObjectNode) a.get("target");
        target.putArray("selector").addObject().put("type", "TextPositionSelector").put("start", start).put("end", start + 21);
        target.putObject("state").put("type", "TimeState").put("cached", doc + "/revisions/1").put("sourceDate", "2026-01-01T00:00:00Z");
        String iri = create("ines", slug, a);
        JsonPath j = annotation("ines", iri);
        assertEquals(doc + "/revisions/2", j.getString("target.state.cached"));
        assertEquals(0, j.getInt("target.selector[1].start"));
        assertEquals("exact", j.getString("anchoring"));
        // a revision that does not exist yet is refused, naming the field
        target.putObject("state").put("type", "TimeState").put("cached", doc + "/revisions/9").put("sourceDate", "2026-01-01T00:00:00Z");
        post("ines", slug, a).then().statusCode(409).body("errors.field", hasItem("target.state.cached"));
    }

    @Test
    void theSameTextAgainChangesOnlyTheDetails() {
        String slug = DocumentUploads.upload("ines", "same.txt", "text/plain", V1.getBytes(StandardCharsets.UTF_8), "Same")
                .then().statusCode(201).extract().path("slug");
        DocumentUploads.revise("ines", slug, "*", "same.txt", V1.getBytes(StandardCharsets.UTF_8)).then().statusCode(200)
                .header("ETag", "\"1\"").body("revision", equalTo(1));
        Tokens.as("ines").get("/api/documents/" + slug + "/revisions").then().body("", hasSize(1));
        Tokens.as("ines").get("/api/documents/" + slug).then().body("rendition", nullValue()).body("format", equalTo("text"))
                .body("owner.username", equalTo("ines")).body("public", equalTo(false)).body("revision", equalTo(1))
                .header("ETag", "\"1\"").body("text", endsWith("from the text."));
    }

    /**
     * "Survives a restart of the server mid-way (it resumes, nothing is anchored twice or skipped)":
     * a revision and its job committed by an instance that stopped before working on it (written
     * here with SQL, so no instance was told) are found by the poll and finished, once.
     */
    @Test
    void aJobLeftRunningIsResumedAndMovesEachAnnotationOnce() throws Exception {
        String slug = DocumentUploads.upload("ines", "resume.txt", "text/plain", V1.getBytes(StandardCharsets.UTF_8), "Resume")
                .then().statusCode(201).extract().path("slug");
        String moved = create("ines", slug, comment(slug, null, "Many historians agree that the terror was systematic.", "moved"));
        String gone = create("ines", slug, comment(slug, null, "This sentence will be deleted entirely from the text.", "gone"));
        java.util.UUID ines = GroupFixtures.userId("ines");
        io.quarkus.narayana.jta.QuarkusTransaction.requiringNew().run(() -> {
            jakarta.persistence.EntityManager em = io.quarkus.arc.Arc.container().instance(jakarta.persistence.EntityManager.class).get();
            UUID doc = (UUID) em.createNativeQuery("SELECT id FROM document WHERE slug = :s", UUID.class).setParameter("s", slug)
                    .getSingleResult();
            em.createNativeQuery("INSERT INTO document_revision (document_id, n, format, body, body_length, sha256, created_by)"
                    + " VALUES (:d, 2, 'text', :b, :l, :h, :u)").setParameter("d", doc).setParameter("b", V2)
                    .setParameter("l", V2.codePointCount(0, V2.length())).setParameter("h", DocumentService.sha256(V2)).setParameter("u", ines)
                    .executeUpdate();
            em.createNativeQuery("UPDATE document SET revision = 2 WHERE id = :d").setParameter("d", doc).executeUpdate();
            em.createNativeQuery("INSERT INTO reanchoring_job (document_id, revision, from_revision, total, published_by)"
                    + " VALUES (:d, 2, 1, 2, :u)").setParameter("d", doc).setParameter("u", ines).executeUpdate();
        });
        JsonPath done = await("/api/documents/" + slug + "/revisions/2/reanchoring");
        assertEquals(2, done.getInt("done"));
        assertEquals(1, done.getInt("exact"));
        assertEquals(1, done.getInt("orphaned"));
        assertEquals("exact", annotation("ines", moved).getString("anchoring"));
        assertEquals("orphaned", annotation("ines", gone).getString("anchoring"));
        assertEquals(2L, GroupFixtures.count("SELECT count(*) FROM annotation_revision WHERE reason = 'reanchor' AND annotation_id IN ('"
                + id(moved) + "', '" + id(gone) + "')"), "each moved once");
    }

    @jakarta.inject.Inject
    javax.sql.DataSource dataSource;

    /**
     * "Blocks no reader or writer while it runs (an annotation posted meanwhile is anchored too)":
     * a write that arrives while a revision is being published waits for it — on the document's
     * advisory lock, not on its row — and is anchored on the new revision, not on the one its
     * instance last saw. The publish is held open here on a connection of the test's own.
     */
    @Test
    void aWriteDuringAPublishWaitsForItAndIsAnchoredOnTheNewRevision() throws Exception {
        String slug = DocumentUploads.upload("ines", "during.txt", "text/plain", V1.getBytes(StandardCharsets.UTF_8), "During")
                .then().statusCode(201).extract().path("slug");
        UUID doc = UUID.fromString(Tokens.as("ines").get("/api/documents/" + slug).then().extract().path("id"));
        var pool = java.util.concurrent.Executors.newSingleThreadExecutor();
        try (java.sql.Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            // what DocumentService.publish does first: the exclusive lock, then the new revision
            sql(c, "SELECT document_publish_lock(?)", doc);
            sql(c, "INSERT INTO document_revision (document_id, n, format, body, body_length, sha256, created_by)"
                    + " SELECT ?, 2, 'text', ?, ?, ?, owner_id FROM document WHERE slug = '" + slug + "'",
                    doc, V2, V2.codePointCount(0, V2.length()), DocumentService.sha256(V2));
            sql(c, "UPDATE document SET revision = 2 WHERE id = ?", doc);
            var posting = pool.submit(() -> post("ines", slug, comment(slug, null, "The Red Terror began in September 1918.", "meanwhile")));
            Thread.sleep(1500);
            org.junit.jupiter.api.Assertions.assertFalse(posting.isDone(), "the write waits while the revision is being published");
            c.commit();
            String iri = posting.get(30, java.util.concurrent.TimeUnit.SECONDS).then().statusCode(201).extract().header("Location");
            JsonPath j = annotation("ines", iri);
            assertEquals(TestStack.appUrl() + "/api/documents/" + slug + "/revisions/2", j.getString("target.state.cached"));
            assertEquals(V2.indexOf("The Red Terror began"), j.getInt("target.selector[1].start"));
            assertEquals("exact", j.getString("anchoring"));
        } finally {
            pool.shutdownNow();
        }
    }

    /** The other way round: a publish waits for the annotation writes in flight on the document, then re-anchors them. */
    @Test
    void aPublishWaitsForTheWritesInFlight() throws Exception {
        String slug = DocumentUploads.upload("ines", "inflight.txt", "text/plain", V1.getBytes(StandardCharsets.UTF_8), "In flight")
                .then().statusCode(201).extract().path("slug");
        String first = create("ines", slug, comment(slug, null, "The Red Terror began", "before"));
        UUID doc = UUID.fromString(Tokens.as("ines").get("/api/documents/" + slug).then().extract().path("id"));
        var pool = java.util.concurrent.Executors.newSingleThreadExecutor();
        try (java.sql.Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            // what AnnotationService does before it writes: the shared lock, reading the current revision
            try (var ps = c.prepareStatement("SELECT document_revision_for_write(?)")) {
                ps.setObject(1, doc);
                try (var rs = ps.executeQuery()) {
                    rs.next();
                    assertEquals(1, rs.getInt(1));
                }
            }
            var publishing = pool.submit(() -> DocumentUploads.revise("ines", slug, "\"1\"", "inflight.txt", V2.getBytes(StandardCharsets.UTF_8)));
            Thread.sleep(1500);
            org.junit.jupiter.api.Assertions.assertFalse(publishing.isDone(), "the publish waits for the write in flight");
            c.commit();
            publishing.get(30, java.util.concurrent.TimeUnit.SECONDS).then().statusCode(202);
        } finally {
            pool.shutdownNow();
        }
        await("/api/documents/" + slug + "/revisions/2/reanchoring");
        assertEquals(V2.indexOf("The Red Terror began"), annotation("ines", first).getInt("target.selector[1].start"));
    }

    private static void sql(java.sql.Connection c, String sql, Object... args) throws java.sql.SQLException {
        try (var ps = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                ps.setObject(i + 1, args[i]);
            }
            ps.execute();
        }
    }

    static JsonPath await(String job) throws InterruptedException {
        Instant until = Instant.now().plus(Duration.ofSeconds(60));
        while (true) {
            JsonPath p = Tokens.as("ines").get(job).then().statusCode(200).extract().jsonPath();
            if ("done".equals(p.getString("state")) || Instant.now().isAfter(until)) {
                assertEquals("done", p.getString("state"), "the job finished within a minute");
                return p;
            }
            Thread.sleep(100);
        }
    }

    static ObjectNode comment(String slug, UUID group, String exact, String text) {
        ObjectNode a = JSON.createObjectNode().put("@context", "http://www.w3.org/ns/anno.jsonld").put("type", "Annotation")
                .put("motivation", "commenting");
        if (group != null) {
            a.put("group", group.toString());
        }
        a.putArray("body").addObject().put("type", "TextualBody").put("purpose", "commenting").put("value", text);
        a.putObject("target").put("source", TestStack.appUrl() + "/api/documents/" + slug)
                .putObject("selector").put("type", "TextQuoteSelector").put("exact", exact);
        return a;
    }

    static ObjectNode reply(String parentIri, String text) {
        ObjectNode a = JSON.createObjectNode().put("@context", "http://www.w3.org/ns/anno.jsonld").put("type", "Annotation")
                .put("motivation", "replying").put("target", parentIri);
        a.putArray("body").addObject().put("type", "TextualBody").put("purpose", "commenting").put("value", text);
        return a;
    }

    static Response post(String user, String slug, ObjectNode a) {
        return Tokens.as(user).contentType(MEDIA).body(a.toString().getBytes(StandardCharsets.UTF_8))
                .post("/api/documents/" + slug + "/annotations/");
    }

    static String create(String user, String slug, ObjectNode a) {
        return post(user, slug, a).then().statusCode(201).extract().header("Location");
    }

    static JsonPath annotation(String user, String iri) {
        return Tokens.as(user).get(path(iri)).then().statusCode(200).extract().jsonPath();
    }

    static String path(String iri) {
        return iri.substring(TestStack.appUrl().length());
    }

    static String id(String iri) {
        return iri.substring(iri.lastIndexOf('/') + 1);
    }
}
