package org.scholion.devstack;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The few calls of Keycloak's admin REST API the run command makes after Keycloak has started, as
 * the master realm's admin: set passwords, and keep the app's client on the app's current URL.
 */
public final class RealmAdmin {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String base;
    private final String token;

    private RealmAdmin(String base, String token) {
        this.base = base;
        this.token = token;
    }

    /**
     * Signs in to the master realm (admin-cli, password grant).
     *
     * @param base Keycloak's URL, e.g. http://localhost:8180
     * @return empty when Keycloak refuses these credentials
     */
    public static Optional<RealmAdmin> signIn(String base, String username, String password) throws IOException, InterruptedException {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        String form = "grant_type=password&client_id=admin-cli&username=" + enc(username) + "&password=" + enc(password);
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base + "/realms/master/protocol/openid-connect/token"))
                .header("Content-Type", "application/x-www-form-urlencoded").POST(HttpRequest.BodyPublishers.ofString(form))
                .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() == 401 || r.statusCode() == 400) {
            return Optional.empty();
        }
        ok(r, "sign in to Keycloak's master realm");
        return Optional.of(new RealmAdmin(base, JSON.readTree(r.body()).path("access_token").asText()));
    }

    /** Sets a user's password (not temporary: the demo logins work without a change at first sign-in). */
    public void setPassword(String realm, String username, String password) throws IOException, InterruptedException {
        String id = userId(realm, username);
        ok(send("PUT", "/admin/realms/" + realm + "/users/" + id + "/reset-password",
                Map.of("type", "password", "value", password, "temporary", false)), "set the password of " + username);
    }

    /**
     * Points the client's redirect and logout URIs at the app's URL (the realm file has them from the
     * first start only, and a shared demo's URL is this machine's address, which may change).
     *
     * @return whether anything changed
     */
    public boolean pointClientAt(String realm, String clientId, String appUrl) throws IOException, InterruptedException {
        HttpResponse<String> found = send("GET", "/admin/realms/" + realm + "/clients?clientId=" + enc(clientId), null);
        ok(found, "read the client " + clientId);
        JsonNode list = JSON.readTree(found.body());
        if (list.isEmpty()) {
            throw new IllegalStateException("the realm " + realm + " has no client " + clientId);
        }
        ObjectNode client = (ObjectNode) list.get(0);
        String pattern = appUrl + "/*";
        boolean same = appUrl.equals(client.path("rootUrl").asText())
                && List.of(pattern).equals(JSON.convertValue(client.path("redirectUris"), List.class))
                && pattern.equals(client.path("attributes").path("post.logout.redirect.uris").asText());
        if (same) {
            return false;
        }
        client.put("rootUrl", appUrl);
        ArrayNode redirects = client.putArray("redirectUris");
        redirects.add(pattern);
        (client.has("attributes") ? (ObjectNode) client.get("attributes") : client.putObject("attributes"))
                .put("post.logout.redirect.uris", pattern);
        ok(send("PUT", "/admin/realms/" + realm + "/clients/" + client.path("id").asText(), client), "update the client " + clientId);
        return true;
    }

    private String userId(String realm, String username) throws IOException, InterruptedException {
        HttpResponse<String> r = send("GET", "/admin/realms/" + realm + "/users?exact=true&username=" + enc(username), null);
        ok(r, "find the user " + username);
        JsonNode list = JSON.readTree(r.body());
        if (list.isEmpty()) {
            throw new IllegalStateException("the realm " + realm + " has no user " + username);
        }
        return list.get(0).path("id").asText();
    }

    private HttpResponse<String> send(String method, String path, Object body) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).header("Authorization", "Bearer " + token)
                .timeout(Duration.ofSeconds(30));
        if (body == null) {
            b.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            b.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static void ok(HttpResponse<String> r, String what) {
        if (r.statusCode() / 100 != 2) {
            throw new IllegalStateException("Keycloak's admin API did not " + what + ": HTTP " + r.statusCode() + " " + r.body());
        }
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    /** The usernames of the realm file's users: the demo logins. */
    public static List<String> usernames(java.nio.file.Path realmFile) throws IOException {
        List<String> names = new java.util.ArrayList<>();
        JSON.readTree(realmFile.toFile()).path("users").forEach(u -> names.add(u.path("username").asText()));
        return names;
    }
}
