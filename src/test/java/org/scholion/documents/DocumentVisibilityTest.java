package org.scholion.documents;

import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.quarkus.arc.Arc;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.persistence.EntityManager;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.scholion.testing.GroupFixtures;
import org.scholion.testing.Tokens;

/**
 * Issue 18: "A document is visible to its owner, admins, members of groups it is assigned to, and
 * to everyone signed in when its owner makes it public. Everyone else gets 404." The document list
 * decides in SQL and one document in Java ({@code security/DocumentVisibility}, one definition):
 * both are asked for every user here and must agree.
 */
@QuarkusTest
class DocumentVisibilityTest {

    /** A document owned by ines (an instructor), not public, assigned to one group; and one of hers on no list. */
    @Test
    void ownerAdminAndMembersOfAnAssignedGroupReadItEveryoneElseIsToldNothingIsHere() {
        String assigned = privateDocument("ines");
        String unassigned = privateDocument("ines");
        UUID group = GroupFixtures.group("ivan", "alice");
        assign(group, assigned, "ivan");

        Map<String, Boolean> mayReadAssigned = Map.of("ines", true, "admin", true, "ivan", true, "alice", true, "bob", false);
        Map<String, Boolean> mayReadUnassigned = Map.of("ines", true, "admin", true, "ivan", false, "alice", false, "bob", false);
        for (String user : mayReadAssigned.keySet()) {
            expect(user, assigned, mayReadAssigned.get(user));
            expect(user, unassigned, mayReadUnassigned.get(user));
        }
    }

    @Test
    void leavingTheGroupTakesTheReadingAway() {
        String slug = privateDocument("ines");
        UUID group = GroupFixtures.group("ivan", "carol");
        assign(group, slug, "ivan");
        expect("carol", slug, true);
        GroupFixtures.leave(group, "carol");
        expect("carol", slug, false);
    }

    @Test
    void aPublicDocumentIsEverySignedInUsers() {
        String slug = privateDocument("ines");
        QuarkusTransaction.requiringNew().run(() -> em().createNativeQuery("UPDATE document SET is_public = true WHERE slug = :s")
                .setParameter("s", slug).executeUpdate());
        for (String user : List.of("alice", "bob", "ivan", "dave")) {
            expect(user, slug, true);
        }
    }

    @Test
    void anInvisibleDocumentAnswersExactlyAsAMissingOneAndSoDoesItsAnnotationContainer() {
        String slug = privateDocument("ines");
        String missing = "no-such-" + UUID.randomUUID().toString().substring(0, 8);
        String hidden = Tokens.as("bob").get("/api/documents/" + slug).then().statusCode(404).extract().path("detail");
        String absent = Tokens.as("bob").get("/api/documents/" + missing).then().statusCode(404).extract().path("detail");
        assertEquals(absent, hidden);
        Tokens.as("bob").get("/api/documents/" + slug + "/annotations/").then().statusCode(404)
                .contentType("application/problem+json").body("detail", equalTo(absent));
        Tokens.as("bob").get("/read/" + slug).then().statusCode(404);
        Tokens.as("ines").get("/api/documents/" + slug + "/annotations/").then().statusCode(200);
    }

    private static void expect(String user, String slug, boolean reads) {
        Tokens.as(user).get("/api/documents/" + slug).then().statusCode(reads ? 200 : 404);
        Tokens.as(user).get("/api/documents").then().statusCode(200).body("slug", reads ? hasItem(slug) : not(hasItem(slug)));
    }

    /** A document as an upload makes one: owned, not public, revision 1. */
    static String privateDocument(String owner) {
        UUID ownerId = GroupFixtures.userId(owner);
        String slug = "private-" + UUID.randomUUID().toString().substring(0, 8);
        QuarkusTransaction.requiringNew().run(() -> {
            UUID id = UUID.randomUUID();
            em().createNativeQuery("INSERT INTO document (id, slug, title, revision, owner_id, is_public, created_at, updated_at)"
                    + " VALUES (:id, :slug, 'A private reading', 1, :owner, false, now(), now())")
                    .setParameter("id", id).setParameter("slug", slug).setParameter("owner", ownerId).executeUpdate();
            em().createNativeQuery("INSERT INTO document_revision (document_id, n, format, body, body_length, sha256)"
                    + " VALUES (:id, 1, 'text', 'Some text.', 10, :sha)")
                    .setParameter("id", id).setParameter("sha", DocumentService.sha256("Some text.")).executeUpdate();
        });
        return slug;
    }

    static void assign(UUID group, String slug, String by) {
        UUID byId = GroupFixtures.userId(by);
        QuarkusTransaction.requiringNew().run(() -> em().createNativeQuery("INSERT INTO reading (group_id, document_id, assigned_by)"
                + " SELECT :g, d.id, :by FROM document d WHERE d.slug = :s")
                .setParameter("g", group).setParameter("by", byId).setParameter("s", slug).executeUpdate());
    }

    private static EntityManager em() {
        return Arc.container().instance(EntityManager.class).get();
    }
}
