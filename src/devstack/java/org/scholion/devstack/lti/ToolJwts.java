package org.scholion.devstack.lti;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWT;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.JWTParser;
import com.nimbusds.jwt.SignedJWT;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.text.ParseException;
import java.time.Duration;
import java.util.Date;

/**
 * Verifies the JWTs a tool signs (client assertions, deep linking responses) against the keys its JWKS URL serves,
 * fetched afresh each time so that a tool's key rotation shows at once.
 */
final class ToolJwts {
    /** Tolerance for an iat a little ahead of this clock. */
    private static final long SKEW_MILLIS = 5_000;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    /** Why a tool's JWT is refused, in words for the error answer. */
    static final class Invalid extends Exception {
        Invalid(String reason) {
            super(reason);
        }
    }

    /** The claims of {@code jwt} once its RS256 signature verifies with the tool key its kid names. */
    JWTClaimsSet verify(String jwt, String jwksUrl) throws Invalid {
        if (jwt == null || jwt.isBlank()) {
            throw new Invalid("no JWT");
        }
        if (jwksUrl == null) {
            throw new Invalid("the platform does not know the tool's JWKS URL (no tool registered)");
        }
        try {
            JWT parsed = JWTParser.parse(jwt);
            if (!(parsed instanceof SignedJWT signed)) {
                throw new Invalid("the JWT is not signed (alg " + parsed.getHeader().getAlgorithm() + ")");
            }
            if (!JWSAlgorithm.RS256.equals(signed.getHeader().getAlgorithm())) {
                throw new Invalid("alg must be RS256, was " + signed.getHeader().getAlgorithm());
            }
            String kid = signed.getHeader().getKeyID();
            if (kid == null) {
                throw new Invalid("the JWT header has no kid");
            }
            JWK key = fetch(jwksUrl).getKeyByKeyId(kid);
            if (!(key instanceof RSAKey rsa)) {
                throw new Invalid("the tool's JWKS at " + jwksUrl + " has no RSA key with kid " + kid);
            }
            if (!signed.verify(new RSASSAVerifier(rsa))) {
                throw new Invalid("the signature does not verify with the tool's key " + kid);
            }
            return signed.getJWTClaimsSet();
        } catch (ParseException e) {
            throw new Invalid("not a JWT: " + e.getMessage());
        } catch (JOSEException e) {
            throw new Invalid("the signature could not be checked: " + e.getMessage());
        }
    }

    /** exp in the future and iat present and not ahead of this clock. */
    static void requireCurrent(JWTClaimsSet claims) throws Invalid {
        Date exp = claims.getExpirationTime();
        Date iat = claims.getIssueTime();
        long now = System.currentTimeMillis();
        if (exp == null) {
            throw new Invalid("exp is missing");
        }
        if (exp.getTime() <= now) {
            throw new Invalid("the JWT has expired (exp " + exp.toInstant() + ")");
        }
        if (iat == null) {
            throw new Invalid("iat is missing");
        }
        if (iat.getTime() > now + SKEW_MILLIS) {
            throw new Invalid("iat is in the future (" + iat.toInstant() + ")");
        }
    }

    private JWKSet fetch(String jwksUrl) throws Invalid {
        HttpResponse<String> response;
        try {
            response = http.send(HttpRequest.newBuilder(URI.create(jwksUrl)).timeout(Duration.ofSeconds(5)).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (IOException | IllegalArgumentException e) {
            throw new Invalid("could not fetch the tool's JWKS at " + jwksUrl + ": " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Invalid("interrupted fetching the tool's JWKS");
        }
        if (response.statusCode() != 200) {
            throw new Invalid("the tool's JWKS at " + jwksUrl + " answered " + response.statusCode());
        }
        try {
            return JWKSet.parse(response.body());
        } catch (ParseException e) {
            throw new Invalid("the tool's JWKS at " + jwksUrl + " is not a JWK set: " + e.getMessage());
        }
    }
}
