package org.scholion.search;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarkus.arc.Arc;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.persistence.EntityManager;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import org.scholion.testing.TestStack;
import org.scholion.testing.Tokens;

/** Annotations on the shipped essay for the search and export tests, written through the API. */
final class Notes {
    static final String SLUG = "red-terror-essay";
    static final String MEDIA = "application/ld+json; profile=\"http://www.w3.org/ns/anno.jsonld\"";
    static final ObjectMapper JSON = new ObjectMapper();
    private static String text;

    private Notes() {
    }

    /** A word no other test writes: the search tests find their own data by it. */
    static String word() {
        StringBuilder w = new StringBuilder("zq");
        UUID u = UUID.randomUUID();
        for (char c : Long.toString(Math.abs(u.getMostSignificantBits()), 26).toCharArray()) {
            w.append((char) (Character.isDigit(c) ? 'a' + (c - '0') : c + 10));
        }
        return w.substring(0, 12);
    }

    static synchronized String text() {
        if (text == null) {
            text = Tokens.as("alice").get("/api/documents/" + SLUG).then().statusCode(200).extract().path("text");
        }
        return text;
    }

    /** An annotation of this motivation in the group (null: a private note) on the phrase's first occurrence. */
    static ObjectNode on(UUID group, String phrase, String motivation) {
        ObjectNode a = JSON.createObjectNode();
        a.put("@context", "http://www.w3.org/ns/anno.jsonld");
        a.put("type", "Annotation");
        a.put("motivation", motivation);
        if (group != null) {
            a.put("group", group.toString());
        }
        String t = text();
        int start = t.codePointCount(0, t.indexOf(phrase));
        ObjectNode target = a.putObject("target");
        target.put("source", TestStack.appUrl() + "/api/documents/" + SLUG);
        ArrayNode sel = target.putArray("selector");
        sel.addObject().put("type", "TextQuoteSelector").put("exact", phrase);
        sel.addObject().put("type", "TextPositionSelector").put("start", start).put("end", start + phrase.codePointCount(0, phrase.length()));
        a.putArray("body");
        return a;
    }

    static ObjectNode comment(UUID group, String phrase, String comment) {
        ObjectNode a = on(group, phrase, "commenting");
        ((ArrayNode) a.get("body")).addObject().put("type", "TextualBody").put("purpose", "commenting").put("value", comment)
                .put("format", "text/markdown");
        return a;
    }

    static ObjectNode tag(ObjectNode a, String tag) {
        ((ArrayNode) a.get("body")).addObject().put("type", "TextualBody").put("purpose", "tagging").put("value", tag);
        return a;
    }

    static ObjectNode cite(ObjectNode a, String url, String title) {
        ((ArrayNode) a.get("body")).addObject().put("type", "Citation").put("url", url).put("title", title);
        return a;
    }

    static ObjectNode reply(String parentIri, String comment) {
        ObjectNode a = JSON.createObjectNode();
        a.put("@context", "http://www.w3.org/ns/anno.jsonld");
        a.put("type", "Annotation");
        a.put("motivation", "replying");
        a.put("target", parentIri);
        a.putArray("body").addObject().put("type", "TextualBody").put("purpose", "commenting").put("value", comment);
        return a;
    }

    /** Creates the annotation and returns its IRI. */
    static String create(String user, ObjectNode body) {
        return Tokens.as(user).contentType(MEDIA).body(body.toString().getBytes(StandardCharsets.UTF_8))
                .post("/api/documents/" + SLUG + "/annotations/").then().log().ifValidationFails().statusCode(201).extract()
                .header("Location");
    }

    static UUID id(String iri) {
        return UUID.fromString(iri.substring(iri.lastIndexOf('/') + 1));
    }

    /** A statement straight to the database, for states a test needs without the feature that makes them. */
    static void sql(String sql, Object... params) {
        QuarkusTransaction.requiringNew().run(() -> {
            var q = Arc.container().instance(EntityManager.class).get().createNativeQuery(sql);
            for (int i = 0; i < params.length; i++) {
                q.setParameter(i + 1, params[i]);
            }
            q.executeUpdate();
        });
    }
}
