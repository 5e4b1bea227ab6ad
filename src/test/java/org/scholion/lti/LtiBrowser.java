package org.scholion.lti;

import static io.restassured.RestAssured.given;

import io.restassured.response.Response;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;

/**
 * One browser going through an LTI launch without a real browser: its own cookie jar for Scholion,
 * and the steps a browser takes. The id_token's form_post to /lti/launch comes from the platform's
 * site, so — as a browser does with SameSite=Lax cookies on a cross-site POST — it carries none of
 * Scholion's cookies; the completion is a same-site POST and carries them.
 */
final class LtiBrowser {
    private static final HttpClient HTTP = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

    /** What the platform's authorization endpoint was asked, and the form it answered. */
    record Authorized(String authorizationUrl, Map<String, String> request, String idToken, String state) {
    }

    final Map<String, String> cookies = new HashMap<>();
    /** The last answer of /lti/launch/complete itself (the one that sets the session cookie). */
    Response lastCompletion;

    /** Step 1: the platform's login initiation; the redirect to its authorization endpoint. */
    String login(Map<String, String> initiation) {
        Response r = given().redirects().follow(false).cookies(cookies).queryParams(initiation).get("/lti/login");
        if (r.statusCode() != 302) {
            throw new AssertionError("login answered " + r.statusCode() + ": " + r.asString());
        }
        cookies.putAll(r.getCookies());
        return r.header("Location");
    }

    /** Step 2: the platform's authorization endpoint answers with a self-posting form (the id_token and state). */
    static Authorized authorize(String authorizationUrl) throws IOException, InterruptedException {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(authorizationUrl)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            throw new AssertionError("the platform's authorization answered " + r.statusCode() + ": " + r.body());
        }
        Document page = Jsoup.parse(r.body());
        Element form = page.selectFirst("form");
        Map<String, String> request = query(authorizationUrl);
        return new Authorized(authorizationUrl, request, form.selectFirst("input[name=id_token]").val(),
                form.selectFirst("input[name=state]").val());
    }

    /** Step 3: the cross-site form_post of the id_token: none of Scholion's cookies go with it. */
    static Response launch(String idToken, String state) {
        return given().redirects().follow(false).contentType("application/x-www-form-urlencoded").accept("text/html")
                .formParam("id_token", idToken).formParam("state", state).post("/lti/launch");
    }

    /** The one-time handle in the launch's page. */
    static String handle(Response launched) {
        Element input = Jsoup.parse(launched.asString()).selectFirst("form#lti-complete input[name=handle]");
        if (input == null) {
            throw new AssertionError("no completion form in: " + launched.asString());
        }
        return input.val();
    }

    /** Step 4: the page's same-site POST of the handle, with this browser's cookies. */
    Response complete(String handle) {
        Response r = given().redirects().follow(false).cookies(cookies).contentType("application/x-www-form-urlencoded")
                .accept("text/html").formParam("handle", handle).post("/lti/launch/complete");
        lastCompletion = r;
        cookies.putAll(r.getCookies());
        cookies.values().removeIf(String::isEmpty);
        String location = r.statusCode() == 303 ? r.header("Location") : null;
        if (location != null && location.contains("/lti/open?")) {
            // a launch into the platform's frame checks that the frame kept the session first (the platform's default target)
            Response opened = given().redirects().follow(false).cookies(cookies).accept("text/html")
                    .get(location.substring(location.indexOf("/lti/open")));
            cookies.putAll(opened.getCookies());
            return opened;
        }
        return r;
    }

    /** The whole launch; the completion's answer. */
    Response launchThrough(Map<String, String> initiation) throws IOException, InterruptedException {
        Authorized a = authorize(login(initiation));
        Response launched = launch(a.idToken(), a.state());
        if (launched.statusCode() != 200) {
            throw new AssertionError("launch answered " + launched.statusCode() + ": " + launched.asString());
        }
        return complete(handle(launched));
    }

    /** A request with this browser's cookies (and the CSRF header Scholion's pages send on writes). */
    io.restassured.specification.RequestSpecification request() {
        return given().cookies(cookies).header("X-Scholion-CSRF", "1");
    }

    /** The app under test, as RestAssured is pointed at it (the test port, SCHOLION_TEST_HTTP_PORT). */
    static String base() {
        return "http://localhost:" + io.restassured.RestAssured.port;
    }

    static Map<String, String> query(String url) {
        Map<String, String> out = new LinkedHashMap<>();
        String q = URI.create(url).getRawQuery();
        if (q == null) {
            return out;
        }
        for (String pair : q.split("&")) {
            int eq = pair.indexOf('=');
            out.put(decode(eq < 0 ? pair : pair.substring(0, eq)), eq < 0 ? "" : decode(pair.substring(eq + 1)));
        }
        return out;
    }

    private static String decode(String s) {
        return java.net.URLDecoder.decode(s, java.nio.charset.StandardCharsets.UTF_8);
    }
}
