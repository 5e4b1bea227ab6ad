package org.scholion.groups;

import jakarta.validation.constraints.Size;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.scholion.text.Clean;
import org.scholion.text.TextRules;
import org.scholion.text.TextRules.Kind;

/** A partial update: a field left out (or null) stays as it is. Same rules as {@link CreateGroupRequest}. */
@Schema(name = "UpdateGroup")
record UpdateGroupRequest(
        @Size(min = 1, max = 120, message = "must be 1 to 120 characters (after trimming)")
        @Clean(Kind.NAME)
        @Schema(example = "History 101 — section C", maxLength = 120) String name,
        @Size(max = 2000, message = "must be at most 2000 characters")
        @Clean(Kind.TEXT)
        @Schema(example = "Moved to Thursdays", maxLength = 2000) String description,
        @Schema(description = "The group's moderation settings to change") SettingsRequest settings) {

    UpdateGroupRequest {
        name = TextRules.clean(name);
        description = TextRules.clean(description);
    }
}
