package org.scholion.groups;

import java.time.OffsetDateTime;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

@Schema(name = "Member")
record MemberView(
        UUID userId,
        @Schema(example = "dave") String username,
        @Schema(example = "Dave Schmidt") String displayName,
        @Schema(enumeration = { "moderator", "member" }, example = "member") String role,
        OffsetDateTime joined) {

    static MemberView of(GroupService.Member m) {
        return new MemberView(m.membership().userId, m.user().username, m.user().displayName,
                Membership.wire(m.membership().role), m.membership().joinedAt);
    }
}
