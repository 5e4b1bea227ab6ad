package org.scholion.lti;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.scholion.devstack.lti.DeepLinkResponse;
import org.scholion.devstack.lti.FakeLaunch;
import org.scholion.devstack.lti.FakePlatform;
import org.scholion.devstack.lti.FakeRoster;
import org.scholion.devstack.lti.FakeGradebook;
import org.scholion.devstack.lti.PlacedLink;

/**
 * A course in a learning platform: deep linking a reading (1EdTech Deep Linking 2.0) and the roster
 * (Names and Role Provisioning Services 2.0), against the fake platform on 127.0.0.1.
 *
 * <p>Deep Linking 2.0 §4.2 (the response): "iss ... the client_id of the tool"; "aud ... the issuer
 * of the platform"; message_type "LtiDeepLinkingResponse"; "https://purl.imsglobal.org/spec/lti-dl/claim/data
 * ... If present in the LtiDeepLinkingRequest message, this value MUST be included in the response";
 * content item "ltiResourceLink" with "url", "title", "custom" and "lineItem" {"scoreMaximum", "label",
 * "resourceId", "tag"}. The platform verifies it against Scholion's published keys (/lti/jwks).
 * NRPS 2.0 §2.2: members carry "status" — "Active", "Inactive" or "Deleted".
 */
@QuarkusTest
class LtiCourseTest {
    /** LTI 1.3 Core, Appendix A.2.3.1: a sub-role of Instructor. */
    static final String TEACHING_ASSISTANT = "http://purl.imsglobal.org/vocab/lis/v2/membership/Instructor#TeachingAssistant";
    static FakePlatform platform;
    static UUID platformId;

    @Inject
    AgroalDataSource db;

    @Inject
    Rosters rosters;

    @BeforeEach
    void platform() {
        if (platform == null) {
            platform = FakePlatform.start(0);
            platformId = LtiLaunchTest.register(platform, "Course LMS");
        }
    }

    @AfterAll
    static void stop() {
        platform.close();
    }

    private static String groupIn(String location) {
        return location.substring(location.indexOf("group=") + 6);
    }

    /** An instructor's deep-linking launch up to the picker: the browser and the picker's URL. */
    private static Map.Entry<LtiBrowser, String> toPicker(String context, String sub) throws Exception {
        platform.roster(context).put(FakeRoster.Member.instructor(sub, "Ines", "Instructor"));
        FakeLaunch launch = platform.deepLinking(context, sub).instructor().name("Ines Instructor").contextTitle("Revolutions")
                .contextLabel("HIST2").data("opaque-" + UUID.randomUUID());
        LtiBrowser browser = new LtiBrowser();
        String location = browser.launchThrough(platform.initiation(launch)).then().statusCode(303).extract().header("Location");
        assertTrue(location.startsWith(LtiBrowser.base() + "/lti/deep-link?handle="), location);
        return Map.entry(browser, location.substring(LtiBrowser.base().length()));
    }

    private static Response pick(LtiBrowser browser, String handle, String origin, String due) {
        return browser.request().redirects().follow(false).accept("text/html").contentType("application/x-www-form-urlencoded")
                .header("Origin", origin).formParam("handle", handle).formParam("reading", "red-terror-essay")
                .formParam("due", due).formParam("graded", "on").post("/lti/deep-link");
    }

    @Test
    void anInstructorDeepLinksAReadingThePlatformVerifiesTheSignedAnswer() throws Exception {
        String context = "dl-" + UUID.randomUUID();
        var picker = toPicker(context, "ines-" + UUID.randomUUID());
        LtiBrowser browser = picker.getKey();
        String handle = picker.getValue().substring(picker.getValue().indexOf('=') + 1);
        Document page = Jsoup.parse(browser.request().accept("text/html").get(picker.getValue()).then().statusCode(200)
                .extract().asString());
        assertTrue(page.select("input[name=reading]").eachAttr("value").contains("red-terror-essay"), "the public essay is offered");

        Response answered = pick(browser, handle, LtiBrowser.base(), "2026-12-20T09:00:00Z");
        answered.then().statusCode(200).header("Content-Security-Policy", containsString("form-action " + platform.issuer()));
        Document answer = Jsoup.parse(answered.asString());
        assertEquals(platform.deepLinkReturnUrl(), answer.selectFirst("form#lti-answer").attr("action"));
        String jwt = answer.selectFirst("input[name=JWT]").val();

        // the browser posts it to the platform, which verifies it with Scholion's published keys
        HttpResponse<String> back = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(platform.deepLinkReturnUrl()))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("JWT=" + URLEncoder.encode(jwt, StandardCharsets.UTF_8))).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, back.statusCode(), back.body());
        DeepLinkResponse got = platform.deepLinkResponses().get(platform.deepLinkResponses().size() - 1);
        Map<String, Object> item = got.contentItems().get(0);
        assertEquals("ltiResourceLink", item.get("type"));
        assertEquals(LtiBrowser.base() + "/read/red-terror-essay", item.get("url"));
        assertEquals(Map.of("scholion_reading", "red-terror-essay"), item.get("custom"));
        @SuppressWarnings("unchecked")
        Map<String, Object> lineItem = (Map<String, Object>) item.get("lineItem");
        assertEquals(10, ((Number) lineItem.get("scoreMaximum")).intValue());
        assertEquals("scholion-participation", lineItem.get("tag"));

        // the reading is on the course group's list with the due date
        String group = groupOfContext(context);
        browser.request().get("/api/groups/" + group + "/readings").then().statusCode(200)
                .body("[0].document.slug", org.hamcrest.Matchers.equalTo("red-terror-essay"))
                .body("[0].due", org.hamcrest.Matchers.equalTo("2026-12-20T09:00:00Z"));
        // a request is answered once
        pick(browser, handle, LtiBrowser.base(), "").then().statusCode(409);
    }

    @Test
    void onlyTheCoursesInstructorMayPickAndOnlyFromScholionsPage() throws Exception {
        String context = "dl-" + UUID.randomUUID();
        var picker = toPicker(context, "ines-" + UUID.randomUUID());
        String handle = picker.getValue().substring(picker.getValue().indexOf('=') + 1);
        // from another site: refused before anything is assigned
        pick(picker.getKey(), handle, "https://evil.example.org", "").then().statusCode(403);
        // another user of the course (a student, signed in by their own launch) with the instructor's handle: not theirs
        String student = "sam-" + UUID.randomUUID();
        LtiBrowser sam = new LtiBrowser();
        sam.launchThrough(platform.initiation(LtiLaunchTest.student(platform, context, student))).then().statusCode(303);
        sam.request().accept("text/html").get(picker.getValue()).then().statusCode(404);
        pick(sam, handle, LtiBrowser.base(), "").then().statusCode(404);
        // a learner's own deep-linking launch reaches the picker's address but may not pick
        FakeLaunch learnerDl = platform.deepLinking(context, student).learner();
        LtiBrowser again = new LtiBrowser();
        String location = again.launchThrough(platform.initiation(learnerDl)).then().statusCode(303).extract().header("Location");
        again.request().accept("text/html").get(location).then().statusCode(403);
        // nobody signed in: 401 (an LMS user has no Scholion password to be sent to; they start again from the platform)
        given().redirects().follow(false).accept("text/html").get(picker.getValue()).then().statusCode(401);
        // the instructor still can
        pick(picker.getKey(), handle, LtiBrowser.base(), "").then().statusCode(200);
    }

    @Test
    void theGroupFollowsTheRosterDroppedStudentsLoseItAtOnceAndALaterLaunchReadmits() throws Exception {
        String context = "roster-" + UUID.randomUUID();
        String a = "a-" + UUID.randomUUID();
        String b = "b-" + UUID.randomUUID();
        String c = "c-" + UUID.randomUUID();
        FakeRoster roster = platform.roster(context);
        roster.put(FakeRoster.Member.instructor("t-" + UUID.randomUUID(), "Tea", "Cher"));
        roster.put(FakeRoster.Member.learner(b, "Bea", "B"));
        roster.put(FakeRoster.Member.learner(c, "Cy", "C"));
        LtiBrowser browserA = new LtiBrowser();
        String group = groupIn(browserA.launchThrough(platform.initiation(LtiLaunchTest.student(platform, context, a)))
                .then().statusCode(303).extract().header("Location"));
        LtiBrowser browserB = new LtiBrowser();
        browserB.launchThrough(platform.initiation(LtiLaunchTest.student(platform, context, b).name("Bea B"))).then().statusCode(303);

        Rosters.Synced s = rosters.sync(platformId, context);
        assertEquals(4, s.active());
        assertEquals(4, members(group), "the instructor and the three learners, as the roster lists them");
        browserB.request().get("/api/groups/" + group).then().statusCode(200);

        // B leaves the course in the platform, C becomes a teaching assistant
        roster.put(FakeRoster.Member.learner(b, "Bea", "B").withStatus("Inactive"));
        roster.put(new FakeRoster.Member(c, List.of(TEACHING_ASSISTANT), "Cy C", "Cy", "C", null, "Active"));
        s = rosters.sync(platformId, context);
        assertEquals(1, s.dropped());
        // B's next request is refused: the group is no longer theirs (404: not visible); what they wrote stays
        browserB.request().get("/api/groups/" + group).then().statusCode(404);
        assertEquals("moderator", role(group, LtiAccounts.subject(platformId, c)));

        // the platform lists B again and signs a launch as a learner: B is back
        roster.put(FakeRoster.Member.learner(b, "Bea", "B"));
        LtiBrowser backAgain = new LtiBrowser();
        backAgain.launchThrough(platform.initiation(LtiLaunchTest.student(platform, context, b))).then().statusCode(303);
        backAgain.request().get("/api/groups/" + group).then().statusCode(200);
    }

    @Test
    void aMemberWhoJoinedByCodeIsNotDroppedByTheRoster() throws Exception {
        String context = "code-" + UUID.randomUUID();
        String t = "t-" + UUID.randomUUID();
        LtiBrowser teacher = new LtiBrowser();
        FakeLaunch launch = LtiLaunchTest.student(platform, context, t).instructor();
        platform.roster(context).put(FakeRoster.Member.instructor(t, "Tea", "Cher"));
        String group = groupIn(teacher.launchThrough(platform.initiation(launch)).then().statusCode(303).extract().header("Location"));
        String code = teacher.request().get("/api/groups/" + group).then().statusCode(200).extract().path("joinCode");
        org.scholion.testing.Tokens.as("carol").contentType(ContentType.JSON).body(Map.of("code", code)).post("/api/groups/join")
                .then().statusCode(org.hamcrest.Matchers.anyOf(org.hamcrest.Matchers.is(200), org.hamcrest.Matchers.is(201)));
        rosters.sync(platformId, context);
        org.scholion.testing.Tokens.as("carol").get("/api/groups/" + group).then().statusCode(200);
    }

    /**
     * AGS 2.0 §3.4: a score carries "userId", "scoreGiven", "scoreMaximum", "activityProgress",
     * "gradingProgress" and "timestamp", POSTed to "{lineitem URL}/scores"; the platform keeps it only when
     * its timestamp is after the last one (§3.4.9). The fake platform's line item URLs carry a query string,
     * as Moodle's do, so the scores URL must be built around it.
     */
    @Test
    void theStudentsScoreArrivesInTheGradebookAndFollowsTheirWork() throws Exception {
        String context = "graded-" + UUID.randomUUID();
        var picker = toPicker(context, "ines-" + UUID.randomUUID());
        String handle = picker.getValue().substring(picker.getValue().indexOf('=') + 1);
        String jwt = Jsoup.parse(pick(picker.getKey(), handle, LtiBrowser.base(), "2030-01-01T09:00:00Z").then().statusCode(200)
                .extract().asString()).selectFirst("input[name=JWT]").val();
        HttpResponse<String> back = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(platform.deepLinkReturnUrl()))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("JWT=" + URLEncoder.encode(jwt, StandardCharsets.UTF_8))).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, back.statusCode(), back.body());
        PlacedLink placed = platform.placedLinks().stream().filter(l -> l.contextId().equals(context)).findFirst().orElseThrow();
        assertTrue(placed.lineItemUrl().contains("?"), "a line item URL with a query string: " + placed.lineItemUrl());

        String sub = "graded-student-" + UUID.randomUUID();
        platform.roster(context).put(FakeRoster.Member.learner(sub, "Sam", "Student"));
        FakeLaunch launch = platform.resourceLink(context, sub).learner().name("Sam Student").resourceLinkId(placed.resourceLinkId())
                .targetLinkUri(placed.url()).lineItem(placed.lineItemUrl());
        placed.custom().forEach(launch::custom);
        LtiBrowser sam = new LtiBrowser();
        String group = groupIn(sam.launchThrough(platform.initiation(launch)).then().statusCode(303).extract().header("Location"));

        annotate(sam, group, "The Red Terror was Lenin's, begun in 1918.");
        FakeGradebook.Score first = awaitScore(placed.lineItemUrl(), sub, 1.0);
        assertEquals(10.0, first.scoreMaximum());
        assertEquals("FullyGraded", first.gradingProgress());
        assertEquals("InProgress", first.activityProgress());
        annotate(sam, group, "The Cheka carried it out.");
        FakeGradebook.Score second = awaitScore(placed.lineItemUrl(), sub, 2.0);
        assertTrue(second.timestamp().isAfter(first.timestamp()), "each score newer than the last");
        // the instructor sees the default rubric that grades it
        picker.getKey().request().get("/api/groups/" + group + "/readings/red-terror-essay/rubric").then().statusCode(200);
        // at the due date the score goes again as final: AGS 2.0 §3.4.6 activityProgress "Completed"
        picker.getKey().request().contentType(ContentType.JSON).body(Map.of("due", "2020-01-01T00:00:00Z"))
                .put("/api/groups/" + group + "/readings/red-terror-essay").then().statusCode(org.hamcrest.Matchers.lessThan(300));
        long deadline = System.nanoTime() + 20_000_000_000L;
        FakeGradebook.Score last = second;
        while (System.nanoTime() < deadline && !"Completed".equals(last.activityProgress())) {
            Thread.sleep(200);
            List<FakeGradebook.Score> scores = platform.scores(placed.lineItemUrl()).stream().filter(x -> x.userId().equals(sub)).toList();
            last = scores.get(scores.size() - 1);
        }
        assertEquals("Completed", last.activityProgress(), "the final score at the due date");
        assertEquals(2.0, last.scoreGiven());
    }

    /** A gradebook that refuses a score loses nothing: the score waits in the outbox with the platform's answer, to be retried. */
    @Test
    void aScoreThePlatformRefusesWaitsInTheOutboxWithItsReason() throws Exception {
        String context = "refusing-" + UUID.randomUUID();
        var picker = toPicker(context, "ines-" + UUID.randomUUID());
        String handle = picker.getValue().substring(picker.getValue().indexOf('=') + 1);
        pick(picker.getKey(), handle, LtiBrowser.base(), "").then().statusCode(200);
        String sub = "refused-" + UUID.randomUUID();
        // a line item the platform does not have (deleted in the LMS meanwhile): its scores URL answers 404
        String gone = platform.lineItemsUrl(context).replace("?", "") + "/999999/lineitem?type_id=1";
        FakeLaunch launch = LtiLaunchTest.student(platform, context, sub).custom("scholion_reading", "red-terror-essay").lineItem(gone);
        LtiBrowser sam = new LtiBrowser();
        String group = groupIn(sam.launchThrough(platform.initiation(launch)).then().statusCode(303).extract().header("Location"));
        annotate(sam, group, "Lenin's, in 1918.");
        long deadline = System.nanoTime() + 20_000_000_000L;
        Object[] row = null;
        while (System.nanoTime() < deadline) {
            row = outbox(gone, LtiAccounts.subject(platformId, sub));
            if (row != null && ((Number) row[0]).intValue() > 0) {
                break;
            }
            Thread.sleep(200);
        }
        assertTrue(row != null && ((Number) row[0]).intValue() > 0, "tried");
        assertEquals(null, row[2], "not sent");
        assertTrue(String.valueOf(row[1]).contains("404"), "the platform's answer kept: " + row[1]);
    }

    /**
     * "The due date comes from the line item's endDateTime or a custom parameter, where the platform gives
     * one" (issue 23). AGS 2.0 §3.2.4: a line item's "endDateTime" is "the date and time when the work is
     * due"; a custom parameter carries what the platform substitutes, e.g. $ResourceLink.submission.endDateTime.
     */
    @Test
    void theReadingsDueDateFollowsThePlatform() throws Exception {
        String context = "due-" + UUID.randomUUID();
        var picker = toPicker(context, "ines-" + UUID.randomUUID());
        String handle = picker.getValue().substring(picker.getValue().indexOf('=') + 1);
        pick(picker.getKey(), handle, LtiBrowser.base(), "").then().statusCode(200);
        String group = groupOfContext(context);

        // a column with an end date: the reading becomes due then
        java.time.Instant end = java.time.Instant.parse("2031-03-14T09:30:00Z");
        FakeGradebook.LineItem column = platform.createLineItem(context, "The Red Terror", 10, null, null, end);
        FakeLaunch launch = LtiLaunchTest.student(platform, context, "due-" + UUID.randomUUID()).lineItem(column.id());
        new LtiBrowser().launchThrough(platform.initiation(launch)).then().statusCode(303);
        awaitDue(picker.getKey(), group, "2031-03-14T09:30:00Z");

        // a launch whose custom parameter names another due date: it follows that one
        FakeLaunch custom = LtiLaunchTest.student(platform, context, "due-" + UUID.randomUUID()).lineItem(column.id())
                .custom("scholion_due", "2031-05-01T10:00:00Z");
        new LtiBrowser().launchThrough(platform.initiation(custom)).then().statusCode(303);
        awaitDue(picker.getKey(), group, "2031-05-01T10:00:00Z");
    }

    private static void awaitDue(LtiBrowser instructor, String group, String due) throws InterruptedException {
        long deadline = System.nanoTime() + 20_000_000_000L;
        String seen = null;
        while (System.nanoTime() < deadline) {
            seen = instructor.request().get("/api/groups/" + group + "/readings").then().statusCode(200).extract().path("[0].due");
            if (due.equals(seen)) {
                return;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("the reading's due date is " + seen + ", not " + due);
    }

    /** The outbox row of this student's score for the line item: attempts, last error, sent at. */
    private Object[] outbox(String lineItem, String subject) throws Exception {
        try (Connection conn = db.getConnection(); PreparedStatement ps = conn.prepareStatement("""
                SELECT s.attempts, s.last_error, s.sent_at FROM lti_score s JOIN lti_line_item li ON li.id = s.line_item_id
                  JOIN app_user u ON u.id = s.user_id WHERE li.url = ? AND u.subject = ? ORDER BY s.id DESC LIMIT 1""")) {
            ps.setString(1, lineItem);
            ps.setString(2, subject);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? new Object[] {rs.getInt(1), rs.getString(2), rs.getObject(3)} : null;
            }
        }
    }

    private static void annotate(LtiBrowser browser, String group, String text) {
        browser.request().contentType(org.scholion.testing.Notes.MEDIA)
                .body(org.scholion.testing.Notes.comment(UUID.fromString(group), "Red Terror", text).toString().getBytes(StandardCharsets.UTF_8))
                .post("/api/documents/red-terror-essay/annotations/").then().statusCode(201);
    }

    private static FakeGradebook.Score awaitScore(String lineItem, String sub, double given) throws InterruptedException {
        long deadline = System.nanoTime() + 20_000_000_000L;
        while (System.nanoTime() < deadline) {
            List<FakeGradebook.Score> scores = platform.scores(lineItem).stream().filter(x -> x.userId().equals(sub)).toList();
            if (!scores.isEmpty() && scores.get(scores.size() - 1).scoreGiven() != null
                    && scores.get(scores.size() - 1).scoreGiven() == given) {
                return scores.get(scores.size() - 1);
            }
            Thread.sleep(200);
        }
        throw new AssertionError("no score " + given + " for " + sub + " in " + platform.scores(lineItem));
    }

    /** Who may see a group's course and sync its roster now: members see it, its moderators sync, others get 404. */
    @Test
    void theCourseIsShownToMembersAndItsRosterSyncedByItsModeratorsOnly() throws Exception {
        String context = "sync-" + UUID.randomUUID();
        String t = "t-" + UUID.randomUUID();
        LtiBrowser teacher = new LtiBrowser();
        FakeLaunch launch = LtiLaunchTest.student(platform, context, t).instructor();
        platform.roster(context).put(FakeRoster.Member.instructor(t, "Tea", "Cher"));
        String group = groupIn(teacher.launchThrough(platform.initiation(launch)).then().statusCode(303).extract().header("Location"));
        LtiBrowser student = new LtiBrowser();
        student.launchThrough(platform.initiation(LtiLaunchTest.student(platform, context, "s-" + UUID.randomUUID()))).then().statusCode(303);
        String course = "/api/groups/" + group + "/lti";

        teacher.request().get(course).then().statusCode(200).body("contextId", org.hamcrest.Matchers.equalTo(context))
                .body("roster", org.hamcrest.Matchers.equalTo(true));
        student.request().get(course).then().statusCode(200);
        org.scholion.testing.Tokens.as("alice").get(course).then().statusCode(404);
        given().get(course).then().statusCode(401);

        teacher.request().post(course + "/roster-sync").then().statusCode(200).body("active", org.hamcrest.Matchers.equalTo(2));
        student.request().post(course + "/roster-sync").then().statusCode(403);
        org.scholion.testing.Tokens.as("alice").post(course + "/roster-sync").then().statusCode(404);
        given().post(course + "/roster-sync").then().statusCode(401);
        // a group that is no course
        String plain = org.scholion.testing.GroupFixtures.group("ines", "alice").toString();
        org.scholion.testing.Tokens.as("ines").get("/api/groups/" + plain + "/lti").then().statusCode(404);
    }

    private String groupOfContext(String context) throws Exception {
        try (Connection conn = db.getConnection(); PreparedStatement ps = conn.prepareStatement(
                "SELECT group_id FROM lti_context WHERE platform_id = ? AND context_id = ?")) {
            ps.setObject(1, platformId);
            ps.setString(2, context);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getString(1);
            }
        }
    }

    private long members(String group) throws Exception {
        try (Connection conn = db.getConnection(); PreparedStatement ps = conn.prepareStatement(
                "SELECT count(*) FROM membership WHERE group_id = ?")) {
            ps.setObject(1, UUID.fromString(group));
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    private String role(String group, String subject) throws Exception {
        try (Connection conn = db.getConnection(); PreparedStatement ps = conn.prepareStatement(
                "SELECT m.role FROM membership m JOIN app_user u ON u.id = m.user_id WHERE m.group_id = ? AND u.subject = ?")) {
            ps.setObject(1, UUID.fromString(group));
            ps.setString(2, subject);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        }
    }
}
