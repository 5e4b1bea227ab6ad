package org.scholion.groups;

import java.time.OffsetDateTime;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** The answer to joining: the caller's membership, new or existing. */
@Schema(name = "Membership")
record MembershipView(
        UUID groupId,
        @Schema(example = "History 101 — section B") String groupName,
        UUID userId,
        @Schema(enumeration = { "moderator", "member" }, example = "member") String role,
        OffsetDateTime joined) {

    static MembershipView of(GroupService.Joined j) {
        return new MembershipView(j.group().id, j.group().name, j.membership().userId,
                Membership.wire(j.membership().role), j.membership().joinedAt);
    }
}
