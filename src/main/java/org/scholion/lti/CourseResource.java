package org.scholion.lti;

import io.quarkus.security.Authenticated;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.time.OffsetDateTime;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.scholion.domain.DomainError;
import org.scholion.groups.GroupService;
import org.scholion.security.Action;
import org.scholion.security.CurrentUser;
import org.scholion.security.Permissions;
import org.scholion.web.Problem;
import org.scholion.web.ProblemException;

/** A group that is an LMS course: which course, and its roster synced now (its moderators). */
@Path("/api/groups/{group}/lti")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "LTI")
@SecurityRequirement(name = "bearer")
@APIResponse(responseCode = "401", description = "No or invalid credentials")
@APIResponse(responseCode = "404", description = "No such group, not a member, or not a course of a learning platform",
        content = @Content(mediaType = Problem.MEDIA_TYPE))
public class CourseResource {
    /** The course a group stands for. */
    @Schema(name = "LtiCourse")
    public record Course(String platform, String contextId, boolean roster, OffsetDateTime synced) {
    }

    private final Courses courses;
    private final Rosters rosters;
    private final GroupService groups;
    private final CurrentUser currentUser;

    CourseResource(Courses courses, Rosters rosters, GroupService groups, CurrentUser currentUser) {
        this.courses = courses;
        this.rosters = rosters;
        this.groups = groups;
        this.currentUser = currentUser;
    }

    @GET
    @Operation(summary = "The LMS course of a group", description = "Members and admins.")
    @APIResponse(responseCode = "200", description = "The course", content = @Content(schema = @Schema(implementation = Course.class),
            examples = @ExampleObject(name = "Moodle course", value = """
                    {"platform": "University Moodle", "contextId": "42", "roster": true, "synced": "2026-12-05T09:00:00Z"}""")))
    public Course get(@PathParam("group") String group) {
        UUID g = id(group);
        groups.require(currentUser.get(), g, Action.READ_GROUP);
        return courses.of(g).orElseThrow(() -> DomainError.notFound("This group is not a course of a learning platform."));
    }

    @POST
    @Path("/roster-sync")
    @Operation(summary = "Sync the roster now", description = "Reads the course's membership list from the platform (NRPS) and makes"
            + " the group follow it, as the hourly sync does: new students join, dropped ones lose the group (their work stays), roles"
            + " follow. The group's moderators and admins.")
    @APIResponse(responseCode = "200", description = "What changed", content = @Content(schema = @Schema(implementation = Rosters.Synced.class),
            examples = @ExampleObject(name = "one dropped", value = "{\"active\": 31, \"enrolled\": 0, \"dropped\": 1}")))
    @APIResponse(responseCode = "403", description = "Not a moderator of the group", content = @Content(mediaType = Problem.MEDIA_TYPE))
    @APIResponse(responseCode = "502", description = "The platform's membership service did not answer as it should",
            content = @Content(mediaType = Problem.MEDIA_TYPE))
    public Rosters.Synced sync(@PathParam("group") String group) {
        UUID g = id(group);
        groups.require(currentUser.get(), g, Action.MANAGE_GROUP);
        Courses.Link link = courses.link(g).orElseThrow(() -> DomainError.notFound("This group is not a course of a learning platform."));
        if (!link.roster()) {
            throw DomainError.conflict("The platform gave no membership service for this course: its roster follows the launches only.");
        }
        try {
            return rosters.sync(link.platform(), link.contextId());
        } catch (PlatformServices.ServiceFailure f) {
            throw new ProblemException(502, "The platform's membership service did not answer as it should: " + f.getMessage());
        }
    }

    private static UUID id(String s) {
        try {
            return UUID.fromString(s);
        } catch (IllegalArgumentException e) {
            throw Permissions.notFound();
        }
    }
}
