package org.scholion.documents;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.scholion.testing.GroupFixtures;
import org.scholion.testing.Tokens;

/**
 * Uploads (issue 18): who may bring a reading, what each format becomes, and bad input — each a
 * problem+json (RFC 9457) that names what is wrong, with nothing stored.
 */
@QuarkusTest
class DocumentUploadTest {
    static final String HTML = "<!doctype html><html><head><title>On the Cheka</title><script>alert(1)</script></head><body>"
            + "<h1>On the Cheka</h1><p onclick=\"alert(2)\">The <em>Cheka</em> was founded in 1917.</p>"
            + "<p><a href=\"javascript:alert(3)\">x</a> <a href=\"https://example.org/\">a source</a></p></body></html>";

    @Test
    void anInstructorBringsAnHtmlReadingThatOnlyTheyCanReadUntilTheyShareIt() {
        Response r = DocumentUploads.upload("ines", "cheka.html", "text/html", HTML.getBytes(StandardCharsets.UTF_8), null);
        r.then().statusCode(201).header("ETag", "\"1\"").header("Location", containsString("/api/documents/on-the-cheka"))
                .body("title", equalTo("On the Cheka"), "format", equalTo("html"), "revision", equalTo(1), "public", equalTo(false))
                .body("owner.username", equalTo("ines"))
                .body("text", startsWith("On the Cheka"))
                .body("rendition", not(containsString("script")), "rendition", not(containsString("onclick")),
                        "rendition", not(containsString("javascript:")), "rendition", containsString("rel=\"noopener noreferrer nofollow\""));
        String slug = r.path("slug");
        Tokens.as("alice").get("/api/documents/" + slug).then().statusCode(404);
        Tokens.as("alice").get("/api/documents").then().body("slug", not(hasItem(slug)));
        Tokens.as("admin").get("/api/documents/" + slug).then().statusCode(200);

        // the original, as uploaded, only ever as a download
        Response o = Tokens.as("ines").get("/api/documents/" + slug + "/revisions/1/original");
        o.then().statusCode(200).contentType(startsWith("text/html")).header("Content-Disposition", startsWith("attachment"))
                .header("Content-Security-Policy", containsString("sandbox")).header("X-Content-Type-Options", "nosniff");
        assertArrayEquals(HTML.getBytes(StandardCharsets.UTF_8), o.asByteArray());
        Tokens.as("alice").get("/api/documents/" + slug + "/revisions/1/original").then().statusCode(404);
        Tokens.as("alice").get("/api/documents/red-terror-essay/revisions/1/original").then().statusCode(404);

        // the owner makes it public: everyone signed in reads it (a change of details: 200, same revision)
        Tokens.as("ines").header("If-Match", "\"1\"").multiPart("public", "true").put("/api/documents/" + slug)
                .then().statusCode(200).body("public", equalTo(true));
        Tokens.as("alice").get("/api/documents/" + slug).then().statusCode(200);
        Tokens.as("alice").get("/api/documents/" + slug + "/annotations/").then().statusCode(200);
        // and private again: every instance forgets what it cached (a live 'document' event from a trigger on the row)
        Tokens.as("ines").header("If-Match", "\"1\"").multiPart("public", "false").put("/api/documents/" + slug)
                .then().statusCode(200).body("public", equalTo(false));
        long until = System.currentTimeMillis() + 5_000;
        int status;
        do {
            status = Tokens.as("alice").get("/api/documents/" + slug + "/annotations/").statusCode();
        } while (status != 404 && System.currentTimeMillis() < until);
        assertEquals(404, status, "the container is closed to her again");
        Tokens.as("alice").get("/api/documents/" + slug).then().statusCode(404);
    }

    @Test
    void whoMayBringReadings() {
        byte[] text = "A short reading.".getBytes(StandardCharsets.UTF_8);
        DocumentUploads.upload("ivan", "r.txt", "text/plain", text, "Ivan's").then().statusCode(201);
        DocumentUploads.upload("admin", "r.txt", "text/plain", text, "Admin's").then().statusCode(201);
        // a student who moderates no group may not; one who moderates a group (a teaching assistant) may
        DocumentUploads.upload("carol", "r.txt", "text/plain", text, "Carol's").then().statusCode(403)
                .contentType("application/problem+json");
        GroupFixtures.group("dave");
        DocumentUploads.upload("dave", "r.txt", "text/plain", text, "Dave's").then().statusCode(201);
        io.restassured.RestAssured.given().multiPart("file", "r.txt", text, "text/plain").multiPart("title", "x")
                .post("/api/documents").then().statusCode(401);
    }

    @Test
    void badUploadsAreProblemsAndStoreNothing() {
        long before = GroupFixtures.count("SELECT count(*) FROM document");
        String title = "Bad " + UUID.randomUUID();
        // RFC 9110 §15.5.16: 415 for a content format the target does not support
        byte[] zip = { 'P', 'K', 3, 4, 20, 0, 0, 0, 8, 0 };
        DocumentUploads.upload("ines", "reading.zip", "application/zip", zip, title).then().statusCode(415)
                .contentType("application/problem+json").body("errors.field", hasItem("file"));
        // named a PDF, it is not one
        DocumentUploads.upload("ines", "reading.pdf", "application/pdf", "plain words".getBytes(StandardCharsets.UTF_8), title)
                .then().statusCode(415);
        DocumentUploads.upload("ines", "empty.txt", "text/plain", new byte[0], title).then().statusCode(400)
                .body("errors.field", hasItem("file"));
        DocumentUploads.upload("ines", "latin1.txt", "text/plain", new byte[] { 'c', 'a', 'f', (byte) 0xE9 }, title).then().statusCode(400)
                .body("detail", containsString("UTF-8"));
        // no title, and the file names none
        DocumentUploads.upload("ines", "r.txt", "text/plain", "words".getBytes(StandardCharsets.UTF_8), null).then().statusCode(400)
                .body("errors.field", hasItem("title"));
        Tokens.as("ines").multiPart("title", title).post("/api/documents").then().statusCode(400).body("errors.field", hasItem("file"));
        // a slug that is taken, a malformed one
        Tokens.as("ines").multiPart("file", "r.txt", "words".getBytes(StandardCharsets.UTF_8), "text/plain").multiPart("title", title)
                .multiPart("slug", "red-terror-essay").post("/api/documents").then().statusCode(409).body("errors.field", hasItem("slug"));
        Tokens.as("ines").multiPart("file", "r.txt", "words".getBytes(StandardCharsets.UTF_8), "text/plain").multiPart("title", title)
                .multiPart("slug", "Not A Slug").post("/api/documents").then().statusCode(400).body("errors.field", hasItem("slug"));
        Tokens.as("ines").multiPart("file", "r.txt", "words".getBytes(StandardCharsets.UTF_8), "text/plain").multiPart("title", title)
                .multiPart("published", "last spring").post("/api/documents").then().statusCode(400)
                .body("errors.field", hasItem("published"));
        assertEquals(before, GroupFixtures.count("SELECT count(*) FROM document"), "nothing half-stored");
    }

    @Test
    void aFileOverTheLimitIs413BeforeItIsRead() {
        // RFC 9110 §15.5.14: 413 Content Too Large; the limit is 20 MiB (scholion.documents.max-upload-bytes) and the form around it
        byte[] big = new byte[20 * 1024 * 1024 + 128 * 1024];
        java.util.Arrays.fill(big, (byte) 'a');
        DocumentUploads.upload("ines", "big.txt", "text/plain", big, "Too big").then().statusCode(413)
                .contentType("application/problem+json").body("detail", notNullValue());
    }
}
