package org.scholion.lti;

import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.IdentityProvider;
import io.quarkus.security.identity.IdentityProviderManager;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.request.BaseAuthenticationRequest;
import io.quarkus.security.runtime.QuarkusPrincipal;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.quarkus.vertx.http.runtime.security.ChallengeData;
import io.quarkus.vertx.http.runtime.security.HttpAuthenticationMechanism;
import io.quarkus.vertx.http.runtime.security.HttpCredentialTransport;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.Cookie;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Set;
import org.scholion.security.UserRef;
import org.scholion.web.HttpFilters;

/**
 * A second way to be signed in, beside Keycloak's: the session cookie an LTI launch set. Asked after
 * the OIDC mechanism (priority 900 &lt; its 1001), so a browser with a Keycloak session or a bearer
 * token is that user; a request with neither and a live {@link LtiSessions#COOKIE} is the launch's
 * user. A dead or unknown cookie is no identity (anonymous), never an error, and the challenge stays
 * Keycloak's. The identity carries its {@link UserRef}, so the user recorder leaves it alone.
 */
@ApplicationScoped
public class LtiSessionMechanism implements HttpAuthenticationMechanism {
    /** The cookie's secret, as the identity provider takes it. */
    public static final class Request extends BaseAuthenticationRequest {
        private final String secret;

        Request(String secret) {
            this.secret = secret;
        }
    }

    @Override
    public Uni<SecurityIdentity> authenticate(RoutingContext context, IdentityProviderManager identityProviderManager) {
        Cookie c = context.request().getCookie(LtiSessions.COOKIE);
        if (c == null || c.getValue().isEmpty()) {
            return Uni.createFrom().optional(java.util.Optional.empty());
        }
        return identityProviderManager.authenticate(new Request(c.getValue()));
    }

    @Override
    public Uni<ChallengeData> getChallenge(RoutingContext context) {
        return Uni.createFrom().optional(java.util.Optional.empty());
    }

    @Override
    public Set<Class<? extends io.quarkus.security.identity.request.AuthenticationRequest>> getCredentialTypes() {
        return Set.of(Request.class);
    }

    @Override
    public Uni<HttpCredentialTransport> getCredentialTransport(RoutingContext context) {
        return Uni.createFrom().nullItem();
    }

    @Override
    public int getPriority() {
        return 900;
    }

    /** Looks the session up (blocking: the database). */
    @ApplicationScoped
    public static class Identities implements IdentityProvider<Request> {
        private final LtiSessions sessions;

        Identities(LtiSessions sessions) {
            this.sessions = sessions;
        }

        @Override
        public Class<Request> getRequestType() {
            return Request.class;
        }

        @Override
        public Uni<SecurityIdentity> authenticate(Request request, AuthenticationRequestContext context) {
            return context.runBlocking(() -> sessions.session(request.secret).map(Identities::identity).orElse(null));
        }

        private static SecurityIdentity identity(LtiSessions.Session session) {
            UserRef user = session.user();
            return QuarkusSecurityIdentity.builder()
                    .setPrincipal(new QuarkusPrincipal(user.username()))
                    .addRoles(user.roles())
                    .addAttribute(UserRef.ATTRIBUTE, user)
                    .addAttribute(HttpFilters.FRAME_ANCESTORS, session.frameOrigins())
                    .build();
        }
    }
}
