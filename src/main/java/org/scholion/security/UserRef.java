package org.scholion.security;

import java.util.Set;
import java.util.UUID;

/** The signed-in caller as the rest of the application sees them. */
public record UserRef(UUID id, String subject, String username, String displayName, Set<String> roles) {
    public static final String ATTRIBUTE = "scholion.user";

    public boolean isAdmin() {
        return roles.contains(Roles.ADMIN);
    }

    public boolean isInstructor() {
        return roles.contains(Roles.INSTRUCTOR);
    }
}
