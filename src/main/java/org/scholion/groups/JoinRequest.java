package org.scholion.groups;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.scholion.text.Clean;
import org.scholion.text.TextRules.Kind;

@Schema(name = "Join")
record JoinRequest(
        @NotBlank(message = "must not be blank") @Size(max = 64, message = "must be at most 64 characters")
        @Clean(Kind.LINE)
        @Schema(description = "The group's join code; letters are not case-sensitive", example = "K7QM2XRT9HPA") String code) {
}
