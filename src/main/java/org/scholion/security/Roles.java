package org.scholion.security;

/** Realm roles defined in keycloak/scholion-realm.json. */
public final class Roles {
    public static final String STUDENT = "student";
    public static final String INSTRUCTOR = "instructor";
    public static final String ADMIN = "admin";

    private Roles() {
    }
}
