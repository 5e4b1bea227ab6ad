package org.scholion.devstack.lti;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.JWTParser;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The fake LTI platform over real HTTP on 127.0.0.1, its signatures checked with nimbus as a tool would. */
class FakePlatformTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final String TOOL_LOGIN = "https://tool.example/lti/login";
    private static final String TOOL_LAUNCH = "https://tool.example/lti/launch";

    /** The tool's signing key, published by a tiny JWKS server of the test's own. */
    private static RSAKey toolKey;
    private static HttpServer toolJwksServer;
    private static String toolJwksUrl;

    private FakePlatform platform;

    @BeforeAll
    static void startToolJwks() throws Exception {
        toolKey = new RSAKeyGenerator(2048).keyID("tool-key-1").keyUse(KeyUse.SIGNATURE).generate();
        toolJwksServer = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        toolJwksServer.createContext("/jwks", exchange -> {
            byte[] body = new JWKSet(toolKey.toPublicJWK()).toString().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        toolJwksServer.start();
        toolJwksUrl = "http://127.0.0.1:" + toolJwksServer.getAddress().getPort() + "/jwks";
    }

    @AfterAll
    static void stopToolJwks() {
        toolJwksServer.stop(0);
    }

    @BeforeEach
    void startPlatform() {
        platform = FakePlatform.start(0);
        platform.tool(toolJwksUrl, TOOL_LOGIN, TOOL_LAUNCH);
    }

    @AfterEach
    void stopPlatform() {
        platform.close();
    }

    @Test
    void jwksShowsOnlyPublicKeysAndARotationKeepsTheOldKey() throws Exception {
        assertTrue(platform.issuer().matches("http://127\\.0\\.0\\.1:\\d+"), platform.issuer());
        HttpResponse<String> first = get(platform.jwksUrl(), null);
        assertEquals(200, first.statusCode());
        assertFalse(first.body().contains("\"d\""), "no private exponent: " + first.body());
        JWKSet set = JWKSet.parse(first.body());
        assertEquals(1, set.size());
        JWK key = set.getKeys().get(0);
        assertFalse(key.isPrivate());
        assertEquals(KeyUse.SIGNATURE, key.getKeyUse());
        assertEquals(JWSAlgorithm.RS256, key.getAlgorithm());
        assertEquals(platform.currentKid(), key.getKeyID());

        String old = platform.currentKid();
        String next = platform.rotateKey();
        assertEquals(next, platform.currentKid());
        assertNotEquals(old, next);
        JWKSet rotated = JWKSet.parse(get(platform.jwksUrl(), null).body());
        assertEquals(List.of(old, next), rotated.getKeys().stream().map(JWK::getKeyID).toList());
        assertTrue(platform.removeKey(old));
        assertEquals(List.of(next), JWKSet.parse(get(platform.jwksUrl(), null).body()).getKeys().stream().map(JWK::getKeyID).toList());
        assertEquals(3, platform.jwksFetches());
    }

    @Test
    void anIdTokenVerifiesAgainstTheJwksAndCarriesTheResourceLinkClaims() throws Exception {
        platform.roster("hist-101").title("History 101").label("HIST101");
        FakeLaunch launch = platform.resourceLink("hist-101", "user-7").instructor().name("Ines Instructor")
                .givenName("Ines").familyName("Instructor").email("ines@example.edu").resourceLinkId("link-1")
                .resourceLinkTitle("Week 1").custom("reading", "42").documentTarget("window")
                .lineItem("https://platform.example/li/1");
        JWTClaimsSet c = verifiedClaims(platform.idToken(launch, "nonce-1"));

        assertEquals(platform.issuer(), c.getIssuer());
        assertEquals("user-7", c.getSubject());
        assertEquals(List.of("scholion-tool"), c.getAudience());
        assertEquals("scholion-tool", c.getStringClaim("azp"));
        assertEquals("nonce-1", c.getStringClaim("nonce"));
        assertEquals(300, (c.getExpirationTime().getTime() - c.getIssueTime().getTime()) / 1000);
        assertTrue(Math.abs(c.getIssueTime().getTime() - System.currentTimeMillis()) < 5_000);
        assertEquals("LtiResourceLinkRequest", c.getStringClaim(Lti.MESSAGE_TYPE));
        assertEquals("1.3.0", c.getStringClaim(Lti.VERSION));
        assertEquals("deployment-1", c.getStringClaim(Lti.DEPLOYMENT_ID));
        assertEquals(TOOL_LAUNCH, c.getStringClaim(Lti.TARGET_LINK_URI));
        assertEquals(Map.of("id", "link-1", "title", "Week 1"), c.getJSONObjectClaim(Lti.RESOURCE_LINK));
        assertEquals(List.of("http://purl.imsglobal.org/vocab/lis/v2/membership#Instructor"), c.getStringListClaim(Lti.ROLES));
        assertEquals(Map.of("id", "hist-101", "label", "HIST101", "title", "History 101",
                "type", List.of("http://purl.imsglobal.org/vocab/lis/v2/course#CourseOffering")), c.getJSONObjectClaim(Lti.CONTEXT));
        assertEquals("scholion-fake", c.getJSONObjectClaim(Lti.TOOL_PLATFORM).get("product_family_code"));
        assertEquals("window", c.getJSONObjectClaim(Lti.LAUNCH_PRESENTATION).get("document_target"));
        assertEquals(Map.of("reading", "42"), c.getJSONObjectClaim(Lti.CUSTOM));
        assertEquals("Ines Instructor", c.getStringClaim("name"));
        assertEquals("Ines", c.getStringClaim("given_name"));
        assertEquals("Instructor", c.getStringClaim("family_name"));
        assertEquals("ines@example.edu", c.getStringClaim("email"));
        Map<String, Object> ags = c.getJSONObjectClaim(Lti.AGS_ENDPOINT);
        assertEquals(Lti.AGS_SCOPES, ags.get("scope"));
        assertEquals(platform.lineItemsUrl("hist-101"), ags.get("lineitems"));
        assertEquals("https://platform.example/li/1", ags.get("lineitem"));
        assertEquals(Map.of("context_memberships_url", platform.namesRoleServiceUrl("hist-101"), "service_versions", List.of("2.0")),
                c.getJSONObjectClaim(Lti.NRPS));
        assertNull(c.getClaim(Lti.DEEP_LINKING_SETTINGS));
    }

    @Test
    void aDeepLinkingRequestCarriesItsSettingsAndNoResourceLink() throws Exception {
        FakeLaunch launch = platform.deepLinking("hist-101", "teacher").ags(false).nrps(false);
        JWTClaimsSet c = verifiedClaims(platform.idToken(launch, "n"));
        assertEquals("LtiDeepLinkingRequest", c.getStringClaim(Lti.MESSAGE_TYPE));
        assertEquals(List.of(Lti.INSTRUCTOR), c.getStringListClaim(Lti.ROLES));
        assertNull(c.getClaim(Lti.RESOURCE_LINK));
        assertNull(c.getClaim(Lti.AGS_ENDPOINT));
        assertNull(c.getClaim(Lti.NRPS));
        Map<String, Object> settings = c.getJSONObjectClaim(Lti.DEEP_LINKING_SETTINGS);
        assertEquals(platform.deepLinkReturnUrl(), settings.get("deep_link_return_url"));
        assertEquals(List.of("ltiResourceLink"), settings.get("accept_types"));
        assertEquals(List.of("iframe", "window"), settings.get("accept_presentation_document_targets"));
        assertEquals(false, settings.get("accept_multiple"));
        assertEquals(true, settings.get("auto_create"));
        assertEquals(launch.data(), settings.get("data"));
    }

    @Test
    void overridesBendALaunchForNegativeTests() throws Exception {
        String unsigned = platform.idToken(platform.resourceLink("c", "u").alg(JWSAlgorithm.parse("none")), "n");
        assertInstanceOf(PlainJWT.class, JWTParser.parse(unsigned));

        SignedJWT hs = SignedJWT.parse(platform.idToken(platform.resourceLink("c", "u").alg(JWSAlgorithm.HS256), "n"));
        assertEquals(JWSAlgorithm.HS256, hs.getHeader().getAlgorithm());

        SignedJWT noKid = SignedJWT.parse(platform.idToken(platform.resourceLink("c", "u").kid(null), "n"));
        assertNull(noKid.getHeader().getKeyID());
        assertTrue(noKid.verify(new RSASSAVerifier(publishedKey(platform.currentKid()))), "still the platform's key");

        SignedJWT stranger = SignedJWT.parse(platform.idToken(platform.resourceLink("c", "u").signWith(platform.strangerKey()), "n"));
        assertFalse(stranger.verify(new RSASSAVerifier(publishedKey(platform.currentKid()))));
        assertFalse(JWKSet.parse(get(platform.jwksUrl(), null).body()).getKeys().stream()
                .anyMatch(k -> k.getKeyID().equals(platform.strangerKey().getKeyID())), "the stranger key is never published");

        Instant past = Instant.parse("2020-01-01T00:00:00Z");
        JWTClaimsSet bent = SignedJWT.parse(platform.idToken(platform.resourceLink("c", "u").kid("unknown-kid")
                .claim("iss", "https://evil.example").remove("nonce").remove(Lti.DEPLOYMENT_ID).issuedAt(past)
                .expiresAt(past.plusSeconds(60)), "n")).getJWTClaimsSet();
        assertEquals("https://evil.example", bent.getIssuer());
        assertNull(bent.getClaim("nonce"));
        assertNull(bent.getClaim(Lti.DEPLOYMENT_ID));
        assertEquals(Date.from(past), bent.getIssueTime());
        assertEquals(Date.from(past.plusSeconds(60)), bent.getExpirationTime());
    }

    @Test
    void authRefusesABadRequestAndOtherwisePostsAFormWithTheNonceSent() throws Exception {
        FakeLaunch launch = platform.resourceLink("c1", "learner-1").name("Sam Student");
        Map<String, String> init = platform.initiation(launch);
        assertEquals(List.of("iss", "login_hint", "target_link_uri", "lti_message_hint", "client_id", "lti_deployment_id"),
                List.copyOf(init.keySet()));
        assertEquals(platform.issuer(), init.get("iss"));
        assertEquals(TOOL_LAUNCH, init.get("target_link_uri"));
        assertEquals("scholion-tool", init.get("client_id"));
        assertEquals("deployment-1", init.get("lti_deployment_id"));

        Map<String, String> wrongRedirect = authParameters(init, "n-1", "s");
        wrongRedirect.put("redirect_uri", "https://evil.example/launch");
        assertRefused(get(platform.authorizationUrl() + "?" + form(wrongRedirect), null), "redirect_uri");
        Map<String, String> noNonce = authParameters(init, "n-1", "s");
        noNonce.remove("nonce");
        assertRefused(get(platform.authorizationUrl() + "?" + form(noNonce), null), "nonce");
        Map<String, String> unknownHint = authParameters(init, "n-1", "s");
        unknownHint.put("login_hint", "someone-else");
        assertRefused(get(platform.authorizationUrl() + "?" + form(unknownHint), null), "login_hint");

        String state = "st\"<&>";
        HttpResponse<String> page = postForm(platform.authorizationUrl(), authParameters(init, "nonce-42", state));
        assertEquals(200, page.statusCode(), page.body());
        assertEquals("text/html; charset=utf-8", page.headers().firstValue("Content-Type").orElseThrow());
        assertTrue(page.body().contains("<form id=\"launch\" method=\"post\" action=\"" + TOOL_LAUNCH + "\">"), page.body());
        assertTrue(page.body().contains("name=\"state\" value=\"st&quot;&lt;&amp;&gt;\""), "state escaped: " + page.body());
        assertTrue(page.body().contains("<noscript>") && page.body().contains(".submit()"));
        JWTClaimsSet claims = verifiedClaims(hidden(page.body(), "id_token"));
        assertEquals("nonce-42", claims.getStringClaim("nonce"));
        assertEquals("learner-1", claims.getSubject());
        assertEquals("Sam Student", claims.getStringClaim("name"));

        assertEquals(4, platform.authorizationRequests().size());
        assertEquals("nonce-42", platform.authorizationRequests().get(3).get("nonce"));
    }

    @Test
    void theTokenEndpointChecksTheClientAssertion() throws Exception {
        String assertion = assertion(toolKey, platform.tokenUrl(), UUID.randomUUID().toString());
        HttpResponse<String> ok = tokenRequest(assertion, Lti.SCOPE_LINEITEM + " " + Lti.SCOPE_SCORE);
        assertEquals(200, ok.statusCode(), ok.body());
        JsonNode token = JSON.readTree(ok.body());
        assertFalse(token.get("access_token").asText().isBlank());
        assertEquals("Bearer", token.get("token_type").asText());
        assertEquals(3600, token.get("expires_in").asInt());
        assertEquals(Lti.SCOPE_LINEITEM + " " + Lti.SCOPE_SCORE, token.get("scope").asText());

        assertClientRefused(tokenRequest(assertion, Lti.SCOPE_SCORE), "jti");
        RSAKey impostor = new RSAKeyGenerator(2048).keyID(toolKey.getKeyID()).generate();
        assertClientRefused(tokenRequest(assertion(impostor, platform.tokenUrl(), "jti-2"), Lti.SCOPE_SCORE), "signature");
        assertClientRefused(tokenRequest(assertion(toolKey, "https://elsewhere.example/token", "jti-3"), Lti.SCOPE_SCORE), "aud");
        HttpResponse<String> badScope = tokenRequest(assertion(toolKey, platform.tokenUrl(), "jti-4"), "https://example.com/all");
        assertEquals(400, badScope.statusCode());
        assertEquals("invalid_scope", JSON.readTree(badScope.body()).get("error").asText());
        assertEquals(5, platform.tokenRequests());
    }

    @Test
    void namesAndRolesPagesWithLinkNextAndWantsItsScope() throws Exception {
        FakeRoster roster = platform.roster("c2").title("Physics").label("PHY");
        roster.put(FakeRoster.Member.instructor("t1", "Tess", "Teacher"));
        for (int i = 1; i <= 4; i++) {
            roster.put(FakeRoster.Member.learner("s" + i, "Student", "Number" + i));
        }
        roster.status("s2", "Deleted").status("s3", "Inactive");

        String token = accessToken(Lti.SCOPE_NRPS);
        List<String> seen = new ArrayList<>();
        String next = platform.namesRoleServiceUrl("c2") + "?limit=2";
        int pages = 0;
        while (next != null) {
            HttpResponse<String> page = get(next, token);
            assertEquals(200, page.statusCode(), page.body());
            assertEquals(Lti.MEMBERSHIP_CONTAINER, page.headers().firstValue("Content-Type").orElseThrow());
            JsonNode body = JSON.readTree(page.body());
            assertEquals("PHY", body.at("/context/label").asText());
            assertEquals("Physics", body.at("/context/title").asText());
            body.get("members").forEach(m -> seen.add(m.get("user_id").asText() + ":" + m.get("status").asText()));
            next = nextLink(page);
            pages++;
        }
        assertEquals(List.of("t1:Active", "s1:Active", "s3:Inactive", "s4:Active"), seen, "a Deleted member is left out");
        assertEquals(2, pages);

        JsonNode learners = JSON.readTree(get(platform.namesRoleServiceUrl("c2") + "?role=Instructor", token).body());
        assertEquals(1, learners.get("members").size());
        assertEquals("Tess Teacher", learners.at("/members/0/name").asText());
        assertEquals("t1@example.edu", learners.at("/members/0/email").asText());

        assertEquals(403, get(platform.namesRoleServiceUrl("c2"), accessToken(Lti.SCOPE_SCORE)).statusCode());
        assertEquals(401, get(platform.namesRoleServiceUrl("c2"), null).statusCode());
        assertEquals(401, get(platform.namesRoleServiceUrl("c2"), "made-up").statusCode());
        assertEquals(6, platform.membershipRequests());
    }

    @Test
    void lineItemsCarryAQueryStringScoresAreKeptInOrderAndAnOlderOneIsRefused() throws Exception {
        String token = accessToken(Lti.SCOPE_LINEITEM + " " + Lti.SCOPE_SCORE + " " + Lti.SCOPE_RESULT_READONLY);
        String container = platform.lineItemsUrl("c3");
        HttpResponse<String> created = send("POST", container, Lti.LINEITEM,
                "{\"label\":\"Essay\",\"scoreMaximum\":10,\"resourceId\":\"r1\",\"tag\":\"grade\"}", token);
        assertEquals(201, created.statusCode(), created.body());
        String id = JSON.readTree(created.body()).get("id").asText();
        assertTrue(id.matches(Pattern.quote(container) + "/\\d+/lineitem\\?type_id=1"), id);
        FakeGradebook.LineItem quiz = platform.createLineItem("c3", "Quiz", 20, null, "quiz", Instant.parse("2030-01-01T00:00:00Z"));
        assertEquals(2, platform.lineItems("c3").size());

        JsonNode tagged = JSON.readTree(get(container + "?tag=grade", token).body());
        assertEquals(1, tagged.size());
        assertEquals(id, tagged.get(0).get("id").asText());
        assertEquals(0, JSON.readTree(get(container + "?resource_id=none", token).body()).size());
        assertEquals(404, send("POST", container, Lti.LINEITEM,
                "{\"label\":\"X\",\"scoreMaximum\":1,\"resourceLinkId\":\"never-launched\"}", token).statusCode());

        String scores = id.replace("/lineitem?", "/lineitem/scores?");
        assertEquals(204, send("POST", scores, Lti.SCORE, score("s1", 7, "2024-03-01T10:00:00.100Z"), token).statusCode());
        assertEquals(204, send("POST", scores, Lti.SCORE, score("s1", 9, "2024-03-01T10:00:00.200+00:00"), token).statusCode());
        assertEquals(409, send("POST", scores, Lti.SCORE, score("s1", 3, "2024-03-01T10:00:00.150Z"), token).statusCode());
        assertEquals(409, send("POST", scores, Lti.SCORE, score("s1", 3, "2024-03-01T10:00:00.200Z"), token).statusCode());
        assertEquals(400, send("POST", scores, Lti.SCORE, score("s1", 3, "2024-03-01T10:00:01Z"), token).statusCode(),
                "a timestamp without sub-second precision");
        assertEquals(415, send("POST", scores, "application/json", score("s1", 3, "2024-03-01T10:00:02.000Z"), token).statusCode());
        assertEquals(404, send("POST", id + "/scores", Lti.SCORE, score("s1", 3, "2024-03-01T10:00:03.000Z"), token).statusCode(),
                "/scores appended to the query string");
        assertEquals(403, send("POST", scores, Lti.SCORE, score("s1", 3, "2024-03-01T10:00:04.000Z"),
                accessToken(Lti.SCOPE_LINEITEM_READONLY)).statusCode());
        assertEquals(List.of(7.0, 9.0), platform.scores(id).stream().map(FakeGradebook.Score::scoreGiven).toList());

        String quizScores = quiz.id().replace("/lineitem?", "/lineitem/scores?");
        assertEquals(204, send("POST", quizScores, Lti.SCORE, score("s2", 5, "2024-03-01T10:00:00.100Z"), token).statusCode());
        HttpResponse<String> results = get(quiz.id().replace("/lineitem?", "/lineitem/results?"), token);
        assertEquals(Lti.RESULT_CONTAINER, results.headers().firstValue("Content-Type").orElseThrow());
        JsonNode result = JSON.readTree(results.body()).get(0);
        assertEquals("s2", result.get("userId").asText());
        assertEquals(10.0, result.get("resultScore").asDouble(), "5 of 10 on a line item out of 20");
        assertEquals(quiz.id(), result.get("scoreOf").asText());

        HttpResponse<String> renamed = send("PUT", id, Lti.LINEITEM, "{\"label\":\"Essay 1\",\"scoreMaximum\":10}", token);
        assertEquals("Essay 1", JSON.readTree(renamed.body()).get("label").asText());
        assertEquals(204, send("DELETE", id, null, null, token).statusCode());
        assertEquals(404, get(id, token).statusCode());
    }

    @Test
    void aDeepLinkingResponseIsVerifiedWithTheToolsKeysAndPlacesTheLink() throws Exception {
        FakeLaunch request = platform.deepLinking("c4", "teacher-1");
        platform.idToken(request, "n");
        Map<String, Object> item = new LinkedHashMap<>();
        item.put("type", "ltiResourceLink");
        item.put("title", "<b>Reading</b> & more");
        item.put("url", "https://tool.example/readings/1");
        item.put("custom", Map.of("reading", "42"));
        item.put("lineItem", Map.of("label", "Reading", "scoreMaximum", 10));

        RSAKey impostor = new RSAKeyGenerator(2048).keyID(toolKey.getKeyID()).generate();
        HttpResponse<String> forged = postForm(platform.deepLinkReturnUrl(), Map.of("JWT", deepLinkResponse(impostor, request, item)));
        assertEquals(400, forged.statusCode());
        assertTrue(forged.body().contains("signature"), forged.body());

        String jwt = deepLinkResponse(toolKey, request, item);
        HttpResponse<String> page = postForm(platform.deepLinkReturnUrl(), Map.of("JWT", jwt));
        assertEquals(200, page.statusCode(), page.body());
        assertTrue(page.body().contains("Content added: &lt;b&gt;Reading&lt;/b&gt; &amp; more"), page.body());
        assertFalse(page.body().contains("<b>Reading"));

        assertEquals(1, platform.deepLinkResponses().size());
        DeepLinkResponse response = platform.deepLinkResponses().get(0);
        assertEquals("c4", response.contextId());
        assertEquals("teacher-1", response.userSub());
        assertEquals("<b>Reading</b> & more", response.contentItems().get(0).get("title"));
        PlacedLink link = platform.placedLinks().get(0);
        assertEquals("https://tool.example/readings/1", link.url());
        assertEquals(Map.of("reading", "42"), link.custom());
        FakeGradebook.LineItem lineItem = platform.lineItems("c4").get(0);
        assertEquals(link.lineItemUrl(), lineItem.id());
        assertEquals(link.resourceLinkId(), lineItem.resourceLinkId());

        assertEquals(400, postForm(platform.deepLinkReturnUrl(), Map.of("JWT", jwt)).statusCode(), "answered once");
    }

    @Test
    void aDynamicRegistrationWorksOncePerRegistrationToken() throws Exception {
        JsonNode config = JSON.readTree(get(platform.openidConfigurationUrl(), null).body());
        assertEquals(platform.issuer(), config.get("issuer").asText());
        assertEquals(platform.registrationUrl(), config.get("registration_endpoint").asText());
        assertEquals(platform.jwksUrl(), config.get("jwks_uri").asText());
        assertEquals("private_key_jwt", config.at("/token_endpoint_auth_methods_supported/0").asText());
        assertTrue(config.get("scopes_supported").toString().contains(Lti.SCOPE_NRPS));
        JsonNode lti = config.get("https://purl.imsglobal.org/spec/lti-platform-configuration");
        assertEquals("scholion-fake", lti.get("product_family_code").asText());
        assertEquals("LtiDeepLinkingRequest", lti.at("/messages_supported/1/type").asText());

        Map<String, String> start = platform.registrationStart();
        assertEquals(platform.openidConfigurationUrl(), start.get("openid_configuration"));
        String registrationToken = start.get("registration_token");
        HttpResponse<String> invalid = send("POST", platform.registrationUrl(), "application/json",
                registration("https://scholion.example/lti/jwks").replace("\"web\"", "\"native\""), registrationToken);
        assertEquals(400, invalid.statusCode());
        assertEquals("invalid_client_metadata", JSON.readTree(invalid.body()).get("error").asText());

        HttpResponse<String> ok = send("POST", platform.registrationUrl(), "application/json",
                registration("https://scholion.example/lti/jwks"), registrationToken);
        assertEquals(200, ok.statusCode(), ok.body());
        JsonNode registered = JSON.readTree(ok.body());
        String clientId = registered.get("client_id").asText();
        String deploymentId = registered.at("/https:~1~1purl.imsglobal.org~1spec~1lti-tool-configuration/deployment_id").asText();
        assertEquals("Scholion", registered.get("client_name").asText());
        assertEquals(Lti.SCOPE_SCORE, registered.get("scope").asText(), "an unknown scope is not granted");
        assertEquals(clientId, platform.clientId());
        assertEquals(deploymentId, platform.deploymentId());
        assertEquals("https://scholion.example/lti/jwks", platform.toolRegistration().jwksUrl());
        assertEquals(List.of("https://scholion.example/lti/launch"), platform.toolRegistration().redirectUris());
        assertEquals("https://scholion.example/lti/login", platform.toolRegistration().loginUrl());

        assertEquals(401, send("POST", platform.registrationUrl(), "application/json",
                registration("https://scholion.example/lti/jwks"), registrationToken).statusCode(), "the token is spent");
        assertEquals(List.of(clientId), platform.registrations().stream().map(r -> (String) r.get("client_id")).toList());
    }

    @Test
    void theDemoHomePageLaunchesWhenAButtonIsPressed() throws Exception {
        FakeDemo.install(platform, new FakeDemo.Settings(0, "http://localhost:9/lti/login", "http://localhost:9/lti/jwks",
                "http://localhost:9/lti/launch", "http://localhost:9/lti/register"));
        HttpResponse<String> home = get(platform.issuer() + "/", null);
        assertEquals(200, home.statusCode());
        for (String text : List.of(platform.issuer(), "scholion-tool", "deployment-1", "History 101: Revolutions", "HIST101",
                "Add a reading (instructor, deep linking)", "Open the reading as student Robin Learner")) {
            assertTrue(home.body().contains(text), text);
        }
        assertEquals(404, get(platform.issuer() + "/elsewhere", null).statusCode());

        HttpResponse<String> pressed = get(platform.issuer() + "/launch/sam", null);
        assertEquals(302, pressed.statusCode());
        String location = pressed.headers().firstValue("Location").orElseThrow();
        assertTrue(location.startsWith("http://localhost:9/lti/login?"), location);
        Map<String, String> init = Http.parseForm(URI.create(location).getRawQuery());
        assertEquals("http://localhost:9/", init.get("target_link_uri"), "no reading yet: the tool's base");
        Map<String, String> auth = authParameters(init, "n", "s");
        auth.put("redirect_uri", "http://localhost:9/lti/launch");
        JWTClaimsSet claims = verifiedClaims(hidden(get(platform.authorizationUrl() + "?" + form(auth), null).body(), "id_token"));
        assertEquals("sam-student", claims.getSubject());
        assertEquals("Sam Student", claims.getStringClaim("name"));
        assertEquals("course-101", claims.getJSONObjectClaim(Lti.CONTEXT).get("id"));
        assertEquals(List.of(Lti.LEARNER), claims.getStringListClaim(Lti.ROLES));
        assertEquals(200, get(platform.issuer() + "/gradebook", null).statusCode());
    }

    // ---- helpers

    private JWTClaimsSet verifiedClaims(String idToken) throws Exception {
        SignedJWT jwt = SignedJWT.parse(idToken);
        assertEquals(JWSAlgorithm.RS256, jwt.getHeader().getAlgorithm());
        assertTrue(jwt.verify(new RSASSAVerifier(publishedKey(jwt.getHeader().getKeyID()))), "signature");
        return jwt.getJWTClaimsSet();
    }

    private RSAKey publishedKey(String kid) throws Exception {
        JWK key = JWKSet.parse(get(platform.jwksUrl(), null).body()).getKeyByKeyId(kid);
        assertNotNull(key, "kid " + kid + " is published");
        return key.toRSAKey();
    }

    private static Map<String, String> authParameters(Map<String, String> init, String nonce, String state) {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("scope", "openid");
        p.put("response_type", "id_token");
        p.put("response_mode", "form_post");
        p.put("prompt", "none");
        p.put("client_id", init.get("client_id"));
        p.put("redirect_uri", TOOL_LAUNCH);
        p.put("login_hint", init.get("login_hint"));
        p.put("lti_message_hint", init.get("lti_message_hint"));
        p.put("nonce", nonce);
        p.put("state", state);
        return p;
    }

    private static void assertRefused(HttpResponse<String> response, String parameter) {
        assertEquals(400, response.statusCode(), response.body());
        assertTrue(response.body().contains(parameter), response.body());
    }

    private static String hidden(String html, String name) {
        Matcher m = Pattern.compile("name=\"" + name + "\" value=\"([^\"]*)\"").matcher(html);
        assertTrue(m.find(), "no " + name + " in " + html);
        return m.group(1);
    }

    private String accessToken(String scope) throws Exception {
        HttpResponse<String> response = tokenRequest(assertion(toolKey, platform.tokenUrl(), UUID.randomUUID().toString()), scope);
        assertEquals(200, response.statusCode(), response.body());
        return JSON.readTree(response.body()).get("access_token").asText();
    }

    private HttpResponse<String> tokenRequest(String assertion, String scope) throws Exception {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("grant_type", "client_credentials");
        p.put("client_assertion_type", "urn:ietf:params:oauth:client-assertion-type:jwt-bearer");
        p.put("client_assertion", assertion);
        p.put("scope", scope);
        return postForm(platform.tokenUrl(), p);
    }

    private static void assertClientRefused(HttpResponse<String> response, String reason) throws Exception {
        assertEquals(401, response.statusCode(), response.body());
        JsonNode body = JSON.readTree(response.body());
        assertEquals("invalid_client", body.get("error").asText());
        assertTrue(body.get("error_description").asText().contains(reason), body.toString());
    }

    private String assertion(RSAKey key, String audience, String jti) throws Exception {
        Instant now = Instant.now();
        return sign(key, new JWTClaimsSet.Builder().issuer(platform.clientId()).subject(platform.clientId()).audience(audience)
                .issueTime(Date.from(now)).expirationTime(Date.from(now.plusSeconds(300))).jwtID(jti).build());
    }

    private String deepLinkResponse(RSAKey key, FakeLaunch request, Map<String, Object> item) throws Exception {
        Instant now = Instant.now();
        return sign(key, new JWTClaimsSet.Builder().issuer(platform.clientId()).audience(platform.issuer())
                .issueTime(Date.from(now)).expirationTime(Date.from(now.plusSeconds(300))).claim("nonce", "dl-nonce")
                .claim(Lti.MESSAGE_TYPE, "LtiDeepLinkingResponse").claim(Lti.VERSION, "1.3.0")
                .claim(Lti.DEPLOYMENT_ID, platform.deploymentId()).claim(Lti.DL_DATA, request.data())
                .claim(Lti.DL_CONTENT_ITEMS, List.of(item)).build());
    }

    private static String sign(RSAKey key, JWTClaimsSet claims) throws Exception {
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID()).build(), claims);
        jwt.sign(new RSASSASigner(key));
        return jwt.serialize();
    }

    private static String score(String userId, double given, String timestamp) {
        return "{\"userId\":\"" + userId + "\",\"scoreGiven\":" + given + ",\"scoreMaximum\":10,\"activityProgress\":\"Completed\","
                + "\"gradingProgress\":\"FullyGraded\",\"timestamp\":\"" + timestamp + "\",\"comment\":\"ok\"}";
    }

    private static String registration(String jwksUri) {
        return """
                {"application_type":"web","response_types":["id_token"],"grant_types":["implicit","client_credentials"],
                 "initiate_login_uri":"https://scholion.example/lti/login","redirect_uris":["https://scholion.example/lti/launch"],
                 "client_name":"Scholion","jwks_uri":"%s","token_endpoint_auth_method":"private_key_jwt",
                 "scope":"https://purl.imsglobal.org/spec/lti-ags/scope/score https://example.com/unknown",
                 "https://purl.imsglobal.org/spec/lti-tool-configuration":{"domain":"scholion.example",
                   "target_link_uri":"https://scholion.example/","claims":["iss","sub","name","email"],
                   "messages":[{"type":"LtiDeepLinkingRequest","target_link_uri":"https://scholion.example/lti/launch"}]}}
                """.formatted(jwksUri);
    }

    private static String nextLink(HttpResponse<String> response) {
        return response.headers().firstValue("Link").map(link -> {
            Matcher m = Pattern.compile("<([^>]+)>;\\s*rel=\"next\"").matcher(link);
            return m.find() ? m.group(1) : null;
        }).orElse(null);
    }

    private static String form(Map<String, String> fields) {
        return fields.entrySet().stream().map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8)).collect(Collectors.joining("&"));
    }

    private static HttpResponse<String> get(String url, String bearer) throws Exception {
        return send("GET", url, null, null, bearer);
    }

    private static HttpResponse<String> postForm(String url, Map<String, String> fields) throws Exception {
        return send("POST", url, "application/x-www-form-urlencoded", form(fields), null);
    }

    private static HttpResponse<String> send(String method, String url, String contentType, String body, String bearer)
            throws Exception {
        assertTrue(URI.create(url).getHost().equals("127.0.0.1"), "only loopback: " + url);
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        if (bearer != null) {
            request.header("Authorization", "Bearer " + bearer);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
