package org.scholion.web;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.jboss.logmanager.ExtLogRecord;
import org.junit.jupiter.api.Test;
import org.scholion.testing.RawHttp;
import org.scholion.testing.TestStack;
import org.scholion.testing.Tokens;

/** A join code is a secret that opens a group: no log line may carry it, whichever way the link was used. */
@QuarkusTest
class JoinCodeLogTest {

    @Test
    void noLogLineCarriesAJoinCode() throws Exception {
        String id = Tokens.as("ines").contentType("application/json").body(Map.of("name", "Secret code"))
                .post("/api/groups").then().statusCode(201).extract().path("id");
        String code = Tokens.as("ines").get("/api/groups/" + id).then().extract().path("joinCode");
        List<String> lines = new CopyOnWriteArrayList<>();
        Handler capture = new Handler() {
            @Override
            public void publish(LogRecord r) {
                lines.add(r instanceof ExtLogRecord e ? e.getFormattedMessage() : r.getMessage());
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        Logger root = Logger.getLogger("");
        root.addHandler(capture);
        try {
            Tokens.as("carol").accept("text/html").get("/join/" + code).then().statusCode(200);
            Tokens.as("carol").accept("text/html").get("/join/" + code.toLowerCase()).then().statusCode(200);
            Tokens.as("carol").accept("text/html").header("Origin", TestStack.appUrl()).post("/join/" + code).then().statusCode(200);
            Tokens.as("dave").accept("text/html").header("Origin", "https://evil.example").post("/join/" + code)
                    .then().statusCode(403);
            RawHttp.send("GET", "//join/" + code, Map.of("Authorization", "Bearer " + Tokens.of("dave")), null);
            RawHttp.send("GET", "/join/" + code + "%00", Map.of("Authorization", "Bearer " + Tokens.of("dave")), null);
            given().redirects().follow(false).get("/join/" + code).then().statusCode(302);
            Tokens.as("dave").contentType("application/json").body(Map.of("code", code)).post("/api/groups/join")
                    .then().statusCode(201);
            Thread.sleep(300); // access lines are written when the answer is complete
        } finally {
            root.removeHandler(capture);
        }
        assertTrue(lines.stream().anyMatch(l -> l.contains("path=/join/<redacted>")), String.join("\n", lines));
        for (String variant : List.of(code, code.toLowerCase())) {
            assertFalse(lines.stream().anyMatch(l -> l.contains(variant)),
                    "a log line holds the join code:\n" + String.join("\n", lines));
        }
    }
}
