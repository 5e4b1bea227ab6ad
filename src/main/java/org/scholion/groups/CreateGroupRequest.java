package org.scholion.groups;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** Names are trimmed before they are checked, so "  x  " is the one-character name "x". */
@Schema(name = "CreateGroup")
record CreateGroupRequest(
        @NotBlank(message = "must not be blank") @Size(max = 120, message = "must be at most 120 characters")
        @Schema(example = "History 101 — section B", maxLength = 120) String name,
        @Size(max = 2000, message = "must be at most 2000 characters")
        @Schema(example = "Tuesday seminar: primary sources on the 1930s", maxLength = 2000) String description) {

    CreateGroupRequest {
        name = name == null ? null : name.strip();
        description = description == null ? "" : description.strip();
    }
}
