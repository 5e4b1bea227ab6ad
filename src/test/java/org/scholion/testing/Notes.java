package org.scholion.testing;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarkus.arc.Arc;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.persistence.EntityManager;
import java.nio.charset.StandardCharsets;
import java.util.UUID;

/** Annotations on the shipped essay for the search and export tests, written through the API. */
public final class Notes {
    public static final String SLUG = "red-terror-essay";
    public static final String MEDIA = "application/ld+json; profile=\"http://www.w3.org/ns/anno.jsonld\"";
    public static final ObjectMapper JSON = new ObjectMapper();
    private static String text;

    private Notes() {
    }

    /** A word no other test writes: the search tests find their own data by it. */
    public static String word() {
        StringBuilder w = new StringBuilder("zq");
        UUID u = UUID.randomUUID();
        for (char c : Long.toString(Math.abs(u.getMostSignificantBits()), 26).toCharArray()) {
            w.append((char) (Character.isDigit(c) ? 'a' + (c - '0') : c + 10));
        }
        return w.substring(0, 12);
    }

    public static synchronized String text() {
        if (text == null) {
            text = Tokens.as("alice").get("/api/documents/" + SLUG).then().statusCode(200).extract().path("text");
        }
        return text;
    }

    /** An annotation of this motivation in the group (null: a private note) on the phrase's first occurrence. */
    public static ObjectNode on(UUID group, String phrase, String motivation) {
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

    public static ObjectNode comment(UUID group, String phrase, String comment) {
        ObjectNode a = on(group, phrase, "commenting");
        ((ArrayNode) a.get("body")).addObject().put("type", "TextualBody").put("purpose", "commenting").put("value", comment)
                .put("format", "text/markdown");
        return a;
    }

    public static ObjectNode tag(ObjectNode a, String tag) {
        ((ArrayNode) a.get("body")).addObject().put("type", "TextualBody").put("purpose", "tagging").put("value", tag);
        return a;
    }

    public static ObjectNode cite(ObjectNode a, String url, String title) {
        ((ArrayNode) a.get("body")).addObject().put("type", "Citation").put("url", url).put("title", title);
        return a;
    }

    public static ObjectNode reply(String parentIri, String comment) {
        ObjectNode a = JSON.createObjectNode();
        a.put("@context", "http://www.w3.org/ns/anno.jsonld");
        a.put("type", "Annotation");
        a.put("motivation", "replying");
        a.put("target", parentIri);
        a.putArray("body").addObject().put("type", "TextualBody").put("purpose", "commenting").put("value", comment);
        return a;
    }

    /** Creates the annotation and returns its IRI. */
    public static String create(String user, ObjectNode body) {
        return Tokens.as(user).contentType(MEDIA).body(body.toString().getBytes(StandardCharsets.UTF_8))
                .post("/api/documents/" + SLUG + "/annotations/").then().log().ifValidationFails().statusCode(201).extract()
                .header("Location");
    }

    public static UUID id(String iri) {
        return UUID.fromString(iri.substring(iri.lastIndexOf('/') + 1));
    }

    /** A statement straight to the database, for states a test needs without the feature that makes them. */
    public static void sql(String sql, Object... params) {
        QuarkusTransaction.requiringNew().run(() -> {
            var q = Arc.container().instance(EntityManager.class).get().createNativeQuery(sql);
            for (int i = 0; i < params.length; i++) {
                q.setParameter(i + 1, params[i]);
            }
            q.executeUpdate();
        });
    }
}
