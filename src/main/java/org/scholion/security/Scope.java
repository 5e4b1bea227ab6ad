package org.scholion.security;

import java.util.Locale;
import java.util.Optional;

/** What a personal API token may do on its owner's behalf. */
public enum Scope {
    /** Read what the owner reads (GET and HEAD on the API). */
    READ,
    /** Write what the owner writes: annotations, replies, flags, upvotes, documents, joining groups. */
    WRITE,
    /** Moderate where the owner moderates: hide, approve, lock, review sources, manage and import into groups. */
    MODERATE;

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<Scope> parse(String wire) {
        for (Scope s : values()) {
            if (s.wire().equals(wire)) {
                return Optional.of(s);
            }
        }
        return Optional.empty();
    }
}
