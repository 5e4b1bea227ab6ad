package org.scholion.security;

import java.util.Set;
import java.util.stream.Collectors;

/** Realm roles defined in keycloak/scholion-realm.json. */
public final class Roles {
    public static final String STUDENT = "student";
    public static final String INSTRUCTOR = "instructor";
    public static final String ADMIN = "admin";

    private static final Set<String> APP_ROLES = Set.of(STUDENT, INSTRUCTOR, ADMIN);

    private Roles() {
    }

    /** The roles of a Keycloak identity this app decides by, as kept with the user (app_user.roles). */
    static Set<String> kept(Set<String> roles) {
        return roles.stream().filter(APP_ROLES::contains).collect(Collectors.toUnmodifiableSet());
    }
}
