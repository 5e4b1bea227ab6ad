package org.scholion.moderation;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** Why a member flags an annotation. {@link #OTHER} needs a note saying what. */
public enum FlagReason {
    SPAM, OFFENSIVE, OFF_TOPIC, MISINFORMATION, OTHER;

    /** {@code spam}, {@code offensive}, {@code off-topic}, {@code misinformation}, {@code other}. */
    public String wire() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    public static Optional<FlagReason> of(String wire) {
        return Arrays.stream(values()).filter(r -> r.wire().equals(wire)).findFirst();
    }

    static final String PATTERN = "spam|offensive|off-topic|misinformation|other";
}
