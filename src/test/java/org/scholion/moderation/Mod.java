package org.scholion.moderation;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.UUID;
import org.scholion.testing.GroupFixtures;
import org.scholion.testing.TestStack;
import org.scholion.testing.Tokens;

/** Builders and calls shared by the moderation tests; every test makes its own group and annotations. */
final class Mod {
    static final String SLUG = "red-terror-essay";
    static final String MEDIA = "application/ld+json; profile=\"http://www.w3.org/ns/anno.jsonld\"";
    static final ObjectMapper JSON = new ObjectMapper();

    private Mod() {
    }

    static String container() {
        return "/api/documents/" + SLUG + "/annotations/";
    }

    static String path(String iri) {
        return iri.substring(TestStack.appUrl().length());
    }

    static String id(String iri) {
        return iri.substring(iri.lastIndexOf('/') + 1);
    }

    /** A group moderated by the first user with the others as members (plain SQL). */
    static UUID group(String moderator, String... members) {
        return GroupFixtures.group(moderator, members);
    }

    /** Sets the group's settings through the API, as its moderator. */
    static void settings(String moderator, UUID group, Map<String, Object> settings) {
        Tokens.as(moderator).contentType(ContentType.JSON).body(Map.of("settings", settings)).patch("/api/groups/" + group)
                .then().statusCode(200);
    }

    static ObjectNode comment(UUID group, String phrase, String text) {
        ObjectNode a = JSON.createObjectNode().put("@context", "http://www.w3.org/ns/anno.jsonld").put("type", "Annotation")
                .put("motivation", "commenting");
        if (group != null) {
            a.put("group", group.toString());
        }
        a.putArray("body").addObject().put("type", "TextualBody").put("purpose", "commenting").put("value", text);
        a.putObject("target").put("source", TestStack.appUrl() + "/api/documents/" + SLUG)
                .putObject("selector").put("type", "TextQuoteSelector").put("exact", phrase);
        return a;
    }

    static ObjectNode withSource(ObjectNode a, String url, String title) {
        ((ArrayNode) a.get("body")).addObject().put("type", "SpecificResource").put("purpose", "linking").put("source", url)
                .put("title", title);
        return a;
    }

    static ObjectNode reply(String parentIri, String text) {
        ObjectNode a = JSON.createObjectNode().put("@context", "http://www.w3.org/ns/anno.jsonld").put("type", "Annotation")
                .put("motivation", "replying").put("target", parentIri);
        a.putArray("body").addObject().put("type", "TextualBody").put("purpose", "commenting").put("value", text);
        return a;
    }

    static Response post(String user, ObjectNode a) {
        return Tokens.as(user).contentType(MEDIA).body(a.toString().getBytes(StandardCharsets.UTF_8)).post(container());
    }

    /** Creates; returns the IRI. */
    static String create(String user, ObjectNode a) {
        return post(user, a).then().statusCode(201).extract().header("Location");
    }

    static Response get(String user, String iri) {
        return Tokens.as(user).accept(MEDIA).get(path(iri));
    }

    static String etag(String user, String iri) {
        return get(user, iri).then().statusCode(200).extract().header("ETag");
    }

    /** The author replaces the comment's text (another device), with the ETag she reads now. */
    static void edit(String author, UUID group, String iri, String text) {
        Tokens.as(author).contentType(MEDIA).header("If-Match", etag(author, iri))
                .body(comment(group, "Vladimir Lenin", text).toString().getBytes(StandardCharsets.UTF_8)).put(path(iri))
                .then().statusCode(200);
    }

    /** The ETag the moderator is shown now: their moderation record's, which a deleted annotation has too. */
    static String seen(String moderator, String iri) {
        return Tokens.as(moderator).get(path(iri) + "/moderation").then().statusCode(200).extract().header("ETag");
    }

    /** A moderator's request naming the version they see now: every moderator's action needs If-Match. */
    static RequestSpecification deciding(String moderator, String iri) {
        return Tokens.as(moderator).header("If-Match", seen(moderator, iri));
    }

    /** PUT {iri}/moderation with the caller's current ETag. */
    static Response moderate(String moderator, String iri, String state, String reason) {
        Map<String, Object> body = reason == null ? Map.of("state", state) : Map.of("state", state, "reason", reason);
        return deciding(moderator, iri).contentType(ContentType.JSON).body(body).put(path(iri) + "/moderation");
    }

    static Response flag(String user, String iri, String reason, String note) {
        Map<String, Object> body = note == null ? Map.of("reason", reason) : Map.of("reason", reason, "note", note);
        return Tokens.as(user).contentType(ContentType.JSON).body(body).post(path(iri) + "/flags");
    }

    /** The ids of the items a user sees in the group's listing. */
    static java.util.List<String> listed(String user, UUID group) {
        return Tokens.as(user).accept(MEDIA).get(container() + "?group=" + group).then().statusCode(200).extract().path("first.items.id");
    }

    static int total(String user, UUID group) {
        return Tokens.as(user).accept(MEDIA).get(container() + "?group=" + group).then().statusCode(200).extract().path("total");
    }

    static long count(String sql) {
        return GroupFixtures.count(sql);
    }
}
