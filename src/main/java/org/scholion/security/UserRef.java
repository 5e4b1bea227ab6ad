package org.scholion.security;

import java.util.Set;
import java.util.UUID;

/**
 * The signed-in caller as the rest of the application sees them. {@code grant} is null for a
 * caller signed in through Keycloak (browser session or Keycloak bearer token); a personal API
 * token's bearer carries the token's {@link Grant}, and acts as the owner only within it.
 */
public record UserRef(UUID id, String subject, String username, String displayName, Set<String> roles, Grant grant) {
    public static final String ATTRIBUTE = "scholion.user";

    public UserRef(UUID id, String subject, String username, String displayName, Set<String> roles) {
        this(id, subject, username, displayName, roles, null);
    }

    /**
     * An admin reads and moderates every group. A token restricted to some groups does not carry
     * that: it reaches its groups as the owner's memberships there allow, never the others.
     */
    public boolean isAdmin() {
        return roles.contains(Roles.ADMIN) && (grant == null || grant.groups() == null);
    }

    public boolean isInstructor() {
        return roles.contains(Roles.INSTRUCTOR);
    }

    /** Does this caller's grant (if any) reach the group? */
    public boolean reaches(UUID group) {
        return grant == null || grant.reaches(group);
    }

    /** Was the request made with a personal API token? */
    public boolean byToken() {
        return grant != null;
    }

    /**
     * The groups this caller's memberships count in, as a condition to add where a query reads the
     * caller's memberships ({@code m.user_id = :viewer}): empty unless a token restricts them.
     */
    public String groupsSql(String column) {
        return grant == null ? "" : grant.sql(column);
    }
}
