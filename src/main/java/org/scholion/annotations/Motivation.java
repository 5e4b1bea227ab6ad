package org.scholion.annotations;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** Why an annotation was made; the W3C Data Model's motivations that Scholion supports. */
public enum Motivation {
    HIGHLIGHTING, COMMENTING, QUESTIONING, ASSESSING, TAGGING, REPLYING;

    /** The W3C name, as stored and sent: {@code commenting} … */
    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<Motivation> of(String wire) {
        return Arrays.stream(values()).filter(m -> m.wire().equals(wire)).findFirst();
    }

    /** Whether the annotation says something in words: it needs a comment. */
    boolean needsComment() {
        return this == COMMENTING || this == QUESTIONING || this == REPLYING;
    }
}
