package org.scholion.groups;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.OffsetDateTime;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.scholion.security.Target.MemberRole;

/** A group as one caller sees it: the join code and link only for its moderators and admins. */
@Schema(name = "Group")
@JsonInclude(JsonInclude.Include.NON_NULL)
record GroupView(
        @Schema(example = "0b6f7f3e-8a51-4c0e-9d3a-5c1f0e2a7b11") UUID id,
        @Schema(example = "History 101 — section B") String name,
        @Schema(example = "Tuesday seminar") String description,
        @Schema(description = "Archived groups are read-only") boolean archived,
        @Schema(description = "The caller's role; absent when the caller is an admin who is not a member",
                enumeration = { "moderator", "member" }, example = "moderator") String myRole,
        @Schema(description = "Moderators and admins only", example = "K7QM2XRT9HPA") String joinCode,
        @Schema(description = "Moderators and admins only", example = "http://localhost:8080/join/K7QM2XRT9HPA") String joinLink,
        @Schema(description = "What the group's moderators decided; every member sees it") Settings settings,
        UUID createdBy,
        OffsetDateTime created,
        OffsetDateTime updated) {

    @Schema(name = "GroupSettings")
    record Settings(
            @Schema(description = "Top-level comments of members need at least one source") boolean requireSources,
            @Schema(description = "Members' new annotations (and edits of approved ones) wait for a moderator's approval")
            boolean preModeration,
            @Schema(description = "On a document, members see classmates' annotations only after posting their own;"
                    + " moderators' annotations stay visible") boolean hidePeersUntilPost) {
    }

    static GroupView of(GroupService.Seen seen, boolean showCode, String publicUrl) {
        Group g = seen.group();
        MemberRole role = seen.callerRole();
        return new GroupView(g.id, g.name, g.description, g.archived, role == null ? null : Membership.wire(role),
                showCode ? g.joinCode : null, showCode ? joinLink(publicUrl, g.joinCode) : null,
                new Settings(g.requireSources, g.preModeration, g.hidePeersUntilPost), g.createdBy, g.createdAt, g.updatedAt);
    }

    static String joinLink(String publicUrl, String code) {
        return publicUrl + "/join/" + code;
    }
}
