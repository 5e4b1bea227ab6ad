package org.scholion.moderation;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** A moderator's review of one source. */
@Schema(name = "SourceReviewRequest")
record ReviewRequest(
        @NotNull(message = "is required: verified, does-not-support or unreliable")
        @Pattern(regexp = SourceVerdict.PATTERN, message = "must be one of verified, does-not-support, unreliable")
        @Schema(enumeration = { "verified", "does-not-support", "unreliable" }, example = "does-not-support") String verdict,
        @Schema(description = "A note for the author and the group, at most 1,000 characters", maxLength = 1000,
                example = "Leggett dates the decree to September 1918, not 1920.") String note) {
}
