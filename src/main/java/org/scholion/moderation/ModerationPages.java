package org.scholion.moderation;

import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import io.quarkus.security.Authenticated;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.scholion.groups.Group;
import org.scholion.groups.GroupResource;
import org.scholion.groups.GroupService;
import org.scholion.security.Action;
import org.scholion.security.CurrentUser;
import org.scholion.security.UserRef;

/**
 * The moderation page of a group: settings, queue and log (the page's script reads them through
 * the API). Only the group's moderators and admins get it; anyone else gets the same error page
 * as for a group that does not exist (404) or, for a member, 403.
 */
@Path("/groups")
@Produces(MediaType.TEXT_HTML)
@Tag(name = "Pages")
public class ModerationPages {

    /** What the page shows of the group; Qute escapes every value. */
    record GroupPage(UUID id, String name, boolean requireSources, boolean preModeration, boolean hidePeersUntilPost) {
    }

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance queue(GroupPage group, UserRef user);
    }

    private final GroupService groups;
    private final CurrentUser currentUser;

    ModerationPages(GroupService groups, CurrentUser currentUser) {
        this.groups = groups;
        this.currentUser = currentUser;
    }

    @GET
    @Path("{id}/moderation")
    @Authenticated
    @Operation(hidden = true, summary = "A group's moderation page (HTML): settings, queue, log")
    public TemplateInstance queue(@PathParam("id") String id) {
        UserRef user = currentUser.get();
        Group g = groups.require(user, GroupResource.uuid(id), Action.READ_MODERATION).group();
        return Templates.queue(new GroupPage(g.id, g.name, g.requireSources, g.preModeration, g.hidePeersUntilPost), user);
    }
}
