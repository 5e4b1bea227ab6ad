package org.scholion.security;

import io.quarkus.security.UnauthorizedException;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.enterprise.context.RequestScoped;
import java.util.Optional;

/** The caller of the current request. */
@RequestScoped
public class CurrentUser {
    private final SecurityIdentity identity;

    CurrentUser(SecurityIdentity identity) {
        this.identity = identity;
    }

    public Optional<UserRef> find() {
        return identity.isAnonymous() ? Optional.empty() : Optional.ofNullable(identity.getAttribute(UserRef.ATTRIBUTE));
    }

    /** The caller; 401 when anonymous. */
    public UserRef get() {
        return find().orElseThrow(UnauthorizedException::new);
    }
}
