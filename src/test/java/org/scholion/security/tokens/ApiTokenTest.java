package org.scholion.security.tokens;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.scholion.testing.GroupFixtures;
import org.scholion.testing.Notes;
import org.scholion.testing.Tokens;

/**
 * Issue 22: "Personal API tokens ... scopes read and write (and moderate for moderators), an expiry
 * (default 90 days, at most a year), optional restriction to some groups. The secret is shown once
 * and stored only as a hash; a token acts exactly as its owner within its scopes, never more (a
 * removed member's token loses the group at once) ... Bearer tokens from Keycloak keep working
 * beside them." Bad input: "Malformed, expired, revoked and foreign tokens (401 with
 * WWW-Authenticate)". RFC 6750 §3: "If the protected resource request does not include
 * authentication credentials or does not contain an access token that enables access to the
 * protected resource, the resource server MUST include the HTTP "WWW-Authenticate" response header
 * field".
 */
@QuarkusTest
class ApiTokenTest {
    @jakarta.inject.Inject
    ApiTokens tokens;

    /** Makes a token as the user (signed in through Keycloak) and returns the whole answer. */
    static Response make(String user, Map<String, Object> body) {
        return Tokens.as(user).contentType(ContentType.JSON).body(body).post("/api/tokens");
    }

    static String secret(String user, List<String> scopes, List<UUID> groups) {
        Map<String, Object> body = new HashMap<>(Map.of("name", "test token", "scopes", scopes));
        if (groups != null) {
            body.put("groups", groups.stream().map(UUID::toString).toList());
        }
        return make(user, body).then().statusCode(201).extract().path("token");
    }

    static RequestSpecification with(String secret) {
        return given().auth().oauth2(secret);
    }

    private static String annotationPath(String iri) {
        return iri.substring(iri.indexOf("/api/"));
    }

    private static void refused401(Response r) {
        r.then().statusCode(401).contentType("application/problem+json").header("WWW-Authenticate", startsWith("Bearer"))
                .body("status", equalTo(401));
    }

    @Test
    void theSecretIsShownOnceKeptOnlyAsItsHashAndTheTokenReadsAsItsOwner() throws Exception {
        UUID g = GroupFixtures.group("ines", "alice");
        String iri = Notes.create("ines", Notes.comment(g, "Red Terror", "read me"));
        Response made = make("alice", Map.of("name", "  nightly export ", "scopes", List.of("read")));
        made.then().statusCode(201).header("Location", containsString("/api/tokens/"))
                .body("name", equalTo("nightly export")).body("scopes", equalTo(List.of("read")))
                .body("groups", nullValue()).body("token", startsWith("sch_"));
        String secret = made.path("token");
        String id = made.path("id");
        assertEquals(47, secret.length(), "sch_ and 43 base64url characters: 256 random bits");
        // default expiry: 90 days
        OffsetDateTime created = OffsetDateTime.parse(made.path("created"));
        OffsetDateTime expires = OffsetDateTime.parse(made.path("expires"));
        assertEquals(90, ChronoUnit.DAYS.between(created, expires.plusSeconds(1)));

        String hash = HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
                .digest(secret.getBytes(StandardCharsets.US_ASCII)));
        assertEquals(1, GroupFixtures.count("SELECT count(*) FROM api_token WHERE id = '" + id
                + "' AND secret_hash = '\\x" + hash + "'::bytea"), "the SHA-256 of the secret is what is kept");
        assertEquals(0, GroupFixtures.count("SELECT count(*) FROM api_token WHERE position('" + secret.substring(4)
                + "' IN concat_ws(' ', name, hint, encode(secret_hash, 'escape'))) > 0"), "the secret itself is not");

        // listed without the secret; its hint tells it apart
        Tokens.as("alice").get("/api/tokens").then().statusCode(200)
                .body("find { it.id == '" + id + "' }.token", nullValue())
                .body("find { it.id == '" + id + "' }.hint", equalTo(secret.substring(0, 8)))
                .body("find { it.id == '" + id + "' }.lastUsed", nullValue());

        // it reads what alice reads, as alice
        with(secret).accept(Notes.MEDIA).get(annotationPath(iri)).then().statusCode(200);
        with(secret).get("/api/groups").then().statusCode(200).body("id", hasItem(g.toString()));
        // last used is recorded
        Tokens.as("alice").get("/api/tokens").then().body("find { it.id == '" + id + "' }.lastUsed", notNullValue());
        // Keycloak's bearer tokens keep working beside it
        Tokens.as("alice").accept(Notes.MEDIA).get(annotationPath(iri)).then().statusCode(200);
    }

    @Test
    void aTokenInUseIsAnsweredFromMemoryUntilTheRecheck() {
        String secret = secret("carol", List.of("read"), null);
        with(secret).get("/api/groups").then().statusCode(200);
        long before = tokens.remembered();
        with(secret).get("/api/groups").then().statusCode(200);
        with(secret).get("/api/groups").then().statusCode(200);
        assertTrue(tokens.remembered() >= before + 2, "answered without a query");
    }

    @Test
    void aReadTokenCannotWriteAndAWriteTokenWritesAsItsOwner() {
        UUID g = GroupFixtures.group("ines", "alice");
        String read = secret("alice", List.of("read"), null);
        long before = GroupFixtures.count("SELECT count(*) FROM annotation WHERE group_id = '" + g + "'");
        with(read).contentType(Notes.MEDIA).body(Notes.comment(g, "Red Terror", "by a read token").toString())
                .post("/api/documents/" + Notes.SLUG + "/annotations/")
                .then().statusCode(403).contentType("application/problem+json").body("detail", containsString("'write'"));
        assertEquals(before, GroupFixtures.count("SELECT count(*) FROM annotation WHERE group_id = '" + g + "'"), "nothing written");

        String write = secret("alice", List.of("write"), null);
        String iri = with(write).contentType(Notes.MEDIA).body(Notes.comment(g, "Red Terror", "by a write token").toString())
                .post("/api/documents/" + Notes.SLUG + "/annotations/").then().statusCode(201).extract().header("Location");
        assertEquals(1, GroupFixtures.count("SELECT count(*) FROM annotation WHERE id = '" + Notes.id(iri) + "' AND author_id = '"
                + GroupFixtures.userId("alice") + "'"), "written as alice");
        // a write-only token does not read
        with(write).accept(Notes.MEDIA).get(annotationPath(iri)).then().statusCode(403).body("detail", containsString("'read'"));
    }

    @Test
    void moderatingNeedsTheModerateScopeAndOnlyModeratorsGetIt() {
        UUID g = GroupFixtures.group("ines", "alice");
        String iri = Notes.create("alice", Notes.comment(g, "Red Terror", "to hide"));
        String path = annotationPath(iri);
        String writer = secret("ines", List.of("read", "write"), null);
        String etag = with(writer).accept(Notes.MEDIA).get(path).then().statusCode(200).extract().header("ETag");
        with(writer).contentType(ContentType.JSON).header("If-Match", etag).body(Map.of("state", "hidden", "reason", "off topic"))
                .put(path + "/moderation").then().statusCode(403).body("detail", containsString("'moderate'"));
        assertEquals(0, GroupFixtures.count("SELECT count(*) FROM annotation WHERE id = '" + Notes.id(iri) + "' AND moderation = 'hidden'"));

        String moderator = secret("ines", List.of("read", "moderate"), List.of(g));
        with(moderator).contentType(ContentType.JSON).header("If-Match", etag).body(Map.of("state", "hidden", "reason", "off topic"))
                .put(path + "/moderation").then().statusCode(200);

        // alice moderates nothing in g: no moderate scope for a token kept to it, and nothing is made
        long tokens = GroupFixtures.count("SELECT count(*) FROM api_token");
        make("alice", Map.of("name", "x", "scopes", List.of("read", "moderate"), "groups", List.of(g.toString()))).then().statusCode(422)
                .contentType("application/problem+json").body("errors[0].field", equalTo("scopes"));
        assertEquals(tokens, GroupFixtures.count("SELECT count(*) FROM api_token"));
    }

    @Test
    void anExpiredTokenIs401AndExpiriesAreBounded() throws InterruptedException {
        String secret = secret("bob", List.of("read"), null);
        with(secret).get("/api/groups").then().statusCode(200);
        Notes.sql("UPDATE api_token SET created_at = now() - interval '2 days', expires_at = now() - interval '1 second'"
                + " WHERE hint = ? AND owner_id = ?", secret.substring(0, 8), GroupFixtures.userId("bob"));
        // a change made behind this instance's back (here: in the database) is seen within the recheck period (1 s)
        Thread.sleep(1100);
        refused401(with(secret).get("/api/groups"));

        String inAYear = OffsetDateTime.now().plusDays(367).toString();
        make("bob", Map.of("name", "x", "scopes", List.of("read"), "expires", inAYear)).then().statusCode(422)
                .body("errors[0].field", equalTo("expires"));
        make("bob", Map.of("name", "x", "scopes", List.of("read"), "expires", "2020-01-01")).then().statusCode(422)
                .body("errors[0].field", equalTo("expires"));
        make("bob", Map.of("name", "x", "scopes", List.of("read"), "expires", "next week")).then().statusCode(422)
                .body("errors[0].field", equalTo("expires"));
        String date = OffsetDateTime.now().plusDays(30).toLocalDate().toString();
        make("bob", Map.of("name", "x", "scopes", List.of("read"), "expires", date)).then().statusCode(201)
                .body("expires", startsWith(date));
    }

    @Test
    void aRevokedTokenIsRefusedOnTheNextRequestAndOnlyItsOwnerRevokesIt() {
        Response made = make("carol", Map.of("name", "to revoke", "scopes", List.of("read")));
        String secret = made.path("token");
        String id = made.path("id");
        with(secret).get("/api/groups").then().statusCode(200);
        // someone else's token is not there for them
        Tokens.as("dave").delete("/api/tokens/" + id).then().statusCode(404).contentType("application/problem+json");
        Tokens.as("dave").delete("/api/tokens/not-a-uuid").then().statusCode(404);
        with(secret).get("/api/groups").then().statusCode(200);

        Tokens.as("carol").delete("/api/tokens/" + id).then().statusCode(204);
        refused401(with(secret).get("/api/groups"));
        Tokens.as("carol").get("/api/tokens").then().body("id", not(hasItem(id)));
        Tokens.as("carol").delete("/api/tokens/" + id).then().statusCode(404);
        assertEquals(1, GroupFixtures.count("SELECT count(*) FROM api_token WHERE id = '" + id + "' AND revoked_at IS NOT NULL"),
                "the revoked token's row stays, with when it was revoked");
    }

    @Test
    void aTokenKeptToSomeGroupsReachesOnlyThoseAndLosesAGroupItsOwnerLeaves() {
        UUID kept = GroupFixtures.group("ines", "dave");
        UUID other = GroupFixtures.group("ines", "dave");
        String inKept = Notes.create("ines", Notes.comment(kept, "Red Terror", "in the kept group"));
        String word = Notes.word();
        String inOther = Notes.create("ines", Notes.comment(other, "Red Terror", "in the other group " + word));
        String secret = secret("dave", List.of("read", "write"), List.of(kept));

        with(secret).accept(Notes.MEDIA).get(annotationPath(inKept)).then().statusCode(200);
        with(secret).accept(Notes.MEDIA).get(annotationPath(inOther)).then().statusCode(404);
        List<String> groups = with(secret).get("/api/groups").then().statusCode(200).extract().path("id");
        assertEquals(List.of(kept.toString()), groups);
        with(secret).get("/api/groups/" + other).then().statusCode(404);
        // as for anyone outside a group: its page of the container is not there, and the document's lists leave it out
        with(secret).accept(Notes.MEDIA).get("/api/documents/" + Notes.SLUG + "/annotations/?group=" + other).then().statusCode(404);
        List<String> listed = with(secret).accept(Notes.MEDIA).get("/api/documents/" + Notes.SLUG + "/annotations/?group=" + kept)
                .then().statusCode(200).extract().path("first.items.id");
        assertTrue(listed.contains(inKept));
        assertTrue(Tokens.as("dave").get("/api/search?q=" + word).then().statusCode(200).extract().asString()
                .contains(Notes.id(inOther).toString()), "dave, signed in, finds it");
        String found = with(secret).get("/api/search?q=" + word).then().statusCode(200).extract().asString();
        assertFalse(found.contains(Notes.id(inOther).toString()), "search leaves the other group out");
        with(secret).contentType(Notes.MEDIA).body(Notes.comment(other, "Red Terror", "into the other group").toString())
                .post("/api/documents/" + Notes.SLUG + "/annotations/").then().statusCode(404);
        // dave himself, signed in, still reaches both
        Tokens.as("dave").accept(Notes.MEDIA).get(annotationPath(inOther)).then().statusCode(200);

        // removed from the kept group: the token loses it at once
        GroupFixtures.leave(kept, "dave");
        with(secret).accept(Notes.MEDIA).get(annotationPath(inKept)).then().statusCode(404);
        with(secret).get("/api/groups").then().statusCode(200).body("size()", equalTo(0));

        // a token cannot name a group its owner is not in
        UUID foreign = GroupFixtures.group("ivan");
        make("dave", Map.of("name", "x", "scopes", List.of("read"), "groups", List.of(foreign.toString())))
                .then().statusCode(404).body("errors[0].field", equalTo("groups"));
        make("dave", Map.of("name", "x", "scopes", List.of("read"), "groups", List.of("nope"))).then().statusCode(422);
    }

    @Test
    void anAdminsTokenKeptToAGroupDoesNotCarryTheAdminsReach() {
        UUID g = GroupFixtures.group("ines");
        String everywhere = secret("admin", List.of("read"), null);
        String kept = secret("admin", List.of("read"), List.of(g));
        with(everywhere).get("/api/groups?all=true").then().statusCode(200);
        with(kept).get("/api/groups?all=true").then().statusCode(403);
        with(kept).get("/api/groups/" + GroupFixtures.group("ivan")).then().statusCode(404);
    }

    @Test
    void malformedUnknownAndForeignTokensAre401() {
        refused401(with("sch_short").get("/api/groups"));
        refused401(with("sch_" + "A".repeat(43)).get("/api/groups"));
        refused401(with("not-a-token-at-all").get("/api/groups"));
        // a Keycloak token of another realm's shape, unsigned: the OIDC provider refuses it as before
        refused401(with("eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0.").get("/api/groups"));
    }

    @Test
    void tokensAreForTheApiAndCannotManageTokens() {
        String secret = secret("alice", List.of("read", "write"), null);
        with(secret).get("/api/tokens").then().statusCode(403).contentType("application/problem+json");
        with(secret).contentType(ContentType.JSON).body(Map.of("name", "child", "scopes", List.of("read", "write")))
                .post("/api/tokens").then().statusCode(403);
        with(secret).redirects().follow(false).get("/read/" + Notes.SLUG).then().statusCode(403);
    }

    @Test
    void whoMayManageTokens() {
        // anonymous: 401, nothing made
        given().contentType(ContentType.JSON).body(Map.of("name", "x", "scopes", List.of("read"))).post("/api/tokens")
                .then().statusCode(401).header("WWW-Authenticate", startsWith("Bearer"));
        given().get("/api/tokens").then().statusCode(401);
        given().delete("/api/tokens/" + UUID.randomUUID()).then().statusCode(401);
        // a user sees only their own tokens
        String id = make("bob", Map.of("name", "bob's", "scopes", List.of("read"))).then().statusCode(201).extract().path("id");
        Tokens.as("carol").get("/api/tokens").then().statusCode(200).body("id", not(hasItem(id)));
        Tokens.as("bob").get("/api/tokens").then().statusCode(200).body("id", hasItem(id));
        // bad bodies
        Tokens.as("bob").contentType(ContentType.JSON).post("/api/tokens").then().statusCode(400);
        make("bob", Map.of("name", " ", "scopes", List.of("read"))).then().statusCode(400).body("errors[0].field", equalTo("name"));
        make("bob", Map.of("name", "x", "scopes", List.of("admin"))).then().statusCode(422).body("errors[0].field", equalTo("scopes"));
        make("bob", Map.of("name", "x", "scopes", List.of())).then().statusCode(400);
    }

    @Test
    void theOwnersRealmRolesAreKeptForTheirTokens() {
        GroupFixtures.userId("ines");
        assertTrue(GroupFixtures.count("SELECT count(*) FROM app_user WHERE username = 'ines' AND roles = ARRAY['instructor']") == 1);
        // so an instructor's write token creates groups, as ines does
        String secret = secret("ines", List.of("read", "write"), null);
        with(secret).contentType(ContentType.JSON).body(Map.of("name", "Made by token")).post("/api/groups").then().statusCode(201);
        String student = secret("alice", List.of("read", "write"), null);
        with(student).contentType(ContentType.JSON).body(Map.of("name", "Not by a student")).post("/api/groups").then().statusCode(403);
    }
}
