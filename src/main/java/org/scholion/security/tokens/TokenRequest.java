package org.scholion.security.tokens;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.scholion.text.Clean;
import org.scholion.text.TextRules;
import org.scholion.text.TextRules.Kind;

/** A new personal API token, as its owner asks for it. */
@Schema(name = "CreateToken")
record TokenRequest(
        @NotBlank(message = "must not be blank") @Size(max = 100, message = "must be at most 100 characters")
        @Clean(Kind.NAME)
        @Schema(example = "nightly export", maxLength = 100, description = "To tell your tokens apart; stored trimmed and in NFC")
        String name,
        @Size(min = 1, max = 3, message = "must name one to three scopes")
        @Schema(example = "[\"read\"]", enumeration = {"read", "write", "moderate"},
                description = "read: GET and HEAD on the API; write: what a member changes (annotations, replies, flags, upvotes,"
                        + " documents, joining); moderate: what a moderator changes, only for moderators (of one of the token's"
                        + " groups) and admins")
        List<String> scopes,
        @Schema(example = "2027-03-01T00:00:00Z", description = "When it stops working: an RFC 3339 date-time, or a date (its"
                + " start, UTC). At most a year ahead; 90 days from now when left out")
        String expires,
        @Size(max = 50, message = "must name at most 50 groups")
        @Schema(example = "[\"0b6f7f3e-8a51-4c0e-9d3a-5c1f0e2a7b11\"]", description = "Only these groups (ids of groups you"
                + " belong to); every group you belong to when left out. A token kept to some groups does not carry an admin's"
                + " reach over every group")
        List<String> groups) {

    TokenRequest {
        name = name == null ? null : TextRules.clean(name);
    }
}
