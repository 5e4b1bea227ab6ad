package org.scholion.testing;

import java.io.IOException;
import java.net.CookieManager;
import java.net.CookiePolicy;
import java.net.HttpCookie;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * A real browser session without a browser: the authorization code flow through the Keycloak login
 * form, over HTTP, leaving the app's session cookie (q_session…) in a cookie jar. For tests that
 * play a signed-in browser (CSRF, logout, caching) without the cost of Chromium.
 */
public final class BrowserSession {
    private static final Pattern LOGIN_FORM = Pattern.compile("<form[^>]*id=\"kc-form-login\"[^>]*action=\"([^\"]+)\"");

    private final CookieManager jar = localhostJar();
    private final HttpClient http;
    private final URI app;

    private BrowserSession() {
        this.app = URI.create(TestStack.appUrl());
        this.http = HttpClient.newBuilder().cookieHandler(jar).followRedirects(HttpClient.Redirect.NORMAL)
                .connectTimeout(Duration.ofSeconds(5)).build();
    }

    /** Signs in as the demo user (password = username) from the front page; returns the session. */
    public static BrowserSession signIn(String username) {
        return signIn(username, username);
    }

    public static BrowserSession signIn(String username, String password) {
        BrowserSession s = new BrowserSession();
        try {
            HttpResponse<String> login = s.http.send(HttpRequest.newBuilder(s.app.resolve("/")).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            Matcher m = LOGIN_FORM.matcher(login.body());
            if (!m.find()) {
                throw new IllegalStateException("no Keycloak login form at " + login.uri() + " (HTTP " + login.statusCode() + ")");
            }
            String action = m.group(1).replace("&amp;", "&");
            String form = "username=" + enc(username) + "&password=" + enc(password) + "&credentialId=";
            HttpResponse<String> landed = s.http.send(HttpRequest.newBuilder(URI.create(action))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
            if (landed.statusCode() != 200 || !landed.uri().toString().startsWith(s.app.toString()) || s.cookieHeader().isEmpty()) {
                throw new IllegalStateException("sign-in as " + username + " ended at " + landed.uri() + " (HTTP "
                        + landed.statusCode() + ")");
            }
            return s;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** A cookie jar that, like a browser, treats http://localhost as a secure context: Secure cookies are kept and sent. */
    public static CookieManager localhostJar() {
        return new CookieManager(null, CookiePolicy.ACCEPT_ALL) {
            @Override
            public void put(URI uri, Map<String, List<String>> responseHeaders) throws IOException {
                Map<String, List<String>> relaxed = new java.util.HashMap<>();
                responseHeaders.forEach((k, v) -> relaxed.put(k, k != null && k.equalsIgnoreCase("Set-Cookie")
                        ? v.stream().map(c -> c.replaceAll("(?i);\\s*Secure", "")).toList() : v));
                super.put(uri, relaxed);
            }
        };
    }

    /** The app's cookies as a Cookie header value, e.g. for RestAssured or {@link RawHttp}. */
    public String cookieHeader() {
        List<HttpCookie> cookies = jar.getCookieStore().get(app);
        return cookies.stream().map(c -> c.getName() + "=" + c.getValue()).collect(Collectors.joining("; "));
    }

    /** The client with this session's cookie jar; it follows redirects. */
    public HttpClient client() {
        return http;
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
