package org.scholion.annotations;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.restassured.response.Response;
import java.util.UUID;
import org.scholion.testing.TestStack;
import org.scholion.testing.Tokens;

/** Builders and calls shared by the annotation tests; every test makes its own data with them. */
final class Anno {
    static final String SLUG = "red-terror-essay";
    static final String MEDIA = "application/ld+json; profile=\"http://www.w3.org/ns/anno.jsonld\"";
    static final ObjectMapper JSON = new ObjectMapper();
    private static String text;

    private Anno() {
    }

    static String base() {
        return TestStack.appUrl();
    }

    static String container() {
        return base() + "/api/documents/" + SLUG + "/annotations/";
    }

    static String path() {
        return "/api/documents/" + SLUG + "/annotations/";
    }

    static synchronized String text() {
        if (text == null) {
            text = Tokens.as("alice").get("/api/documents/" + SLUG).then().statusCode(200).extract().path("text");
        }
        return text;
    }

    /** The code-point position of the n-th (0-based) occurrence of a phrase in the essay. */
    static int at(String phrase, int nth) {
        String t = text();
        int from = 0;
        int idx = -1;
        for (int i = 0; i <= nth; i++) {
            idx = t.indexOf(phrase, from);
            if (idx < 0) {
                throw new IllegalArgumentException(phrase);
            }
            from = idx + 1;
        }
        return t.codePointCount(0, idx);
    }

    static ObjectNode base(String motivation) {
        ObjectNode a = JSON.createObjectNode();
        a.put("@context", "http://www.w3.org/ns/anno.jsonld");
        a.put("type", "Annotation");
        a.put("motivation", motivation);
        return a;
    }

    /** A commenting annotation in a group on the phrase's first occurrence. */
    static ObjectNode comment(UUID group, String phrase, String comment) {
        ObjectNode a = base("commenting");
        if (group != null) {
            a.put("group", group.toString());
        }
        onText(a, phrase, 0);
        a.putArray("body").addObject().put("type", "TextualBody").put("purpose", "commenting").put("value", comment)
                .put("format", "text/markdown");
        return a;
    }

    static ObjectNode onText(ObjectNode a, String phrase, int nth) {
        int start = at(phrase, nth);
        ObjectNode target = a.putObject("target");
        target.put("source", base() + "/api/documents/" + SLUG);
        ArrayNode sel = target.putArray("selector");
        sel.addObject().put("type", "TextQuoteSelector").put("exact", phrase);
        sel.addObject().put("type", "TextPositionSelector").put("start", start).put("end", start + phrase.codePointCount(0, phrase.length()));
        return a;
    }

    static ObjectNode reply(String parentIri, String comment) {
        ObjectNode a = base("replying");
        a.put("target", parentIri);
        a.putArray("body").addObject().put("type", "TextualBody").put("purpose", "commenting").put("value", comment);
        return a;
    }

    static Response post(String user, Object body) {
        return Tokens.as(user).contentType(MEDIA).body(bytes(body)).post(path());
    }

    /** UTF-8 bytes: REST Assured would encode a String body of an unknown media type as ISO-8859-1. */
    static byte[] bytes(Object body) {
        return body.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }

    /** Creates and returns the new annotation's IRI. */
    static String create(String user, ObjectNode body) {
        return post(user, body).then().statusCode(201).extract().header("Location");
    }

    /** The server path of an IRI (REST Assured targets the test port itself). */
    static String local(String iri) {
        return iri.substring(base().length());
    }

    /** GETs the path, then GETs it again with If-None-Match and expects 304; returns the ETag. */
    static String revalidated(String user, String path) {
        String etag = Tokens.as(user).get(path).then().statusCode(200).extract().header("ETag");
        Tokens.as(user).header("If-None-Match", etag).get(path).then().statusCode(304);
        return etag;
    }

    static long rows() {
        return org.scholion.testing.GroupFixtures.count("SELECT count(*) FROM annotation");
    }
}
