package org.scholion.testing;

import static io.restassured.RestAssured.given;

import io.restassured.specification.RequestSpecification;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Real access tokens from the test Keycloak, through the demo client scholion-cli (password grant). */
public final class Tokens {
    private record Cached(String token, long fetchedAt) {
    }

    private static final Map<String, Cached> CACHE = new ConcurrentHashMap<>();
    /** Access tokens live 300 s in the realm; refetch well before. */
    private static final long MAX_AGE_NANOS = 200_000_000_000L;

    private Tokens() {
    }

    public static String of(String username) {
        Cached c = CACHE.get(username);
        if (c == null || System.nanoTime() - c.fetchedAt() > MAX_AGE_NANOS) {
            c = new Cached(fetch("scholion-cli", username, username), System.nanoTime());
            CACHE.put(username, c);
        }
        return c.token();
    }

    public static String fetch(String clientId, String username, String password) {
        return given().baseUri(TestStack.get().keycloak.realmUrl())
                .formParam("grant_type", "password")
                .formParam("client_id", clientId)
                .formParam("username", username)
                .formParam("password", password)
                .formParam("scope", "openid")
                .post("/protocol/openid-connect/token")
                .then().statusCode(200)
                .extract().path("access_token");
    }

    /** A request that carries the user's bearer token. */
    public static RequestSpecification as(String username) {
        return given().auth().oauth2(of(username));
    }
}
