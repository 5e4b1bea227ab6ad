package org.scholion.security;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.scholion.testing.GroupFixtures;
import org.scholion.testing.Tokens;

/**
 * Bearer tokens are verified once and then recognised (issue 20), against the real Keycloak: what
 * the server decides from the database stays decided on every request. (The token's expiry with the
 * cache in place: AuthenticationTest.expiredTokenIs401.)
 */
@QuarkusTest
class VerifiedTokensTest {
    @Inject
    VerifiedTokens tokens;

    @Test
    void aRepeatedTokenIsRecognisedWithoutBeingVerifiedAgain() {
        String token = Tokens.fetch("scholion-cli", "carol", "carol");
        long before = tokens.hits();
        given().auth().oauth2(token).get("/api/groups").then().statusCode(200);
        given().auth().oauth2(token).get("/api/groups").then().statusCode(200);
        given().auth().oauth2(token).get("/api/groups").then().statusCode(200);
        assertTrue(tokens.hits() - before >= 2, "the second and third requests were answered from the cache");
    }

    @Test
    void aTamperedCopyOfARecognisedTokenIs401() {
        String real = Tokens.fetch("scholion-cli", "alice", "alice");
        given().auth().oauth2(real).get("/api/groups").then().statusCode(200);
        given().auth().oauth2(real).get("/api/groups").then().statusCode(200);
        // RFC 6750 §3.1: "invalid_token ... The access token provided is expired, revoked, malformed, or invalid for other reasons"
        String tampered = real.substring(0, real.length() - 4) + (real.endsWith("AAAA") ? "BBBB" : "AAAA");
        given().auth().oauth2(tampered).get("/api/groups").then().statusCode(401);
        String otherClaims = real.replace('.' + real.split("\\.")[1] + '.', '.' + real.split("\\.")[1] + "e30" + '.');
        given().auth().oauth2(otherClaims).get("/api/groups").then().statusCode(401);
    }

    @Test
    void aRemovedMembersRecognisedTokenLosesTheGroupAtOnce() {
        UUID group = GroupFixtures.group("alice", "dave");
        String dave = Tokens.fetch("scholion-cli", "dave", "dave");
        given().auth().oauth2(dave).get("/api/groups/" + group).then().statusCode(200);
        given().auth().oauth2(dave).get("/api/groups/" + group).then().statusCode(200);
        GroupFixtures.leave(group, "dave");
        given().auth().oauth2(dave).get("/api/groups/" + group).then().statusCode(404);
        assertEquals(200, given().auth().oauth2(dave).get("/api/groups").statusCode(), "the token itself is still good");
    }
}
