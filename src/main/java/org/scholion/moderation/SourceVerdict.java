package org.scholion.moderation;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** A moderator's judgement of a source an annotation cites. */
public enum SourceVerdict {
    /** The source exists and says what the annotation takes from it. */
    VERIFIED,
    /** The source does not support the claim it is cited for. */
    DOES_NOT_SUPPORT,
    /** The source itself is not a reliable one. */
    UNRELIABLE;

    /** {@code verified}, {@code does-not-support}, {@code unreliable}. */
    public String wire() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    public static Optional<SourceVerdict> of(String wire) {
        return Arrays.stream(values()).filter(v -> v.wire().equals(wire)).findFirst();
    }

    static final String PATTERN = "verified|does-not-support|unreliable";
}
