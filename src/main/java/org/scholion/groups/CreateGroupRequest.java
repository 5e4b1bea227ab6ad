package org.scholion.groups;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.scholion.text.Clean;
import org.scholion.text.TextRules;
import org.scholion.text.TextRules.Kind;

/**
 * Names and descriptions are trimmed and put in Unicode NFC before they are checked, so "  x  " is
 * the one-character name "x" and a name typed with a combining accent is the same name as one typed
 * with the precomposed letter.
 */
@Schema(name = "CreateGroup")
record CreateGroupRequest(
        @NotBlank(message = "must not be blank") @Size(max = 120, message = "must be at most 120 characters")
        @Clean(Kind.NAME)
        @Schema(example = "History 101 — section B", maxLength = 120,
                description = "No control characters and no invisible formatting characters (bidi overrides, zero-width"
                        + " spaces and joiners); stored trimmed and in Unicode NFC") String name,
        @Size(max = 2000, message = "must be at most 2000 characters")
        @Clean(Kind.TEXT)
        @Schema(example = "Tuesday seminar: primary sources on the 1930s", maxLength = 2000,
                description = "Line breaks and tabs are allowed, other control characters are not; stored trimmed and in NFC")
        String description) {

    CreateGroupRequest {
        name = TextRules.clean(name);
        description = description == null ? "" : TextRules.clean(description);
    }
}
