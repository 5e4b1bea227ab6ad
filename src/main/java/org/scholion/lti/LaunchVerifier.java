package org.scholion.lti;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWT;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.JWTParser;
import com.nimbusds.jwt.SignedJWT;
import jakarta.enterprise.context.ApplicationScoped;
import java.text.ParseException;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Verifies a platform's id_token (LTI 1.3 Core §5.1.3 and the 1EdTech Security Framework §5.1.3,
 * after OpenID Connect Core §3.1.3.7): RS256 only, a {@code kid} of the platform's published keys,
 * the signature, {@code iss}, {@code aud}/{@code azp}, {@code exp}/{@code iat}, the nonce of the login
 * it answers, a deployment of the platform, the message type and version. The order puts the
 * signature first: no claim of an unverified token is believed, or quoted back.
 */
@ApplicationScoped
class LaunchVerifier {
    /** How far apart Scholion's and the platform's clocks may be. */
    static final Duration SKEW = Duration.ofSeconds(60);
    private static final Set<String> MESSAGE_TYPES = Set.of(Claims.RESOURCE_LINK_REQUEST, Claims.DEEP_LINKING_REQUEST);

    private final PlatformKeys keys;

    LaunchVerifier(PlatformKeys keys) {
        this.keys = keys;
    }

    /** The verified claims, or {@link LaunchRefused} saying what is wrong. */
    JWTClaimsSet verify(String idToken, Platforms.Platform platform, String expectedNonce) {
        JWT jwt;
        try {
            jwt = JWTParser.parse(idToken);
        } catch (ParseException e) {
            throw LaunchRefused.bad("The id_token is not a JWT.");
        }
        if (!(jwt instanceof SignedJWT signed)) {
            throw LaunchRefused.refused("The id_token is not signed (alg " + jwt.getHeader().getAlgorithm() + "): only RS256 is accepted.");
        }
        if (!JWSAlgorithm.RS256.equals(signed.getHeader().getAlgorithm())) {
            throw LaunchRefused.refused("The id_token is signed with " + signed.getHeader().getAlgorithm() + ": only RS256 is accepted.");
        }
        String kid = signed.getHeader().getKeyID();
        if (kid == null || kid.isBlank()) {
            throw LaunchRefused.refused("The id_token's header names no key (kid).");
        }
        RSAKey key = keys.key(platform, kid).orElseThrow(() -> LaunchRefused.refused(
                "The id_token is signed with a key (kid) that platform " + platform.name() + " does not publish."));
        try {
            if (!signed.verify(new RSASSAVerifier(key))) {
                throw LaunchRefused.refused("The id_token's signature does not verify with platform " + platform.name() + "'s key.");
            }
        } catch (JOSEException e) {
            throw LaunchRefused.refused("The id_token's signature could not be checked: " + e.getMessage());
        }
        JWTClaimsSet c;
        try {
            c = signed.getJWTClaimsSet();
        } catch (ParseException e) {
            throw LaunchRefused.bad("The id_token's claims are not a JSON object.");
        }
        checkClaims(c, platform, expectedNonce, Instant.now());
        return c;
    }

    static void checkClaims(JWTClaimsSet c, Platforms.Platform platform, String expectedNonce, Instant now) {
        if (!platform.issuer().equals(c.getIssuer())) {
            throw LaunchRefused.refused("The id_token's issuer (iss) is not " + platform.name() + "'s.");
        }
        List<String> audience = c.getAudience();
        if (audience == null || !audience.contains(platform.clientId())) {
            throw LaunchRefused.refused("The id_token is not for Scholion's client id (aud).");
        }
        String azp = text(c, "azp");
        if (audience.size() > 1 && azp == null) {
            throw LaunchRefused.refused("The id_token names several audiences but no authorized party (azp).");
        }
        if (azp != null && !azp.equals(platform.clientId())) {
            throw LaunchRefused.refused("The id_token's authorized party (azp) is not Scholion's client id.");
        }
        Date exp = c.getExpirationTime();
        Date iat = c.getIssueTime();
        if (exp == null || iat == null) {
            throw LaunchRefused.refused("The id_token must say when it was issued (iat) and when it expires (exp).");
        }
        if (now.minus(SKEW).isAfter(exp.toInstant())) {
            throw LaunchRefused.refused("The id_token has expired (exp).");
        }
        if (iat.toInstant().isAfter(now.plus(SKEW))) {
            throw LaunchRefused.refused("The id_token was issued in the future (iat): check the platform's clock.");
        }
        if (!expectedNonce.equals(text(c, "nonce"))) {
            throw LaunchRefused.refused("The id_token's nonce is not the one this login sent.");
        }
        String deployment = text(c, Claims.DEPLOYMENT_ID);
        if (deployment == null || !platform.deployments().contains(deployment)) {
            throw LaunchRefused.refused("The launch's deployment is not one registered for platform " + platform.name() + ".");
        }
        String type = text(c, Claims.MESSAGE_TYPE);
        if (type == null || !MESSAGE_TYPES.contains(type)) {
            throw LaunchRefused.bad(type == null ? "The launch has no message_type."
                    : "Scholion does not take this message type: only LtiResourceLinkRequest and LtiDeepLinkingRequest.");
        }
        if (!Claims.LTI_VERSION.equals(text(c, Claims.VERSION))) {
            throw LaunchRefused.bad("The launch is not LTI version 1.3.0.");
        }
        if (c.getSubject() == null || c.getSubject().isBlank()) {
            throw LaunchRefused.bad("The launch names no user (sub): Scholion does not take anonymous launches.");
        }
        Map<String, Object> context = object(c, Claims.CONTEXT);
        if (context == null || !(context.get("id") instanceof String id) || id.isBlank()) {
            throw LaunchRefused.bad("The launch names no course (context): Scholion is used in a course.");
        }
        if (Claims.RESOURCE_LINK_REQUEST.equals(type)) {
            Map<String, Object> link = object(c, Claims.RESOURCE_LINK);
            if (link == null || !(link.get("id") instanceof String)) {
                throw LaunchRefused.bad("The launch names no resource link.");
            }
        } else if (object(c, Claims.DEEP_LINKING_SETTINGS) == null
                || !(object(c, Claims.DEEP_LINKING_SETTINGS).get("deep_link_return_url") instanceof String)) {
            throw LaunchRefused.bad("The deep-linking request has no deep_link_return_url.");
        }
        Object roles = c.getClaim(Claims.ROLES);
        if (!(roles instanceof List<?>)) {
            throw LaunchRefused.bad("The launch has no roles claim.");
        }
    }

    private static String text(JWTClaimsSet c, String name) {
        Object v = c.getClaim(name);
        return v instanceof String s ? s : null;
    }

    private static Map<String, Object> object(JWTClaimsSet c, String name) {
        try {
            return c.getJSONObjectClaim(name);
        } catch (ParseException e) {
            return null;
        }
    }
}
