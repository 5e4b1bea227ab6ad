package org.scholion.lti;

import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import io.quarkus.security.Authenticated;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.scholion.domain.DomainError;
import org.scholion.security.CurrentUser;
import org.scholion.web.ProblemException;
import org.scholion.web.PublicUrl;

/** The deep-linking picker (thin; {@link DeepLinks} decides): the page, and the choice that answers the platform. */
@Path("/lti/deep-link")
@Authenticated
@Produces(MediaType.TEXT_HTML)
@Tag(name = "LTI")
public class DeepLinkResource {
    @CheckedTemplate
    static class Templates {
        static native TemplateInstance picker(DeepLinks.Offer offer, String handle);

        static native TemplateInstance answer(DeepLinks.Answer answer);
    }

    private final DeepLinks deepLinks;
    private final CurrentUser currentUser;
    private final PublicUrl publicUrl;
    private final LtiHeaders.Ancestors ancestors;

    DeepLinkResource(DeepLinks deepLinks, CurrentUser currentUser, PublicUrl publicUrl, LtiHeaders.Ancestors ancestors) {
        this.deepLinks = deepLinks;
        this.currentUser = currentUser;
        this.publicUrl = publicUrl;
        this.ancestors = ancestors;
    }

    @GET
    @Operation(summary = "The deep-linking picker", description = "Where a deep-linking launch leads its instructor: their readings and"
            + " the public ones, a due date, graded or not.")
    @APIResponse(responseCode = "200", description = "The page", content = @Content(mediaType = MediaType.TEXT_HTML,
            examples = @ExampleObject(name = "page", value = "<!DOCTYPE html>…")))
    @APIResponse(responseCode = "403", description = "Not an instructor of the course")
    @APIResponse(responseCode = "404", description = "No deep-linking request of the caller under this handle")
    public TemplateInstance picker(@QueryParam("handle") String handle) {
        return Templates.picker(deepLinks.offer(currentUser.get(), handle), handle);
    }

    @POST
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Operation(summary = "Add the chosen reading to the course", description = "Assigns it to the course's group (with the due date)"
            + " and answers with a page that posts the signed LtiDeepLinkingResponse to the platform.")
    @RequestBody(content = @Content(mediaType = MediaType.APPLICATION_FORM_URLENCODED, examples = @ExampleObject(name = "graded, due",
            value = "handle=Q3kq0yA1…&reading=red-terror-essay&due=2026-12-20T09%3A00%3A00Z&graded=on")))
    @APIResponse(responseCode = "200", description = "The page that returns to the platform", content = @Content(mediaType = MediaType.TEXT_HTML,
            examples = @ExampleObject(name = "page", value = "<!DOCTYPE html>…")))
    @APIResponse(responseCode = "403", description = "Not an instructor of the course, or a request from another site")
    @APIResponse(responseCode = "404", description = "No such request, or a reading the caller cannot see")
    @APIResponse(responseCode = "409", description = "The request was answered already")
    public Response answer(@FormParam("handle") String handle, @FormParam("reading") String slug, @FormParam("due") String due,
            @FormParam("graded") String graded, @HeaderParam("Origin") String origin, @HeaderParam("Referer") String referer) {
        // a form post from the picker: the session cookie may cross sites in an LMS's frame, so the origin is checked here
        if (!publicUrl.isOwnOrigin(origin, referer)) {
            throw new ProblemException(403, "Add the reading with the picker on Scholion's page: this request came from elsewhere.");
        }
        if (slug == null || slug.isBlank()) {
            throw DomainError.unprocessable("reading", "choose a reading");
        }
        DeepLinks.Answer a = deepLinks.answer(currentUser.get(), handle, slug, due(due), graded != null);
        return Response.ok(Templates.answer(a).render(), MediaType.TEXT_HTML_TYPE)
                .header("Content-Security-Policy", "default-src 'self'; script-src 'self'; style-src 'self'; object-src 'none';"
                        + " base-uri 'none'; form-action " + PublicUrl.originOf(a.returnUrl()) + "; frame-ancestors " + ancestors.origins())
                .build();
    }

    /** An ISO date-time with offset (the page's script sends that), or a local one read as UTC. */
    private static OffsetDateTime due(String due) {
        if (due == null || due.isBlank()) {
            return null;
        }
        try {
            return OffsetDateTime.parse(due);
        } catch (DateTimeParseException e) {
            try {
                return LocalDateTime.parse(due).atOffset(ZoneOffset.UTC);
            } catch (DateTimeParseException again) {
                throw DomainError.unprocessable("due", "must be a date and time, e.g. 2026-12-10T09:00");
            }
        }
    }
}
