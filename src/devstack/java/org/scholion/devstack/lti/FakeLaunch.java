package org.scholion.devstack.lti;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One LTI launch message to be signed: a resource link launch or a deep linking request (LTI 1.3 Core §5.3,
 * Deep Linking 2.0 §4.4), with every claim a real platform sends and, for negative tests, ways to bend any of them.
 * Made by {@link FakePlatform#resourceLink} and {@link FakePlatform#deepLinking}; the claims are built when signed,
 * so a launch may be changed and signed again. Not thread-safe: build it before handing it to
 * {@link FakePlatform#initiation}, after which /auth signs it on a server thread.
 */
public final class FakeLaunch {
    /** How long a launch is valid when {@link #expiresAt} is not set. */
    static final Duration LIFETIME = Duration.ofMinutes(5);

    private final FakePlatform platform;
    private final String messageType;
    private final String contextId;
    private final String userSub;
    private List<String> roles;
    private String name;
    private String givenName;
    private String familyName;
    private String email;
    private String contextTitle;
    private String contextLabel;
    private String resourceLinkId;
    private String resourceLinkTitle = "Reading";
    private String targetLinkUri;
    private final Map<String, String> custom = new LinkedHashMap<>();
    private String documentTarget = "iframe";
    private boolean ags = true;
    private String lineItem;
    private boolean nrps = true;
    private String data = "dl-" + AccessTokens.random(12);
    private final Map<String, Object> overrides = new LinkedHashMap<>();
    private final Set<String> removed = new LinkedHashSet<>();
    private JWSAlgorithm alg = JWSAlgorithm.RS256;
    private boolean kidSet;
    private String kid;
    private RSAKey signingKey;
    private Instant issuedAt;
    private Instant expiresAt;

    FakeLaunch(FakePlatform platform, String messageType, String contextId, String userSub) {
        this.platform = platform;
        this.messageType = messageType;
        this.contextId = contextId;
        this.userSub = userSub;
        this.resourceLinkId = contextId + "-reading";
        this.roles = List.of(Lti.DEEP_LINKING_REQUEST.equals(messageType) ? Lti.INSTRUCTOR : Lti.LEARNER);
    }

    /** The roles claim: full LIS role URIs such as {@link Lti#LEARNER}. */
    public FakeLaunch roles(String... roles) {
        this.roles = List.of(roles);
        return this;
    }

    /** Only the Learner role. */
    public FakeLaunch learner() {
        return roles(Lti.LEARNER);
    }

    /** Only the Instructor role. */
    public FakeLaunch instructor() {
        return roles(Lti.INSTRUCTOR);
    }

    /** The OIDC name claim; absent unless set. */
    public FakeLaunch name(String name) {
        this.name = name;
        return this;
    }

    /** The OIDC given_name claim; absent unless set. */
    public FakeLaunch givenName(String givenName) {
        this.givenName = givenName;
        return this;
    }

    /** The OIDC family_name claim; absent unless set. */
    public FakeLaunch familyName(String familyName) {
        this.familyName = familyName;
        return this;
    }

    /** The OIDC email claim; absent unless set. */
    public FakeLaunch email(String email) {
        this.email = email;
        return this;
    }

    /** The context claim's title; the roster's title unless set. */
    public FakeLaunch contextTitle(String title) {
        this.contextTitle = title;
        return this;
    }

    /** The context claim's label; the roster's label unless set. */
    public FakeLaunch contextLabel(String label) {
        this.contextLabel = label;
        return this;
    }

    /** The resource_link claim's id (resource link launches only); "{contextId}-reading" unless set. */
    public FakeLaunch resourceLinkId(String id) {
        this.resourceLinkId = id;
        return this;
    }

    /** The resource_link claim's title. */
    public FakeLaunch resourceLinkTitle(String title) {
        this.resourceLinkTitle = title;
        return this;
    }

    /** The target_link_uri claim and initiation parameter; the tool's default target unless set. */
    public FakeLaunch targetLinkUri(String uri) {
        this.targetLinkUri = uri;
        return this;
    }

    /** One custom parameter of the custom claim. */
    public FakeLaunch custom(String key, String value) {
        custom.put(key, value);
        return this;
    }

    /** The launch_presentation claim's document_target: "iframe" (the default) or "window". */
    public FakeLaunch documentTarget(String target) {
        this.documentTarget = target;
        return this;
    }

    /** Whether the AGS endpoint claim is sent (it is unless turned off). */
    public FakeLaunch ags(boolean include) {
        this.ags = include;
        return this;
    }

    /** The AGS claim's lineitem URL: this link has exactly one line item (AGS §3.1). Turns the AGS claim on. */
    public FakeLaunch lineItem(String lineItemUrl) {
        this.lineItem = lineItemUrl;
        this.ags = true;
        return this;
    }

    /** Whether the NRPS claim is sent (it is unless turned off). */
    public FakeLaunch nrps(boolean include) {
        this.nrps = include;
        return this;
    }

    /** The deep linking settings' opaque data, which the tool must echo; a fresh random value unless set. */
    public FakeLaunch data(String data) {
        this.data = data;
        return this;
    }

    /** Sets or replaces any claim after the defaults are built (negative tests). */
    public FakeLaunch claim(String name, Object value) {
        removed.remove(name);
        overrides.put(name, value);
        return this;
    }

    /** Leaves a claim out (negative tests). */
    public FakeLaunch remove(String name) {
        overrides.remove(name);
        removed.add(name);
        return this;
    }

    /**
     * The JWS algorithm: RS256 by default; other RS and PS algorithms sign with the RSA key; HS algorithms are keyed
     * with the platform's public key bytes (the algorithm-confusion attack); {@code JWSAlgorithm.parse("none")}
     * gives an unsigned {@link PlainJWT}.
     */
    public FakeLaunch alg(JWSAlgorithm alg) {
        this.alg = alg;
        return this;
    }

    /** The kid header, which may name no published key; null leaves the kid out. The signing key's kid unless set. */
    public FakeLaunch kid(String kid) {
        this.kidSet = true;
        this.kid = kid;
        return this;
    }

    /** Signs with another key, e.g. {@link FakePlatform#strangerKey()}; the platform's current key unless set. */
    public FakeLaunch signWith(RSAKey key) {
        this.signingKey = key;
        return this;
    }

    /** The iat claim; the signing time unless set. */
    public FakeLaunch issuedAt(Instant at) {
        this.issuedAt = at;
        return this;
    }

    /** The exp claim; iat plus five minutes unless set. */
    public FakeLaunch expiresAt(Instant at) {
        this.expiresAt = at;
        return this;
    }

    /** The context the launch comes from. */
    public String contextId() {
        return contextId;
    }

    /** The sub claim: the launching user. */
    public String userSub() {
        return userSub;
    }

    /** The deep linking settings' data value. */
    public String data() {
        return data;
    }

    FakePlatform platform() {
        return platform;
    }

    String resourceLinkId() {
        return resourceLinkId;
    }

    boolean isDeepLinking() {
        return Lti.DEEP_LINKING_REQUEST.equals(messageType);
    }

    /** The target the launch names: its own, else the registered tool's. */
    String effectiveTargetLinkUri() {
        String target = targetLinkUri != null ? targetLinkUri : platform.toolRegistration().targetLinkUri();
        if (target == null) {
            throw new IllegalStateException("No target_link_uri: set one on the launch or tell the platform where the tool is");
        }
        return target;
    }

    /** The id_token, signed now as configured. */
    String sign(String nonce) {
        JWTClaimsSet claims = claims(nonce);
        if ("none".equals(alg.getName())) {
            return new PlainJWT(claims).serialize();
        }
        RSAKey key = signingKey != null ? signingKey : platform.keys().current();
        JWSHeader header = new JWSHeader.Builder(alg).type(JOSEObjectType.JWT).keyID(kidSet ? kid : key.getKeyID()).build();
        SignedJWT jwt = new SignedJWT(header, claims);
        try {
            jwt.sign(signer(key));
        } catch (JOSEException e) {
            throw new IllegalStateException("Could not sign the launch with " + alg, e);
        }
        return jwt.serialize();
    }

    private JWSSigner signer(RSAKey key) throws JOSEException {
        if (JWSAlgorithm.Family.HMAC_SHA.contains(alg)) {
            return new MACSigner(key.toPublicKey().getEncoded());
        }
        if (JWSAlgorithm.Family.RSA.contains(alg)) {
            return new RSASSASigner(key);
        }
        throw new IllegalArgumentException("The fake platform signs with RS*, PS*, HS* or none, not " + alg);
    }

    private JWTClaimsSet claims(String nonce) {
        ToolRegistration tool = platform.toolRegistration();
        FakeRoster roster = platform.roster(contextId);
        Instant iat = issuedAt != null ? issuedAt : Instant.now();
        Instant exp = expiresAt != null ? expiresAt : iat.plus(LIFETIME);
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("iss", platform.issuer());
        c.put("sub", userSub);
        c.put("aud", tool.clientId());
        c.put("azp", tool.clientId());
        c.put("exp", Date.from(exp));
        c.put("iat", Date.from(iat));
        c.put("nonce", nonce);
        c.put(Lti.MESSAGE_TYPE, messageType);
        c.put(Lti.VERSION, "1.3.0");
        c.put(Lti.DEPLOYMENT_ID, tool.deploymentId());
        c.put(Lti.TARGET_LINK_URI, effectiveTargetLinkUri());
        if (!isDeepLinking()) {
            Map<String, Object> link = new LinkedHashMap<>();
            putIfSet(link, "id", resourceLinkId);
            putIfSet(link, "title", resourceLinkTitle);
            c.put(Lti.RESOURCE_LINK, link);
        }
        c.put(Lti.ROLES, new ArrayList<>(roles));
        c.put(Lti.CONTEXT, Map.of("id", contextId, "label", orElse(contextLabel, roster.label()),
                "title", orElse(contextTitle, roster.title()), "type", List.of(Lti.COURSE_OFFERING)));
        c.put(Lti.TOOL_PLATFORM, Map.of("guid", platform.guid(), "name", FakePlatform.NAME,
                "product_family_code", Lti.PRODUCT_FAMILY_CODE));
        Map<String, Object> presentation = new LinkedHashMap<>();
        putIfSet(presentation, "document_target", documentTarget);
        presentation.put("return_url", platform.issuer() + "/");
        c.put(Lti.LAUNCH_PRESENTATION, presentation);
        if (!custom.isEmpty()) {
            c.put(Lti.CUSTOM, new LinkedHashMap<>(custom));
        }
        putIfSet(c, "name", name);
        putIfSet(c, "given_name", givenName);
        putIfSet(c, "family_name", familyName);
        putIfSet(c, "email", email);
        if (ags) {
            Map<String, Object> endpoint = new LinkedHashMap<>();
            endpoint.put("scope", Lti.AGS_SCOPES);
            endpoint.put("lineitems", platform.lineItemsUrl(contextId));
            putIfSet(endpoint, "lineitem", lineItem);
            c.put(Lti.AGS_ENDPOINT, endpoint);
        }
        if (nrps) {
            c.put(Lti.NRPS, Map.of("context_memberships_url", platform.namesRoleServiceUrl(contextId),
                    "service_versions", List.of("2.0")));
        }
        if (isDeepLinking()) {
            Map<String, Object> settings = new LinkedHashMap<>();
            settings.put("deep_link_return_url", platform.deepLinkReturnUrl());
            settings.put("accept_types", List.of("ltiResourceLink"));
            settings.put("accept_presentation_document_targets", List.of("iframe", "window"));
            settings.put("accept_multiple", false);
            settings.put("auto_create", true);
            putIfSet(settings, "data", data);
            c.put(Lti.DEEP_LINKING_SETTINGS, settings);
        }
        c.putAll(overrides);
        removed.forEach(c::remove);
        JWTClaimsSet.Builder builder = new JWTClaimsSet.Builder();
        c.forEach(builder::claim);
        return builder.build();
    }

    private static void putIfSet(Map<String, Object> map, String key, Object value) {
        if (value != null) {
            map.put(key, value);
        }
    }

    private static String orElse(String value, String fallback) {
        return value != null ? value : fallback;
    }
}
