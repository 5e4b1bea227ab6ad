package org.scholion.groups;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

@Schema(name = "ChangeRole")
record RoleRequest(
        @NotNull(message = "must be 'moderator' or 'member'")
        @Pattern(regexp = "moderator|member", message = "must be 'moderator' or 'member'")
        @Schema(enumeration = { "moderator", "member" }, example = "moderator") String role) {
}
