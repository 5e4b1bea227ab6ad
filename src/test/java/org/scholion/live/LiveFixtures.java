package org.scholion.live;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarkus.arc.Arc;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.persistence.EntityManager;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import org.scholion.testing.GroupFixtures;
import org.scholion.testing.KeycloakAdmin;
import org.scholion.testing.TestStack;
import org.scholion.testing.Tokens;

/** Annotations written through the API (and, where a test needs a transaction of its own, by SQL). */
final class LiveFixtures {
    static final String SLUG = "red-terror-essay";
    static final String MEDIA = "application/ld+json; profile=\"http://www.w3.org/ns/anno.jsonld\"";

    private LiveFixtures() {
    }

    static String path() {
        return "/api/documents/" + SLUG + "/annotations/";
    }

    static String url(UUID group, Object since) {
        return LiveClient.url(TestStack.appUrl(), SLUG, group, since);
    }

    /** A comment in the group (null: a private note) on a phrase that occurs once in the essay. */
    static ObjectNode comment(UUID group, String phrase, String text) {
        return comment(TestStack.appUrl(), group, phrase, text);
    }

    /** The same, for an app whose public URL is {@code base}. */
    static ObjectNode comment(String base, UUID group, String phrase, String text) {
        ObjectNode a = LiveClient.JSON.createObjectNode();
        a.put("@context", "http://www.w3.org/ns/anno.jsonld");
        a.put("type", "Annotation");
        a.put("motivation", "commenting");
        if (group != null) {
            a.put("group", group.toString());
        }
        ObjectNode target = a.putObject("target");
        target.put("source", base + "/api/documents/" + SLUG);
        target.putArray("selector").addObject().put("type", "TextQuoteSelector").put("exact", phrase);
        a.putArray("body").addObject().put("type", "TextualBody").put("purpose", "commenting").put("value", text)
                .put("format", "text/markdown");
        return a;
    }

    /** Creates and returns the IRI. */
    static String create(String user, ObjectNode body) {
        return Tokens.as(user).contentType(MEDIA).body(body.toString().getBytes(StandardCharsets.UTF_8)).post(path())
                .then().statusCode(201).extract().header("Location");
    }

    static void update(String user, String iri, ObjectNode body) {
        String local = local(iri);
        String etag = Tokens.as(user).get(local).then().statusCode(200).extract().header("ETag");
        Tokens.as(user).contentType(MEDIA).header("If-Match", etag).body(body.toString().getBytes(StandardCharsets.UTF_8))
                .put(local).then().statusCode(200);
    }

    static void delete(String user, String iri) {
        Tokens.as(user).delete(local(iri)).then().statusCode(204);
    }

    static String local(String iri) {
        return iri.substring(TestStack.appUrl().length());
    }

    static UUID documentId() {
        return QuarkusTransaction.requiringNew().call(() -> (UUID) em()
                .createNativeQuery("SELECT id FROM document WHERE slug = :s", UUID.class).setParameter("s", SLUG).getSingleResult());
    }

    /** SQL for a highlight row, for tests that write inside a transaction they control. */
    static String insertHighlight(UUID id, UUID document, UUID author, UUID group) {
        return "INSERT INTO annotation (id, document_id, author_id, group_id, visibility, motivation, root_id, start_pos, end_pos,"
                + " exact, body, version, created_at, modified_at, revision, checked_revision) VALUES ('" + id + "', '" + document + "', '"
                + author + "', '" + group + "', 'group', 'highlighting', '" + id + "', 0, 6, 'Joseph', '{}', 1, now(), now(), 1, 1)";
    }

    /**
     * A new student of the realm (password = username), for tests that spend a user's live limits:
     * the demo users' buckets and socket counts stay untouched for the other tests.
     */
    static String newStudent(String prefix) {
        String username = prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
        KeycloakAdmin.createUser(username, prefix, "Student", "student");
        return username;
    }

    static UUID userId(String username) {
        return GroupFixtures.userId(username);
    }

    private static EntityManager em() {
        return Arc.container().instance(EntityManager.class).get();
    }
}
