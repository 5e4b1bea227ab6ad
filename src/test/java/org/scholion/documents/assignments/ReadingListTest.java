package org.scholion.documents.assignments;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.quarkus.test.junit.QuarkusTest;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.scholion.documents.DocumentFixtures;
import org.scholion.testing.GroupFixtures;
import org.scholion.testing.Tokens;

/** Reading lists (issue 18): who may assign, change, unassign and list, and what assigning lets members read. */
@QuarkusTest
class ReadingListTest {
    private static final String JSON = "application/json";

    @Test
    void aModeratorAssignsTheirDocumentAndTheGroupsMembersCanReadIt() {
        String slug = DocumentFixtures.privateDocument("ivan");
        UUID group = GroupFixtures.group("ivan", "alice");
        Tokens.as("alice").get("/api/documents/" + slug).then().statusCode(404);

        Tokens.as("ivan").contentType(JSON).body("{\"due\": \"2026-12-10T09:00:00Z\", \"instructions\": \"Check the dates.\","
                + " \"revealAfter\": 2}").put(path(group, slug))
                .then().statusCode(201).header("Location", containsString("/api/groups/" + group + "/readings"))
                .body("document.slug", equalTo(slug)).body("document.revision", equalTo(1))
                .body("due", equalTo("2026-12-10T09:00:00Z")).body("revealAfter", equalTo(2))
                .body("instructions", equalTo("Check the dates."));
        Tokens.as("alice").get("/api/documents/" + slug).then().statusCode(200);
        Tokens.as("alice").get("/api/groups/" + group + "/readings").then().statusCode(200)
                .body("document.slug", hasItem(slug)).body("", hasSize(1));

        // the same again changes nothing; new terms replace the old ones
        Tokens.as("ivan").contentType(JSON).body("{\"due\": \"2026-12-10T09:00:00Z\", \"instructions\": \"Check the dates.\","
                + " \"revealAfter\": 2}").put(path(group, slug)).then().statusCode(200);
        Tokens.as("ivan").contentType(JSON).body("{}").put(path(group, slug)).then().statusCode(200)
                .body("due", nullValue()).body("revealAfter", nullValue());

        Tokens.as("ivan").delete(path(group, slug)).then().statusCode(204);
        Tokens.as("alice").get("/api/documents/" + slug).then().statusCode(404);
        Tokens.as("ivan").delete(path(group, slug)).then().statusCode(404);
        assertEquals(3, GroupFixtures.count("SELECT count(*) FROM group_log WHERE group_id = '" + group
                + "' AND action IN ('reading-assign', 'reading-update', 'reading-remove')"), "assign, one change, remove: each in the log");
    }

    @Test
    void whoMayAndWhoMayNot() {
        String slug = DocumentFixtures.privateDocument("ivan");
        String theirs = DocumentFixtures.privateDocument("ines");
        UUID group = GroupFixtures.group("ivan", "alice");
        // a member may not assign; a non-member is told the group is not there
        Tokens.as("alice").contentType(JSON).body("{}").put(path(group, "red-terror-essay")).then().statusCode(403);
        Tokens.as("bob").contentType(JSON).body("{}").put(path(group, "red-terror-essay")).then().statusCode(404);
        Tokens.as("bob").get("/api/groups/" + group + "/readings").then().statusCode(404);
        // a moderator may not assign a document they cannot read; it is not there for them
        Tokens.as("ivan").contentType(JSON).body("{}").put(path(group, theirs)).then().statusCode(404);
        // an admin may, and the public essay may be assigned by any moderator
        Tokens.as("admin").contentType(JSON).body("{}").put(path(group, theirs)).then().statusCode(201);
        Tokens.as("ivan").contentType(JSON).body("{}").put(path(group, "red-terror-essay")).then().statusCode(201);
        Tokens.as("ivan").contentType(JSON).body("{}").put(path(group, slug)).then().statusCode(201);
        // members may not unassign
        Tokens.as("alice").delete(path(group, slug)).then().statusCode(403);
        Tokens.as("bob").delete(path(group, slug)).then().statusCode(404);
        // an archived group's list is read-only
        GroupFixtures.archive(group);
        Tokens.as("ivan").delete(path(group, slug)).then().statusCode(409);
        Tokens.as("ivan").get("/api/groups/" + group + "/readings").then().statusCode(200).body("", hasSize(3));
    }

    @Test
    void badTermsAreProblemsNamingTheField() {
        UUID group = GroupFixtures.group("ivan");
        Tokens.as("ivan").contentType(JSON).body("{\"revealAfter\": 0}").put(path(group, "red-terror-essay"))
                .then().statusCode(400).contentType("application/problem+json").body("errors.field", hasItem(containsString("revealAfter")));
        Tokens.as("ivan").contentType(JSON).body("{\"due\": \"next week\"}").put(path(group, "red-terror-essay"))
                .then().statusCode(400).contentType("application/problem+json").body("errors.field", hasItem(containsString("due")));
        Tokens.as("ivan").contentType(JSON).body("{\"instructions\": \"" + "x".repeat(4001) + "\"}").put(path(group, "red-terror-essay"))
                .then().statusCode(400).contentType("application/problem+json");
        Tokens.as("ivan").get("/api/groups/" + group + "/readings").then().statusCode(200).body("", hasSize(0));
    }

    private static String path(UUID group, String slug) {
        return "/api/groups/" + group + "/readings/" + slug;
    }
}
