package org.scholion.groups;

import jakarta.validation.constraints.Size;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** A partial update: a field left out (or null) stays as it is. */
@Schema(name = "UpdateGroup")
record UpdateGroupRequest(
        @Size(min = 1, max = 120, message = "must be 1 to 120 characters (after trimming)")
        @Schema(example = "History 101 — section C", maxLength = 120) String name,
        @Size(max = 2000, message = "must be at most 2000 characters")
        @Schema(example = "Moved to Thursdays", maxLength = 2000) String description,
        @Schema(description = "The group's moderation settings to change") SettingsRequest settings) {

    UpdateGroupRequest {
        name = name == null ? null : name.strip();
        description = description == null ? null : description.strip();
    }
}
