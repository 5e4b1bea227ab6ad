package org.scholion.lti;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Cookie;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.scholion.devstack.lti.DeepLinkResponse;
import org.scholion.devstack.lti.FakeGradebook;
import org.scholion.devstack.lti.FakePlatform;
import org.scholion.devstack.lti.PlacedLink;
import org.scholion.testing.Browser;

/**
 * The whole LTI flow in headless Chromium, through the fake platform's own pages (its demo: a course with an
 * instructor and students, on http://127.0.0.1:{port}, another site than Scholion's http://localhost:{test port}):
 * the instructor's deep linking adds the public essay, graded and due; a student opens the placed link, lands in
 * the reader in the course's group without a password and annotates; the score reaches the platform's gradebook.
 */
@QuarkusTest
class LtiBrowserTest {
    static final String ESSAY = "red-terror-essay";
    static final String PASSAGE = "The Red Terror was marked by widespread violence and brutality.";
    /** The demo course's people (FakeDemo): who the buttons of the platform's home page launch. */
    static final String INSTRUCTOR = "ines-instructor";
    static final String STUDENT = "sam-student";

    FakePlatform platform;

    @AfterEach
    void stop() {
        if (platform != null) {
            platform.close();
        }
    }

    /** Scholion as the browser reaches it: the test port (SCHOLION_TEST_HTTP_PORT), which is also its public URL in tests. */
    static String app() {
        return "http://localhost:" + ConfigProvider.getConfig().getValue("quarkus.http.test-port", Integer.class);
    }

    /** The platform told where Scholion is (its demo pages) and registered with Scholion by an admin, at the real port. */
    static FakePlatform registered(String name) {
        FakePlatform p = FakePlatform.start(0).demo(app());
        LtiLaunchTest.register(p, name);
        return p;
    }

    @Test
    void deepLinkStudentLaunchAnnotateAndTheScoreArrivesInTheGradebook() throws Exception {
        platform = registered("Browser LMS " + UUID.randomUUID());
        try (Browser ines = new Browser(); Browser sam = new Browser()) {
            try {
                wholeFlow(ines, sam);
            } catch (AssertionError | RuntimeException e) {
                ines.screenshot("lti-failed-instructor");
                sam.screenshot("lti-failed-student");
                throw e;
            }
        }
    }

    /** 1. deep linking, 2. the student's launch and comment, 3. the score in the gradebook. */
    private void wholeFlow(Browser ines, Browser sam) throws Exception {
        // ---- 1. the instructor adds the essay from the platform's course page (deep linking)
        launchFromThePlatform(ines, "Add a reading (instructor, deep linking)");
        // The browser followed: the platform's button → Scholion's /lti/login (302) → the platform's /auth, whose page
        // auto-posts the id_token (OAuth 2.0 Form Post Response Mode §2: "Authorization Response parameters are encoded
        // as HTML form values that are auto-submitted in the User Agent, and thus are transmitted via the HTTP POST
        // method to the Client") → Scholion's launch page, whose script posts the handle from Scholion's origin → the picker.
        ines.wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("lti-pick")));
        assertTrue(ines.driver.getCurrentUrl().startsWith(app() + "/lti/deep-link?handle="), ines.driver.getCurrentUrl());
        ines.screenshot("lti-01-picker");
        String inesSession = assertSessionCookieIsHttpOnly(ines);
        // the login's binding cookie (path /lti/, so visible here) was used once and cleared by the completion
        assertTrue(ines.driver.manage().getCookies().stream().noneMatch(c -> c.getName().startsWith(LtiResource.BINDING_PREFIX)),
                "no binding cookie left: " + ines.driver.manage().getCookies());
        assertNoSecretInWebStorage(ines, inesSession);

        ines.driver.findElement(By.cssSelector("#lti-pick input[name=reading][value=" + ESSAY + "]")).click();
        WebElement graded = ines.driver.findElement(By.cssSelector("#lti-pick input[name=graded]"));
        if (!graded.isSelected()) {
            graded.click();
        }
        // The due date is the instructor's local time: their browser is put in India (UTC+05:30, no daylight saving),
        // so a due date read as UTC, or with the test machine's zone, is caught. A datetime-local's editor takes keys
        // in the browser locale's order: its value is set as the browser's picker sets it.
        ((ChromeDriver) ines.driver).executeCdpCommand("Emulation.setTimezoneOverride", Map.of("timezoneId", "Asia/Kolkata"));
        String dueLocal = "2031-03-14T09:30";
        Instant dueAt = LocalDateTime.parse(dueLocal).atZone(ZoneId.of("Asia/Kolkata")).toInstant();
        assertEquals(dueAt.toString(), ((String) js(ines, "return new Date(arguments[0]).toISOString()", dueLocal)).replace(".000Z", "Z"),
                "the browser is in the instructor's zone");
        WebElement due = ines.driver.findElement(By.id("lti-due"));
        js(ines, "arguments[0].value = arguments[1]; arguments[0].dispatchEvent(new Event('input', {bubbles: true}));"
                + " arguments[0].dispatchEvent(new Event('change', {bubbles: true}));", due, dueLocal);
        ines.driver.findElement(By.id("lti-add")).click();

        // Deep Linking 2.0, deep_link_return_url: "Fully qualified URL where the tool redirects the User back to the
        // platform interface." The answer page auto-posts the signed JWT there; the platform verifies it against
        // Scholion's /lti/jwks (iss = client id, aud = issuer, the request's data echoed) or answers 400.
        ines.wait.until(d -> d.getCurrentUrl().equals(platform.deepLinkReturnUrl())
                && d.findElement(By.tagName("body")).getText().contains("Content added"));
        ines.screenshot("lti-02-deep-link-returned");
        assertEquals(1, platform.deepLinkResponses().size(), "the platform accepted one deep linking response");
        DeepLinkResponse response = platform.deepLinkResponses().get(0);
        assertEquals(FakePlatform.DEMO_COURSE, response.contextId());
        assertEquals(INSTRUCTOR, response.userSub());
        assertEquals(1, response.contentItems().size());
        Map<String, Object> item = response.contentItems().get(0);
        assertEquals("ltiResourceLink", item.get("type"));
        assertEquals(app() + "/read/" + ESSAY, item.get("url"));
        @SuppressWarnings("unchecked")
        Map<String, Object> lineItem = (Map<String, Object>) item.get("lineItem");
        assertNotNull(lineItem, "graded: the content item declares a line item");
        assertEquals(10, ((Number) lineItem.get("scoreMaximum")).intValue());
        assertEquals(1, platform.placedLinks().size());
        PlacedLink placed = platform.placedLinks().get(0);
        assertNotNull(placed.lineItemUrl(), "the platform made the line item");
        // the course page now offers the placed reading
        ines.driver.get(platform.issuer() + "/");
        assertTrue(ines.driver.findElement(By.tagName("body")).getText().contains("The reading: "), "the course lists the reading");

        // ---- 2. a student (another browser profile: no cookie shared) opens the placed link from the same course page.
        // LTI 1.3 Core, resource_link "id": "Opaque identifier for a placement of an LTI resource link within a context
        // that MUST be a stable and locally unique to the deployment_id"; the demo's launch carries the placed link's id,
        // url (target_link_uri), custom parameters and, in the AGS endpoint claim, its line item.
        launchFromThePlatform(sam, "Open the reading as student Sam Student");
        sam.wait.until(d -> d.getCurrentUrl().startsWith(app() + "/read/" + ESSAY + "?group="));
        String url = sam.driver.getCurrentUrl();
        String group = url.substring(url.indexOf("group=") + 6);
        UUID.fromString(group);
        // the reader, ready, in the course's group: no Keycloak sign-in page on the way (no password)
        sam.wait.until(d -> d.findElement(By.id("reader")).getAttribute("data-ready") != null);
        assertTrue(sam.driver.getCurrentUrl().startsWith(app() + "/read/"), "still in the reader: " + sam.driver.getCurrentUrl());
        assertTrue(sam.driver.findElements(By.id("kc-login")).isEmpty(), "no password asked");
        assertEquals(group, sam.driver.findElement(By.id("group-switcher")).getAttribute("value"), "the course's group is chosen");
        sam.screenshot("lti-03-student-in-reader");
        String samSession = assertSessionCookieIsHttpOnly(sam);
        assertFalse(samSession.equals(inesSession), "two browsers, two sessions");

        // the reading is on the group's list, due when the instructor said
        String readings = fetch(sam, "/api/groups/" + group + "/readings");
        assertTrue(readings.contains("\"slug\":\"" + ESSAY + "\""), readings);
        String dueJson = readings.replaceAll("(?s).*\"due\":\"([^\"]+)\".*", "$1");
        assertEquals(dueAt, Instant.parse(dueJson), "09:30 in the instructor's zone: " + readings);

        // select a passage, comment, save: the card appears (the reader's own ids: #text, #toolbar, #form-text, #form-save)
        select(sam, PASSAGE);
        sam.wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("toolbar")));
        sam.driver.findElement(By.cssSelector("#toolbar [data-motivation=commenting]")).click();
        sam.wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("annotation-form")));
        sam.driver.findElement(By.id("form-text")).sendKeys("Lenin's decree of September 1918 began it, not Stalin.");
        sam.driver.findElement(By.id("form-save")).click();
        String card = sam.wait.until(d -> d.findElements(By.cssSelector("#margin > .card")).stream()
                .map(WebElement::getText).filter(t -> t.contains("decree of September 1918")).findFirst().orElse(null));
        assertTrue(card.contains("Sam Student"), "the card names its author: " + card);
        sam.screenshot("lti-04-comment-saved");
        assertNoSecretInWebStorage(sam, samSession);

        // ---- 3. the score arrives at the platform's gradebook. AGS 2.0 §3.4: a score carries "userId", "scoreGiven",
        // "scoreMaximum", "activityProgress", "gradingProgress" and "timestamp", POSTed to "{lineitem URL}/scores".
        FakeGradebook.Score score = awaitScore(placed.lineItemUrl(), STUDENT, 1.0);
        assertEquals(10.0, score.scoreMaximum());
        // AGS 2.0, gradingProgress "FullyGraded": "The grading process is completed; the score value, if any, represents
        // the current Final Grade" (the participation score is computed, nobody grades it by hand)
        assertEquals("FullyGraded", score.gradingProgress());
        // and the instructor sees it on the platform's gradebook page
        ines.driver.get(platform.issuer() + "/gradebook");
        List<String> rows = ines.driver.findElements(By.cssSelector("table tr")).stream().map(WebElement::getText).toList();
        assertTrue(rows.stream().anyMatch(r -> r.contains("Sam Student") && r.contains("1.0 / 10.0")), String.join("\n", rows));
        ines.screenshot("lti-05-gradebook");
    }

    /** Opens the platform's course page and presses one of its launch buttons (they open Scholion in a new tab); switches to that tab. */
    void launchFromThePlatform(Browser b, String button) {
        b.driver.get(platform.issuer() + "/");
        String course = b.driver.getWindowHandle();
        b.driver.findElement(By.xpath("//button[normalize-space()=\"" + button + "\"]")).click();
        String tab = b.wait.until(d -> d.getWindowHandles().stream().filter(h -> !h.equals(course)).findFirst().orElse(null));
        b.driver.switchTo().window(tab);
    }

    /**
     * The session cookie (on a Scholion page): HttpOnly, so no script reads it. RFC 6265 §4.1.2.6: "The HttpOnly
     * attribute limits the scope of the cookie to HTTP requests. In particular, the attribute instructs the user agent
     * to omit the cookie when providing access to cookies via "non-HTTP" APIs (such as a web browser API that exposes
     * cookies to scripts)." Returns its value.
     */
    static String assertSessionCookieIsHttpOnly(Browser b) {
        Cookie session = b.driver.manage().getCookieNamed(LtiSessions.COOKIE);
        assertNotNull(session, LtiSessions.COOKIE + " on " + b.driver.getCurrentUrl() + ": " + b.driver.manage().getCookies());
        assertTrue(session.isHttpOnly(), LtiSessions.COOKIE + " is HttpOnly");
        assertEquals("Lax", session.getSameSite(), LtiSessions.COOKIE + " is SameSite=Lax");
        String scripts = (String) js(b, "return document.cookie");
        assertFalse(scripts.contains(LtiSessions.COOKIE) || scripts.contains(session.getValue()), "document.cookie: " + scripts);
        return session.getValue();
    }

    /** Nothing a script can read on Scholion's origin holds the session's secret or a JWT (an id_token starts "eyJ"). */
    static void assertNoSecretInWebStorage(Browser b, String session) {
        @SuppressWarnings("unchecked")
        List<String> stored = (List<String>) js(b, """
                const all = [];
                for (const s of [localStorage, sessionStorage]) {
                  for (let i = 0; i < s.length; i++) { const k = s.key(i); all.push(k + '=' + s.getItem(k)); }
                }
                return all;""");
        for (String entry : stored) {
            assertFalse(entry.contains(session), "the session's secret in web storage: " + entry);
            assertFalse(entry.contains("eyJ"), "a JWT in web storage: " + entry);
        }
    }

    /** A GET of Scholion's API from the page, with the browser's cookies, as the reader's scripts make it; the body. */
    static String fetch(Browser b, String path) {
        Object body = ((JavascriptExecutor) b.driver).executeAsyncScript("""
                const done = arguments[arguments.length - 1];
                fetch(arguments[0], {headers: {Accept: 'application/json'}})
                  .then(r => r.text().then(t => done(r.status + ' ' + t)), e => done('failed ' + e));""", path);
        String answer = String.valueOf(body);
        assertTrue(answer.startsWith("200 "), path + " answered " + answer);
        return answer.substring(4);
    }

    /** Selects a passage of #text as a mouse drag would, and releases (ReaderBrowserTest's way). */
    static void select(Browser b, String passage) {
        Object ok = js(b, """
                const needle = arguments[0];
                const root = document.getElementById('text');
                const w = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
                const nodes = []; let all = '';
                for (let n = w.nextNode(); n; n = w.nextNode()) { nodes.push([n, all.length]); all += n.data; }
                const start = all.indexOf(needle);
                if (start < 0) return false;
                const end = start + needle.length;
                const at = (i, atEnd) => {
                  for (let k = nodes.length - 1; k >= 0; k--) {
                    const [n, from] = nodes[k];
                    if (from < i || (from === i && !atEnd)) return [n, i - from];
                  }
                  return [nodes[0][0], 0];
                };
                const a = at(start, false), z = at(end, true);
                const r = document.createRange();
                r.setStart(a[0], a[1]); r.setEnd(z[0], z[1]);
                const sel = getSelection(); sel.removeAllRanges(); sel.addRange(r);
                root.dispatchEvent(new MouseEvent('mouseup', {bubbles: true}));
                return true;""", passage);
        assertEquals(Boolean.TRUE, ok, "found in the text: " + passage);
    }

    /** The platform's last score of this user for the line item, once it is {@code given}; at most 20 s. */
    FakeGradebook.Score awaitScore(String lineItem, String userId, double given) throws InterruptedException {
        long deadline = System.nanoTime() + 20_000_000_000L;
        while (System.nanoTime() < deadline) {
            List<FakeGradebook.Score> scores = platform.scores(lineItem).stream().filter(x -> x.userId().equals(userId)).toList();
            if (!scores.isEmpty() && Double.valueOf(given).equals(scores.get(scores.size() - 1).scoreGiven())) {
                return scores.get(scores.size() - 1);
            }
            Thread.sleep(250);
        }
        throw new AssertionError("no score " + given + " of " + userId + " in 20 s; the gradebook: " + platform.gradebook());
    }

    static Object js(Browser b, String script, Object... args) {
        return ((JavascriptExecutor) b.driver).executeScript(script, args);
    }
}
