package org.scholion.devstack.lti;

import com.nimbusds.jose.jwk.RSAKey;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A fake LTI 1.3 platform (an LMS) on 127.0.0.1 for Scholion's tests and local demo: OIDC login and signed launches
 * (LTI 1.3 Core, Security Framework), deep linking (Deep Linking 2.0), rosters (NRPS 2.0), a gradebook (AGS 2.0),
 * client-credentials service tokens and dynamic registration (LTI Dynamic Registration 1.0). It records what tools
 * ask of it so that tests can look, and its state is safe to read and change from any thread.
 */
public final class FakePlatform implements AutoCloseable {
    /** The platform's name in the tool_platform claim. */
    static final String NAME = "Scholion Fake LMS";
    private static final int THREADS = 8;

    private final HttpServer server;
    private final ExecutorService executor;
    private final String issuer;
    private final String guid = UUID.randomUUID().toString();
    private final FakeKeys keys = new FakeKeys();
    private final AccessTokens tokens = new AccessTokens();
    private final ToolJwts toolJwts = new ToolJwts();
    private final AtomicReference<ToolRegistration> tool = new AtomicReference<>(
            new ToolRegistration("scholion-tool", "deployment-1", null, null, List.of(), null));
    private final Map<String, FakeRoster> rosters = new ConcurrentHashMap<>();
    private final Map<String, Set<String>> resourceLinks = new ConcurrentHashMap<>();
    private final Map<String, Prepared> prepared = new ConcurrentHashMap<>();
    private final List<Map<String, String>> authorizationRequests = new CopyOnWriteArrayList<>();
    private final NamesRoles namesRoles;
    private final FakeGradebook gradebook;
    private final TokenEndpoint tokenEndpoint;
    private final DeepLinks deepLinks;
    private final DynamicRegistration registration;
    private final PlatformStorage storage;

    /** A launch waiting for its authorization request, under its login_hint. */
    private record Prepared(FakeLaunch launch, String messageHint) {
    }

    private FakePlatform(HttpServer server, ExecutorService executor) {
        this.server = server;
        this.executor = executor;
        this.issuer = "http://127.0.0.1:" + server.getAddress().getPort();
        this.namesRoles = new NamesRoles(issuer, tokens, this::roster);
        this.gradebook = new FakeGradebook(issuer, tokens, this::knowsResourceLink);
        this.tokenEndpoint = new TokenEndpoint(issuer, tokenUrl(), tool::get, toolJwts, tokens);
        this.deepLinks = new DeepLinks(issuer, tool::get, toolJwts, gradebook, this::resourceLinkExists);
        this.registration = new DynamicRegistration(this, tool::set);
        this.storage = new PlatformStorage(tool::get);
        route("/jwks", false, this::jwks);
        route("/.well-known/openid-configuration", false, registration::handleConfiguration);
        route("/auth", false, this::authorize);
        route("/token", false, tokenEndpoint::handle);
        route("/register", false, registration::handleRegister);
        route("/deep-link-return", false, deepLinks::handle);
        route(NamesRoles.PREFIX, true, namesRoles::handle);
        route(FakeGradebook.PREFIX, true, gradebook::handle);
        route(PlatformStorage.PATH, true, storage::handle);
    }

    /** Starts a platform on http://127.0.0.1:{port}; port 0 takes a free one. */
    public static FakePlatform start(int port) {
        ExecutorService executor = Executors.newFixedThreadPool(THREADS, runnable -> {
            Thread thread = new Thread(runnable, "fake-lms");
            thread.setDaemon(true);
            return thread;
        });
        try {
            // 127.0.0.1 itself, not "the loopback address", which is ::1 when Java prefers IPv6: the issuer names it.
            InetAddress loopback = InetAddress.getByAddress(new byte[] {127, 0, 0, 1});
            HttpServer server = HttpServer.create(new InetSocketAddress(loopback, port), 0);
            server.setExecutor(executor);
            FakePlatform platform = new FakePlatform(server, executor);
            server.start();
            return platform;
        } catch (IOException e) {
            executor.shutdownNow();
            throw new UncheckedIOException("Could not start the fake LTI platform on 127.0.0.1:" + port, e);
        }
    }

    /** Stops the platform's HTTP server. */
    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }

    /** Serves a handler at a path (or, with {@code prefix}, under it); for the demo's pages. */
    void route(String path, boolean prefix, Http.Route route) {
        server.createContext(path, Http.handler(path, prefix, route));
    }

    // ---- where things are

    /** The issuer: http://127.0.0.1:{port}, without a trailing slash. */
    public String issuer() {
        return issuer;
    }

    /** The platform's JWK set URL. */
    public String jwksUrl() {
        return issuer + "/jwks";
    }

    /** The OIDC authorization endpoint a tool's login redirects to. */
    public String authorizationUrl() {
        return issuer + "/auth";
    }

    /** The OAuth 2.0 token endpoint for service tokens. */
    public String tokenUrl() {
        return issuer + "/token";
    }

    /** The platform's OpenID configuration (dynamic registration). */
    public String openidConfigurationUrl() {
        return issuer + "/.well-known/openid-configuration";
    }

    /** The dynamic registration endpoint. */
    public String registrationUrl() {
        return issuer + "/register";
    }

    /** Where a tool posts its deep linking response. */
    public String deepLinkReturnUrl() {
        return issuer + "/deep-link-return";
    }

    /** The NRPS context memberships URL of a context. */
    public String namesRoleServiceUrl(String contextId) {
        return namesRoles.url(contextId);
    }

    /** The AGS line items container URL of a context. */
    public String lineItemsUrl(String contextId) {
        return gradebook.lineItemsUrl(contextId);
    }

    // ---- the tool

    /** The client id the platform gave the tool: "scholion-tool" until a dynamic registration. */
    public String clientId() {
        return tool.get().clientId();
    }

    /** The deployment id of launches: "deployment-1" until a dynamic registration. */
    public String deploymentId() {
        return tool.get().deploymentId();
    }

    /** Everything the platform knows of the tool. */
    public ToolRegistration toolRegistration() {
        return tool.get();
    }

    /** Tells the platform where the tool is (manual registration); the first redirect URI is the default target. */
    public FakePlatform tool(String jwksUrl, String loginUrl, String... redirectUris) {
        tool.updateAndGet(t -> new ToolRegistration(t.clientId(), t.deploymentId(), jwksUrl, loginUrl, List.of(redirectUris),
                redirectUris.length > 0 ? redirectUris[0] : null));
        return this;
    }

    // ---- keys

    /** Generates a new signing key with a new kid; the old key stays in /jwks. Returns the new kid. */
    public String rotateKey() {
        return keys.rotate();
    }

    /** Takes a key out of /jwks (the current key goes on signing); false if no key has that kid. */
    public boolean removeKey(String kid) {
        return keys.remove(kid);
    }

    /** The kid of the key that signs launches. */
    public String currentKid() {
        return keys.current().getKeyID();
    }

    /** A private RSA key /jwks never shows, for "signed by another key" tests. */
    public RSAKey strangerKey() {
        return keys.stranger();
    }

    /** How many times /jwks was fetched. */
    public int jwksFetches() {
        return keys.fetches();
    }

    FakeKeys keys() {
        return keys;
    }

    String guid() {
        return guid;
    }

    // ---- launches

    /** A resource link launch of a learner in a context, to be adjusted and signed. */
    public FakeLaunch resourceLink(String contextId, String userSub) {
        return new FakeLaunch(this, Lti.RESOURCE_LINK_REQUEST, contextId, userSub);
    }

    /** A deep linking request of an instructor in a context, to be adjusted and signed. */
    public FakeLaunch deepLinking(String contextId, String userSub) {
        return new FakeLaunch(this, Lti.DEEP_LINKING_REQUEST, contextId, userSub);
    }

    /** Signs the launch now as an id_token with this nonce, as /auth would. */
    public String idToken(FakeLaunch launch, String nonce) {
        if (launch.platform() != this) {
            throw new IllegalArgumentException("The launch was made by another platform");
        }
        String token = launch.sign(nonce);
        if (launch.isDeepLinking()) {
            deepLinks.issued(launch);
        } else {
            resourceLinkExists(launch.contextId(), launch.resourceLinkId());
        }
        return token;
    }

    /**
     * Prepares the launch under fresh login_hint and lti_message_hint values and returns the third-party login
     * initiation parameters (LTI 1.3 Core §5.1.1): iss, login_hint, target_link_uri, lti_message_hint, client_id,
     * lti_deployment_id.
     */
    public Map<String, String> initiation(FakeLaunch launch) {
        String loginHint = "login-" + AccessTokens.random(12);
        String messageHint = "message-" + AccessTokens.random(12);
        prepared.put(loginHint, new Prepared(launch, messageHint));
        ToolRegistration registered = tool.get();
        Map<String, String> params = new LinkedHashMap<>();
        params.put("iss", issuer);
        params.put("login_hint", loginHint);
        params.put("target_link_uri", launch.effectiveTargetLinkUri());
        params.put("lti_message_hint", messageHint);
        params.put("client_id", registered.clientId());
        params.put("lti_deployment_id", registered.deploymentId());
        return params;
    }

    /** The parameters of every request /auth received, refused ones too, in order. */
    public List<Map<String, String>> authorizationRequests() {
        return List.copyOf(authorizationRequests);
    }

    // ---- services

    /** How many requests /token received. */
    public int tokenRequests() {
        return tokenEndpoint.requests();
    }

    /** The roster of a context (made empty on first use), to change at will. */
    public FakeRoster roster(String contextId) {
        return rosters.computeIfAbsent(contextId, FakeRoster::new);
    }

    /** How many requests the NRPS membership endpoint received. */
    public int membershipRequests() {
        return namesRoles.requests();
    }

    /** Creates a line item as the platform's own gradebook would (null fields are left out). */
    public FakeGradebook.LineItem createLineItem(String contextId, String label, double scoreMaximum, String resourceLinkId,
            String tag, Instant endDateTime) {
        if (resourceLinkId != null) {
            resourceLinkExists(contextId, resourceLinkId);
        }
        return gradebook.create(contextId, label, scoreMaximum, resourceLinkId, null, tag, null,
                endDateTime == null ? null : endDateTime.toString());
    }

    /** The line items of a context, oldest first. */
    public List<FakeGradebook.LineItem> lineItems(String contextId) {
        return gradebook.lineItems(contextId);
    }

    /** The scores accepted for a line item (by its id URL), in arrival order. */
    public List<FakeGradebook.Score> scores(String lineItemUrl) {
        return gradebook.scores(lineItemUrl);
    }

    /** Every line item with its accepted scores. */
    public Map<FakeGradebook.LineItem, List<FakeGradebook.Score>> gradebook() {
        return gradebook.all();
    }

    /** The deep linking responses accepted, in order. */
    public List<DeepLinkResponse> deepLinkResponses() {
        return deepLinks.responses();
    }

    /** The resource links placed from deep linking responses (or by {@link #placeLink}), in order. */
    public List<PlacedLink> placedLinks() {
        return deepLinks.placed();
    }

    /**
     * Places a resource link in a context without deep linking, as an instructor who pastes the tool's URL into
     * the course; the demo's launches then open it. Returns it.
     */
    public PlacedLink placeLink(String contextId, String title, String url) {
        return deepLinks.placeByHand(contextId, title, url);
    }

    // ---- client-side storage

    /**
     * The platform's storage frame, for a page that embeds the tool: its URL (a page of the platform's origin that
     * answers lti.put_data and lti.get_data from the registered tool's origin).
     */
    public String storageFrameUrl() {
        return issuer + PlatformStorage.PATH;
    }

    /** The messages the storage frames of this platform received, as they reported them, in order. */
    public List<StorageMessage> storageMessages() {
        return storage.messages();
    }

    // ---- dynamic registration

    /** Starts a dynamic registration: the openid_configuration and one-time registration_token parameters. */
    public Map<String, String> registrationStart() {
        return registration.start();
    }

    /** The registration responses the platform gave, in order. */
    public List<Map<String, Object>> registrations() {
        return registration.registrations();
    }

    // ---- endpoints

    private void jwks(HttpExchange exchange) throws IOException {
        Http.requireMethod(exchange, "GET");
        Http.sendJson(exchange, 200, "application/json", keys.publicSet());
    }

    /** The OIDC authorization endpoint (LTI 1.3 Core §5.1.1.2, Security Framework §5.1.1.3). */
    private void authorize(HttpExchange exchange) throws IOException {
        Http.requireMethod(exchange, "GET", "POST");
        Map<String, String> p = Http.parameters(exchange);
        authorizationRequests.add(Collections.unmodifiableMap(new LinkedHashMap<>(p)));
        ToolRegistration registered = tool.get();
        requireParameter(p, "scope", "openid");
        requireParameter(p, "response_type", "id_token");
        requireParameter(p, "response_mode", "form_post");
        requireParameter(p, "prompt", "none");
        requireParameter(p, "client_id", registered.clientId());
        String redirectUri = p.get("redirect_uri");
        if (!registered.redirectUris().contains(redirectUri)) {
            throw Http.Failure.text(400, "redirect_uri " + redirectUri + " is not registered; registered: " + registered.redirectUris());
        }
        Prepared launch = p.get("login_hint") == null ? null : prepared.get(p.get("login_hint"));
        if (launch == null) {
            throw Http.Failure.text(400, "login_hint " + p.get("login_hint") + " names no launch of this platform");
        }
        if (!launch.messageHint().equals(p.get("lti_message_hint"))) {
            throw Http.Failure.text(400, "lti_message_hint " + p.get("lti_message_hint") + " is not the one of this login_hint");
        }
        String nonce = p.get("nonce");
        if (nonce == null || nonce.isBlank()) {
            throw Http.Failure.text(400, "nonce is required");
        }
        String idToken = idToken(launch.launch(), nonce);
        StringBuilder page = new StringBuilder("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">"
                + "<title>Launching the tool</title></head><body>");
        page.append("<form id=\"launch\" method=\"post\" action=\"").append(Http.escape(redirectUri)).append("\">");
        page.append("<input type=\"hidden\" name=\"id_token\" value=\"").append(Http.escape(idToken)).append("\">");
        if (p.get("state") != null) {
            page.append("<input type=\"hidden\" name=\"state\" value=\"").append(Http.escape(p.get("state"))).append("\">");
        }
        page.append("<noscript><button type=\"submit\">Continue to the tool</button></noscript></form>");
        page.append("<script>document.getElementById(\"launch\").submit();</script></body></html>");
        Http.sendHtml(exchange, 200, page.toString());
    }

    private static void requireParameter(Map<String, String> p, String name, String expected) {
        if (!expected.equals(p.get(name))) {
            throw Http.Failure.text(400, name + " must be " + expected + ", was " + p.get(name));
        }
    }

    /** Whether a resource link is known in a context: launched, placed or given a line item by the platform. */
    private boolean knowsResourceLink(String contextId, String resourceLinkId) {
        return resourceLinks.getOrDefault(contextId, Set.of()).contains(resourceLinkId);
    }

    private void resourceLinkExists(String contextId, String resourceLinkId) {
        if (resourceLinkId != null) {
            resourceLinks.computeIfAbsent(contextId, c -> ConcurrentHashMap.newKeySet()).add(resourceLinkId);
        }
    }

    /** The course of the demo's pages ({@link #demo}): its instructor ines-instructor, its students sam-student and robin-learner. */
    public static final String DEMO_COURSE = FakeDemo.COURSE;

    /**
     * Serves the local demo's pages on this platform (the home page, {@code /launch/{who}}, {@code /gradebook}; see
     * {@link #main}) for a Scholion at {@code toolBase} (e.g. http://localhost:8081), and tells the platform where that
     * Scholion is: for a test that drives a real browser through the platform's own pages.
     */
    public FakePlatform demo(String toolBase) {
        FakeDemo.install(this, FakeDemo.Settings.forTool(server.getAddress().getPort(), toolBase));
        return this;
    }

    /**
     * The local demo: a platform on SCHOLION_FAKE_LMS_PORT (8390) whose home page launches Scholion as an instructor
     * and two students of one course. Stops with Ctrl-C.
     */
    public static void main(String[] args) throws InterruptedException {
        FakeDemo.Settings settings = FakeDemo.Settings.from(System.getenv());
        FakePlatform platform = start(settings.port());
        FakeDemo.install(platform, settings);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            platform.close();
            stopped.countDown();
        }));
        System.out.println("Fake LMS at " + platform.issuer() + "/ (issuer " + platform.issuer() + ", client id "
                + platform.clientId() + ", deployment id " + platform.deploymentId() + "); Ctrl-C stops it.");
        stopped.await();
    }
}
