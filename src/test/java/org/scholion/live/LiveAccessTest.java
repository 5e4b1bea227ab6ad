package org.scholion.live;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.scholion.testing.GroupFixtures;
import org.scholion.testing.KeycloakAdmin;
import org.scholion.testing.TestStack;
import org.scholion.testing.Tokens;

/** Who may open a live socket, and how each refusal looks. */
@QuarkusTest
class LiveAccessTest {

    @Test
    void theOpenApiDocumentDescribesTheSocket() {
        io.restassured.RestAssured.given().queryParam("format", "json").get("/openapi").then().statusCode(200)
                .body("paths.'/api/documents/{slug}/live'.get.responses.'101'.description",
                        org.hamcrest.Matchers.startsWith("Switching Protocols"))
                .body("components.schemas.LiveMessage.properties.type.enum",
                        org.hamcrest.Matchers.hasItems("ready", "created", "updated", "deleted", "removed", "presence", "reload"));
    }

    @Test
    void aMemberMaySubscribeWithABearerToken() {
        UUID group = GroupFixtures.group("ines", "bob");
        try (LiveClient c = LiveClient.bearer(LiveFixtures.url(group, null), Tokens.of("bob"))) {
            assertEquals("ready", c.nextEvent(Duration.ofSeconds(10)).path("type").asText());
        }
    }

    @Test
    void anAdminMayFollowAnyGroupAsTheyMayReadIt() {
        UUID group = GroupFixtures.group("ines", "bob");
        try (LiveClient c = LiveClient.bearer(LiveFixtures.url(group, null), Tokens.of("admin"))) {
            assertEquals("ready", c.nextEvent(Duration.ofSeconds(10)).path("type").asText());
        }
    }

    @Test
    void withoutCredentialsTheUpgradeIs401() {
        UUID group = GroupFixtures.group("ines", "bob");
        assertEquals(401, LiveClient.refusal(LiveFixtures.url(group, null), Map.of()));
        assertEquals(401, LiveClient.refusal(LiveFixtures.url(group, null), Map.of("Authorization", "Bearer not-a-token")));
    }

    /** Not a member, no such group, no such document: one answer, so existence never leaks. */
    @Test
    void aGroupOrDocumentTheCallerMayNotReadIs404LikeOneThatDoesNotExist() {
        UUID group = GroupFixtures.group("ines", "bob");
        String carol = Tokens.of("carol");
        Map<String, String> auth = Map.of("Authorization", "Bearer " + carol);
        assertEquals(404, LiveClient.refusal(LiveFixtures.url(group, null), auth), "a group carol is not in");
        assertEquals(404, LiveClient.refusal(LiveFixtures.url(UUID.randomUUID(), null), auth), "a group that does not exist");
        assertEquals(404, LiveClient.refusal(LiveClient.url(TestStack.appUrl(), "no-such-essay", group, null),
                Map.of("Authorization", "Bearer " + Tokens.of("bob"))), "a document that does not exist");
    }

    @Test
    void malformedQueryIs400() {
        String bob = "Bearer " + Tokens.of("bob");
        UUID group = GroupFixtures.group("ines", "bob");
        String base = LiveClient.url(TestStack.appUrl(), LiveFixtures.SLUG, null, null);
        // a cursor is base64url (sealed): other characters, nothing, or far too much are not one
        for (String q : List.of("", "?group=nope", "?group=" + group.toString().toUpperCase(), "?group=" + group + "&since=",
                "?group=" + group + "&since=a.b", "?group=" + group + "&since=a%2Fb", "?group=" + group + "&since=" + "A".repeat(200),
                "?group=" + group + "&since=abc&since=abd", "?group=" + group + "&group=" + group)) {
            assertEquals(400, LiveClient.refusal(base + q, Map.of("Authorization", bob)), q);
        }
    }

    /** A browser on another site must not open a socket with the reader's cookie (cross-site WebSocket hijacking). */
    @Test
    void aForeignOriginIsRefused() {
        UUID group = GroupFixtures.group("ines", "bob");
        String bob = "Bearer " + Tokens.of("bob");
        assertEquals(403, LiveClient.refusal(LiveFixtures.url(group, null),
                Map.of("Authorization", bob, "Origin", "https://evil.example")));
        try (LiveClient c = LiveClient.connect(LiveFixtures.url(group, null),
                Map.of("Authorization", bob, "Origin", TestStack.appUrl()))) {
            assertEquals("ready", c.nextEvent(Duration.ofSeconds(10)).path("type").asText(), "our own origin is fine");
        }
    }

    /**
     * Quarkus WebSockets Next, quarkus.websockets-next.server.propagate-subprotocol-headers: "If
     * enabled, the WebSocket opening handshake headers are enhanced with the 'Sec-WebSocket-Protocol'
     * sub-protocol that match format 'quarkus-http-upgrade#header-name#header-value'. If the
     * WebSocket client interface does not support setting headers to the WebSocket opening
     * handshake, this is a way how to set authorization header required to authenticate user. The
     * 'quarkus-http-upgrade' sub-protocol is removed and server selects from the sub-protocol one that
     * is supported (don't forget to configure the 'quarkus.websockets-next.server.supported-subprotocols' property)."
     */
    @Test
    void aBrowserMaySendTheTokenAsTheQuarkusSubprotocol() {
        UUID group = GroupFixtures.group("ines", "bob");
        String carrier = URLEncoder.encode("quarkus-http-upgrade#Authorization#Bearer " + Tokens.of("bob"), StandardCharsets.UTF_8)
                .replace("+", "%20");
        try (LiveClient c = LiveClient.connect(LiveFixtures.url(group, null), Map.of(), LiveProtocol.SUBPROTOCOL, carrier)) {
            assertEquals(LiveProtocol.SUBPROTOCOL, c.subprotocol(), "the server selects the subprotocol it supports");
            assertEquals("ready", c.nextEvent(Duration.ofSeconds(10)).path("type").asText());
        }
        String carol = URLEncoder.encode("quarkus-http-upgrade#Authorization#Bearer " + Tokens.of("carol"), StandardCharsets.UTF_8)
                .replace("+", "%20");
        assertEquals(404, LiveClient.refusal(LiveFixtures.url(group, null), Map.of(), LiveProtocol.SUBPROTOCOL, carol),
                "the token is checked like any other");
    }

    @Test
    void aMalformedSubprotocolIs400NotAServerError() {
        UUID group = GroupFixtures.group("ines", "bob");
        assertEquals(400, LiveClient.refusal(LiveFixtures.url(group, null), Map.of(), LiveProtocol.SUBPROTOCOL,
                "quarkus-http-upgrade%23Authorization"));
        String alone = URLEncoder.encode("quarkus-http-upgrade#Authorization#Bearer " + Tokens.of("bob"), StandardCharsets.UTF_8)
                .replace("+", "%20");
        assertEquals(400, LiveClient.refusal(LiveFixtures.url(group, null), Map.of(), alone),
                "alone, the carrier leaves no subprotocol for the server to select");
    }

    /** A token that expires while the socket is open: closed with the code that says "authenticate again". */
    @Test
    void anExpiringTokenClosesTheSocketWithReauthenticate() {
        KeycloakAdmin.ensureClient(Map.of("clientId", "probe-live-short", "publicClient", true,
                "directAccessGrantsEnabled", true, "standardFlowEnabled", false,
                "attributes", Map.of("access.token.lifespan", "3"),
                "protocolMappers", List.of(Map.of("name", "audience", "protocol", "openid-connect",
                        "protocolMapper", "oidc-audience-mapper", "config",
                        Map.of("included.client.audience", "scholion-web", "access.token.claim", "true")))));
        UUID group = GroupFixtures.group("ines", "dave");
        String token = Tokens.fetch("probe-live-short", "dave", "dave");
        long opened = System.nanoTime();
        try (LiveClient c = LiveClient.bearer(LiveFixtures.url(group, null), token)) {
            LiveClient.Close close = c.awaitClose(Duration.ofSeconds(10));
            assertEquals(LiveProtocol.REAUTHENTICATE, close.code(), close.toString());
            assertTrue(System.nanoTime() - opened < 6_000_000_000L, "closed around the expiry, not later");
        }
        sleepUntil(opened + 4_500_000_000L);
        assertEquals(401, LiveClient.refusal(LiveFixtures.url(group, null), Map.of("Authorization", "Bearer " + token)),
                "the expired token does not open a new socket");
    }

    private static void sleepUntil(long nanoTime) {
        try {
            Thread.sleep(Math.max(0, (nanoTime - System.nanoTime()) / 1_000_000));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
