package org.scholion.system;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.restassured.response.Response;
import java.net.InetAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.scholion.testing.LaunchedStack;

/**
 * The demo shared on the network, as the README tells a teacher to start it
 * ({@code SCHOLION_SHARE=true ./mvnw -Prun}), on a fresh data directory (issue 17): the app and
 * Keycloak listen on the network and nothing else does; the demo users' passwords are generated and
 * shown, their usernames no longer work; a browser elsewhere is sent to Keycloak under this
 * machine's address and comes back to the app's. The unshared demo is checked by
 * {@link FaultSuiteIT#theDemoListensOnThisMachineOnly}.
 */
class DemoSharingIT {
    static LaunchedStack stack;
    static URI appUrl;

    @BeforeAll
    static void startShared() throws Exception {
        stack = LaunchedStack.start(Path.of("target/demo-sharing").resolve(UUID.randomUUID().toString()), Duration.ofMinutes(6),
                Map.of("SCHOLION_SHARE", "true"));
        Matcher m = Pattern.compile("Scholion is running: (\\S+)").matcher(stack.logText());
        assertTrue(m.find(), stack.logText());
        appUrl = URI.create(m.group(1));
    }

    @AfterAll
    static void stop() {
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    void onlyTheAppAndKeycloakListenOnTheNetwork() throws Exception {
        List<ListeningSockets.Listener> listening = ListeningSockets.of(stack.everything());
        Set<Integer> beyond = listening.stream().filter(l -> !l.address().isLoopbackAddress())
                .map(ListeningSockets.Listener::port).collect(Collectors.toSet());
        assertEquals(Set.of(stack.httpPort, stack.kcPort), beyond, "listening beyond this machine: " + listening);
        Set<Integer> all = listening.stream().map(ListeningSockets.Listener::port).collect(Collectors.toSet());
        assertTrue(all.containsAll(List.of(stack.pgPort, stack.managementPort)), "PostgreSQL and the management port run: " + listening);

        // what a neighbour sees, at the address the banner gives out
        InetAddress shared = InetAddress.getByName(appUrl.getHost());
        assertTrue(ListeningSockets.networkAddresses().contains(shared), appUrl + " is one of this machine's network addresses");
        assertTrue(ListeningSockets.accepts(shared, stack.httpPort), "the app");
        assertTrue(ListeningSockets.accepts(shared, stack.kcPort), "Keycloak");
        assertFalse(ListeningSockets.accepts(shared, stack.pgPort), "PostgreSQL");
        assertFalse(ListeningSockets.accepts(shared, stack.managementPort), "health, metrics and API docs");
    }

    @Test
    void demoUsersHaveGeneratedPasswordsShownOnStart() throws Exception {
        Map<String, String> shown = new LinkedHashMap<>();
        Matcher m = Pattern.compile("(?m)^\\s+(\\w+)\\s+([a-z0-9]{4}-[a-z0-9]{4}-[a-z0-9]{4})$").matcher(stack.logText());
        while (m.find()) {
            shown.put(m.group(1), m.group(2));
        }
        assertEquals(Set.of("ines", "ivan", "alice", "bob", "carol", "dave", "admin"), shown.keySet(), stack.logText());
        shown.forEach((user, password) -> assertNotEquals(user, password));
        assertEquals(7, Set.copyOf(shown.values()).size(), "each user has a password of their own");

        Path file = stack.data.resolve("data/demo-logins.properties");
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));

        for (String user : List.of("alice", "ines")) {
            assertEquals(401, passwordGrant(user, user).statusCode(), user + "'s username is no longer her password");
        }
        String alice = stack.token("alice", shown.get("alice"));
        // through the network address, as a classmate's script would
        given().baseUri(appUrl.toString()).auth().oauth2(alice).get("/api/documents").then().statusCode(200);
        assertEquals(401, adminToken("kcadmin").statusCode(), "Keycloak's well-known admin password is refused");
    }

    /**
     * A classmate's browser opens the shared URL: the app sends it to Keycloak at this machine's
     * address (not localhost, which would be the classmate's own machine), asking to come back to
     * the shared URL, and Keycloak accepts that redirect and shows its login form.
     */
    @Test
    void aBrowserElsewhereIsSentToKeycloakAtThisMachinesAddress() throws Exception {
        assertFalse(InetAddress.getByName(appUrl.getHost()).isLoopbackAddress(), "the banner gives out " + appUrl);
        Response r = given().baseUri(appUrl.toString()).redirects().follow(false).get("/");
        assertEquals(302, r.statusCode(), r.asString());
        URI login = URI.create(r.header("Location"));
        assertEquals("http://" + appUrl.getHost() + ":" + stack.kcPort, login.getScheme() + "://" + login.getAuthority());
        assertTrue(login.getRawQuery().contains("redirect_uri=" + java.net.URLEncoder.encode(appUrl.toString(),
                java.nio.charset.StandardCharsets.UTF_8)), login.toString());
        // asked from this machine: Keycloak's sslRequired=external wants https from addresses that
        // are not private, and a test machine's network address need not be private
        Response page = given().baseUri("http://localhost:" + stack.kcPort).urlEncodingEnabled(false).redirects().follow(false)
                .get(login.getRawPath() + "?" + login.getRawQuery());
        assertEquals(200, page.statusCode(), page.asString());
        assertTrue(page.asString().contains("kc-form-login"), "Keycloak's login form");
    }

    private static Response passwordGrant(String username, String password) {
        return given().baseUri(stack.realmUrl()).formParam("grant_type", "password").formParam("client_id", "scholion-cli")
                .formParam("username", username).formParam("password", password).post("/protocol/openid-connect/token");
    }

    private static Response adminToken(String password) {
        return given().baseUri("http://localhost:" + stack.kcPort).formParam("grant_type", "password")
                .formParam("client_id", "admin-cli").formParam("username", "kcadmin").formParam("password", password)
                .post("/realms/master/protocol/openid-connect/token");
    }
}
