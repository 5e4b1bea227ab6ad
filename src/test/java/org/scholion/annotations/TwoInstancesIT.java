package org.scholion.annotations;

import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.scholion.testing.AppInstance;
import org.scholion.testing.Tokens;
import org.scholion.testing.TwoInstances;

/**
 * Two app instances on one database, as behind a load balancer without sticky sessions: they
 * give the same answers at the same moment — the same container validators included — and a
 * change made through one is seen through the other on the next request: a removed member gets
 * 404 at once, whichever instance answers.
 */
class TwoInstancesIT {
    private static final String SLUG = "red-terror-essay";
    private static final String PATH = "/api/documents/" + SLUG + "/annotations/";
    private static final String MEDIA = "application/ld+json; profile=\"http://www.w3.org/ns/anno.jsonld\"";
    private static AppInstance a;
    private static AppInstance b;
    private static String publicUrl;

    @BeforeAll
    static void start() {
        // the public URL is the load balancer's: here instance A's; B hands out the same IRIs
        TwoInstances two = TwoInstances.get();
        a = two.a();
        b = two.b();
        publicUrl = two.publicUrl();
    }

    private static RequestSpecification on(AppInstance app, String user) {
        return Tokens.as(user).baseUri(app.url());
    }

    @Test
    void bothInstancesAnswerAlikeAndARemovedMemberIsOutEverywhereAtOnce() {
        String code = on(a, "ines").contentType("application/json").body(Map.of("name", "Two instances"))
                .post("/api/groups").then().statusCode(201).extract().path("joinCode");
        String group = on(a, "ines").get("/api/groups").then().statusCode(200).extract()
                .path("find { it.joinCode == '" + code + "' }.id");
        on(b, "alice").contentType("application/json").body(Map.of("code", code)).post("/api/groups/join").then().statusCode(201);
        on(a, "bob").contentType("application/json").body(Map.of("code", code)).post("/api/groups/join").then().statusCode(201);

        String iri = on(a, "alice").contentType(MEDIA).body(comment(group, "written through A")).post(PATH)
                .then().statusCode(201).extract().header("Location");
        String local = iri.substring(publicUrl.length());
        String filtered = PATH + "?group=" + group;

        // the same answer from both, at once: body, ETag, and the 304 for it
        Response fromA = on(a, "bob").get(filtered);
        Response fromB = on(b, "bob").get(filtered);
        assertEquals(200, fromA.statusCode());
        assertEquals(fromA.header("ETag"), fromB.header("ETag"), "both instances compute the same validator");
        assertEquals(fromA.asString(), fromB.asString());
        String etag = fromA.header("ETag");
        on(b, "bob").header("If-None-Match", etag).get(filtered).then().statusCode(304);

        // a write through B moves the validator on A at once
        on(b, "bob").contentType(MEDIA).body(comment(group, "written through B")).post(PATH).then().statusCode(201);
        String moved = on(a, "alice").header("If-None-Match", etag).get(filtered).then().statusCode(200).extract().header("ETag");
        assertNotEquals(etag, moved);
        assertEquals(moved, on(b, "alice").get(filtered).header("ETag"));

        // what alice cannot see does not move her validator: carol's private note, another group's annotation
        String alices = on(a, "alice").get(PATH).header("ETag");
        on(b, "carol").contentType(MEDIA).body(comment(null, "carol's own")).post(PATH).then().statusCode(201);
        on(a, "alice").header("If-None-Match", alices).get(PATH).then().statusCode(304);
        on(b, "alice").header("If-None-Match", alices).get(PATH).then().statusCode(304);

        // ines removes alice through A; alice's very next request through B is refused
        String aliceId = on(a, "ines").get("/api/groups/" + group + "/members").then().statusCode(200).extract()
                .path("find { it.username == 'alice' }.userId");
        on(a, "ines").delete("/api/groups/" + group + "/members/" + aliceId).then().statusCode(204);
        on(b, "alice").get(local).then().statusCode(404);
        on(b, "alice").header("If-None-Match", moved).get(filtered).then().statusCode(404);
        on(b, "alice").header("If-None-Match", alices).get(PATH).then().statusCode(200)
                .body("first.items.id", not(hasItem(iri)));
        on(a, "alice").get(local).then().statusCode(404);
    }

    private static byte[] comment(String group, String text) {
        ObjectNode n = new ObjectMapper().createObjectNode().put("@context", "http://www.w3.org/ns/anno.jsonld")
                .put("type", "Annotation").put("motivation", "commenting");
        if (group != null) {
            n.put("group", group);
        }
        n.putArray("body").addObject().put("type", "TextualBody").put("value", text);
        n.putObject("target").put("source", publicUrl + "/api/documents/" + SLUG)
                .putObject("selector").put("type", "TextQuoteSelector").put("exact", "Vladimir Lenin");
        return n.toString().getBytes(StandardCharsets.UTF_8);
    }
}
