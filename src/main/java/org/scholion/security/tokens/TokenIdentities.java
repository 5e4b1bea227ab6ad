package org.scholion.security.tokens;

import io.quarkus.oidc.AccessTokenCredential;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.IdentityProvider;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.request.TokenAuthenticationRequest;
import io.quarkus.security.runtime.QuarkusPrincipal;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Optional;
import org.scholion.security.UserRef;

/**
 * Turns {@code Authorization: Bearer sch_…} into its owner's identity, with the token's grant. Asked
 * before the OIDC provider and the cache of verified Keycloak tokens (priority 3000 > 2000 > 1001):
 * a token that is not ours ({@code sch_} does not start a JWT, which starts {@code eyJ}) is left to
 * them. One of ours that is unknown, revoked or expired fails here — never passed on, so the OIDC
 * extension does not try it as an opaque token against Keycloak — and the answer is 401 with
 * {@code WWW-Authenticate: Bearer} (ProblemMapper).
 *
 * <p>The principal's name is the owner's username, as Keycloak's tokens give it
 * ({@code preferred_username}), so that rate limits keyed by it count a token's requests as its
 * owner's.
 */
@ApplicationScoped
public class TokenIdentities implements IdentityProvider<TokenAuthenticationRequest> {
    private final ApiTokens tokens;

    TokenIdentities(ApiTokens tokens) {
        this.tokens = tokens;
    }

    @Override
    public Class<TokenAuthenticationRequest> getRequestType() {
        return TokenAuthenticationRequest.class;
    }

    @Override
    public int priority() {
        return 3000;
    }

    @Override
    public Uni<SecurityIdentity> authenticate(TokenAuthenticationRequest request, AuthenticationRequestContext context) {
        if (!(request.getToken() instanceof AccessTokenCredential) || !request.getToken().getToken().startsWith(ApiTokens.PREFIX)) {
            return Uni.createFrom().nullItem();
        }
        String secret = request.getToken().getToken();
        Optional<ApiTokens.Holder> remembered = tokens.remembered(secret);
        if (remembered.isPresent()) {
            return Uni.createFrom().item(identity(remembered.get().user()));
        }
        return context.runBlocking(() -> identity(tokens.holder(secret).map(ApiTokens.Holder::user)
                .orElseThrow(() -> new AuthenticationFailedException("unknown, revoked or expired API token"))));
    }

    private static SecurityIdentity identity(UserRef user) {
        return QuarkusSecurityIdentity.builder()
                .setPrincipal(new QuarkusPrincipal(user.username()))
                .addRoles(user.roles())
                .addAttribute(UserRef.ATTRIBUTE, user)
                .build();
    }
}
