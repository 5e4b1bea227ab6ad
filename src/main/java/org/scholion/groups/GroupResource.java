package org.scholion.groups;

import org.scholion.web.PublicUrl;
import io.quarkus.security.Authenticated;
import jakarta.validation.Valid;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.scholion.security.Action;
import org.scholion.security.CurrentUser;
import org.scholion.security.Permissions;
import org.scholion.security.Target.MemberRole;
import org.scholion.security.UserRef;
import org.scholion.web.Problem;
import org.scholion.web.ProblemException;

/**
 * Classroom groups. Thin: parse, ask the service (which asks the permission map), present.
 * Ids in paths are strings parsed here, so a malformed UUID is the same 404 as an unknown one.
 */
@Path("/api/groups")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Groups", description = "Classroom groups, membership and roles. A non-member gets 404 for a group and "
        + "anything in it; a member asking for a moderator action gets 403; an archived group answers writes with 409.")
@SecurityRequirement(name = "bearer")
@APIResponse(responseCode = "401", description = "No or invalid credentials")
public class GroupResource {
    private static final String GROUP_EXAMPLE = """
            {"id": "0b6f7f3e-8a51-4c0e-9d3a-5c1f0e2a7b11", "name": "History 101 — section B",
             "description": "Tuesday seminar", "archived": false, "myRole": "moderator",
             "joinCode": "K7QM2XRT9HPA", "joinLink": "http://localhost:8080/join/K7QM2XRT9HPA",
             "settings": {"requireSources": false, "preModeration": false, "hidePeersUntilPost": false},
             "createdBy": "5d0c9a3e-1f2b-4c6d-8e9f-0a1b2c3d4e5f",
             "created": "2025-09-01T09:00:00Z", "updated": "2025-09-01T09:00:00Z"}""";
    private static final String SETTINGS_CHANGED = """
            {"id": "0b6f7f3e-8a51-4c0e-9d3a-5c1f0e2a7b11", "name": "History 101 — section B",
             "description": "Tuesday seminar", "archived": false, "myRole": "moderator",
             "joinCode": "K7QM2XRT9HPA", "joinLink": "http://localhost:8080/join/K7QM2XRT9HPA",
             "settings": {"requireSources": false, "preModeration": true, "hidePeersUntilPost": true},
             "createdBy": "5d0c9a3e-1f2b-4c6d-8e9f-0a1b2c3d4e5f",
             "created": "2025-09-01T09:00:00Z", "updated": "2025-09-08T14:30:00Z"}""";
    private static final String ARCHIVED_GROUP = """
            {"id": "0b6f7f3e-8a51-4c0e-9d3a-5c1f0e2a7b11", "name": "History 101 — section B",
             "description": "Tuesday seminar", "archived": true, "myRole": "moderator",
             "joinCode": "K7QM2XRT9HPA", "joinLink": "http://localhost:8080/join/K7QM2XRT9HPA",
             "settings": {"requireSources": false, "preModeration": false, "hidePeersUntilPost": false},
             "createdBy": "5d0c9a3e-1f2b-4c6d-8e9f-0a1b2c3d4e5f",
             "created": "2025-09-01T09:00:00Z", "updated": "2026-01-20T17:00:00Z"}""";
    private static final String MEMBERSHIP_EXAMPLE = """
            {"groupId": "0b6f7f3e-8a51-4c0e-9d3a-5c1f0e2a7b11", "groupName": "History 101 — section B",
             "userId": "9a8b7c6d-5e4f-4a3b-2c1d-0e9f8a7b6c5d", "role": "member",
             "joined": "2025-09-02T10:15:00Z"}""";
    private static final String NOT_FOUND_EXAMPLE = """
            {"type": "about:blank", "title": "Not Found", "status": 404, "detail": "Nothing is here.",
             "instance": "/api/groups/0b6f7f3e-8a51-4c0e-9d3a-5c1f0e2a7b11", "errors": []}""";
    private static final String ARCHIVED_EXAMPLE = """
            {"type": "about:blank", "title": "Conflict", "status": 409,
             "detail": "The group is archived: it is read-only until a moderator unarchives it.",
             "instance": "/api/groups/0b6f7f3e-8a51-4c0e-9d3a-5c1f0e2a7b11", "errors": []}""";

    private final GroupService groups;
    private final CurrentUser currentUser;
    private final PublicUrl publicUrl;

    GroupResource(GroupService groups, CurrentUser currentUser, PublicUrl publicUrl) {
        this.groups = groups;
        this.currentUser = currentUser;
        this.publicUrl = publicUrl;
    }

    @GET
    @Operation(summary = "List my groups", description = "The groups the caller belongs to, by name. Admins may pass "
            + "all=true for every group; anyone else gets 403 for that.")
    @APIResponse(responseCode = "200", description = "The groups",
            content = @Content(schema = @Schema(type = SchemaType.ARRAY, implementation = GroupView.class),
                    examples = @ExampleObject(name = "as a member (no join code)", value = """
                            [{"id": "0b6f7f3e-8a51-4c0e-9d3a-5c1f0e2a7b11", "name": "History 101 — section B",
                              "description": "Tuesday seminar", "archived": false, "myRole": "member",
                              "settings": {"requireSources": false, "preModeration": false, "hidePeersUntilPost": false},
                              "createdBy": "5d0c9a3e-1f2b-4c6d-8e9f-0a1b2c3d4e5f",
                              "created": "2025-09-01T09:00:00Z", "updated": "2025-09-01T09:00:00Z"}]""")))
    @APIResponse(responseCode = "403", description = "all=true by a non-admin")
    public List<GroupView> list(@Parameter(description = "Admins: every group, not only their own") @QueryParam("all") boolean all) {
        UserRef user = currentUser.get();
        return groups.list(user, all).stream().map(s -> view(user, s)).toList();
    }

    @POST
    @Operation(summary = "Create a group", description = "Instructors and admins only. The creator becomes its moderator "
            + "and gets the join code and join link to share.")
    @RequestBody(required = true, content = @Content(schema = @Schema(implementation = CreateGroupRequest.class),
            examples = @ExampleObject(name = "section", value = """
                    {"name": "History 101 — section B", "description": "Tuesday seminar"}""")))
    @APIResponse(responseCode = "201", description = "Created; Location names the new group",
            content = @Content(schema = @Schema(implementation = GroupView.class),
                    examples = @ExampleObject(name = "created", value = GROUP_EXAMPLE)))
    @APIResponse(responseCode = "400", description = "Blank or too long name, too long description",
            content = @Content(mediaType = Problem.MEDIA_TYPE,
                    examples = @ExampleObject(name = "blank name", value = """
                            {"type": "about:blank", "title": "Bad Request", "status": 400,
                             "detail": "The request is invalid: name must not be blank.", "instance": "/api/groups",
                             "errors": [{"field": "name", "message": "must not be blank"}]}""")))
    @APIResponse(responseCode = "403", description = "The caller is neither instructor nor admin")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response create(@Valid CreateGroupRequest request) {
        CreateGroupRequest r = body(request);
        UserRef user = currentUser.get();
        Group g = groups.create(user, r.name(), r.description());
        return Response.created(URI.create("/api/groups/" + g.id))
                .entity(view(user, new GroupService.Seen(g, MemberRole.MODERATOR))).build();
    }

    @POST
    @Path("/join")
    @Operation(summary = "Join a group with its join code", description = "Idempotent: joining a group one already "
            + "belongs to answers 200 with the existing membership. An unknown or rotated code is 404, the same answer "
            + "in both cases. An archived group cannot be joined (409).")
    @RequestBody(required = true, content = @Content(schema = @Schema(implementation = JoinRequest.class),
            examples = @ExampleObject(name = "code", value = "{\"code\": \"K7QM2XRT9HPA\"}")))
    @APIResponse(responseCode = "201", description = "Joined as member",
            content = @Content(schema = @Schema(implementation = MembershipView.class),
                    examples = @ExampleObject(name = "joined", value = MEMBERSHIP_EXAMPLE)))
    @APIResponse(responseCode = "200", description = "Already a member: the existing membership",
            content = @Content(schema = @Schema(implementation = MembershipView.class),
                    examples = @ExampleObject(name = "already a member", value = MEMBERSHIP_EXAMPLE)))
    @APIResponse(responseCode = "404", description = "No group has this code (never had, or it was rotated)",
            content = @Content(mediaType = Problem.MEDIA_TYPE,
                    examples = @ExampleObject(name = "unknown code", value = """
                            {"type": "about:blank", "title": "Not Found", "status": 404,
                             "detail": "No group has this join code.", "instance": "/api/groups/join",
                             "errors": [{"field": "code", "message": "No group has this join code."}]}""")))
    @APIResponse(responseCode = "409", description = "The group is archived")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response join(@Valid JoinRequest request) {
        GroupService.Joined joined = groups.join(currentUser.get(), body(request).code());
        MembershipView view = MembershipView.of(joined);
        return joined.created()
                ? Response.created(URI.create("/api/groups/" + view.groupId())).entity(view).build()
                : Response.ok(view).build();
    }

    @GET
    @Path("/{id}")
    @Operation(summary = "Get one group", description = "Members and admins; the join code only for moderators and admins.")
    @APIResponse(responseCode = "200", description = "The group",
            content = @Content(schema = @Schema(implementation = GroupView.class),
                    examples = @ExampleObject(name = "as moderator", value = GROUP_EXAMPLE)))
    @APIResponse(responseCode = "404", description = "No such group, or the caller is not a member",
            content = @Content(mediaType = Problem.MEDIA_TYPE,
                    examples = @ExampleObject(name = "not found", value = NOT_FOUND_EXAMPLE)))
    public GroupView get(@PathParam("id") String id) {
        UserRef user = currentUser.get();
        return view(user, groups.require(user, uuid(id), Action.READ_GROUP));
    }

    @PATCH
    @Path("/{id}")
    @Operation(summary = "Rename a group, change its description or its moderation settings", description = "Moderators and"
            + " admins. Fields left out stay as they are. `settings`: `requireSources` (members' top-level comments need a source),"
            + " `preModeration` (members' new annotations and edits of approved ones wait for approval), `hidePeersUntilPost`"
            + " (on a document, members see classmates' annotations only after posting their own); each change is an entry of"
            + " the group's moderation log.")
    @RequestBody(required = true, content = @Content(schema = @Schema(implementation = UpdateGroupRequest.class),
            examples = { @ExampleObject(name = "rename", value = "{\"name\": \"History 101 — section C\"}"),
                @ExampleObject(name = "settings", value = "{\"settings\": {\"preModeration\": true, \"hidePeersUntilPost\": true}}") }))
    @APIResponse(responseCode = "200", description = "The changed group",
            content = @Content(schema = @Schema(implementation = GroupView.class),
                    examples = @ExampleObject(name = "settings changed", value = SETTINGS_CHANGED)))
    @APIResponse(responseCode = "400", description = "Blank or too long name, too long description, an unknown setting or a"
            + " setting that is not true or false")
    @APIResponse(responseCode = "403", description = "The caller is a member, not a moderator")
    @APIResponse(responseCode = "404", description = "No such group, or the caller is not a member")
    @APIResponse(responseCode = "409", description = "The group is archived",
            content = @Content(mediaType = Problem.MEDIA_TYPE,
                    examples = @ExampleObject(name = "archived", value = ARCHIVED_EXAMPLE)))
    @Consumes(MediaType.APPLICATION_JSON)
    public GroupView update(@PathParam("id") String id, @Valid UpdateGroupRequest request) {
        UpdateGroupRequest r = body(request);
        UserRef user = currentUser.get();
        return view(user, groups.update(user, uuid(id), r.name(), r.description(), r.settings()));
    }

    @POST
    @Path("/{id}/archive")
    @Operation(summary = "Archive a group", description = "Moderators and admins. The group becomes read-only: "
            + "everything stays readable to its members, nothing can be added or changed until it is unarchived.")
    @APIResponse(responseCode = "200", description = "The archived group",
            content = @Content(schema = @Schema(implementation = GroupView.class),
                    examples = @ExampleObject(name = "archived", value = ARCHIVED_GROUP)))
    @APIResponse(responseCode = "403", description = "The caller is a member, not a moderator")
    @APIResponse(responseCode = "404", description = "No such group, or the caller is not a member")
    public GroupView archive(@PathParam("id") String id) {
        UserRef user = currentUser.get();
        return view(user, groups.setArchived(user, uuid(id), true));
    }

    @POST
    @Path("/{id}/unarchive")
    @Operation(summary = "Unarchive a group", description = "Moderators and admins.")
    @APIResponse(responseCode = "200", description = "The group, writable again",
            content = @Content(schema = @Schema(implementation = GroupView.class),
                    examples = @ExampleObject(name = "writable", value = GROUP_EXAMPLE)))
    @APIResponse(responseCode = "403", description = "The caller is a member, not a moderator")
    @APIResponse(responseCode = "404", description = "No such group, or the caller is not a member")
    public GroupView unarchive(@PathParam("id") String id) {
        UserRef user = currentUser.get();
        return view(user, groups.setArchived(user, uuid(id), false));
    }

    @POST
    @Path("/{id}/join-code")
    @Operation(summary = "Rotate the join code", description = "Moderators and admins. The old code stops working "
            + "at once (404, like a code that never existed); members stay members.")
    @APIResponse(responseCode = "200", description = "The group with its new code and link",
            content = @Content(schema = @Schema(implementation = GroupView.class),
                    examples = @ExampleObject(name = "rotated", value = GROUP_EXAMPLE)))
    @APIResponse(responseCode = "403", description = "The caller is a member, not a moderator")
    @APIResponse(responseCode = "404", description = "No such group, or the caller is not a member")
    @APIResponse(responseCode = "409", description = "The group is archived")
    public GroupView rotateCode(@PathParam("id") String id) {
        UserRef user = currentUser.get();
        return view(user, groups.rotateCode(user, uuid(id)));
    }

    @GET
    @Path("/{id}/members")
    @Operation(summary = "List the members", description = "Members and admins. Moderators first, then by name.")
    @APIResponse(responseCode = "200", description = "The members",
            content = @Content(schema = @Schema(type = SchemaType.ARRAY, implementation = MemberView.class),
                    examples = @ExampleObject(name = "members", value = """
                            [{"userId": "5d0c9a3e-1f2b-4c6d-8e9f-0a1b2c3d4e5f", "username": "ines",
                              "displayName": "Ines Alvarez", "role": "moderator", "joined": "2025-09-01T09:00:00Z"},
                             {"userId": "9a8b7c6d-5e4f-4a3b-2c1d-0e9f8a7b6c5d", "username": "dave",
                              "displayName": "Dave Schmidt", "role": "member", "joined": "2025-09-02T10:15:00Z"}]""")))
    @APIResponse(responseCode = "404", description = "No such group, or the caller is not a member")
    public List<MemberView> members(@PathParam("id") String id) {
        UserRef user = currentUser.get();
        UUID groupId = uuid(id);
        groups.require(user, groupId, Action.READ_GROUP);
        return groups.members(groupId).stream().map(MemberView::of).toList();
    }

    @DELETE
    @Path("/{id}/members/me")
    @Operation(summary = "Leave a group", description = "Any member; also from an archived group (leaving changes who "
            + "reads, not what is there). The last moderator cannot leave (409): promote someone first.")
    @APIResponse(responseCode = "204", description = "Left")
    @APIResponse(responseCode = "404", description = "No such group, or the caller is not a member")
    @APIResponse(responseCode = "409", description = "The caller is the last moderator")
    public Response leave(@PathParam("id") String id) {
        groups.leave(currentUser.get(), uuid(id));
        return Response.noContent().build();
    }

    @PUT
    @Path("/{id}/members/{userId}")
    @Operation(summary = "Change a member's role", description = "Moderators and admins: promote a member to moderator "
            + "(a teaching assistant) or demote a moderator. The last moderator cannot be demoted (409).")
    @RequestBody(required = true, content = @Content(schema = @Schema(implementation = RoleRequest.class),
            examples = @ExampleObject(name = "promote", value = "{\"role\": \"moderator\"}")))
    @APIResponse(responseCode = "200", description = "The member with the new role",
            content = @Content(schema = @Schema(implementation = MemberView.class),
                    examples = @ExampleObject(name = "promoted", value = """
                            {"userId": "8c3f1e5a-2d4b-4a6c-b7e9-0d1f2a3b4c5e", "username": "bob", "displayName": "Bob Chen",
                             "role": "moderator", "joined": "2025-09-02T10:20:00Z"}""")))
    @APIResponse(responseCode = "400", description = "role is neither 'moderator' nor 'member'")
    @APIResponse(responseCode = "403", description = "The caller is a member, not a moderator")
    @APIResponse(responseCode = "404", description = "No such group or member, or the caller is not a member")
    @APIResponse(responseCode = "409", description = "The group is archived, or this would demote the last moderator",
            content = @Content(mediaType = Problem.MEDIA_TYPE,
                    examples = @ExampleObject(name = "last moderator", value = """
                            {"type": "about:blank", "title": "Conflict", "status": 409,
                             "detail": "The last moderator cannot be demoted: a group must keep a moderator. Promote another member to moderator first.",
                             "instance": "/api/groups/0b6f7f3e-8a51-4c0e-9d3a-5c1f0e2a7b11/members/5d0c9a3e-1f2b-4c6d-8e9f-0a1b2c3d4e5f",
                             "errors": []}""")))
    @Consumes(MediaType.APPLICATION_JSON)
    public MemberView changeRole(@PathParam("id") String id, @PathParam("userId") String userId, @Valid RoleRequest request) {
        MemberRole role = MemberRole.valueOf(body(request).role().toUpperCase(java.util.Locale.ROOT));
        return MemberView.of(groups.changeRole(currentUser.get(), uuid(id), memberId(userId), role));
    }

    @DELETE
    @Path("/{id}/members/{userId}")
    @Operation(summary = "Remove a member", description = "Moderators and admins. The membership ends; the audit log "
            + "keeps who removed whom and when. The last moderator cannot be removed (409).")
    @APIResponse(responseCode = "204", description = "Removed")
    @APIResponse(responseCode = "403", description = "The caller is a member, not a moderator")
    @APIResponse(responseCode = "404", description = "No such group or member, or the caller is not a member")
    @APIResponse(responseCode = "409", description = "The group is archived, or this is the last moderator")
    public Response remove(@PathParam("id") String id, @PathParam("userId") String userId) {
        groups.remove(currentUser.get(), uuid(id), memberId(userId));
        return Response.noContent().build();
    }

    private GroupView view(UserRef user, GroupService.Seen seen) {
        boolean showCode = user.isAdmin() || seen.callerRole() == MemberRole.MODERATOR;
        return GroupView.of(seen, showCode, publicUrl.base());
    }

    /** A malformed group id is simply a group that is not there. */
    public static UUID uuid(String id) {
        try {
            return UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            throw Permissions.notFound();
        }
    }

    /** The group is checked first (so a non-member still learns nothing); a bad member id is a missing member. */
    private static UUID memberId(String id) {
        try {
            return UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            return new UUID(0, 0);
        }
    }

    private static <T> T body(T request) {
        if (request == null) {
            throw new ProblemException(400, "The request needs a JSON body.");
        }
        return request;
    }
}
