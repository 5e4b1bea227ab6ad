package org.scholion.moderation;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarkus.arc.Arc;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.persistence.EntityManager;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.scholion.testing.Tokens;

/**
 * Nothing is physically deleted by any user action: after delete → restore and hide → unhide, the
 * annotation, its replies, its sources (with their ids) and its revisions are what they were, and
 * no row of the thread is gone. The delete itself is kept as history (the revision it wrote and the
 * log), which is the point.
 */
@QuarkusTest
class NothingIsLostTest {

    @Test
    void deleteRestoreAndHideUnhideLeaveTheThreadAsItWas() throws Exception {
        UUID g = Mod.group("ines", "alice", "bob", "carol");
        ObjectNode a = Mod.withSource(Mod.withSource(Mod.comment(g, "Vladimir Lenin", "first version"),
                "https://example.org/one", "One"), "https://example.org/two", "Two");
        String root = Mod.create("alice", a);
        // one edit, so there is a revision to keep
        ObjectNode edited = (ObjectNode) Mod.JSON.readTree(Mod.get("alice", root).asString());
        ((ObjectNode) edited.get("body").get(0)).put("value", "second version");
        Tokens.as("alice").contentType(Mod.MEDIA).header("If-Match", Mod.etag("alice", root))
                .body(edited.toString().getBytes(StandardCharsets.UTF_8)).put(Mod.path(root)).then().statusCode(200);
        String reply = Mod.create("bob", Mod.reply(root, "bob's reply"));
        String deeper = Mod.create("carol", Mod.reply(reply, "carol's reply"));
        List<String> thread = List.of(root, reply, deeper);
        Map<String, JsonNode> before = representations(thread);
        List<Map<String, Object>> revisionsBefore = revisions(root);
        long rowsBefore = Mod.count("SELECT count(*) FROM annotation");

        Tokens.as("alice").delete(Mod.path(root)).then().statusCode(204);
        Mod.get("bob", root).then().statusCode(410);
        Mod.deciding("ines", root).post(Mod.path(root) + "/restore").then().statusCode(200);
        assertEquals(before, representations(thread), "after delete → restore");
        List<Map<String, Object>> revisionsAfterDelete = revisions(root);
        assertEquals(revisionsBefore, revisionsAfterDelete.subList(0, revisionsBefore.size()), "every earlier revision unchanged");
        assertEquals(List.of("delete"), revisionsAfterDelete.subList(revisionsBefore.size(), revisionsAfterDelete.size()).stream()
                .map(r -> r.get("reason")).toList(), "the delete is kept as history, nothing else was added");

        Mod.moderate("ines", root, "hidden", "for a moment").then().statusCode(200);
        Mod.get("bob", deeper).then().statusCode(404);
        Mod.moderate("ines", root, "visible", null).then().statusCode(200);
        assertEquals(before, representations(thread), "after hide → unhide");
        assertEquals(revisionsAfterDelete, revisions(root), "hide and unhide write no revision");
        assertEquals(rowsBefore, Mod.count("SELECT count(*) FROM annotation"), "no annotation row is gone");
    }

    /**
     * What a member sees of each annotation of the thread (sources with their ids, bodies, targets …),
     * without its {@code etag}: that is the row's version, which every write moves, restores too.
     */
    private static Map<String, JsonNode> representations(List<String> iris) throws Exception {
        Map<String, JsonNode> out = new LinkedHashMap<>();
        for (String iri : iris) {
            ObjectNode a = (ObjectNode) Mod.JSON.readTree(Mod.get("carol", iri).then().statusCode(200).extract().asString());
            a.remove("etag");
            out.put(iri, a);
        }
        return out;
    }

    private static List<Map<String, Object>> revisions(String iri) {
        UUID id = UUID.fromString(Mod.id(iri));
        return QuarkusTransaction.requiringNew().call(() -> {
            @SuppressWarnings("unchecked")
            List<Object[]> rows = Arc.container().instance(EntityManager.class).get().createNativeQuery(
                    "SELECT version, CAST(snapshot AS text), replaced_by, replaced_at, reason FROM annotation_revision"
                            + " WHERE annotation_id = :id ORDER BY version").setParameter("id", id).getResultList();
            List<Map<String, Object>> out = new ArrayList<>();
            for (Object[] r : rows) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("version", r[0]);
                m.put("snapshot", r[1]);
                m.put("replacedBy", r[2]);
                m.put("replacedAt", String.valueOf(r[3]));
                m.put("reason", r[4]);
                out.add(m);
            }
            return out;
        });
    }
}
