package org.scholion.security;

import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * What a personal API token lets its bearer do as the token's owner: its scopes and, when the
 * owner restricted it, the only groups it reaches (null: every group the owner is in). A caller
 * signed in through Keycloak carries no grant and acts with everything their roles allow.
 */
public record Grant(UUID tokenId, Set<Scope> scopes, Set<UUID> groups) {
    public Grant {
        scopes = Set.copyOf(scopes);
        groups = groups == null ? null : Set.copyOf(groups);
    }

    public boolean allows(Scope scope) {
        return scopes.contains(scope);
    }

    public boolean reaches(UUID group) {
        return groups == null || groups.contains(group);
    }

    /**
     * The restriction as an SQL condition on a group id column ({@code " AND m.group_id IN (…)"}),
     * empty without one. The ids are UUIDs the server parsed, written as literals: nothing a
     * caller types reaches the statement.
     */
    String sql(String column) {
        return groups == null ? "" : groups.stream().sorted().map(g -> "'" + g + "'")
                .collect(Collectors.joining(", ", " AND " + column + " IN (", ")"));
    }
}
