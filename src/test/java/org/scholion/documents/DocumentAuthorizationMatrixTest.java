package org.scholion.documents;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.quarkus.test.junit.QuarkusTest;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.BiFunction;
import org.junit.jupiter.api.Test;
import org.scholion.testing.GroupFixtures;
import org.scholion.testing.Tokens;

/**
 * Every documents endpoint, for every kind of caller, on a document that is not public: its owner
 * (ines), an admin, a member of a group it is assigned to (alice), a moderator of another group
 * (ivan), a stranger (bob). Who may not read it is told 404, exactly as for a missing document
 * (issue 18: "Everyone else gets 404"); who may read it but not change it, 403.
 */
@QuarkusTest
class DocumentAuthorizationMatrixTest {

    @Test
    void whoMayDoWhatToADocument() throws Exception {
        String slug = DocumentUploads.upload("ines", "m.txt", "text/plain", "One text. Two texts.".getBytes(StandardCharsets.UTF_8),
                "Matrix").then().statusCode(201).extract().path("slug");
        UUID group = GroupFixtures.group("ines", "alice");
        GroupFixtures.group("ivan");
        Tokens.as("ines").contentType("application/json").body("{}").put("/api/groups/" + group + "/readings/" + slug).then().statusCode(201);
        Tokens.as("alice").contentType("application/ld+json; profile=\"http://www.w3.org/ns/anno.jsonld\"")
                .body(RevisionTest.comment(slug, null, "Two texts", "mine").toString()).post("/api/documents/" + slug + "/annotations/")
                .then().statusCode(201);
        // publishing as an admin makes revision 2 with a job (alice's note) for the job's row below
        DocumentUploads.revise("admin", slug, "\"1\"", "m.txt", "One text. Two texts. Three.".getBytes(StandardCharsets.UTF_8))
                .then().statusCode(202);
        RevisionTest.await("/api/documents/" + slug + "/revisions/2/reanchoring");

        Map<String, BiFunction<String, String, Integer>> endpoints = new LinkedHashMap<>();
        endpoints.put("GET document", (u, s) -> Tokens.as(u).get("/api/documents/" + s).statusCode());
        endpoints.put("GET revisions", (u, s) -> Tokens.as(u).get("/api/documents/" + s + "/revisions").statusCode());
        endpoints.put("GET revision", (u, s) -> Tokens.as(u).get("/api/documents/" + s + "/revisions/1").statusCode());
        endpoints.put("GET original", (u, s) -> Tokens.as(u).get("/api/documents/" + s + "/revisions/1/original").statusCode());
        endpoints.put("GET diff", (u, s) -> Tokens.as(u).get("/api/documents/" + s + "/revisions/2/diff?from=1").statusCode());
        endpoints.put("GET job", (u, s) -> Tokens.as(u).get("/api/documents/" + s + "/revisions/2/reanchoring").statusCode());
        endpoints.put("GET container", (u, s) -> Tokens.as(u).get("/api/documents/" + s + "/annotations/").statusCode());
        endpoints.put("PUT details", (u, s) -> Tokens.as(u).header("If-Match", "*").multiPart("licence", "CC BY 4.0")
                .put("/api/documents/" + s).statusCode());
        //                                   ines admin alice ivan bob
        Map<String, String> expected = Map.of(
                "GET document", "200 200 200 404 404",
                "GET revisions", "200 200 200 404 404",
                "GET revision", "200 200 200 404 404",
                "GET original", "200 200 200 404 404",
                "GET diff", "200 200 200 404 404",
                "GET job", "200 200 403 404 404",
                "GET container", "200 200 200 404 404",
                "PUT details", "200 200 403 404 404");
        List<String> users = List.of("ines", "admin", "alice", "ivan", "bob");
        List<String> wrong = new ArrayList<>();
        for (Map.Entry<String, BiFunction<String, String, Integer>> e : endpoints.entrySet()) {
            String[] want = expected.get(e.getKey()).split(" ");
            for (int i = 0; i < users.size(); i++) {
                int got = e.getValue().apply(users.get(i), slug);
                if (got != Integer.parseInt(want[i])) {
                    wrong.add(e.getKey() + " as " + users.get(i) + ": " + got + ", expected " + want[i]);
                }
            }
            // a document that does not exist answers as one the caller may not see
            assertEquals(404, e.getValue().apply("bob", "no-such-" + UUID.randomUUID().toString().substring(0, 8)), e.getKey());
        }
        assertEquals(List.of(), wrong);
    }
}
