package org.scholion.annotations;

import java.util.UUID;
import org.scholion.security.AppUser;

/** An annotation's author (or a reviewer, an endorser) as shown in {@code creator}. */
public record Author(UUID id, String username, String displayName) {
    public static Author of(AppUser u) {
        return new Author(u.id, u.username, u.displayName);
    }
}
