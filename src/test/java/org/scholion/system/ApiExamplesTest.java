package org.scholion.system;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.junit.QuarkusTest;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Issue 22: "The API described in public: the OpenAPI document and Swagger UI on the public port
 * (the operations port keeps health and metrics), with examples for every operation". Every
 * operation's successful JSON answers and every request body carry an example, and every JSON
 * example parses: a reader of Swagger UI sees what to send and what comes back, never a bare schema.
 */
@QuarkusTest
class ApiExamplesTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> METHODS = Set.of("get", "put", "post", "delete", "options", "head", "patch", "trace");

    @Test
    void everyOperationShowsAnExampleOfWhatItTakesAndAnswers() throws Exception {
        JsonNode paths = document().path("paths");
        List<String> missing = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> p = paths.fields(); p.hasNext();) {
            Map.Entry<String, JsonNode> path = p.next();
            for (Iterator<Map.Entry<String, JsonNode>> o = path.getValue().fields(); o.hasNext();) {
                Map.Entry<String, JsonNode> op = o.next();
                // OPTIONS answers with headers only (Allow, Link); SmallRye still gives every method that returns a
                // Response a JSON content entry with an empty schema, which for OPTIONS describes no body at all
                if (!METHODS.contains(op.getKey()) || op.getKey().equals("options")) {
                    continue;
                }
                List<String> lacking = new ArrayList<>();
                for (Iterator<Map.Entry<String, JsonNode>> r = op.getValue().path("responses").fields(); r.hasNext();) {
                    Map.Entry<String, JsonNode> response = r.next();
                    if (!response.getKey().startsWith("2")) {
                        continue;
                    }
                    for (Iterator<Map.Entry<String, JsonNode>> c = response.getValue().path("content").fields(); c.hasNext();) {
                        Map.Entry<String, JsonNode> content = c.next();
                        if (carriesJson(content.getKey()) && !hasExample(content.getValue())) {
                            lacking.add(response.getKey() + " " + content.getKey());
                        }
                    }
                }
                JsonNode body = op.getValue().path("requestBody").path("content");
                for (Iterator<Map.Entry<String, JsonNode>> c = body.fields(); c.hasNext();) {
                    Map.Entry<String, JsonNode> content = c.next();
                    if (!hasExample(content.getValue())) {
                        lacking.add("request " + content.getKey());
                    }
                }
                if (!lacking.isEmpty()) {
                    missing.add(op.getKey().toUpperCase() + " " + path.getKey() + " " + lacking);
                }
            }
        }
        assertTrue(missing.isEmpty(), missing.size() + " operations without an example:\n" + String.join("\n", missing));
    }

    @Test
    void everyJsonExampleIsJson() throws Exception {
        List<String> broken = new ArrayList<>();
        collectBroken(document(), "", broken);
        assertTrue(broken.isEmpty(), "examples that are not JSON:\n" + String.join("\n", broken));
    }

    private static JsonNode document() throws JsonProcessingException {
        String doc = given().accept("application/json").get("/openapi?format=json").then().statusCode(200).extract().asString();
        return JSON.readTree(doc);
    }

    /** JSON itself, JSON-LD, problem+json, CSL-JSON, h's v1 type: a structured suffix counts; so does a wildcard. */
    private static boolean carriesJson(String mediaType) {
        String type = mediaType.split(";")[0].strip().toLowerCase();
        return type.equals("application/json") || type.endsWith("+json") || type.equals("*/*");
    }

    private static boolean hasExample(JsonNode content) {
        return content.has("example") || content.path("examples").size() > 0;
    }

    /** Every media type object under a JSON media type, wherever it is (responses, request bodies, components). */
    private static void collectBroken(JsonNode node, String at, List<String> broken) {
        if (node.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> f = node.fields(); f.hasNext();) {
                Map.Entry<String, JsonNode> e = f.next();
                if (e.getKey().equals("content") && e.getValue().isObject()) {
                    for (Iterator<Map.Entry<String, JsonNode>> c = e.getValue().fields(); c.hasNext();) {
                        Map.Entry<String, JsonNode> media = c.next();
                        if (carriesJson(media.getKey())) {
                            check(media.getValue(), at + " " + media.getKey(), broken);
                        }
                    }
                }
                collectBroken(e.getValue(), at + "/" + e.getKey(), broken);
            }
        } else if (node.isArray()) {
            for (JsonNode n : node) {
                collectBroken(n, at, broken);
            }
        }
    }

    /**
     * SmallRye parses an {@code @ExampleObject} value that is valid JSON into JSON; one that is not
     * stays a string. A string example for a JSON type is therefore either JSON text or broken.
     */
    private static void check(JsonNode media, String at, List<String> broken) {
        List<JsonNode> values = new ArrayList<>();
        if (media.has("example")) {
            values.add(media.get("example"));
        }
        for (JsonNode ex : media.path("examples")) {
            if (ex.has("value")) {
                values.add(ex.get("value"));
            }
        }
        for (JsonNode v : values) {
            if (v.isTextual()) {
                try {
                    JSON.readTree(v.asText());
                } catch (JsonProcessingException e) {
                    broken.add(at + ": " + abbreviate(v.asText()));
                }
            }
        }
    }

    private static String abbreviate(String s) {
        return s.length() > 120 ? s.substring(0, 120) + "…" : s;
    }
}
