package org.scholion.groups;

import io.restassured.http.ContentType;
import java.util.Map;
import java.util.UUID;
import org.scholion.testing.Tokens;

/** Builds groups through the API with real tokens, so each test makes its own data. */
final class GroupApi {
    record Made(String id, String code) {
    }

    private GroupApi() {
    }

    static Made create(String moderator) {
        var r = Tokens.as(moderator).contentType(ContentType.JSON)
                .body(Map.of("name", "Group " + UUID.randomUUID().toString().substring(0, 8), "description", "made by a test"))
                .post("/api/groups")
                .then().statusCode(201).extract();
        return new Made(r.path("id"), r.path("joinCode"));
    }

    /** Joins and returns the member's user id. */
    static String join(String user, String code) {
        return Tokens.as(user).contentType(ContentType.JSON).body(Map.of("code", code))
                .post("/api/groups/join")
                .then().statusCode(201).extract().path("userId");
    }
}
