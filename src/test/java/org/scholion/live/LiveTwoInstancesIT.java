package org.scholion.live;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.restassured.specification.RequestSpecification;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.scholion.devstack.Ports;
import org.scholion.testing.TestStack;
import org.scholion.testing.Tokens;

/**
 * Two instances of the packaged application on two ports, one PostgreSQL, one Keycloak, as behind
 * a load balancer without sticky sessions: what is written through one reaches subscribers of
 * the other, with each subscriber's permissions, and a client may resume on either.
 */
class LiveTwoInstancesIT {
    static final Duration WAIT = Duration.ofSeconds(15);
    static final String SLUG = "red-terror-essay";
    static Instance a;
    static Instance b;
    static String publicUrl;

    record Instance(String name, int port, Process process, Path log) {
        String base() {
            return "http://localhost:" + port;
        }
    }

    @BeforeAll
    static void start() throws Exception {
        TestStack stack = TestStack.get();
        int portA = Ports.free();
        int portB = Ports.free();
        // one public URL, as a load balancer in front of both would have
        publicUrl = "http://localhost:" + portA;
        a = launch("a", portA, stack);
        awaitReady(a);
        b = launch("b", portB, stack);
        awaitReady(b);
    }

    @AfterAll
    static void stop() throws Exception {
        for (Instance i : new Instance[] { a, b }) {
            if (i != null && i.process().isAlive()) {
                i.process().destroy();
                if (!i.process().waitFor(20, TimeUnit.SECONDS)) {
                    i.process().destroyForcibly();
                }
            }
        }
    }

    private static final Map<String, Integer> MANAGEMENT_PORTS = new java.util.concurrent.ConcurrentHashMap<>();

    private static Instance launch(String name, int port, TestStack stack) throws IOException {
        Path jar = Path.of("target/quarkus-app/quarkus-run.jar");
        assertTrue(Files.exists(jar), "package the app first (mvn verify does)");
        Path log = Path.of("target/live-it-" + name + ".log");
        ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-jar", jar.toString()).redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().putAll(Map.of("SCHOLION_DB_URL", stack.postgres.jdbcUrl("scholion"), "SCHOLION_DB_USER", "scholion",
                "SCHOLION_DB_PASSWORD", TestStack.DB_PASSWORD, "SCHOLION_OIDC_URL", stack.keycloak.realmUrl(),
                "SCHOLION_OIDC_CLIENT_SECRET", TestStack.CLIENT_SECRET, "SCHOLION_HTTP_PORT", String.valueOf(port),
                "SCHOLION_PUBLIC_URL", publicUrl, "SCHOLION_STARTUP_WAIT", "60s"));
        // health is on the management port; each instance needs its own
        int management = Ports.free();
        MANAGEMENT_PORTS.put(name, management);
        pb.environment().put("SCHOLION_MANAGEMENT_PORT", String.valueOf(management));
        return new Instance(name, port, pb.start(), log);
    }

    private static void awaitReady(Instance i) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (System.nanoTime() < end) {
            assertTrue(i.process().isAlive(), "instance " + i.name() + " died:\n" + Files.readString(i.log()));
            try {
                int status = http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + MANAGEMENT_PORTS.get(i.name())
                        + "/q/health/ready")).build(),
                        HttpResponse.BodyHandlers.discarding()).statusCode();
                if (status == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // starting
            }
            Thread.sleep(500);
        }
        throw new AssertionError("instance " + i.name() + " not ready:\n" + Files.readString(i.log()));
    }

    private static RequestSpecification as(String user, Instance i) {
        return given().baseUri(i.base()).auth().oauth2(Tokens.of(user));
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

    private static String post(String user, Instance i, UUID group, String text) {
        ObjectNode body = LiveFixtures.comment(publicUrl, group, "Vladimir Lenin", text);
        return as(user, i).contentType("application/ld+json").body(body.toString().getBytes(StandardCharsets.UTF_8))
                .post("/api/documents/" + SLUG + "/annotations/").then().statusCode(201).extract().header("Location");
    }

    private static LiveClient subscribe(String user, Instance i, UUID group, Long since) {
        return LiveClient.bearer(LiveClient.url(i.base(), SLUG, group, since), Tokens.of(user));
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
        for (Instance i : List.of(a, b)) {
            String url = LiveClient.url(i.base(), SLUG, group, null);
            assertEquals(404, LiveClient.refusal(url, Map.of("Authorization", "Bearer " + Tokens.of("carol"))));
            assertEquals(404, LiveClient.refusal(LiveClient.url(i.base(), SLUG, UUID.randomUUID(), null),
                    Map.of("Authorization", "Bearer " + Tokens.of("carol"))));
        }
    }

    @Test
    void aClientResumesOnTheOtherInstanceWithItsCursor() {
        UUID group = group("alice", "bob");
        long cursor;
        try (LiveClient bobOnA = subscribe("bob", a, group, null)) {
            cursor = bobOnA.next("ready").path("cursor").asLong();
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
        Instance c = launch("c", Ports.free(), TestStack.get());
        try {
            awaitReady(c);
            try (LiveClient aliceOnC = subscribe("alice", c, group, null)) {
                aliceOnC.next("ready");
                c.process().destroy();
                LiveClient.Close close = aliceOnC.awaitClose(WAIT);
                assertEquals(1012, close.code(), close.toString());
            }
            assertTrue(c.process().waitFor(30, TimeUnit.SECONDS));
        } finally {
            c.process().destroyForcibly();
        }
    }
}
