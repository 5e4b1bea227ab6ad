package org.scholion.groups;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.scholion.testing.TestStack;
import org.scholion.testing.Tokens;

@QuarkusTest
class GroupResourceTest {
    private static final String PROBLEM = "application/problem+json";

    @Inject
    GroupService groups;

    private static ValidatableResponse post(String user, String path, Map<String, ?> body) {
        return Tokens.as(user).contentType(ContentType.JSON).body(body).post(path).then();
    }

    private static ValidatableResponse join(String user, String code) {
        return post(user, "/api/groups/join", Map.of("code", code));
    }

    private static ValidatableResponse setRole(String user, String groupId, String memberId, String role) {
        return Tokens.as(user).contentType(ContentType.JSON).body(Map.of("role", role))
                .put("/api/groups/" + groupId + "/members/" + memberId).then();
    }

    private static String idOf(String groupId, String username) {
        return Tokens.as("admin").get("/api/groups/" + groupId + "/members")
                .then().statusCode(200).extract().path("find { it.username == '" + username + "' }.userId");
    }

    // ---- the curl story of the issue ----------------------------------------------------------

    @Test
    void anInstructorCreatesAGroupAStudentJoinsItAndAppearsInTheMemberList() {
        var created = post("ines", "/api/groups", Map.of("name", "History 101 — section B", "description", "Tuesday seminar"))
                .statusCode(201)
                .header("Location", containsString("/api/groups/"))
                .body("name", equalTo("History 101 — section B"))
                .body("myRole", equalTo("moderator"))
                .body("archived", equalTo(false))
                .body("joinCode", matchesPattern("[2-9A-HJKMNP-Z]{12}"))
                .extract();
        String id = created.path("id");
        String code = created.path("joinCode");
        assertEquals(TestStack.appUrl() + "/join/" + code, created.path("joinLink"));

        join("dave", code).statusCode(201).body("groupId", equalTo(id)).body("role", equalTo("member"));

        Tokens.as("ines").get("/api/groups/" + id + "/members").then().statusCode(200)
                .body("username", contains("ines", "dave"))
                .body("role", contains("moderator", "member"))
                .body("find { it.username == 'dave' }.displayName", equalTo("Dave Schmidt"));
    }

    // ---- reading ------------------------------------------------------------------------------

    @Test
    void membersSeeTheGroupButNotItsJoinCode() {
        GroupApi.Made g = GroupApi.create("ines");
        GroupApi.join("bob", g.code());
        Tokens.as("bob").get("/api/groups/" + g.id()).then().statusCode(200)
                .body("myRole", equalTo("member"))
                .body("$", not(hasKey("joinCode")))
                .body("$", not(hasKey("joinLink")));
        Tokens.as("bob").get("/api/groups").then().statusCode(200)
                .body("id", hasItem(g.id()))
                .body("find { it.id == '" + g.id() + "' }", not(hasKey("joinCode")));
        Tokens.as("admin").get("/api/groups/" + g.id()).then().statusCode(200)
                .body("joinCode", equalTo(g.code()))
                .body("$", not(hasKey("myRole")));
    }

    @Test
    void adminsListEveryGroupOthersOnlyTheirOwn() {
        GroupApi.Made g = GroupApi.create("ivan");
        Tokens.as("admin").get("/api/groups?all=true").then().statusCode(200).body("id", hasItem(g.id()));
        Tokens.as("admin").get("/api/groups").then().statusCode(200).body("id", not(hasItem(g.id())));
        Tokens.as("ines").get("/api/groups").then().statusCode(200).body("id", not(hasItem(g.id())));
        Tokens.as("ines").get("/api/groups?all=true").then().statusCode(403).contentType(PROBLEM);
    }

    // ---- joining ------------------------------------------------------------------------------

    @Test
    void joiningTwiceAnswers200WithTheExistingMembership() {
        GroupApi.Made g = GroupApi.create("ines");
        var first = join("carol", g.code()).statusCode(201).extract();
        join("carol", g.code().toLowerCase()).statusCode(200)
                .body("userId", equalTo(first.path("userId")))
                .body("joined", equalTo(first.path("joined")))
                .body("role", equalTo("member"));
        Tokens.as("ines").get("/api/groups/" + g.id() + "/members").then().body("username", contains("ines", "carol"));
    }

    @Test
    void theModeratorJoiningKeepsTheModeratorRole() {
        GroupApi.Made g = GroupApi.create("ines");
        join("ines", g.code()).statusCode(200).body("role", equalTo("moderator"));
    }

    @Test
    void aRotatedCodeAnswersExactlyLikeACodeThatNeverExisted() {
        GroupApi.Made g = GroupApi.create("ines");
        String fresh = Tokens.as("ines").post("/api/groups/" + g.id() + "/join-code")
                .then().statusCode(200).extract().path("joinCode");
        assertNotEquals(g.code(), fresh);

        String rotated = join("alice", g.code()).statusCode(404).contentType(PROBLEM).extract().asString();
        String never = join("alice", "ZZZZZZZZZZZZ").statusCode(404).contentType(PROBLEM).extract().asString();
        assertEquals(never, rotated);
        join("alice", g.code()).body("errors[0].field", equalTo("code"));

        join("alice", fresh).statusCode(201);
    }

    @Test
    void concurrentJoinsWithOneCodeMakeOneMembership() throws Exception {
        GroupApi.Made g = GroupApi.create("ines");
        String token = Tokens.of("bob");
        int n = 8;
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(n);
        try {
            List<Future<Integer>> answers = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                Callable<Integer> call = () -> {
                    start.await();
                    return given().auth().oauth2(token).contentType(ContentType.JSON).body(Map.of("code", g.code()))
                            .post("/api/groups/join").statusCode();
                };
                answers.add(pool.submit(call));
            }
            start.countDown();
            List<Integer> statuses = new ArrayList<>();
            for (Future<Integer> a : answers) {
                statuses.add(a.get());
            }
            assertTrue(statuses.stream().allMatch(s -> s == 200 || s == 201), "all joins succeed: " + statuses);
            assertEquals(1, statuses.stream().filter(s -> s == 201).count(), "exactly one join is new: " + statuses);
        } finally {
            pool.shutdownNow();
        }
        UUID groupId = UUID.fromString(g.id());
        assertEquals(1, Membership.count("groupId = ?1 and userId = ?2", groupId, UUID.fromString(idOf(g.id(), "bob"))));
        assertEquals(1, groups.auditTrail(groupId).stream().filter(a -> a.action.equals("join")).count());
    }

    // ---- roles and leaving ----------------------------------------------------------------------

    @Test
    void aModeratorPromotesAMemberAndDemotesThemAgain() {
        GroupApi.Made g = GroupApi.create("ines");
        String alice = GroupApi.join("alice", g.code());

        setRole("ines", g.id(), alice, "moderator").statusCode(200).body("role", equalTo("moderator"));
        // a teaching assistant manages the group and sees the join code
        Tokens.as("alice").get("/api/groups/" + g.id()).then().body("joinCode", equalTo(g.code()));
        setRole("ines", g.id(), alice, "member").statusCode(200).body("role", equalTo("member"));
        Tokens.as("alice").contentType(ContentType.JSON).body(Map.of("name", "x")).patch("/api/groups/" + g.id())
                .then().statusCode(403).contentType(PROBLEM);

        List<String> actions = groups.auditTrail(UUID.fromString(g.id())).stream().map(a -> a.action + ":" + a.after).toList();
        assertEquals(List.of("create:", "join:", "role-change:member → moderator", "role-change:moderator → member"), actions);
    }

    @Test
    void theLastModeratorCanNeitherLeaveNorBeDemotedNorRemoved() {
        GroupApi.Made g = GroupApi.create("ines");
        String ines = idOf(g.id(), "ines");
        Tokens.as("ines").delete("/api/groups/" + g.id() + "/members/me").then().statusCode(409).contentType(PROBLEM)
                .body("detail", containsString("last moderator"));
        setRole("ines", g.id(), ines, "member").statusCode(409).body("detail", containsString("Promote another member"));
        Tokens.as("admin").delete("/api/groups/" + g.id() + "/members/" + ines).then().statusCode(409);

        String alice = GroupApi.join("alice", g.code());
        setRole("ines", g.id(), alice, "moderator").statusCode(200);
        Tokens.as("ines").delete("/api/groups/" + g.id() + "/members/me").then().statusCode(204);
        setRole("alice", g.id(), alice, "member").statusCode(409);
        Tokens.as("alice").get("/api/groups/" + g.id() + "/members").then().body("username", contains("alice"));
    }

    @Test
    void aMemberLeavesAndTheAuditLogKeepsIt() {
        GroupApi.Made g = GroupApi.create("ines");
        String carol = GroupApi.join("carol", g.code());
        Tokens.as("carol").delete("/api/groups/" + g.id() + "/members/me").then().statusCode(204);
        Tokens.as("carol").get("/api/groups/" + g.id()).then().statusCode(404);
        Tokens.as("carol").delete("/api/groups/" + g.id() + "/members/me").then().statusCode(404);

        GroupLogEntry last = groups.auditTrail(UUID.fromString(g.id())).get(2);
        assertEquals("leave", last.action);
        assertEquals(carol, last.subjectId.toString());
        assertEquals(carol, last.actorId.toString());
    }

    @Test
    void aModeratorRemovesAMember() {
        GroupApi.Made g = GroupApi.create("ines");
        String bob = GroupApi.join("bob", g.code());
        Tokens.as("ines").delete("/api/groups/" + g.id() + "/members/" + bob).then().statusCode(204);
        Tokens.as("bob").get("/api/groups/" + g.id()).then().statusCode(404);
        Tokens.as("ines").delete("/api/groups/" + g.id() + "/members/" + bob).then().statusCode(404).contentType(PROBLEM);
        GroupLogEntry removed = groups.auditTrail(UUID.fromString(g.id())).get(2);
        assertEquals("remove", removed.action);
        assertEquals(idOf(g.id(), "ines"), removed.actorId.toString());
        assertEquals(bob, removed.subjectId.toString());
        // joining again with the code works: removal is not a ban
        join("bob", g.code()).statusCode(201);
    }

    // ---- archiving ----------------------------------------------------------------------------

    @Test
    void anArchivedGroupRefusesWritesAndStaysReadable() {
        GroupApi.Made g = GroupApi.create("ines");
        String alice = GroupApi.join("alice", g.code());
        String base = "/api/groups/" + g.id();
        Tokens.as("ines").post(base + "/archive").then().statusCode(200).body("archived", equalTo(true));

        Tokens.as("ines").contentType(ContentType.JSON).body(Map.of("name", "New")).patch(base)
                .then().statusCode(409).contentType(PROBLEM).body("detail", containsString("archived"));
        Tokens.as("ines").post(base + "/join-code").then().statusCode(409);
        setRole("ines", g.id(), alice, "moderator").statusCode(409);
        Tokens.as("ines").delete(base + "/members/" + alice).then().statusCode(409);
        join("carol", g.code()).statusCode(409).contentType(PROBLEM);
        // a member asking for a moderator action still hears 403 first: the role is checked before the state
        Tokens.as("alice").post(base + "/join-code").then().statusCode(403);

        Tokens.as("alice").get(base).then().statusCode(200).body("archived", equalTo(true));
        Tokens.as("alice").get(base + "/members").then().statusCode(200).body("username", contains("ines", "alice"));
        // leaving stays possible: it changes who reads, not what is there
        Tokens.as("alice").delete(base + "/members/me").then().statusCode(204);

        Tokens.as("ines").post(base + "/unarchive").then().statusCode(200).body("archived", equalTo(false));
        Tokens.as("ines").contentType(ContentType.JSON).body(Map.of("name", "New")).patch(base)
                .then().statusCode(200).body("name", equalTo("New"));
    }

    @Test
    void everyStateChangeIsAuditedWithoutTheJoinCode() {
        GroupApi.Made g = GroupApi.create("ines");
        String base = "/api/groups/" + g.id();
        String dave = GroupApi.join("dave", g.code());
        Tokens.as("ines").contentType(ContentType.JSON).body(Map.of("description", "new words")).patch(base).then().statusCode(200);
        Tokens.as("ines").post(base + "/join-code").then().statusCode(200);
        Tokens.as("ines").post(base + "/archive").then().statusCode(200);
        Tokens.as("ines").post(base + "/archive").then().statusCode(200); // no change, no row
        Tokens.as("ines").post(base + "/unarchive").then().statusCode(200);
        setRole("ines", g.id(), dave, "moderator").statusCode(200);
        setRole("ines", g.id(), dave, "moderator").statusCode(200); // no change, no row
        Tokens.as("dave").delete(base + "/members/me").then().statusCode(204);

        List<GroupLogEntry> trail = groups.auditTrail(UUID.fromString(g.id()));
        assertEquals(List.of("create", "join", "update", "rotate-code", "archive", "unarchive", "role-change", "leave"),
                trail.stream().map(a -> a.action).toList());
        assertEquals("description", trail.get(2).after);
        assertTrue(trail.stream().noneMatch(a -> a.after.contains(g.code())));
    }

    // ---- bad input ----------------------------------------------------------------------------

    @Test
    void studentsCannotCreateGroups() {
        post("alice", "/api/groups", Map.of("name", "Mine")).statusCode(403).contentType(PROBLEM)
                .body("detail", containsString("instructors"));
    }

    @Test
    void badNamesAndDescriptionsAre400NamingTheField() {
        post("ines", "/api/groups", Map.of("name", "   ")).statusCode(400).contentType(PROBLEM)
                .body("errors[0].field", equalTo("name"));
        post("ines", "/api/groups", Map.of("description", "no name")).statusCode(400)
                .body("errors[0].field", equalTo("name"));
        post("ines", "/api/groups", Map.of("name", "x".repeat(121))).statusCode(400).contentType(PROBLEM)
                .body("errors[0].field", equalTo("name"));
        post("ines", "/api/groups", Map.of("name", "ok", "description", "d".repeat(2001))).statusCode(400)
                .body("errors[0].field", equalTo("description"));
        // 120 characters after trimming is fine
        post("ines", "/api/groups", Map.of("name", "  " + "y".repeat(120) + "  ")).statusCode(201)
                .body("name", equalTo("y".repeat(120)));

        GroupApi.Made g = GroupApi.create("ines");
        Tokens.as("ines").contentType(ContentType.JSON).body(Map.of("name", " ")).patch("/api/groups/" + g.id())
                .then().statusCode(400).contentType(PROBLEM).body("errors[0].field", equalTo("name"));
        Tokens.as("ines").contentType(ContentType.JSON).body("{\"name\": 5, ").patch("/api/groups/" + g.id())
                .then().statusCode(400).contentType(PROBLEM);
        setRole("ines", g.id(), idOf(g.id(), "ines"), "owner").statusCode(400).body("errors[0].field", equalTo("role"));
        join("alice", "").statusCode(400).contentType(PROBLEM).body("errors[0].field", equalTo("code"));
        Tokens.as("ines").contentType(ContentType.JSON).post("/api/groups").then().statusCode(400).contentType(PROBLEM);
    }

    @Test
    void malformedAndUnknownIdsAre404NeverServerErrors() {
        GroupApi.Made g = GroupApi.create("ines");
        for (String path : List.of("/api/groups/not-a-uuid", "/api/groups/not-a-uuid/members", "/api/groups/" + UUID.randomUUID(),
                "/api/groups/%E2%98%83", "/api/groups/" + g.id() + "x")) {
            Tokens.as("admin").get(path).then().statusCode(404).contentType(PROBLEM).body("detail", equalTo("Nothing is here."));
        }
        Tokens.as("admin").post("/api/groups/123/archive").then().statusCode(404).contentType(PROBLEM);
        setRole("ines", g.id(), "not-a-uuid", "member").statusCode(404).contentType(PROBLEM);
        Tokens.as("ines").delete("/api/groups/" + g.id() + "/members/" + UUID.randomUUID()).then().statusCode(404);
        // a non-member hears the same 404 for a real group as for a malformed id
        String real = Tokens.as("carol").get("/api/groups/" + g.id()).then().statusCode(404).extract().path("detail");
        assertEquals("Nothing is here.", real);
    }
}
