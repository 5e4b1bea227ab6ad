package org.scholion.annotations;

import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.quarkus.arc.Arc;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.persistence.EntityManager;
import io.quarkus.test.junit.QuarkusTest;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.scholion.testing.GroupFixtures;
import org.scholion.testing.Tokens;

/** Revisions of every edit, soft delete, and threads that survive their root. */
@QuarkusTest
class AnnotationHistoryTest {

    private static UUID id(String iri) {
        return UUID.fromString(iri.substring(iri.lastIndexOf('/') + 1));
    }

    @SuppressWarnings("unchecked")
    private static List<Object[]> revisions(String iri) {
        return QuarkusTransaction.requiringNew().call(() -> Arc.container().instance(EntityManager.class).get()
                .createNativeQuery("""
                        SELECT version, reason, snapshot->'body'->0->>'value' FROM annotation_revision
                        WHERE annotation_id = :id ORDER BY version""")
                .setParameter("id", id(iri)).getResultList());
    }

    private static String put(String user, String iri, String comment) {
        String etag = Tokens.as(user).get(Anno.local(iri)).header("ETag");
        return Tokens.as(user).contentType(Anno.MEDIA).header("If-Match", etag)
                .body(Anno.bytes(Anno.comment(null, "ruthless regime", comment))).put(Anno.local(iri))
                .then().statusCode(200).extract().header("ETag");
    }

    @Test
    void everyEditKeepsTheVersionItReplaced() {
        String iri = Anno.create("alice", Anno.comment(null, "ruthless regime", "v1"));
        put("alice", iri, "v2");
        put("alice", iri, "v3");
        List<Object[]> revs = revisions(iri);
        assertEquals(2, revs.size());
        assertEquals(List.of(1, "update", "v1"), List.of(((Number) revs.get(0)[0]).intValue(), revs.get(0)[1], revs.get(0)[2]));
        assertEquals(List.of(2, "update", "v2"), List.of(((Number) revs.get(1)[0]).intValue(), revs.get(1)[1], revs.get(1)[2]));
        Tokens.as("alice").get(Anno.local(iri)).then().body("body[0].value", equalTo("v3"));
    }

    @Test
    void deleteIsSoftTheRowAndItsHistoryStay() {
        String iri = Anno.create("alice", Anno.comment(null, "ruthless regime", "going"));
        Tokens.as("alice").delete(Anno.local(iri)).then().statusCode(204);
        assertEquals(1, GroupFixtures.count("SELECT count(*) FROM annotation WHERE deleted_at IS NOT NULL AND id = '"
                + id(iri) + "'"));
        List<Object[]> revs = revisions(iri);
        assertEquals("delete", revs.get(revs.size() - 1)[1]);
        assertEquals("going", revs.get(revs.size() - 1)[2]);
        Tokens.as("alice").delete(Anno.local(iri)).then().statusCode(404);
        Tokens.as("alice").contentType(Anno.MEDIA).header("If-Match", "*")
                .body(Anno.bytes(Anno.comment(null, "ruthless regime", "back"))).put(Anno.local(iri)).then().statusCode(404);
    }

    @Test
    void deleteWithAStaleIfMatchIs412() {
        String iri = Anno.create("alice", Anno.comment(null, "ruthless regime", "x"));
        String old = Tokens.as("alice").get(Anno.local(iri)).header("ETag");
        put("alice", iri, "y");
        Tokens.as("alice").header("If-Match", old).delete(Anno.local(iri)).then().statusCode(412)
                .contentType("application/problem+json");
        Tokens.as("alice").get(Anno.local(iri)).then().statusCode(200);
    }

    @Test
    void aDeletedRootKeepsItsThreadReadable() {
        UUID g = GroupFixtures.group("ines", "alice", "bob");
        String root = Anno.create("alice", Anno.comment(g, "ruthless regime", "root"));
        String reply = Anno.create("bob", Anno.reply(root, "reply"));
        Tokens.as("alice").delete(Anno.local(root)).then().statusCode(204);
        Tokens.as("bob").get(Anno.local(root)).then().statusCode(410)
                .contentType(Anno.MEDIA)
                .body("id", equalTo(root))
                .body("deleted", notNullValue())
                .body("$", not(org.hamcrest.Matchers.hasKey("body")))
                .body("$", not(org.hamcrest.Matchers.hasKey("creator")));
        Tokens.as("bob").get(Anno.local(reply)).then().statusCode(200).body("target", equalTo(root));
        Tokens.as("bob").get(Anno.path() + "?group=" + g).then().body("total", equalTo(1))
                .body("first.items.id", hasItem(reply));
        Anno.post("bob", Anno.reply(root, "too late")).then().statusCode(409).body("errors[0].field", equalTo("target"));
        Tokens.as("dave").get(Anno.local(root)).then().statusCode(404);
    }
}
