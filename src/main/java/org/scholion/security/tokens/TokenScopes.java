package org.scholion.security.tokens;

import io.quarkus.security.identity.SecurityIdentity;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;
import org.scholion.domain.DomainError;
import org.scholion.security.Scope;
import org.scholion.security.UserRef;

/**
 * The coarse half of a token's scopes, for every request that reaches a resource: reading (GET,
 * HEAD) needs {@code read}; a change (any other method) needs {@code write} or {@code moderate} —
 * which of them the change needs is the permission map's answer ({@code Permissions.scopeFor}),
 * asked where the action is decided. Tokens are for the API: the reader's pages and the token
 * operations themselves (a token making tokens would outlive its own scopes) refuse them.
 * Runs before the rate limits, so a refused request costs its owner nothing.
 */
@ApplicationScoped
public class TokenScopes {
    @Inject
    SecurityIdentity identity;

    @ServerRequestFilter(priority = Priorities.AUTHORIZATION)
    void check(ContainerRequestContext request) {
        if (identity.isAnonymous() || !(identity.getAttribute(UserRef.ATTRIBUTE) instanceof UserRef user) || !user.byToken()) {
            return;
        }
        String path = request.getUriInfo().getPath();
        if (!path.startsWith("/api/") && !path.startsWith("/h/")) {
            throw DomainError.forbidden("API tokens are for the API (/api/ and /h/api/); the reader's pages need a signed-in browser.");
        }
        if (path.equals("/api/tokens") || path.startsWith("/api/tokens/")) {
            throw DomainError.forbidden("An API token cannot see or manage tokens: sign in to Scholion to do that.");
        }
        String method = request.getMethod();
        boolean reading = "GET".equals(method) || "HEAD".equals(method) || "OPTIONS".equals(method);
        if (reading && !user.grant().allows(Scope.READ)) {
            throw DomainError.forbidden("This API token's scopes do not allow reading: that needs the 'read' scope.");
        }
        if (!reading && !user.grant().allows(Scope.WRITE) && !user.grant().allows(Scope.MODERATE)) {
            throw DomainError.forbidden("This API token's scopes do not allow changes: that needs the 'write' scope"
                    + " (or 'moderate', for a moderator's actions).");
        }
    }
}
