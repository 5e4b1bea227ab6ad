package org.scholion.live;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.test.junit.QuarkusTest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.scholion.documents.DocumentUploads;
import org.scholion.testing.GroupFixtures;
import org.scholion.testing.TestStack;
import org.scholion.testing.Tokens;

/**
 * Issue 18, "Live: readers of a document being revised are told, and reload onto the new
 * revision": a {@code revised} message to every subscriber of the document, whatever their group,
 * and to one that catches up after it.
 */
@QuarkusTest
class LiveRevisionTest {
    static final Duration WAIT = Duration.ofSeconds(10);

    @Test
    void subscribersOfTheDocumentAreToldOfANewRevisionLiveAndWhenTheyCatchUp() {
        String slug = DocumentUploads.upload("ines", "live.txt", "text/plain", "First text of the reading.".getBytes(StandardCharsets.UTF_8),
                "Live reading").then().statusCode(201).extract().path("slug");
        UUID group = GroupFixtures.group("ines", "alice");
        Tokens.as("ines").contentType("application/json").body("{}").put("/api/groups/" + group + "/readings/" + slug).then().statusCode(201);
        String url = LiveClient.url(TestStack.appUrl(), slug, group, null);
        String since;
        try (LiveClient alice = LiveClient.bearer(url, Tokens.of("alice"))) {
            since = alice.next("ready").path("cursor").asText();
            DocumentUploads.revise("ines", slug, "\"1\"", "live.txt", "Second text of the reading.".getBytes(StandardCharsets.UTF_8))
                    .then().statusCode(201);
            JsonNode m = alice.next(n -> !n.path("type").asText().equals("presence"), WAIT);
            assertEquals("revised", m.path("type").asText(), m.toString());
        }
        // a reader who was away while it happened is told on reconnecting with the cursor they had
        try (LiveClient back = LiveClient.bearer(LiveClient.url(TestStack.appUrl(), slug, group, since), Tokens.of("alice"))) {
            JsonNode m = back.next(n -> !n.path("type").asText().equals("presence"), WAIT);
            assertEquals("revised", m.path("type").asText(), m.toString());
        }
    }
}
