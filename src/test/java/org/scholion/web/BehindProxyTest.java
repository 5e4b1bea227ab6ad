package org.scholion.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.scholion.testing.BrowserSession;
import org.scholion.testing.KeycloakAdmin;
import org.scholion.testing.RawHttp;
import org.scholion.testing.TestStack;
import org.scholion.testing.Tokens;

/**
 * Behind a TLS-terminating proxy: forwarded headers are believed only from the trusted proxy
 * addresses; https seen through it makes the cookies Secure and adds HSTS. RFC 6797 §7.2: "An HSTS
 * Host MUST NOT include the STS header field in HTTP responses conveyed over non-secure transport."
 */
@QuarkusTest
@TestProfile(BehindProxyTest.Proxy.class)
class BehindProxyTest {
    /** The deployment README's "Deploying" settings: a proxy on 127.0.0.1 forwards https. */
    public static class Proxy implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("quarkus.http.proxy.proxy-address-forwarding", "true",
                    "quarkus.http.proxy.trusted-proxies", "127.0.0.1");
        }
    }

    /** What a TLS proxy in front of the app's port adds (nginx: $scheme and $server_port). */
    private static final Map<String, String> HTTPS = Map.of("X-Forwarded-Proto", "https",
            "X-Forwarded-Port", String.valueOf(java.net.URI.create(TestStack.appUrl()).getPort()));

    @Test
    void httpsFromTheTrustedProxyGetsHsts() throws Exception {
        RawHttp.Answer a = RawHttp.send("GET", "/api/documents", with(HTTPS, "Authorization", "Bearer " + Tokens.of("alice")), null);
        assertEquals(200, a.status());
        assertEquals("max-age=31536000", a.header("Strict-Transport-Security"));
    }

    @Test
    void plainHttpAndForwardedHeadersFromAnyoneElseGetNoHsts() throws Exception {
        assertNull(RawHttp.send("GET", "/api/documents", Map.of("Authorization", "Bearer " + Tokens.of("alice")), null)
                .header("Strict-Transport-Security"));
        RawHttp.Answer untrusted = RawHttp.sendFrom("127.0.0.2", "GET", "/api/documents",
                with(HTTPS, "Authorization", "Bearer " + Tokens.of("alice")), null);
        assertEquals(200, untrusted.status());
        assertNull(untrusted.header("Strict-Transport-Security"), "X-Forwarded-Proto from 127.0.0.2 is not believed");
    }

    @Test
    void theLoginCookiesAreSecureOnlyOverHttps() throws Exception {
        String stateCookie = RawHttp.send("GET", "/", with(HTTPS, "Accept", "text/html"), null).header("Set-Cookie");
        assertTrue(stateCookie.contains("q_auth") && stateCookie.contains("Secure"), stateCookie);
        String overHttp = RawHttp.send("GET", "/", Map.of("Accept", "text/html"), null).header("Set-Cookie");
        assertTrue(overHttp.contains("q_auth") && !overHttp.contains("Secure"), overHttp);
        String viaUntrusted = RawHttp.sendFrom("127.0.0.2", "GET", "/", with(HTTPS, "Accept", "text/html"), null).header("Set-Cookie");
        assertTrue(viaUntrusted.contains("q_auth") && !viaUntrusted.contains("Secure"), viaUntrusted);
    }

    @Test
    void theSessionCookieIsSecureOverHttps() throws Exception {
        String app = TestStack.appUrl();
        String https = app.replace("http://", "https://");
        KeycloakAdmin.addRedirectUri("scholion-web", https + "/*");
        CookieManager jar = BrowserSession.localhostJar();
        HttpClient http = HttpClient.newBuilder().cookieHandler(jar).followRedirects(HttpClient.Redirect.NEVER).build();

        // the app sends the browser to Keycloak with an https redirect_uri, as it sees https through the proxy
        HttpResponse<String> toLogin = http.send(HttpRequest.newBuilder(URI.create(app + "/")).header("X-Forwarded-Proto", "https")
                .header("X-Forwarded-Port", HTTPS.get("X-Forwarded-Port")).header("Accept", "text/html").build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(302, toLogin.statusCode());
        String authUrl = toLogin.headers().firstValue("Location").orElseThrow();
        assertTrue(authUrl.contains("redirect_uri=" + URLEncoder.encode(https + "/", StandardCharsets.UTF_8)), authUrl);
        HttpResponse<String> page = http.send(HttpRequest.newBuilder(URI.create(authUrl)).build(), HttpResponse.BodyHandlers.ofString());
        Matcher m = Pattern.compile("action=\"([^\"]+)\"").matcher(page.body());
        assertTrue(m.find(), page.body());
        HttpResponse<String> back = http.send(HttpRequest.newBuilder(URI.create(m.group(1).replace("&amp;", "&")))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("username=alice&password=alice&credentialId=")).build(),
                HttpResponse.BodyHandlers.ofString());
        String callback = back.headers().firstValue("Location").orElseThrow();
        assertTrue(callback.startsWith(https + "/"), callback);

        // the proxy would forward the callback over http with X-Forwarded-Proto: https
        HttpResponse<String> signedIn = http.send(HttpRequest.newBuilder(URI.create(app + callback.substring(https.length())))
                .header("X-Forwarded-Proto", "https")
                .header("X-Forwarded-Port", HTTPS.get("X-Forwarded-Port")).build(), HttpResponse.BodyHandlers.ofString());
        List<String> cookies = signedIn.headers().allValues("Set-Cookie");
        String session = cookies.stream().filter(c -> c.startsWith("q_session=")).findFirst().orElseThrow(
                () -> new AssertionError("no session cookie (HTTP " + signedIn.statusCode() + "): " + cookies));
        assertTrue(session.contains("Secure"), session);
        assertTrue(session.toLowerCase(java.util.Locale.ROOT).contains("httponly"), session);
    }

    private static Map<String, String> with(Map<String, String> base, String name, String value) {
        Map<String, String> m = new java.util.HashMap<>(base);
        m.put(name, value);
        return m;
    }
}
