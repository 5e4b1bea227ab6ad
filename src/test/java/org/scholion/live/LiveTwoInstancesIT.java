package org.scholion.live;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.restassured.specification.RequestSpecification;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.scholion.testing.AppInstance;
import org.scholion.testing.Tokens;
import org.scholion.testing.TwoInstances;

/**
 * Two instances of the packaged application on two ports, one PostgreSQL, one Keycloak, as behind
 * a load balancer without sticky sessions: what is written through one reaches subscribers of
 * the other, with each subscriber's permissions, and a client may resume on either.
 */
class LiveTwoInstancesIT {
    static final Duration WAIT = Duration.ofSeconds(15);
    static final String SLUG = "red-terror-essay";
    static AppInstance a;
    static AppInstance b;
    static String publicUrl;

    @BeforeAll
    static void start() {
        TwoInstances two = TwoInstances.get();
        a = two.a();
        b = two.b();
        publicUrl = two.publicUrl();
    }

    private static RequestSpecification as(String user, AppInstance i) {
        return given().baseUri(i.url()).auth().oauth2(Tokens.of(user));
    }

    /** A group made by ines through A, joined by the members through B. */
    private static UUID group(String... members) {
        String code = as("ines", a).contentType("application/json").body(Map.of("name", "Two instances " + UUID.randomUUID()))
                .post("/api/groups").then().statusCode(201).extract().path("joinCode");
        UUID id = null;
        for (String m : members) {
            id = UUID.fromString(as(m, b).contentType("application/json").body(Map.of("code", code)).post("/api/groups/join")
                    .then().statusCode(201).extract().path("groupId"));
        }
        return id;
    }

    private static String post(String user, AppInstance i, UUID group, String text) {
        ObjectNode body = LiveFixtures.comment(publicUrl, group, "Vladimir Lenin", text);
        return as(user, i).contentType("application/ld+json").body(body.toString().getBytes(StandardCharsets.UTF_8))
                .post("/api/documents/" + SLUG + "/annotations/").then().statusCode(201).extract().header("Location");
    }

    private static LiveClient subscribe(String user, AppInstance i, UUID group, String since) {
        return LiveClient.bearer(LiveClient.url(i.url(), SLUG, group, since), Tokens.of(user));
    }

    @Test
    void aSubscriberOnOneInstanceReceivesWhatIsWrittenThroughTheOther() throws Exception {
        UUID group = group("alice", "bob");
        try (LiveClient bobOnA = subscribe("bob", a, group, null)) {
            bobOnA.next("ready");
            String iri = post("alice", b, group, "written through B");
            JsonNode e = bobOnA.nextEvent(WAIT);
            assertEquals("created", e.path("type").asText());
            assertEquals(iri, e.path("id").asText());
            String viaB = as("bob", b).accept("application/ld+json").get(iri.substring(publicUrl.length())).then().statusCode(200)
                    .extract().asString();
            assertEquals(LiveClient.JSON.readTree(viaB), e.path("annotation"), "what bob would GET, from either instance");

            post("alice", b, null, "alice's private note, through B");
            bobOnA.assertQuiet(Duration.ofSeconds(2));
        }
    }

    @Test
    void aNonMemberIsRefusedOnEitherInstanceTheSameWay() {
        UUID group = group("alice");
        for (AppInstance i : List.of(a, b)) {
            String url = LiveClient.url(i.url(), SLUG, group, null);
            assertEquals(404, LiveClient.refusal(url, Map.of("Authorization", "Bearer " + Tokens.of("carol"))));
            assertEquals(404, LiveClient.refusal(LiveClient.url(i.url(), SLUG, UUID.randomUUID(), null),
                    Map.of("Authorization", "Bearer " + Tokens.of("carol"))));
        }
    }

    @Test
    void aClientResumesOnTheOtherInstanceWithItsCursor() {
        UUID group = group("alice", "bob");
        String cursor;
        try (LiveClient bobOnA = subscribe("bob", a, group, null)) {
            cursor = bobOnA.next("ready").path("cursor").asText();
        }
        String missed = post("alice", a, group, "while bob was away");
        try (LiveClient bobOnB = subscribe("bob", b, group, cursor)) {
            JsonNode e = bobOnB.nextEvent(WAIT);
            assertEquals(missed, e.path("id").asText());
            assertEquals("ready", bobOnB.nextEvent(WAIT).path("type").asText());
            String next = post("alice", a, group, "and after");
            assertEquals(next, bobOnB.nextEvent(WAIT).path("id").asText());
        }
    }

    @Test
    void removalThroughOneInstanceDisconnectsTheMemberOnTheOther() {
        UUID group = group("alice", "bob");
        UUID bob = UUID.fromString(as("ines", a).get("/api/groups/" + group + "/members").then().statusCode(200)
                .extract().jsonPath().getString("find { it.username == 'bob' }.userId"));
        try (LiveClient bobOnA = subscribe("bob", a, group, null)) {
            bobOnA.next("ready");
            as("ines", b).delete("/api/groups/" + group + "/members/" + bob).then().statusCode(204);
            assertEquals(LiveProtocol.ACCESS_REVOKED, bobOnA.awaitClose(WAIT).code());
        }
    }

    @Test
    void presenceCountsReadersOnBothInstances() {
        UUID group = group("alice", "bob");
        try (LiveClient aliceOnA = subscribe("alice", a, group, null); LiveClient bobOnB = subscribe("bob", b, group, null)) {
            assertEquals(2, aliceOnA.next(m -> m.path("readers").asInt() == 2, WAIT).path("readers").asInt());
            assertEquals(2, bobOnB.next(m -> m.path("readers").asInt() == 2, WAIT).path("readers").asInt());
        }
    }

    /** Runs last by name order is not relied on: it starts its own third instance and stops it. */
    @Test
    void aStoppingInstanceClosesItsSocketsWith1012() throws Exception {
        UUID group = group("alice");
        AppInstance c = AppInstance.start("c", publicUrl, Map.of());
        try {
            try (LiveClient aliceOnC = subscribe("alice", c, group, null)) {
                aliceOnC.next("ready");
                c.terminate();
                LiveClient.Close close = aliceOnC.awaitClose(WAIT);
                assertEquals(1012, close.code(), close.toString());
            }
            assertTrue(c.awaitExit(Duration.ofSeconds(30)));
        } finally {
            c.close();
        }
    }
}
