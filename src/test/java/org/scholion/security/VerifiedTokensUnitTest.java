package org.scholion.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.quarkus.oidc.AccessTokenCredential;
import io.quarkus.oidc.IdTokenCredential;
import io.quarkus.oidc.RefreshToken;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.request.TokenAuthenticationRequest;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.quarkus.security.credential.Credential;
import io.smallrye.jwt.auth.principal.DefaultJWTCallerPrincipal;
import java.util.concurrent.atomic.AtomicLong;
import org.jose4j.jwt.JwtClaims;
import org.junit.jupiter.api.Test;

/** The verified-token cache's rules, with a clock of its own (no I/O: the real tokens are in VerifiedTokensTest). */
class VerifiedTokensUnitTest {
    private final AtomicLong now = new AtomicLong(1_000_000);
    private final VerifiedTokens tokens = new VerifiedTokens(100, now::get);

    private static SecurityIdentity identity(String token, long exp, Credential... more) {
        JwtClaims claims = new JwtClaims();
        claims.setSubject("s-" + token);
        claims.setExpirationTime(org.jose4j.jwt.NumericDate.fromSeconds(exp));
        QuarkusSecurityIdentity.Builder b = QuarkusSecurityIdentity.builder()
                .setPrincipal(new DefaultJWTCallerPrincipal(token, claims)).addCredential(new AccessTokenCredential(jwt(token)))
                .addRole("user");
        for (Credential c : more) {
            b.addCredential(c);
        }
        return b.build();
    }

    private SecurityIdentity answer(String token) {
        return tokens.authenticate(new TokenAuthenticationRequest(new AccessTokenCredential(jwt(token))), null).await().indefinitely();
    }

    /** A string shaped like a JWT (header.claims.signature), so that the OIDC extension does not take it for an opaque token. */
    private static String jwt(String name) {
        java.util.Base64.Encoder b64 = java.util.Base64.getUrlEncoder().withoutPadding();
        return b64.encodeToString("{\"alg\":\"RS256\"}".getBytes()) + "." + b64.encodeToString(("{\"sub\":\"" + name + "\"}").getBytes())
                + ".c2ln";
    }

    @Test
    void aVerifiedTokenIsAnsweredAgainAsItsOwnIdentityUntilItsExpiry() {
        SecurityIdentity first = identity("t1", now.get() + 300);
        assertNull(answer("t1"), "never seen: the OIDC provider verifies it");
        tokens.remember(first);
        SecurityIdentity again = answer("t1");
        assertSame(first.getPrincipal(), again.getPrincipal());
        assertEquals(first.getRoles(), again.getRoles());
        assertEquals(Boolean.TRUE, again.getAttribute(VerifiedTokens.FROM_CACHE));
        assertNull(answer("t2"), "another token is verified on its own");
        now.addAndGet(300);
        assertNull(answer("t1"), "at its exp the OIDC provider decides again (and refuses it)");
    }

    @Test
    void onlyBearerAccessTokensWithAnExpiryAreKept() {
        tokens.remember(identity("expired", now.get()));
        assertNull(answer("expired"));
        tokens.remember(identity("session", now.get() + 300, new IdTokenCredential("id-token")));
        assertNull(answer("session"), "a browser session (ID token) is left to the OIDC extension");
        JwtClaims claims = new JwtClaims();
        claims.setSubject("s");
        tokens.remember(QuarkusSecurityIdentity.builder().setPrincipal(new DefaultJWTCallerPrincipal("no-exp", claims))
                .addCredential(new AccessTokenCredential(jwt("no-exp"))).build());
        assertNull(answer("no-exp"));
        tokens.remember(QuarkusSecurityIdentity.builder().setPrincipal(new DefaultJWTCallerPrincipal("r", claims))
                .addCredential(new AccessTokenCredential(jwt("refreshable"), new RefreshToken("r"))).build());
        assertNull(answer("refreshable"));
        assertNull(tokens.authenticate(new TokenAuthenticationRequest(new IdTokenCredential(jwt("t1"))), null).await().indefinitely());
    }

    @Test
    void anIdentityAnsweredFromTheCacheIsNotPutBack() {
        tokens.remember(identity("t1", now.get() + 300));
        SecurityIdentity cached = answer("t1");
        tokens.remember(cached);
        assertEquals(1, tokens.hits());
    }
}
