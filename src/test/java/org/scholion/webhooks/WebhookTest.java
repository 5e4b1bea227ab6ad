package org.scholion.webhooks;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.scholion.testing.GroupFixtures;
import org.scholion.testing.Notes;
import org.scholion.testing.Tokens;

/**
 * Issue 22's webhooks against a real HTTP receiver on 127.0.0.1 (the test profile allows loopback
 * destinations; DestinationsTest shows they are refused otherwise). Signatures are checked with the
 * Standard Webhooks project's Java library (com.standardwebhooks), not with the server's code. The
 * specification (standard-webhooks.md): "webhook-id: the unique message identifier for the webhook
 * message ... webhook-timestamp: timestamp in seconds since epoch ... webhook-signature: the
 * Base64 encoded list of signatures (space delimited)"; "The content to sign is composed by
 * concatenating the id, timestamp and payload, separated by the full-stop character (.)"; the
 * payload "{"type": ..., "timestamp": ..., "data": {...}}".
 */
@QuarkusTest
class WebhookTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration WAIT = Duration.ofSeconds(15);

    static Response subscribe(String user, UUID group, String url, List<String> events) {
        Map<String, Object> body = new HashMap<>(Map.of("url", url, "events", events));
        return Tokens.as(user).contentType(ContentType.JSON).body(body).post("/api/groups/" + group + "/webhooks");
    }

    private static String hooks(UUID group) {
        return "/api/groups/" + group + "/webhooks";
    }

    @Test
    void aStudentsPostReachesTheModeratorsEndpointSignedAsStandardWebhooksSays() throws Exception {
        UUID g = GroupFixtures.group("ines", "alice");
        try (Receiver receiver = new Receiver()) {
            Response made = subscribe("ines", g, receiver.url(), List.of("annotation.created"));
            made.then().statusCode(201).body("secret", startsWith("whsec_")).body("enabled", equalTo(true));
            String secret = made.path("secret");
            String hook = made.path("id");
            Tokens.as("ines").get(hooks(g) + "/" + hook).then().statusCode(200).body("secret", nullValue());

            String iri = Notes.create("alice", Notes.comment(g, "Red Terror", "Lenin signed the decree."));
            Receiver.Received r = receiver.next(WAIT);
            // verified with the specification's own library: it throws when the signature, id or timestamp is wrong
            new com.standardwebhooks.Webhook(secret).verify(r.body(), r.headers());
            assertTrue(r.header("webhook-id").startsWith("msg_"));
            assertTrue(Math.abs(Long.parseLong(r.header("webhook-timestamp")) - System.currentTimeMillis() / 1000) < 60);
            JsonNode payload = JSON.readTree(r.body());
            assertEquals("annotation.created", payload.get("type").asText());
            assertTrue(payload.get("timestamp").asText().endsWith("Z"));
            assertEquals(iri, payload.at("/data/id").asText());
            assertEquals(iri, payload.at("/data/annotation/id").asText());
            assertEquals(g.toString(), payload.at("/data/group").asText());
            // a tampered body does not verify: the check above is not vacuous
            boolean refused = false;
            try {
                new com.standardwebhooks.Webhook(secret).verify(r.body().replace("Lenin", "Stalin"), r.headers());
            } catch (com.standardwebhooks.exceptions.WebhookVerificationException expected) {
                refused = true;
            }
            assertTrue(refused, "a changed body fails verification");

            // the delivery log says it was delivered, with the receiver's status
            awaitState("ines", g, hook, "delivered");
            Tokens.as("ines").get(hooks(g) + "/" + hook + "/deliveries").then().statusCode(200)
                    .body("[0].type", equalTo("annotation.created")).body("[0].tried[0].status", equalTo(204));

            // rotating: both secrets sign for a day, so a receiver still holding the old one verifies
            String rotated = Tokens.as("ines").post(hooks(g) + "/" + hook + "/secret").then().statusCode(200).extract().path("secret");
            Notes.create("alice", Notes.comment(g, "Red Terror", "after the rotation"));
            Receiver.Received after = receiver.next(WAIT);
            new com.standardwebhooks.Webhook(rotated).verify(after.body(), after.headers());
            new com.standardwebhooks.Webhook(secret).verify(after.body(), after.headers());
        }
    }

    /** Every event an endpoint may subscribe to, from what makes it, each as its Standard Webhooks "type". */
    @Test
    void everyEventIsSentAsItsType() throws Exception {
        String slug = org.scholion.documents.DocumentUploads.upload("ines", "hooked.txt", "text/plain",
                "The Cheka was founded in December 1917 by Lenin's decree.".getBytes(java.nio.charset.StandardCharsets.UTF_8), "Hooked")
                .then().statusCode(201).extract().path("slug");
        UUID g = GroupFixtures.group("ines", "alice");
        Tokens.as("ines").contentType("application/json").body("{}").put("/api/groups/" + g + "/readings/" + slug).then().statusCode(201);
        try (Receiver receiver = new Receiver()) {
            subscribe("ines", g, receiver.url(), org.scholion.webhooks.Webhooks.EVENTS).then().statusCode(201);
            // created, updated, moderated, reviewed, deleted — on the essay
            String iri = Notes.create("alice", Notes.cite(Notes.comment(g, "Red Terror", "first words"), "https://example.org/source", "A source"));
            String path = iri.substring(iri.indexOf("/api/"));
            String etag = Tokens.as("alice").accept(Notes.MEDIA).get(path).then().statusCode(200).extract().header("ETag");
            Tokens.as("alice").contentType(Notes.MEDIA).header("If-Match", etag)
                    .body(Notes.cite(Notes.comment(g, "Red Terror", "second words"), "https://example.org/source", "A source").toString())
                    .put(path).then().statusCode(200);
            String source = Tokens.as("ines").accept(Notes.MEDIA).get(path).then().statusCode(200).extract()
                    .<List<String>>path("body.findAll { it.type == 'SpecificResource' }.id").get(0).substring("urn:uuid:".length());
            etag = Tokens.as("ines").accept(Notes.MEDIA).get(path).then().extract().header("ETag");
            Tokens.as("ines").header("If-Match", etag).contentType(ContentType.JSON).body(Map.of("verdict", "verified"))
                    .put(path + "/sources/" + source + "/review").then().statusCode(200);
            etag = Tokens.as("ines").accept(Notes.MEDIA).get(path).then().extract().header("ETag");
            Tokens.as("ines").header("If-Match", etag).contentType(ContentType.JSON).body(Map.of("state", "hidden", "reason", "a test"))
                    .put(path + "/moderation").then().statusCode(200);
            etag = Tokens.as("alice").accept(Notes.MEDIA).get(path).then().extract().header("ETag");
            Tokens.as("alice").header("If-Match", etag).delete(path).then().statusCode(204);
            // a revision of a reading on the group's list, and its re-anchoring done
            com.fasterxml.jackson.databind.node.ObjectNode a = JSON.createObjectNode().put("@context", "http://www.w3.org/ns/anno.jsonld")
                    .put("type", "Annotation").put("motivation", "highlighting").put("group", g.toString());
            a.putObject("target").put("source", org.scholion.testing.TestStack.appUrl() + "/api/documents/" + slug)
                    .putObject("selector").put("type", "TextQuoteSelector").put("exact", "Lenin's decree");
            Tokens.as("alice").contentType(Notes.MEDIA).body(a.toString()).post("/api/documents/" + slug + "/annotations/").then().statusCode(201);
            org.scholion.documents.DocumentUploads.revise("ines", slug, "\"1\"", "hooked.txt",
                    "In December 1917 the Cheka was founded by Lenin's decree.".getBytes(java.nio.charset.StandardCharsets.UTF_8)).then().statusCode(202);

            List<String> types = new ArrayList<>();
            long until = System.currentTimeMillis() + 30_000;
            while (!types.containsAll(org.scholion.webhooks.Webhooks.EVENTS) && System.currentTimeMillis() < until) {
                Receiver.Received r = receiver.received.poll(1, java.util.concurrent.TimeUnit.SECONDS);
                if (r != null) {
                    JsonNode p = JSON.readTree(r.body());
                    types.add(p.get("type").asText());
                    if (p.get("type").asText().startsWith("document.") || p.get("type").asText().startsWith("reanchoring.")) {
                        assertEquals(2, p.at("/data/revision").asInt(), r.body());
                    }
                }
            }
            assertTrue(types.containsAll(org.scholion.webhooks.Webhooks.EVENTS), "every type arrived: " + types);
            // in the order they happened
            assertEquals(List.of("annotation.created", "annotation.updated", "source.reviewed", "annotation.moderated", "annotation.deleted"),
                    types.subList(0, 5));
            assertTrue(types.indexOf("document.revised") < types.indexOf("reanchoring.done"), types.toString());
        }
    }

    @Test
    void aFailedDeliveryIsTriedAgainAfter500sTimeoutsAndRedirectsInOrder() throws Exception {
        UUID g = GroupFixtures.group("ines", "alice");
        try (Receiver receiver = new Receiver()) {
            receiver.script.add(500);
            receiver.script.add(Receiver.HANG);
            receiver.script.add(Receiver.REDIRECT);
            String hook = subscribe("ines", g, receiver.url(), List.of("annotation.created")).then().statusCode(201).extract().path("id");
            List<String> written = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                written.add(Notes.create("alice", Notes.comment(g, "Red Terror", "in order " + i)));
            }
            List<String> answeredIds = new ArrayList<>();
            List<String> deliveredIds = new ArrayList<>();
            while (deliveredIds.size() < 3) {
                Receiver.Received r = receiver.next(Duration.ofSeconds(30));
                String id = JSON.readTree(r.body()).at("/data/id").asText();
                answeredIds.add(id);
                if (r.answered() >= 200 && r.answered() < 300) {
                    deliveredIds.add(id);
                }
            }
            // the first event was tried four times (500, no answer in time, a redirect, then 204) before the next was sent
            assertEquals(List.of(written.get(0), written.get(0), written.get(0), written.get(0), written.get(1), written.get(2)), answeredIds);
            assertEquals(written, deliveredIds);
            awaitState("ines", g, hook, "delivered");
            List<Map<String, Object>> log = Tokens.as("ines").get(hooks(g) + "/" + hook + "/deliveries").then().statusCode(200)
                    .extract().path("findAll { it.attempts == 4 }.tried[0]");
            assertEquals(500, log.get(0).get("status"));
            assertNull(log.get(1).get("status"));
            assertTrue(String.valueOf(log.get(1).get("error")).contains("no answer"), String.valueOf(log.get(1)));
            assertEquals(302, log.get(2).get("status"));
            assertEquals(204, log.get(3).get("status"));
        }
    }

    /**
     * The sender claims an endpoint's due deliveries together and sends them in order (WebhookSender): a
     * refusal in the middle of such a batch holds back the ones behind it until it is delivered, and
     * they follow in order; waiting counts no attempt for them.
     */
    @Test
    void aRefusalInTheMiddleOfABatchHoldsBackTheDeliveriesBehindItUntilItIsDelivered() throws Exception {
        UUID g = GroupFixtures.group("ines", "alice");
        try (Receiver receiver = new Receiver()) {
            // the first delivery is refused twice: while it backs off the next four queue up behind it and are
            // claimed with it; it and the second are accepted, the third is refused once, then all are accepted
            receiver.script.addAll(List.of(500, 500, 204, 204, 500));
            String hook = subscribe("ines", g, receiver.url(), List.of("annotation.created")).then().statusCode(201).extract().path("id");
            List<String> written = new ArrayList<>();
            written.add(Notes.create("alice", Notes.comment(g, "Red Terror", "batch 0")));
            Receiver.Received refused = receiver.next(WAIT);
            List<String> ids = new ArrayList<>(List.of(JSON.readTree(refused.body()).at("/data/id").asText()));
            List<Integer> answers = new ArrayList<>(List.of(refused.answered()));
            for (int i = 1; i < 5; i++) {
                written.add(Notes.create("alice", Notes.comment(g, "Red Terror", "batch " + i)));
            }
            while (ids.size() < 8) {
                Receiver.Received r = receiver.next(Duration.ofSeconds(30));
                ids.add(JSON.readTree(r.body()).at("/data/id").asText());
                answers.add(r.answered());
            }
            assertEquals(List.of(written.get(0), written.get(0), written.get(0), written.get(1), written.get(2), written.get(2),
                    written.get(3), written.get(4)), ids);
            assertEquals(List.of(500, 500, 204, 204, 500, 204, 204, 204), answers);
            awaitState("ines", g, hook, "delivered");
            assertNull(receiver.received.poll(500, java.util.concurrent.TimeUnit.MILLISECONDS), "each was delivered once");
            // the log, newest first: the fourth and fifth were tried once, though claimed with the refused third
            List<Integer> attempts = Tokens.as("ines").get(hooks(g) + "/" + hook + "/deliveries").then().statusCode(200)
                    .extract().path("attempts");
            assertEquals(List.of(1, 1, 2, 1, 3), attempts);
        }
    }

    @Test
    void anEndpointFailingForTheRetryPeriodIsDisabledWithTheReasonAndADeliveryIsSentAgainOnRequest() throws Exception {
        UUID g = GroupFixtures.group("ines", "alice");
        try (Receiver receiver = new Receiver()) {
            for (int i = 0; i < 100; i++) {
                receiver.script.add(503);
            }
            String hook = subscribe("ines", g, receiver.url(), List.of("annotation.created")).then().statusCode(201).extract().path("id");
            Notes.create("alice", Notes.comment(g, "Red Terror", "never accepted"));
            // the test profile gives up after 6 s (a day in production)
            long until = System.currentTimeMillis() + 30_000;
            boolean disabled = false;
            while (!disabled && System.currentTimeMillis() < until) {
                Thread.sleep(500);
                disabled = !Tokens.as("ines").get(hooks(g) + "/" + hook).then().statusCode(200).extract().<Boolean>path("enabled");
            }
            assertTrue(disabled, "disabled after failing for the retry period");
            Tokens.as("ines").get(hooks(g) + "/" + hook).then().body("disabledReason", containsString("503"));
            // "then the endpoint is disabled and its owner told": in the group's log, where its moderators read what happened
            Tokens.as("ines").get("/api/groups/" + g + "/moderation/log").then().statusCode(200)
                    .body("items.find { it.action == 'webhook.disabled' }.subject", equalTo(hook))
                    .body("items.find { it.action == 'webhook.disabled' }.actor.username", equalTo("ines"))
                    .body("items.find { it.action == 'webhook.disabled' }.after", containsString("503"));
            String delivery = Tokens.as("ines").get(hooks(g) + "/" + hook + "/deliveries").then()
                    .body("[0].state", equalTo("failed")).extract().path("[0].id");
            // fixed: enable it and send the delivery again
            receiver.script.clear();
            receiver.received.clear();
            Tokens.as("ines").contentType(ContentType.JSON).body(Map.of("enabled", true)).patch(hooks(g) + "/" + hook)
                    .then().statusCode(200).body("enabled", equalTo(true)).body("disabledReason", nullValue());
            Tokens.as("ines").post(hooks(g) + "/" + hook + "/deliveries/" + delivery + "/retry").then().statusCode(202);
            assertEquals(204, receiver.next(WAIT).answered());
            awaitState("ines", g, hook, "delivered");
        }
    }

    @Test
    void whatTheOwnerMayNoLongerReadIsWithheldNotSent() throws Exception {
        UUID g = GroupFixtures.group("ines", "alice");
        GroupFixtures.join(g, "ivan", "moderator");
        try (Receiver receiver = new Receiver()) {
            String hook = subscribe("ivan", g, receiver.url(), List.of("annotation.created")).then().statusCode(201).extract().path("id");
            // ivan leaves the group: his endpoint stays, but what happens there is no longer his to read
            GroupFixtures.leave(g, "ivan");
            Notes.create("alice", Notes.comment(g, "Red Terror", "not for ivan"));
            awaitStateAs("ines", g, hook, "withheld");
            assertNull(receiver.received.poll(), "nothing was sent");
        }
    }

    @Test
    void whoMayManageWebhooks() {
        UUID g = GroupFixtures.group("ines", "alice");
        String url = "http://127.0.0.1:9/hook";
        given().contentType(ContentType.JSON).body(Map.of("url", url, "events", List.of("annotation.created")))
                .post(hooks(g)).then().statusCode(401);
        subscribe("alice", g, url, List.of("annotation.created")).then().statusCode(403).contentType("application/problem+json");
        subscribe("carol", g, url, List.of("annotation.created")).then().statusCode(404);
        Tokens.as("alice").get(hooks(g)).then().statusCode(403);
        Tokens.as("carol").get(hooks(g)).then().statusCode(404);
        String hook = subscribe("ines", g, url, List.of("annotation.created")).then().statusCode(201).extract().path("id");
        Tokens.as("admin").get(hooks(g) + "/" + hook).then().statusCode(200);
        Tokens.as("alice").delete(hooks(g) + "/" + hook).then().statusCode(403);
        Tokens.as("ines").get(hooks(GroupFixtures.group("ivan")) + "/" + hook).then().statusCode(404);
        Tokens.as("ines").get(hooks(g) + "/not-a-uuid").then().statusCode(404);
        // a personal API token needs the moderate scope to change webhooks, read to list them
        String read = Tokens.as("ines").contentType(ContentType.JSON).body(Map.of("name", "r", "scopes", List.of("read", "write")))
                .post("/api/tokens").then().statusCode(201).extract().path("token");
        given().auth().oauth2(read).get(hooks(g)).then().statusCode(200);
        given().auth().oauth2(read).contentType(ContentType.JSON).body(Map.of("url", url, "events", List.of("annotation.created")))
                .post(hooks(g)).then().statusCode(403).body("detail", containsString("'moderate'"));
        // bad input: nothing is made
        long before = GroupFixtures.count("SELECT count(*) FROM webhook WHERE group_id = '" + g + "'");
        subscribe("ines", g, "ftp://example.org/x", List.of("annotation.created")).then().statusCode(422).body("errors[0].field", equalTo("url"));
        subscribe("ines", g, url, List.of("annotation.eaten")).then().statusCode(422).body("errors[0].field", equalTo("events"));
        subscribe("ines", g, url, List.of()).then().statusCode(422);
        Tokens.as("ines").contentType(ContentType.JSON).body(Map.of("url", url, "events", List.of("annotation.created"), "document", "no-such"))
                .post(hooks(g)).then().statusCode(422).body("errors[0].field", equalTo("document"));
        assertEquals(before, GroupFixtures.count("SELECT count(*) FROM webhook WHERE group_id = '" + g + "'"));
        // deleting keeps the row; it is gone for the API
        Tokens.as("ines").delete(hooks(g) + "/" + hook).then().statusCode(204);
        Tokens.as("ines").get(hooks(g) + "/" + hook).then().statusCode(404);
        assertEquals(1, GroupFixtures.count("SELECT count(*) FROM webhook WHERE id = '" + hook + "' AND deleted_at IS NOT NULL"));
    }

    private static void awaitState(String user, UUID g, String hook, String state) throws InterruptedException {
        awaitStateAs(user, g, hook, state);
    }

    private static void awaitStateAs(String user, UUID g, String hook, String state) throws InterruptedException {
        long until = System.currentTimeMillis() + 20_000;
        String seen = null;
        while (System.currentTimeMillis() < until) {
            List<String> states = Tokens.as(user).get(hooks(g) + "/" + hook + "/deliveries").then().statusCode(200).extract().path("state");
            if (!states.isEmpty() && states.stream().allMatch(state::equals)) {
                return;
            }
            seen = states.toString();
            Thread.sleep(200);
        }
        assertFalse(true, "deliveries did not all become " + state + ": " + seen);
    }
}
