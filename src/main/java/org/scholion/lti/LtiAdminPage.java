package org.scholion.lti;

import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import io.quarkus.security.Authenticated;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.scholion.security.Action;
import org.scholion.security.CurrentUser;
import org.scholion.security.Permissions;
import org.scholion.security.Target;
import org.scholion.security.UserRef;

/** The admin's LTI page: the platforms, Scholion's URLs for them, the tool's keys (the page calls /api/admin/lti). */
@Path("/admin/lti")
@Authenticated
@Produces(MediaType.TEXT_HTML)
public class LtiAdminPage {
    @CheckedTemplate
    static class Templates {
        static native TemplateInstance admin(LtiUrls.Tool tool, UserRef user);
    }

    private final CurrentUser currentUser;
    private final Permissions permissions;
    private final LtiUrls urls;

    LtiAdminPage(CurrentUser currentUser, Permissions permissions, LtiUrls urls) {
        this.currentUser = currentUser;
        this.permissions = permissions;
        this.urls = urls;
    }

    @GET
    @Operation(hidden = true, summary = "The admin's LTI page (HTML)")
    public TemplateInstance page() {
        UserRef user = currentUser.get();
        permissions.require(user, Action.MANAGE_LTI, new Target.LtiPlatforms());
        return Templates.admin(urls.tool(), user);
    }
}
