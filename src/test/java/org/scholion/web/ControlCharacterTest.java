package org.scholion.web;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.quarkus.test.junit.QuarkusTest;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.scholion.testing.GroupFixtures;
import org.scholion.testing.RawHttp;
import org.scholion.testing.Tokens;

/**
 * Control characters in any text — bodies, paths, query parameters — are a 400 problem naming
 * what is wrong, never a 500 (PostgreSQL refuses U+0000 in text), and nothing is written. Names
 * refuse invisible formatting characters too and are stored in Unicode NFC.
 */
@QuarkusTest
class ControlCharacterTest {

    private static long groups() {
        return GroupFixtures.count("SELECT count(*) FROM classroom_group");
    }

    @ParameterizedTest
    @ValueSource(strings = { "History\u0000", "A\u0007bell", "Line\nbreak", "Tab\there", "\u0085next line" })
    void controlCharactersInAGroupNameAre400AndWriteNothing(String name) {
        long before = groups();
        Tokens.as("ines").contentType("application/json").body(Map.of("name", name)).post("/api/groups")
                .then().statusCode(400).contentType("application/problem+json")
                .body("errors.field", hasItem("name"))
                .body("errors.message", hasItem(containsString("control character")));
        assertEquals(before, groups());
    }

    @ParameterizedTest
    @ValueSource(strings = { "Ines Alvarez \u202Erotcurtsni", "Ines\u200BAlvarez", "\u2066Ines\u2069", "Ines\uFEFF",
            "Ines\u200DAlvarez", "Line\u2028separator" })
    void invisibleFormattingCharactersInAGroupNameAre400(String name) {
        Tokens.as("ines").contentType("application/json").body(Map.of("name", name)).post("/api/groups")
                .then().statusCode(400).body("errors.message", hasItem(containsString("invisible formatting character")));
    }

    @Test
    void aNulInADescriptionOrARenameIs400ButLineBreaksInADescriptionAreFine() {
        Tokens.as("ines").contentType("application/json").body(Map.of("name", "Fine", "description", "a\u0000b"))
                .post("/api/groups").then().statusCode(400).body("errors.field", hasItem("description"));
        String id = Tokens.as("ines").contentType("application/json")
                .body(Map.of("name", "Fine", "description", "line one\nline two\ttabbed"))
                .post("/api/groups").then().statusCode(201).body("description", equalTo("line one\nline two\ttabbed"))
                .extract().path("id");
        Tokens.as("ines").contentType("application/json").body(Map.of("name", "Re\u0000named")).patch("/api/groups/" + id)
                .then().statusCode(400).body("errors.field", hasItem("name"));
        Tokens.as("ines").get("/api/groups/" + id).then().body("name", equalTo("Fine"));
    }

    @Test
    void namesAreStoredInNfc() {
        // "Café" typed with a combining acute accent (NFD) is stored with the precomposed é (NFC)
        String id = Tokens.as("ines").contentType("application/json").body(Map.of("name", "Cafe\u0301 seminar"))
                .post("/api/groups").then().statusCode(201).body("name", equalTo("Caf\u00e9 seminar")).extract().path("id");
        assertEquals(1, GroupFixtures.count("SELECT count(*) FROM classroom_group WHERE id = '" + id
                + "' AND name = U&'Caf\\00E9 seminar'"));
    }

    @Test
    void aNulInAJoinCodeIs400() {
        Tokens.as("dave").contentType("application/json").body(Map.of("code", "ABC\u0000DEF")).post("/api/groups/join")
                .then().statusCode(400).contentType("application/problem+json").body("errors.field", hasItem("code"));
    }

    @ParameterizedTest
    @ValueSource(strings = { "/api/documents/red%00terror", "/api/documents/%00", "/read/%00", "/join/ABC%00DEF",
            "/api/documents/red-terror-essay/annotations/?creator=%00", "/api/documents/red-terror-essay/annotations/?tag=a%01b",
            "/api/documents/red-terror-essay/annotations/?t%00g=x", "/api/groups/%7F",
            "/api/documents/%C3%28", "/api/documents/red%0Aterror" })
    void controlCharactersOrBrokenEncodingInThePathOrQueryAre400(String target) throws Exception {
        RawHttp.Answer a = RawHttp.send("GET", target, Map.of("Authorization", "Bearer " + Tokens.of("alice"),
                "Accept", "application/json"), null);
        assertEquals(400, a.status(), target + " → " + a.body());
        assertEquals("application/problem+json", a.header("Content-Type"), a.body());
    }

    @Test
    void aPathThatIsNotPercentEncodingIs400() throws Exception {
        // refused by the HTTP layer before any route or filter: a bare 400, never a lookup
        assertEquals(400, RawHttp.send("GET", "/api/documents/%ZZ", Map.of("Authorization", "Bearer " + Tokens.of("alice")), null)
                .status());
    }

    @Test
    void aBrowserAskingForAPageGetsThe400AsAPage() throws Exception {
        RawHttp.Answer a = RawHttp.send("GET", "/read/red%00terror", Map.of("Authorization", "Bearer " + Tokens.of("alice"),
                "Accept", "text/html"), null);
        assertEquals(400, a.status(), a.body());
        assertEquals("text/html;charset=UTF-8", a.header("Content-Type"));
    }

    @Test
    void ordinaryNonAsciiInPathsAndQueriesStillWorks() {
        Tokens.as("alice").get("/api/documents/caf%C3%A9").then().statusCode(404);
        Tokens.as("alice").queryParam("tag", "café").get("/api/documents/red-terror-essay/annotations/").then().statusCode(200);
        given().get("/api/groups").then().statusCode(401);
    }
}
