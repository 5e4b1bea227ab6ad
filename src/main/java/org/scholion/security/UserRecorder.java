package org.scholion.security;

import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.SecurityIdentityAugmentor;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.security.Principal;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * Gives every signed-in identity its {@link UserRef}, writing the app_user row the first time a
 * subject is seen (browser sign-in or bearer token alike), and again when the name or the realm
 * roles changed: the roles are kept so that the user's personal API tokens act with them.
 * An identity that already has its {@link UserRef} (a personal API token's) is left alone.
 */
@ApplicationScoped
public class UserRecorder implements SecurityIdentityAugmentor {
    private final UserDirectory directory;

    UserRecorder(UserDirectory directory) {
        this.directory = directory;
    }

    @Override
    public Uni<SecurityIdentity> augment(SecurityIdentity identity, AuthenticationRequestContext context) {
        if (identity.isAnonymous() || identity.getAttribute(UserRef.ATTRIBUTE) != null) {
            return Uni.createFrom().item(identity);
        }
        Principal p = identity.getPrincipal();
        String subject = claim(p, "sub").orElse(p.getName());
        String username = claim(p, "preferred_username").orElse(p.getName());
        String displayName = claim(p, "name").filter(n -> !n.isBlank()).orElse(username);
        Set<String> roles = Set.copyOf(identity.getRoles());
        Set<String> kept = Roles.kept(roles);
        Optional<UUID> cached = directory.cached(subject, username, displayName, kept);
        if (cached.isPresent()) {
            return Uni.createFrom().item(with(identity, new UserRef(cached.get(), subject, username, displayName, roles)));
        }
        return context.runBlocking(() -> with(identity,
                new UserRef(directory.record(subject, username, displayName, kept), subject, username, displayName, roles)));
    }

    private static SecurityIdentity with(SecurityIdentity identity, UserRef user) {
        return QuarkusSecurityIdentity.builder(identity).addAttribute(UserRef.ATTRIBUTE, user).build();
    }

    private static Optional<String> claim(Principal p, String name) {
        if (p instanceof JsonWebToken jwt) {
            return Optional.ofNullable(jwt.<Object>getClaim(name)).map(Object::toString);
        }
        return Optional.empty();
    }
}
