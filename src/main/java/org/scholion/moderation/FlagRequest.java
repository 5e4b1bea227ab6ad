package org.scholion.moderation;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** A member's flag: why, and (for "other", required) what is wrong. */
@Schema(name = "FlagRequest")
record FlagRequest(
        @NotNull(message = "is required: spam, offensive, off-topic, misinformation or other")
        @Pattern(regexp = FlagReason.PATTERN, message = "must be one of spam, offensive, off-topic, misinformation, other")
        @Schema(enumeration = { "spam", "offensive", "off-topic", "misinformation", "other" }, example = "misinformation") String reason,
        @Schema(description = "What is wrong, at most 1,000 characters; required with reason 'other'", maxLength = 1000,
                example = "The Red Terror was Lenin's, not Stalin's.") String note) {
}
