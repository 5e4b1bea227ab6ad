package org.scholion.lti;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.scholion.devstack.lti.FakePlatform;
import org.scholion.devstack.lti.StorageMessage;
import org.scholion.testing.Browser;

/**
 * Launches inside the platform's iframe, in headless Chromium: the fake platform's course page
 * (http://127.0.0.1:{port}/frame/{who}) embeds Scholion (http://localhost:{test port}, another site) in an iframe,
 * so that the whole launch (login initiation, authorization, form_post, completion) runs in a cross-site frame,
 * where Scholion's SameSite=Lax cookies are neither sent nor kept.
 *
 * <p>With the platform's client-side storage (1EdTech "OIDC Login with LTI Client Side postMessages": the
 * initiation's {@code lti_storage_target} names a frame of the platform, to which the tool's pages send
 * {@code lti.put_data} and {@code lti.get_data} by postMessage), the login's state goes to the platform's storage
 * frame and comes back for the completion; the frame then has no session cookie (over http the session cookie is
 * SameSite=Lax), so Scholion offers a new tab, where the launch runs top-level and opens the reading signed in.
 * Without the storage, the completion in the frame cannot tie the launch to the browser and offers the new tab at
 * once, signing nobody in.
 */
@QuarkusTest
class LtiFrameBrowserTest {
    static final String ESSAY = LtiBrowserTest.ESSAY;
    /** The demo course's group in Scholion: LtiAccounts.groupName of its title and label (FakeDemo's roster). */
    static final String COURSE_GROUP = "History 101: Revolutions (HIST101)";
    /** Cookies that only a sign-in through Keycloak makes: Quarkus OIDC's state and session, Keycloak's own. */
    static final List<String> SIGN_IN_COOKIES = List.of("q_auth", "q_session", "AUTH_SESSION_ID", "KC_", "KEYCLOAK_");

    FakePlatform platform;

    @AfterEach
    void stop() {
        if (platform != null) {
            platform.close();
        }
    }

    /** A platform registered with Scholion whose demo course has the essay placed in it (its launches open it). */
    static FakePlatform withTheEssay() {
        FakePlatform p = LtiBrowserTest.registered("Frame LMS " + UUID.randomUUID());
        p.placeLink(FakePlatform.DEMO_COURSE, "The Red Terror", app() + "/read/" + ESSAY);
        return p;
    }

    static String app() {
        return LtiBrowserTest.app();
    }

    @Test
    void inTheFrameTheStateGoesThroughThePlatformsStorageAndTheReadingOpensInANewTab() throws Exception {
        platform = withTheEssay();
        try (Browser b = new Browser()) {
            try {
                withStorage(b);
            } catch (AssertionError | RuntimeException e) {
                screenshots(b, "lti-frame-failed-storage");
                throw e;
            }
        }
    }

    @Test
    void inTheFrameWithoutStorageTheCompletionOffersANewTabAndSignsNobodyIn() throws Exception {
        platform = withTheEssay();
        try (Browser b = new Browser()) {
            try {
                withoutStorage(b);
            } catch (AssertionError | RuntimeException e) {
                screenshots(b, "lti-frame-failed-no-storage");
                throw e;
            }
        }
    }

    private void withStorage(Browser b) {
        // /lti/ pages name the registered platforms in frame-ancestors (CSP Level 3: "The frame-ancestors directive
        // restricts the URLs which can embed the resource using frame, iframe, object, or embed")
        String csp = given().get("/lti/jwks").then().statusCode(200).extract().header("Content-Security-Policy");
        assertNotNull(csp, "a CSP on /lti/ pages");
        assertTrue(List.of(csp.replaceAll(".*frame-ancestors ([^;]*).*", "$1").split(" ")).contains(platform.issuer()),
                "frame-ancestors names the platform " + platform.issuer() + ": " + csp);

        b.driver.get(platform.issuer() + "/frame/sam");
        String course = b.driver.getWindowHandle();

        // 1. The login page, in the frame, puts the state in the platform's storage frame (lti.put_data from
        // Scholion's origin, to window.parent.frames['post_message_forwarding']), then goes to the authorization.
        StorageMessage put = b.wait.until(d -> platform.storageMessages().stream()
                .filter(m -> m.subject().equals("lti.put_data")).findFirst().orElse(null));
        assertEquals(app(), put.origin(), "put_data comes from Scholion's origin");
        assertTrue(put.accepted(), "the storage frame took it: " + put);
        assertTrue(put.key().startsWith(LtiResource.STATE_KEY), put.key());
        assertEquals(LtiResource.STATE_KEY + put.value(), put.key(), "the value is the login's state, under its key");

        // 2. The launch page, in the frame, reads it back (lti.get_data) and completes with it: the binding cookie
        // never reached the cross-site frame, the stored state stands in for it.
        StorageMessage got = b.wait.until(d -> platform.storageMessages().stream()
                .filter(m -> m.subject().equals("lti.get_data")).findFirst().orElse(null));
        assertEquals(app(), got.origin());
        assertEquals(put.key(), got.key());
        assertEquals(put.value(), got.value(), "the storage answered the stored state");
        assertTrue(platform.storageMessages().stream().allMatch(m -> m.accepted() && app().equals(m.origin())),
                "only Scholion's origin spoke to the storage frame: " + platform.storageMessages());

        // 3. The completion went on to /lti/open in the frame, which has no session cookie (SameSite=Lax in a
        // cross-site frame): the page that offers a new tab. That the frame shows Scholion's page at all is the
        // frame-ancestors above at work.
        b.driver.switchTo().frame("tool");
        b.wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("form#lti-new-tab")));
        String inFrame = (String) LtiBrowserTest.js(b, "return location.href");
        assertTrue(inFrame.startsWith(app() + "/lti/open?handle="), "the frame is on /lti/open: " + inFrame);
        assertEquals(200L, navigationStatus(b), "/lti/open answers the new-tab page with 200");
        assertEquals("Open Scholion in a new tab", b.driver.findElement(By.tagName("h1")).getText());
        assertTrue(b.driver.findElement(By.id("lti-new-tab-reason")).getText().contains("third-party cookies"),
                b.driver.findElement(By.id("lti-new-tab-reason")).getText());
        assertEquals("_blank", b.driver.findElement(By.id("lti-new-tab")).getAttribute("target"));
        assertEquals(app() + "/lti/login", b.driver.findElement(By.id("lti-new-tab")).getAttribute("action"));
        b.driver.switchTo().defaultContent();
        b.screenshot("lti-frame-01-new-tab-offered");
        assertNull(cookie(b, LtiSessions.COOKIE), "no session cookie kept from the frame: " + cookieNames(b));
        assertTrue(cookieNames(b).stream().noneMatch(n -> n.startsWith(LtiResource.BINDING_PREFIX)),
                "the login's binding cookie was not kept in the cross-site frame: " + cookieNames(b));

        // The storage answers the tool's origin only (LTI Client Side postMessages: a receiver checks event.origin):
        // the course page itself (the platform's origin) asking for Scholion's state gets no answer.
        Object answered = ((JavascriptExecutor) b.driver).executeAsyncScript("""
                const done = arguments[arguments.length - 1];
                let answered = false;
                window.addEventListener('message', e => { if (e.data && e.data.message_id === 'probe') answered = true; });
                window.frames['post_message_forwarding'].postMessage(
                  {subject: 'lti.get_data', message_id: 'probe', key: arguments[0]}, arguments[1]);
                setTimeout(() => done(answered), 700);""", put.key(), platform.issuer());
        assertEquals(Boolean.FALSE, answered, "another origin than Scholion's is not answered");
        StorageMessage refused = b.wait.until(d -> platform.storageMessages().stream().filter(m -> !m.accepted()).findFirst().orElse(null));
        assertEquals(platform.issuer(), refused.origin());
        assertNull(refused.value(), "nothing was read out: " + refused);

        // 4. Its button opens a new tab, where the platform launches again, top-level: the reader of the essay,
        // signed in, in the course's group.
        b.driver.switchTo().frame("tool");
        b.driver.findElement(By.cssSelector("#lti-new-tab button[type=submit]")).click();
        b.driver.switchTo().defaultContent();
        String tab = b.wait.until(d -> d.getWindowHandles().stream().filter(h -> !h.equals(course)).findFirst().orElse(null));
        b.driver.switchTo().window(tab);
        b.wait.until(d -> d.getCurrentUrl().startsWith(app() + "/read/" + ESSAY + "?group="));
        String url = b.driver.getCurrentUrl();
        String group = url.substring(url.indexOf("group=") + 6);
        UUID.fromString(group);
        b.wait.until(d -> d.findElement(By.id("reader")).getAttribute("data-ready") != null);
        assertEquals(group, b.driver.findElement(By.id("group-switcher")).getAttribute("value"), "the course's group is chosen");
        b.wait.until(d -> COURSE_GROUP.equals(new Select(d.findElement(By.id("group-switcher"))).getFirstSelectedOption().getText()));
        b.screenshot("lti-frame-02-reader-in-new-tab");
        String session = LtiBrowserTest.assertSessionCookieIsHttpOnly(b);
        assertEquals(session, cookie(b, LtiSessions.COOKIE).get("value"), "the cookie jar seen by CDP (as in step 3) has it now");
        // the new tab has no storage frame around it (window.parent is itself): nothing more was asked of the storage
        assertEquals(2, platform.storageMessages().stream().filter(StorageMessage::accepted).count(),
                "one put, one get: " + platform.storageMessages());

        assertNoKeycloak(b);
    }

    private void withoutStorage(Browser b) {
        b.driver.get(platform.issuer() + "/frame/sam?storage=off");
        b.driver.switchTo().frame("tool");
        // The login's binding cookie (SameSite=Lax) does not reach the cross-site frame and there is no storage:
        // the completion cannot tie the launch to this browser and answers 401 with the new-tab page.
        b.wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("form#lti-new-tab")));
        assertEquals("/lti/launch/complete", LtiBrowserTest.js(b, "return location.pathname"), "the completion's own answer");
        assertEquals(401L, navigationStatus(b), "the completion answers 401");
        assertTrue(b.driver.findElement(By.id("lti-new-tab-reason")).getText().contains("blocks cookies"),
                b.driver.findElement(By.id("lti-new-tab-reason")).getText());
        // the form starts the launch again, without lti_storage_target (the initiation as it came)
        List<String> fields = b.driver.findElements(By.cssSelector("#lti-new-tab input[type=hidden]")).stream()
                .map(e -> e.getAttribute("name")).toList();
        assertTrue(fields.containsAll(List.of("iss", "login_hint", "target_link_uri", "client_id")), fields.toString());
        assertFalse(fields.contains("lti_storage_target"), fields.toString());
        b.driver.switchTo().defaultContent();
        b.screenshot("lti-frame-03-no-storage-new-tab");

        assertTrue(platform.storageMessages().isEmpty(), "no storage frame on this page: " + platform.storageMessages());
        // no session cookie for Scholion anywhere in this browser (every cookie jar and partition, by CDP)…
        assertNull(cookie(b, LtiSessions.COOKIE), "no session: " + cookieNames(b));
        // … nor as a top-level Scholion page sees its cookies
        b.driver.get(app() + "/lti/jwks");
        assertNull(b.driver.manage().getCookieNamed(LtiSessions.COOKIE), "no session: " + b.driver.manage().getCookies());
        assertNoKeycloak(b);
    }

    /** The HTTP status of the current document's navigation (Navigation Timing Level 2, responseStatus). */
    static Object navigationStatus(Browser b) {
        return LtiBrowserTest.js(b, "return performance.getEntriesByType('navigation')[0].responseStatus");
    }

    /** Every cookie this browser holds, of every site and partition (CDP Network.getAllCookies). */
    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> allCookies(Browser b) {
        Map<String, Object> r = ((ChromeDriver) b.driver).executeCdpCommand("Network.getAllCookies", Map.of());
        return (List<Map<String, Object>>) r.get("cookies");
    }

    static List<String> cookieNames(Browser b) {
        return allCookies(b).stream().map(c -> c.get("name") + "@" + c.get("domain")).toList();
    }

    /** A cookie of Scholion's host by name, or null. */
    static Map<String, Object> cookie(Browser b, String name) {
        String host = URI.create(app()).getHost();
        return allCookies(b).stream().filter(c -> name.equals(c.get("name")) && host.equals(c.get("domain"))).findFirst().orElse(null);
    }

    /**
     * No Keycloak page anywhere: no window or frame is on the realm, no sign-in form is shown, and the browser
     * holds none of the cookies a sign-in makes (Quarkus OIDC's state cookie before the redirect to Keycloak,
     * Keycloak's AUTH_SESSION_ID and KC_RESTART on its login page).
     */
    static void assertNoKeycloak(Browser b) {
        String realm = ConfigProvider.getConfig().getValue("quarkus.oidc.auth-server-url", String.class);
        WebDriver d = b.driver;
        String current = d.getWindowHandle();
        Set<String> handles = d.getWindowHandles();
        for (String h : handles) {
            d.switchTo().window(h);
            assertFalse(d.getCurrentUrl().startsWith(realm), "a window on Keycloak: " + d.getCurrentUrl());
            assertTrue(d.findElements(By.id("kc-login")).isEmpty(), "a Keycloak sign-in form in " + d.getCurrentUrl());
        }
        d.switchTo().window(current);
        List<String> signIn = allCookies(b).stream().map(c -> (String) c.get("name"))
                .filter(n -> SIGN_IN_COOKIES.stream().anyMatch(n::startsWith)).toList();
        assertTrue(signIn.isEmpty(), "cookies of a Keycloak sign-in: " + signIn + " among " + cookieNames(b));
    }

    /** A screenshot of every window, for a failure. */
    static void screenshots(Browser b, String name) {
        try {
            b.driver.switchTo().defaultContent();
            int i = 0;
            for (String h : b.driver.getWindowHandles()) {
                b.driver.switchTo().window(h);
                b.screenshot(name + "-" + i++);
            }
        } catch (RuntimeException ignored) {
            // the failure itself is what matters
        }
    }
}
