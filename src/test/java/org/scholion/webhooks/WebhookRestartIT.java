package org.scholion.webhooks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.scholion.devstack.Ports;
import org.scholion.testing.AppInstance;
import org.scholion.testing.Tokens;

/**
 * Issue 22: "a restart of the server mid-retry loses nothing". The packaged app sends a delivery
 * that the receiver refuses (503); a second annotation is written behind it; the app stops before
 * its retry. Another start of the app (same database) sends both, in order, the first with the same
 * {@code webhook-id} as its refused attempt (Standard Webhooks: "the unique message identifier ...
 * the same ID when retrying"), both signed so that the project's library verifies them.
 */
class WebhookRestartIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static String dbUrl;

    @Test
    void aRestartMidRetryLosesNothing() throws Exception {
        int port = Ports.free();
        String publicUrl = "http://localhost:" + port;
        // a database of its own: the failsafe JVM's shared instances (TwoInstances) would otherwise take part in the
        // deliveries, and this is about what one deployment's restart does
        String database = "webhook_restart_" + Long.toHexString(System.nanoTime());
        try (java.sql.Connection c = java.sql.DriverManager.getConnection(
                org.scholion.testing.TestStack.get().postgres.jdbcUrl("postgres"), "postgres", "");
                java.sql.Statement st = c.createStatement()) {
            st.execute("CREATE DATABASE " + database + " OWNER scholion");
        }
        dbUrl = org.scholion.testing.TestStack.get().postgres.jdbcUrl(database);
        Map<String, String> env = Map.of("SCHOLION_WEBHOOKS_ALLOW_PRIVATE_ADDRESSES", "true", "SCHOLION_WEBHOOKS_TIMEOUT", "2s",
                "SCHOLION_WEBHOOKS_FIRST_RETRY", "4s", "SCHOLION_DB_URL", dbUrl);
        try (Receiver receiver = new Receiver()) {
            receiver.script.add(503);
            String secret;
            List<String> written = new ArrayList<>();
            try (AppInstance first = AppInstance.start("webhook-first", port, publicUrl, env)) {
                String group = Tokens.as("ines").baseUri(first.url()).contentType("application/json").body(Map.of("name", "Restart"))
                        .post("/api/groups").then().statusCode(201).extract().path("id");
                String code = Tokens.as("ines").baseUri(first.url()).get("/api/groups/" + group).then().extract().path("joinCode");
                Tokens.as("alice").baseUri(first.url()).contentType("application/json").body(Map.of("code", code))
                        .post("/api/groups/join").then().statusCode(201);
                secret = Tokens.as("ines").baseUri(first.url()).contentType("application/json")
                        .body(Map.of("url", receiver.url(), "events", List.of("annotation.created")))
                        .post("/api/groups/" + group + "/webhooks").then().statusCode(201).extract().path("secret");
                written.add(post(first, publicUrl, group, "before the restart"));
                Receiver.Received refused = receiver.received.poll(30, java.util.concurrent.TimeUnit.SECONDS);
                if (refused == null) {
                    throw new AssertionError("nothing was received within 30 s; the database says:\n" + diagnosis());
                }
                assertEquals(503, refused.answered());
                written.add(post(first, publicUrl, group, "behind it"));
                // the refusal recorded, the retry seconds away: stop now
                Thread.sleep(500);
                first.terminate();
                assertTrue(first.awaitExit(Duration.ofSeconds(60)), "the first instance stopped");
                String refusedId = refused.header("webhook-id");
                assertTrue(receiver.received.isEmpty(), "nothing more was sent before it stopped");

                try (AppInstance second = AppInstance.start("webhook-second", port, publicUrl, env)) {
                    Receiver.Received again = receiver.next(Duration.ofSeconds(60));
                    Receiver.Received next = receiver.next(Duration.ofSeconds(30));
                    new com.standardwebhooks.Webhook(secret).verify(again.body(), again.headers());
                    new com.standardwebhooks.Webhook(secret).verify(next.body(), next.headers());
                    assertEquals(refusedId, again.header("webhook-id"), "the same message, tried again");
                    assertEquals(written, List.of(JSON.readTree(again.body()).at("/data/id").asText(),
                            JSON.readTree(next.body()).at("/data/id").asText()), "both, in order");
                }
            }
        }
    }

    /** What the database holds of webhooks and open transactions, for a failure's message. */
    private static String diagnosis() {
        StringBuilder b = new StringBuilder();
        try (java.sql.Connection c = java.sql.DriverManager.getConnection(dbUrl, "scholion", org.scholion.testing.TestStack.DB_PASSWORD)) {
            for (String q : List.of("SELECT 'position ' || event_id FROM webhook_position",
                    "SELECT 'live_event max ' || max(id) FROM live_event",
                    "SELECT 'deliveries ' || state || ' ' || count(*) FROM webhook_delivery GROUP BY state",
                    "SELECT 'open ' || datname || ' ' || state || ' ' || coalesce(xact_start::text, '') || ' ' || left(query, 80)"
                            + " FROM pg_stat_activity WHERE xact_start IS NOT NULL AND pid <> pg_backend_pid()")) {
                try (java.sql.Statement st = c.createStatement(); java.sql.ResultSet rs = st.executeQuery(q)) {
                    while (rs.next()) {
                        b.append(rs.getString(1)).append('\n');
                    }
                }
            }
        } catch (Exception e) {
            b.append(e);
        }
        return b.toString();
    }

    private static String post(AppInstance app, String publicUrl, String group, String comment) {
        ObjectNode a = JSON.createObjectNode().put("@context", "http://www.w3.org/ns/anno.jsonld").put("type", "Annotation")
                .put("motivation", "commenting").put("group", group);
        a.putArray("body").addObject().put("type", "TextualBody").put("purpose", "commenting").put("value", comment);
        a.putObject("target").put("source", publicUrl + "/api/documents/red-terror-essay")
                .putObject("selector").put("type", "TextQuoteSelector").put("exact", "Stalin became the leader of the Soviet Union in 1924");
        return Tokens.as("alice").baseUri(app.url()).contentType("application/ld+json; profile=\"http://www.w3.org/ns/anno.jsonld\"")
                .body(a.toString()).post("/api/documents/red-terror-essay/annotations/").then().log().ifValidationFails().statusCode(201).extract().header("Location");
    }
}
