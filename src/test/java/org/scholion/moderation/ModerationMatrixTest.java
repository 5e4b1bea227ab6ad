package org.scholion.moderation;


import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.BiFunction;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.scholion.testing.GroupFixtures;
import org.scholion.testing.AuthorizationMatrix;
import org.scholion.testing.Tokens;

/**
 * Who may do what in moderation, end to end through the permission map with real tokens: every
 * moderation endpoint × every kind of caller. A member calling a moderator's action gets 403, a
 * caller who cannot see the group or annotation 404, an archived group 409. Each cell gets fresh
 * data: a group moderated by ines with alice and bob, alice's comment with one source in it, and a
 * group of ivan's.
 */
@QuarkusTest
class ModerationMatrixTest {
    /** The callers, in column order. null = anonymous (no token). */
    private static final List<String> CALLERS = Arrays.asList(
            null,     // anonymous
            "carol",  // student, not a member
            "bob",    // member
            "alice",  // member, the annotation's author
            "ines",   // the group's moderator
            "ivan",   // moderator of another group
            "admin"); // admin, not a member

    /**
     * What a cell acts on. {@code etag} is the annotation's ETag as its moderator reads it; in fresh
     * data without flags every caller who may read it is shown the same, and every moderator's action
     * sends it (If-Match is required there; the version check comes after the permission map's answer).
     */
    record Fixture(UUID group, String path, String source, String etag) {
    }

    enum Setup {
        PLAIN, ARCHIVED, DELETED
    }

    record Row(String endpoint, List<Integer> expected, Setup setup, BiFunction<RequestSpecification, Fixture, Response> call) {
    }

    @TestFactory
    Stream<DynamicTest> everyModerationEndpointForEveryCaller() {
        List<Row> table = List.of(
                //  endpoint                                  anon  non-  mem-  auth- mode- other admin
                //                                                  member ber  or    rator  mod
                row("POST   {a}/flags",                        401, 404, 201, 403, 201, 404, 201,
                        (r, f) -> json(r, Map.of("reason", "spam")).post(f.path() + "/flags")),
                row("PUT    {a}/upvote",                       401, 404, 200, 403, 200, 404, 200,
                        (r, f) -> r.put(f.path() + "/upvote")),
                row("DELETE {a}/upvote",                       401, 404, 200, 403, 200, 404, 200,
                        (r, f) -> r.delete(f.path() + "/upvote")),
                row("GET    {a}/moderation",                   401, 404, 403, 403, 200, 404, 200,
                        (r, f) -> r.get(f.path() + "/moderation")),
                row("PUT    {a}/moderation hidden",            401, 404, 403, 403, 200, 404, 200,
                        (r, f) -> json(r, Map.of("state", "hidden", "reason", "off-topic")).header("If-Match", f.etag())
                                .put(f.path() + "/moderation")),
                row("PUT    {a}/moderation visible",           401, 404, 403, 403, 200, 404, 200,
                        (r, f) -> json(r, Map.of("state", "visible")).header("If-Match", f.etag()).put(f.path() + "/moderation")),
                deletedRow("POST   {a}/restore (deleted)",     401, 404, 403, 403, 200, 404, 200,
                        (r, f) -> r.header("If-Match", f.etag()).post(f.path() + "/restore")),
                row("PUT    {a}/lock",                         401, 404, 403, 403, 200, 404, 200,
                        (r, f) -> r.header("If-Match", f.etag()).put(f.path() + "/lock")),
                row("DELETE {a}/lock",                         401, 404, 403, 403, 200, 404, 200,
                        (r, f) -> r.header("If-Match", f.etag()).delete(f.path() + "/lock")),
                row("PUT    {a}/endorsement",                  401, 404, 403, 403, 200, 404, 200,
                        (r, f) -> r.header("If-Match", f.etag()).put(f.path() + "/endorsement")),
                row("DELETE {a}/endorsement",                  401, 404, 403, 403, 204, 404, 204,
                        (r, f) -> r.header("If-Match", f.etag()).delete(f.path() + "/endorsement")),
                row("PUT    {a}/sources/{s}/review",           401, 404, 403, 403, 200, 404, 200,
                        (r, f) -> json(r, Map.of("verdict", "verified")).header("If-Match", f.etag())
                                .put(f.path() + "/sources/" + f.source() + "/review")),
                row("DELETE {a}/sources/{s}/review",           401, 404, 403, 403, 204, 404, 204,
                        (r, f) -> r.header("If-Match", f.etag()).delete(f.path() + "/sources/" + f.source() + "/review")),
                row("GET    /api/groups/{g}/moderation/queue", 401, 404, 403, 403, 200, 404, 200,
                        (r, f) -> r.get("/api/groups/" + f.group() + "/moderation/queue")),
                row("GET    /api/groups/{g}/moderation/log",   401, 404, 403, 403, 200, 404, 200,
                        (r, f) -> r.get("/api/groups/" + f.group() + "/moderation/log")),
                row("GET    …/moderation/log (text/csv)",      401, 404, 403, 403, 200, 404, 200,
                        (r, f) -> r.accept("text/csv").get("/api/groups/" + f.group() + "/moderation/log")),
                row("PATCH  /api/groups/{g} settings",         401, 404, 403, 403, 200, 404, 200,
                        (r, f) -> json(r, Map.of("settings", Map.of("preModeration", true))).patch("/api/groups/" + f.group())),
                // an archived group is read-only: moderation writes are 409, reading the queue and log stays allowed
                archivedRow("PUT {a}/moderation (archived)",   401, 404, 403, 403, 409, 404, 409,
                        (r, f) -> json(r, Map.of("state", "hidden", "reason", "x")).header("If-Match", f.etag()).put(f.path() + "/moderation")),
                archivedRow("PUT {a}/endorsement (archived)",  401, 404, 403, 403, 409, 404, 409,
                        (r, f) -> r.header("If-Match", f.etag()).put(f.path() + "/endorsement")),
                archivedRow("POST {a}/flags (archived)",       401, 404, 409, 403, 409, 404, 409,
                        (r, f) -> json(r, Map.of("reason", "spam")).post(f.path() + "/flags")),
                archivedRow("PUT {a}/upvote (archived)",       401, 404, 409, 403, 409, 404, 409,
                        (r, f) -> r.put(f.path() + "/upvote")),
                archivedRow("PATCH settings (archived)",       401, 404, 403, 403, 409, 404, 409,
                        (r, f) -> json(r, Map.of("settings", Map.of("preModeration", true))).patch("/api/groups/" + f.group())),
                archivedRow("GET queue (archived)",            401, 404, 403, 403, 200, 404, 200,
                        (r, f) -> r.get("/api/groups/" + f.group() + "/moderation/queue")));
        return table.stream().map(row -> DynamicTest.dynamicTest(row.endpoint().strip(), () -> assertRow(row)));
    }

    private void assertRow(Row row) {
        AuthorizationMatrix.assertRow(row.endpoint(), CALLERS, row.expected(), r -> row.call().apply(r, fixture(row.setup())));
    }

    private static boolean ivanModerates;

    private static Fixture fixture(Setup setup) {
        if (!ivanModerates) {
            GroupFixtures.group("ivan", "dave"); // ivan moderates a group, just not this one
            ivanModerates = true;
        }
        UUID group = GroupFixtures.group("ines", "alice", "bob");
        String iri = Mod.create("alice", Mod.withSource(Mod.comment(group, "Vladimir Lenin", "a claim"),
                "https://example.org/source", "A source"));
        String source = Mod.get("alice", iri).then().extract().path("body.find { it.type == 'SpecificResource' }.id");
        if (setup == Setup.DELETED) {
            Tokens.as("alice").delete(Mod.path(iri)).then().statusCode(204);
        }
        if (setup == Setup.ARCHIVED) {
            GroupFixtures.archive(group);
        }
        return new Fixture(group, Mod.path(iri), source.substring("urn:uuid:".length()), Mod.seen("ines", iri));
    }

    private static RequestSpecification json(RequestSpecification r, Map<String, ?> body) {
        return r.contentType(ContentType.JSON).body(body);
    }

    private static Row row(String endpoint, int anonymous, int nonMember, int member, int author, int moderator, int otherModerator,
            int admin, BiFunction<RequestSpecification, Fixture, Response> call) {
        return new Row(endpoint, List.of(anonymous, nonMember, member, author, moderator, otherModerator, admin), Setup.PLAIN, call);
    }

    private static Row archivedRow(String endpoint, int anonymous, int nonMember, int member, int author, int moderator,
            int otherModerator, int admin, BiFunction<RequestSpecification, Fixture, Response> call) {
        return new Row(endpoint, List.of(anonymous, nonMember, member, author, moderator, otherModerator, admin), Setup.ARCHIVED, call);
    }

    private static Row deletedRow(String endpoint, int anonymous, int nonMember, int member, int author, int moderator,
            int otherModerator, int admin, BiFunction<RequestSpecification, Fixture, Response> call) {
        return new Row(endpoint, List.of(anonymous, nonMember, member, author, moderator, otherModerator, admin), Setup.DELETED, call);
    }
}
