package org.scholion.groups;

import org.scholion.web.PublicUrl;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import io.quarkus.security.Authenticated;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.scholion.security.CurrentUser;
import org.scholion.security.UserRef;
import org.scholion.web.ProblemException;

/**
 * The join link's page: shows which group the code opens and a "Join" button. The button is a
 * plain form POST, so it is guarded twice against cross-site requests: the session cookie is
 * SameSite=Lax (not sent on a cross-site POST) and the POST must carry an Origin (or Referer)
 * of this application's public URL.
 */
@Path("/join/{code}")
@Authenticated
@Produces(MediaType.TEXT_HTML)
@Tag(name = "Pages")
public class GroupPages {

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance join(String code, String groupName, boolean member, boolean archived, boolean joined,
                UserRef user);
    }

    private final GroupService groups;
    private final CurrentUser currentUser;
    private final PublicUrl publicUrl;

    GroupPages(GroupService groups, CurrentUser currentUser, PublicUrl publicUrl) {
        this.groups = groups;
        this.currentUser = currentUser;
        this.publicUrl = publicUrl;
    }

    @GET
    @Operation(hidden = true, summary = "The join link: which group the code opens, with a Join button (HTML)")
    public TemplateInstance show(@PathParam("code") String code) {
        UserRef user = currentUser.get();
        Group g = groups.findByCode(code).orElseThrow(GroupService::unknownCode);
        boolean member = groups.target(g, user).isMember();
        return Templates.join(g.joinCode, g.name, member, g.archived, false, user);
    }

    @POST
    @Operation(hidden = true, summary = "Join from the join page (HTML form; same-origin only)")
    public TemplateInstance join(@PathParam("code") String code, @HeaderParam("Origin") String origin,
            @HeaderParam("Referer") String referer) {
        if (!publicUrl.isOwnOrigin(origin, referer)) {
            throw new ProblemException(403, "Join from the join page of this site: this request came from elsewhere.");
        }
        UserRef user = currentUser.get();
        GroupService.Joined joined = groups.join(user, code);
        return Templates.join(joined.group().joinCode, joined.group().name, true, false, true, user);
    }
}
