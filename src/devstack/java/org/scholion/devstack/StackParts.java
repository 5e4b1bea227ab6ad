package org.scholion.devstack;

/** What tests need to know of a running PostgreSQL and Keycloak, however they were started. */
public final class StackParts {
    private StackParts() {
    }

    public interface Database {
        String jdbcUrl(String database);

        int port();
    }

    public interface IdentityProvider {
        /** The scholion realm, e.g. http://localhost:8180/realms/scholion. */
        String realmUrl();

        int port();
    }
}
