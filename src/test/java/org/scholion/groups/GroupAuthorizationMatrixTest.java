package org.scholion.groups;


import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.scholion.testing.AuthorizationMatrix;
import org.scholion.testing.Tokens;

/**
 * Who may do what to a group, end to end with real tokens: every endpoint × every kind of caller.
 * Each cell gets fresh data (a group moderated by ines that alice joined, and a group of ivan's),
 * so a call that changes state cannot change the answer of another cell.
 */
@QuarkusTest
class GroupAuthorizationMatrixTest {
    /** The callers, in column order. null = anonymous (no token). */
    private static final List<String> CALLERS = java.util.Arrays.asList(
            null,     // anonymous
            "carol",  // student, not a member
            "alice",  // member
            "ines",   // the group's moderator (created it)
            "ivan",   // moderator of another group
            "admin"); // admin, not a member

    record Fixture(String groupId, String code, String aliceId) {
    }

    record Row(String endpoint, List<Integer> expected, boolean archived, BiFunction<RequestSpecification, Fixture, Response> call) {
    }

    @TestFactory
    Stream<DynamicTest> everyEndpointForEveryCaller() {
        List<Row> table = List.of(
                //  endpoint                                         anon  non-  mem-  mode- other admin
                //                                                         member ber  rator  mod
                row("GET    /api/groups",                            401, 200, 200, 200, 200, 200,
                        (r, f) -> r.get("/api/groups")),
                row("GET    /api/groups?all=true",                   401, 403, 403, 403, 403, 200,
                        (r, f) -> r.get("/api/groups?all=true")),
                row("POST   /api/groups",                            401, 403, 403, 201, 201, 201,
                        (r, f) -> json(r, Map.of("name", "Matrix group")).post("/api/groups")),
                row("POST   /api/groups/join",                       401, 201, 200, 200, 201, 201,
                        (r, f) -> json(r, Map.of("code", f.code())).post("/api/groups/join")),
                row("GET    /api/groups/{id}",                       401, 404, 200, 200, 404, 200,
                        (r, f) -> r.get("/api/groups/" + f.groupId())),
                row("PATCH  /api/groups/{id}",                       401, 404, 403, 200, 404, 200,
                        (r, f) -> json(r, Map.of("name", "Renamed")).patch("/api/groups/" + f.groupId())),
                row("POST   /api/groups/{id}/archive",               401, 404, 403, 200, 404, 200,
                        (r, f) -> r.post("/api/groups/" + f.groupId() + "/archive")),
                archivedRow("POST   /api/groups/{id}/unarchive",     401, 404, 403, 200, 404, 200,
                        (r, f) -> r.post("/api/groups/" + f.groupId() + "/unarchive")),
                row("POST   /api/groups/{id}/join-code",             401, 404, 403, 200, 404, 200,
                        (r, f) -> r.post("/api/groups/" + f.groupId() + "/join-code")),
                row("GET    /api/groups/{id}/members",               401, 404, 200, 200, 404, 200,
                        (r, f) -> r.get("/api/groups/" + f.groupId() + "/members")),
                row("PUT    /api/groups/{id}/members/{alice}",       401, 404, 403, 200, 404, 200,
                        (r, f) -> json(r, Map.of("role", "moderator")).put("/api/groups/" + f.groupId() + "/members/" + f.aliceId())),
                row("DELETE /api/groups/{id}/members/{alice}",       401, 404, 403, 204, 404, 204,
                        (r, f) -> r.delete("/api/groups/" + f.groupId() + "/members/" + f.aliceId())),
                // ines is the only moderator: she cannot leave (409); admin and ivan are not members (404)
                row("DELETE /api/groups/{id}/members/me",            401, 404, 204, 409, 404, 404,
                        (r, f) -> r.delete("/api/groups/" + f.groupId() + "/members/me")));

        return table.stream().map(row -> DynamicTest.dynamicTest(row.endpoint().strip(), () -> assertRow(row)));
    }

    private void assertRow(Row row) {
        AuthorizationMatrix.assertRow(row.endpoint(), CALLERS, row.expected(), r -> row.call().apply(r, fixture(row.archived())));
    }

    private static Fixture fixture(boolean archived) {
        GroupApi.create("ivan"); // ivan moderates a group, just not this one
        GroupApi.Made g = GroupApi.create("ines");
        String aliceId = GroupApi.join("alice", g.code());
        if (archived) {
            Tokens.as("ines").post("/api/groups/" + g.id() + "/archive").then().statusCode(200);
        }
        return new Fixture(g.id(), g.code(), aliceId);
    }

    private static RequestSpecification json(RequestSpecification r, Map<String, ?> body) {
        return r.contentType(ContentType.JSON).body(body);
    }

    private static Row row(String endpoint, int anonymous, int nonMember, int member, int moderator, int otherModerator,
            int admin, BiFunction<RequestSpecification, Fixture, Response> call) {
        return new Row(endpoint, List.of(anonymous, nonMember, member, moderator, otherModerator, admin), false, call);
    }

    private static Row archivedRow(String endpoint, int anonymous, int nonMember, int member, int moderator,
            int otherModerator, int admin, BiFunction<RequestSpecification, Fixture, Response> call) {
        return new Row(endpoint, List.of(anonymous, nonMember, member, moderator, otherModerator, admin), true, call);
    }
}
