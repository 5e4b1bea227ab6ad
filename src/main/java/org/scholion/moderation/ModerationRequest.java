package org.scholion.moderation;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** A moderator's decision on an annotation's state. */
@Schema(name = "ModerationRequest")
record ModerationRequest(
        @NotNull(message = "is required: 'visible' or 'hidden'")
        @Pattern(regexp = "visible|hidden", message = "must be 'visible' (approve, unhide, dismiss flags) or 'hidden'")
        @Schema(enumeration = { "visible", "hidden" }, example = "hidden") String state,
        @Schema(description = "Why; required to hide (the author is told), at most 1,000 characters", maxLength = 1000,
                example = "Off-topic: this thread is about the essay's dates.") String reason) {
}
