package org.scholion.lti;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nimbusds.jose.JWSAlgorithm;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.scholion.devstack.lti.FakeLaunch;
import org.scholion.devstack.lti.FakePlatform;
import org.scholion.devstack.lti.FakeRoster;
import org.scholion.devstack.lti.Lti;
import org.scholion.testing.Tokens;

/**
 * LTI 1.3 launches from a fake platform the test starts on 127.0.0.1 (another site than Scholion's
 * localhost), which signs with nimbus-jose-jwt; Scholion verifies as it does in production.
 *
 * <p>1EdTech LTI 1.3 Core §5.1.3 / Security Framework §5.1.3 (after OpenID Connect Core §3.1.3.7):
 * "The Tool MUST Validate the signature of the ID Token according to JSON Web Signature ... using the
 * Public Key from the Platform"; "The Issuer Identifier for the Platform MUST exactly match the value
 * of the iss (Issuer) Claim"; "The Tool MUST validate that the aud (audience) Claim contains its
 * client_id value registered as an audience with the Issuer"; "If the ID Token contains multiple
 * audiences, the Tool SHOULD verify that an azp Claim is present"; "The alg value SHOULD be the
 * default of RS256 ... the Tool MUST validate that the alg value is RS256" (and a JWS without a
 * signature — alg none — is no JWS); "The current time MUST be before the time represented by the
 * exp Claim"; "The Tool MAY use the iat Claim to reject tokens that were issued too far away from the
 * current time"; "The ID Token MUST contain a nonce Claim. The Tool SHOULD verify that it has not yet
 * received this nonce value ... to help prevent replay attacks". LTI 1.3 Core §5.3.1: message_type
 * "LtiResourceLinkRequest"; §5.3.2 "version ... MUST be 1.3.0"; §5.3.3 deployment_id.
 */
@QuarkusTest
class LtiLaunchTest {
    static FakePlatform platform;
    static FakePlatform other;
    static UUID platformId;
    static UUID otherId;

    @Inject
    AgroalDataSource db;

    /** Once, before the first test (a static @BeforeAll runs before RestAssured is pointed at the app). */
    @BeforeEach
    void platforms() {
        if (platform != null) {
            return;
        }
        platform = FakePlatform.start(0);
        platformId = register(platform, "Fake LMS");
        other = FakePlatform.start(0);
        otherId = register(other, "Another LMS");
    }

    @AfterAll
    static void stop() {
        platform.close();
        other.close();
    }

    static UUID register(FakePlatform p, String name) {
        p.tool(LtiBrowser.base() + "/lti/jwks", LtiBrowser.base() + "/lti/login", LtiBrowser.base() + "/lti/launch");
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("name", name);
        r.put("issuer", p.issuer());
        r.put("clientId", p.clientId());
        r.put("deploymentIds", List.of(p.deploymentId()));
        r.put("authorizationUrl", p.authorizationUrl());
        r.put("tokenUrl", p.tokenUrl());
        r.put("jwksUrl", p.jwksUrl());
        return UUID.fromString(Tokens.as("admin").contentType(ContentType.JSON).body(r).post("/api/admin/lti/platforms")
                .then().statusCode(201).extract().path("id"));
    }

    static String course() {
        return "course-" + UUID.randomUUID();
    }

    /** A learner's launch, the learner on the course's roster (the platform's membership service lists who launches). */
    static FakeLaunch student(FakePlatform p, String context, String sub) {
        p.roster(context).put(FakeRoster.Member.learner(sub, "Sam", "Student"));
        return p.resourceLink(context, sub).learner().name("Sam Student").email("sam@example.edu")
                .contextTitle("History 101: Revolutions").contextLabel("HIST101")
                .targetLinkUri(LtiBrowser.base() + "/read/red-terror-essay");
    }

    @Test
    void aStudentsLaunchSignsThemInWithoutAPasswordIntoTheCoursesGroup() throws Exception {
        String context = course();
        String sub = "student-" + UUID.randomUUID();
        LtiBrowser browser = new LtiBrowser();
        Response done = browser.launchThrough(platform.initiation(student(platform, context, sub)));
        done.then().statusCode(303);
        String location = done.header("Location");
        assertTrue(location.contains("/read/red-terror-essay?group="), location);
        String session = browser.cookies.get(LtiSessions.COOKIE);
        assertTrue(session != null && session.length() == 43, "a session cookie: " + browser.cookies);
        Response completed = browser.lastCompletion;
        assertTrue(completed.getDetailedCookie(LtiSessions.COOKIE).isHttpOnly(), "HttpOnly");
        assertEquals("Lax", completed.getDetailedCookie(LtiSessions.COOKIE).getSameSite(), "Lax over http (None and Partitioned only in a frame over https)");

        // the session is an ordinary signed-in user: the course's group, named after the course, as a member
        String group = location.substring(location.indexOf("group=") + 6);
        Map<String, Object> mine = groupOf(browser, group);
        assertEquals("History 101: Revolutions (HIST101)", mine.get("name"));
        assertEquals("member", mine.get("myRole"));
        // and reads the reading in it — in the platform's frame: its pages may be framed by the platform, not by anyone
        Response page = browser.request().accept("text/html").get("/read/red-terror-essay");
        page.then().statusCode(200).header("Content-Security-Policy", containsString("frame-ancestors 'self' " + platform.issuer()));
        assertNull(page.header("X-Frame-Options"));
        // a Keycloak user's pages stay unframeable
        given().auth().oauth2(Tokens.of("alice")).accept("text/html").get("/read/red-terror-essay").then()
                .header("Content-Security-Policy", containsString("frame-ancestors 'none'")).header("X-Frame-Options", "DENY");
        // a second launch of the same student and course is the same user and the same group
        LtiBrowser again = new LtiBrowser();
        String second = again.launchThrough(platform.initiation(student(platform, context, sub))).then().statusCode(303)
                .extract().header("Location");
        assertEquals(location, second);
        assertEquals(1, count("SELECT count(*) FROM app_user WHERE subject = ?", LtiAccounts.subject(platformId, sub)));
    }

    @Test
    void theCoursesInstructorModeratesItsGroup() throws Exception {
        String context = course();
        LtiBrowser teacher = new LtiBrowser();
        String sub = "teacher-" + UUID.randomUUID();
        FakeLaunch launch = student(platform, context, sub).instructor().name("Ines Instructor");
        platform.roster(context).put(FakeRoster.Member.instructor(sub, "Ines", "Instructor"));
        Response done = teacher.launchThrough(platform.initiation(launch));
        String location = done.then().statusCode(303).extract().header("Location");
        String group = location.substring(location.indexOf("group=") + 6);
        assertEquals("moderator", groupOf(teacher, group).get("myRole"));
    }

    @Test
    void theSameCourseIdOfAnotherPlatformIsAnotherGroup() throws Exception {
        String context = course();
        String a = new LtiBrowser().launchThrough(platform.initiation(student(platform, context, "same-sub"))).header("Location");
        String b = new LtiBrowser().launchThrough(other.initiation(student(other, context, "same-sub"))).header("Location");
        assertNotEquals(a, b, "one context id in two platforms: two groups");
        assertNotEquals(LtiAccounts.subject(platformId, "same-sub"), LtiAccounts.subject(otherId, "same-sub"));
    }

    /**
     * The platform's keys are kept; a kid Scholion does not know fetches them again — the platform
     * rotated its key — but at most once per 30 s, so made-up kids cannot make Scholion hammer the platform.
     */
    @Test
    void aRotatedPlatformKeyIsFetchedOnceAndMadeUpKidsDoNotFetchAgain() throws Exception {
        FakePlatform rotating = FakePlatform.start(0);
        try {
            register(rotating, "Rotating LMS");
            new LtiBrowser().launchThrough(rotating.initiation(student(rotating, course(), "r1"))).then().statusCode(303);
            int fetched = rotating.jwksFetches();
            new LtiBrowser().launchThrough(rotating.initiation(student(rotating, course(), "r2"))).then().statusCode(303);
            assertEquals(fetched, rotating.jwksFetches(), "a known kid: the kept keys, no fetch");
            rotating.rotateKey();
            Thread.sleep(2100); // the test profile's scholion.lti.jwks-refetch (30 s in production) since the last fetch
            new LtiBrowser().launchThrough(rotating.initiation(student(rotating, course(), "r3"))).then().statusCode(303);
            assertEquals(fetched + 1, rotating.jwksFetches(), "a new kid: fetched once");
            for (int i = 0; i < 5; i++) {
                FakeLaunch forged = student(rotating, course(), "forged-" + i).kid("made-up-" + i);
                Map<String, String> sent = LtiBrowser.query(new LtiBrowser().login(rotating.initiation(forged)));
                LtiBrowser.launch(rotating.idToken(forged, sent.get("nonce")), sent.get("state")).then().statusCode(403);
            }
            assertEquals(fetched + 1, rotating.jwksFetches(), "made-up kids within the refetch interval of the last fetch: no fetch");
        } finally {
            rotating.close();
        }
    }

    /** Requirement 1: every way a launch can be wrong is refused, answers 4xx, and makes no user and no session. */
    @Test
    void everyBadLaunchIsRefusedWithoutAUserOrASession() throws Exception {
        Map<String, Consumer<FakeLaunch>> cases = new LinkedHashMap<>();
        cases.put("unknown kid", l -> l.kid("no-such-key"));
        cases.put("no kid", l -> l.kid(null));
        cases.put("signed by another key", l -> l.signWith(platform.strangerKey()).kid(platform.currentKid()));
        cases.put("alg none", l -> l.alg(JWSAlgorithm.parse("none")));
        cases.put("alg HS256", l -> l.alg(JWSAlgorithm.HS256));
        cases.put("wrong iss", l -> l.claim("iss", "https://lms.example.org"));
        cases.put("wrong aud", l -> l.claim("aud", "another-client"));
        cases.put("several audiences, no azp", l -> l.claim("aud", List.of(platform.clientId(), "another-client")).remove("azp"));
        cases.put("wrong azp", l -> l.claim("azp", "another-client"));
        cases.put("wrong deployment", l -> l.claim(Lti.DEPLOYMENT_ID, "deployment-of-someone-else"));
        cases.put("expired", l -> l.issuedAt(Instant.now().minusSeconds(900)).expiresAt(Instant.now().minusSeconds(600)));
        cases.put("issued in the future", l -> l.issuedAt(Instant.now().plusSeconds(600)).expiresAt(Instant.now().plusSeconds(900)));
        cases.put("no message_type", l -> l.remove(Lti.MESSAGE_TYPE));
        cases.put("unknown message_type", l -> l.claim(Lti.MESSAGE_TYPE, "LtiSubmissionReviewRequest"));
        cases.put("version 1.1", l -> l.claim(Lti.VERSION, "1.1.0"));
        cases.put("no sub", l -> l.remove("sub"));
        List<String> wrong = new ArrayList<>();
        for (var c : cases.entrySet()) {
            String sub = "refused-" + UUID.randomUUID();
            FakeLaunch launch = student(platform, course(), sub);
            c.getValue().accept(launch);
            LtiBrowser browser = new LtiBrowser();
            Map<String, String> sent = LtiBrowser.query(browser.login(platform.initiation(launch)));
            String token = platform.idToken(launch, sent.get("nonce"));
            Response r = LtiBrowser.launch(token, sent.get("state"));
            // requirement 4: nothing secret in an error — the token is never quoted back, nor the login's state
            boolean refused = r.statusCode() >= 400 && r.statusCode() < 500 && r.contentType().startsWith("text/html")
                    && r.getCookie(LtiSessions.COOKIE) == null && !r.asString().contains("lti-complete")
                    && !r.asString().contains(token) && !r.asString().contains(sent.get("state"));
            if (!refused || count("SELECT count(*) FROM app_user WHERE subject = ?", LtiAccounts.subject(platformId, sub)) != 0) {
                wrong.add(c.getKey() + " → " + r.statusCode());
            }
        }
        assertEquals(List.of(), wrong, "launches that were not refused");
    }

    @Test
    void aNonceLaunchesOnce() throws Exception {
        LtiBrowser browser = new LtiBrowser();
        LtiBrowser.Authorized a = LtiBrowser.authorize(browser.login(platform.initiation(student(platform, course(), "replay-" + UUID.randomUUID()))));
        LtiBrowser.launch(a.idToken(), a.state()).then().statusCode(200);
        LtiBrowser.launch(a.idToken(), a.state()).then().statusCode(403).body(containsString("nonce is used once"));
    }

    @Test
    void aLaunchOfAnotherPlatformDoesNotAnswerThisPlatformsLogin() throws Exception {
        FakeLaunch launch = student(platform, course(), "crossed-" + UUID.randomUUID());
        Map<String, String> sent = LtiBrowser.query(new LtiBrowser().login(platform.initiation(launch)));
        // the other platform signs a launch with this login's nonce: its issuer is not this login's platform
        FakeLaunch theirs = student(other, course(), "crossed");
        // refused at the first check that fails: the other platform's key is not this platform's (its iss is not believed unsigned)
        LtiBrowser.launch(other.idToken(theirs, sent.get("nonce")), sent.get("state")).then().statusCode(403)
                .body(containsString("does not publish"));
    }

    /** The state is bound to the browser that started the login: a handle completed elsewhere signs no one in. */
    @Test
    void aLaunchCompletedInAnotherBrowserSignsNoOneIn() throws Exception {
        String sub = "elsewhere-" + UUID.randomUUID();
        LtiBrowser started = new LtiBrowser();
        LtiBrowser.Authorized a = LtiBrowser.authorize(started.login(platform.initiation(student(platform, course(), sub))));
        String handle = LtiBrowser.handle(LtiBrowser.launch(a.idToken(), a.state()).then().statusCode(200).extract().response());
        LtiBrowser attacker = new LtiBrowser();
        Response r = attacker.complete(handle);
        r.then().statusCode(401).contentType(containsString("text/html")).body(containsString("new tab"));
        assertNull(r.getCookie(LtiSessions.COOKIE));
        assertEquals(0, count("SELECT count(*) FROM app_user WHERE subject = ?", LtiAccounts.subject(platformId, sub)));
        // a forged binding cookie for the state is refused outright
        LtiBrowser forger = new LtiBrowser();
        String name = started.cookies.keySet().stream().filter(k -> k.startsWith(LtiResource.BINDING_PREFIX)).findFirst().orElseThrow();
        forger.cookies.put(name, "forged-forged-forged-forged-forged-forged-fo");
        forger.complete(handle).then().statusCode(403);
        // the browser that started it still completes it
        started.complete(handle).then().statusCode(303);
        // once
        started.complete(handle).then().statusCode(400);
    }

    @Test
    void aLoginFromAnUnregisteredPlatformOrForAnotherSiteIsRefused() {
        Map<String, String> init = platform.initiation(student(platform, course(), "x"));
        Map<String, String> unknown = new LinkedHashMap<>(init);
        unknown.put("iss", "https://unregistered.example.org");
        given().redirects().follow(false).accept("text/html").queryParams(unknown).get("/lti/login").then().statusCode(400)
                .contentType(containsString("text/html"));
        Map<String, String> elsewhere = new LinkedHashMap<>(init);
        elsewhere.put("target_link_uri", "https://evil.example.org/");
        given().redirects().follow(false).accept("text/html").queryParams(elsewhere).get("/lti/login").then().statusCode(400);
        Map<String, String> deployment = new LinkedHashMap<>(init);
        deployment.put("lti_deployment_id", "not-registered");
        given().redirects().follow(false).queryParams(deployment).get("/lti/login").then().statusCode(403)
                .contentType("application/problem+json");
    }

    @Test
    void theLoginAsksThePlatformForAnIdTokenAsLtiSays() {
        Map<String, String> init = platform.initiation(student(platform, course(), "asks"));
        String location = new LtiBrowser().login(init);
        assertTrue(location.startsWith(platform.authorizationUrl() + "?"), location);
        Map<String, String> q = LtiBrowser.query(location);
        // LTI 1.3 Core §5.1.1.2 / Security Framework §5.1.1.2: the authentication request's parameters
        assertEquals("openid", q.get("scope"));
        assertEquals("id_token", q.get("response_type"));
        assertEquals("form_post", q.get("response_mode"));
        assertEquals("none", q.get("prompt"));
        assertEquals(platform.clientId(), q.get("client_id"));
        assertEquals(LtiBrowser.base() + "/lti/launch", q.get("redirect_uri"));
        assertEquals(init.get("login_hint"), q.get("login_hint"));
        assertEquals(init.get("lti_message_hint"), q.get("lti_message_hint"));
        assertFalse(q.get("state").isBlank());
        assertFalse(q.get("nonce").isBlank());
    }

    /** The group as /api/groups shows it to this browser's user (empty when they are not a member). */
    static Map<String, Object> groupOf(LtiBrowser browser, String group) {
        List<Map<String, Object>> groups = browser.request().get("/api/groups").then().statusCode(200).extract().jsonPath().getList("$");
        return groups.stream().filter(g -> group.equals(g.get("id"))).findFirst().orElse(Map.of());
    }

    /**
     * A platform with client-side storage (1EdTech "LTI Client Side postMessages", OIDC login with
     * postMessages): the login initiation names lti_storage_target; the login page keeps the state in the
     * platform's storage frame (lti.put_data) and the launch page reads it back (lti.get_data). Where the
     * frame kept no cookie, the state read back is what completes the launch — and only the right one.
     */
    @Test
    void withThePlatformsStorageTheStateItKeepsCompletesALaunchWithoutACookie() throws Exception {
        String sub = "stored-" + UUID.randomUUID();
        Map<String, String> init = new LinkedHashMap<>(platform.initiation(student(platform, course(), sub)));
        init.put("lti_storage_target", "post_message_forwarding");
        Response page = given().redirects().follow(false).accept("text/html").queryParams(init).get("/lti/login");
        page.then().statusCode(200);
        org.jsoup.nodes.Element storing = org.jsoup.Jsoup.parse(page.asString()).selectFirst("#lti-storing");
        assertEquals("post_message_forwarding", storing.attr("data-storage-target"));
        assertEquals(platform.issuer(), storing.attr("data-platform-origin"));
        String state = storing.attr("data-state");
        assertEquals(LtiResource.STATE_KEY + state, storing.attr("data-state-key"));
        LtiBrowser.Authorized a = LtiBrowser.authorize(storing.attr("data-next"));
        Response launched = LtiBrowser.launch(a.idToken(), a.state());
        org.jsoup.nodes.Element form = org.jsoup.Jsoup.parse(launched.asString()).selectFirst("form#lti-complete");
        assertEquals(LtiResource.STATE_KEY + state, form.attr("data-state-key"));
        String handle = LtiBrowser.handle(launched);
        // no cookie (blocked in the frame), another state: refused
        given().redirects().follow(false).accept("text/html").contentType("application/x-www-form-urlencoded")
                .formParam("handle", handle).formParam("state", "not-the-state").post("/lti/launch/complete").then().statusCode(403);
        // no cookie, the state the platform's storage gave back: signed in
        Response done = given().redirects().follow(false).accept("text/html").contentType("application/x-www-form-urlencoded")
                .formParam("handle", handle).formParam("state", state).post("/lti/launch/complete");
        done.then().statusCode(303);
        assertTrue(done.getCookie(LtiSessions.COOKIE) != null);
    }

    /** In the platform's frame (Sec-Fetch-Dest: iframe), the launch first checks the frame kept its session; if not, a new tab. */
    @Test
    void aLaunchInAFrameThatKeepsNoCookieIsOfferedANewTab() throws Exception {
        LtiBrowser framed = new LtiBrowser();
        LtiBrowser.Authorized a = LtiBrowser.authorize(framed.login(platform.initiation(student(platform, course(), "framed-" + UUID.randomUUID()))));
        String handle = LtiBrowser.handle(LtiBrowser.launch(a.idToken(), a.state()));
        Response done = given().redirects().follow(false).cookies(framed.cookies).header("Sec-Fetch-Dest", "iframe")
                .contentType("application/x-www-form-urlencoded").formParam("handle", handle).post("/lti/launch/complete");
        done.then().statusCode(303);
        String open = done.header("Location");
        assertTrue(open.contains("/lti/open?handle="), open);
        String path = open.substring(open.indexOf("/lti/open"));
        // the frame did not keep the cookie: the page to open a new tab, with the login to start again
        String page = given().redirects().follow(false).accept("text/html").get(path).then().statusCode(200).extract().asString();
        org.jsoup.nodes.Element form = org.jsoup.Jsoup.parse(page).selectFirst("form#lti-new-tab");
        assertEquals("_blank", form.attr("target"));
        assertEquals(platform.issuer(), form.selectFirst("input[name=iss]").val());
        // it did: on to the reading in the course's group
        given().redirects().follow(false).cookie(LtiSessions.COOKIE, done.getCookie(LtiSessions.COOKIE)).get(path).then().statusCode(303)
                .header("Location", containsString("/read/red-terror-essay?group="));
    }

    private long count(String sql, String param) throws Exception {
        try (Connection c = db.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, param);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }
}
