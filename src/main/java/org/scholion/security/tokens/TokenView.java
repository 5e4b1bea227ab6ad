package org.scholion.security.tokens;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.scholion.security.Scope;

/** A token as its owner sees it; {@code token} (the secret) only in the answer that made it. */
@Schema(name = "Token")
@JsonInclude(JsonInclude.Include.NON_NULL)
record TokenView(
        UUID id,
        String name,
        @Schema(description = "The secret's first characters, to recognise it") String hint,
        @Schema(enumeration = {"read", "write", "moderate"}) List<String> scopes,
        @Schema(description = "The only groups it reaches; absent: every group of its owner") List<UUID> groups,
        OffsetDateTime created,
        OffsetDateTime expires,
        @Schema(description = "When it was last used (to the minute); absent: never") OffsetDateTime lastUsed,
        @Schema(description = "The secret, for 'Authorization: Bearer …': shown once, in the answer that made the token;"
                + " Scholion keeps only its hash") String token) {

    static TokenView of(ApiTokens.Token t, String secret) {
        return new TokenView(t.id(), t.name(), t.hint(), t.scopes().stream().map(Scope::wire).sorted().toList(),
                t.groups() == null ? null : t.groups().stream().sorted().toList(), t.created(), t.expires(), t.lastUsed(), secret);
    }
}
