package org.scholion.domain;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * Where an annotation stands with its group's moderators. A new annotation is {@link #VISIBLE},
 * or {@link #PENDING} in a pre-moderated group; moderators hide ({@link #HIDDEN}) and approve or
 * unhide ({@link #VISIBLE}). Rejecting a pending annotation is hiding it. Private notes are never
 * moderated: they stay visible to their author.
 */
public enum ModerationState {
    VISIBLE, PENDING, HIDDEN;

    /** As stored and sent: {@code visible}, {@code pending}, {@code hidden}. */
    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<ModerationState> of(String wire) {
        return Arrays.stream(values()).filter(s -> s.wire().equals(wire)).findFirst();
    }
}
