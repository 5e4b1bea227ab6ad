package org.scholion.moderation;

import io.quarkus.security.Authenticated;
import jakarta.validation.Valid;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Request;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;
import jakarta.ws.rs.core.Variant;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.scholion.annotations.http.AnnotationResource;
import org.scholion.annotations.jsonld.Representations;
import org.scholion.groups.GroupResource;
import org.scholion.security.CurrentUser;
import org.scholion.security.UserRef;
import org.scholion.exports.Csv;

/** A group's moderation queue and log, for its moderators and admins (members 403, anyone else 404). */
@Path("/api/groups/{id}/moderation")
@Authenticated
@Tag(name = "Moderation")
@SecurityRequirement(name = "bearer")
public class GroupModerationResource {
    private static final MediaType CSV = MediaType.valueOf("text/csv");
    static final List<String> LOG_HEADER = List.of("id", "at", "actor", "actor_name", "action", "document", "annotation", "source",
            "before", "after", "reason", "subject");

    private final ModerationQueries queries;
    private final ModerationViews views;
    private final CurrentUser currentUser;

    GroupModerationResource(ModerationQueries queries, ModerationViews views, CurrentUser currentUser) {
        this.queries = queries;
        this.views = views;
        this.currentUser = currentUser;
    }

    @GET
    @Path("/queue")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "The moderation queue", description = "The group's annotations on every document that wait for a"
            + " decision (`filter=open`, the default: open flags, pending, or edited by the author after a verdict), or those"
            + " flagged, pending, to recheck (an edit of the author cleared the endorsement or outdated a source's review),"
            + " hidden, orphaned (a new revision of the document lost their passage: their authors re-attach them), deleted (to"
            + " restore) or all. Flagged first (most open flags first), then pending, then to recheck, then"
            + " newest. Each item has the annotation as the moderator sees it, its document, state, flags with who flagged and"
            + " why, and `recheck` (since when, and why) when an edit cleared a verdict. Any decision on the annotation (endorse,"
            + " review, hide, approve, or a PUT of `visible` on a visible one, which dismisses) takes it off.")
    @APIResponse(responseCode = "200", description = "A page of the queue",
            content = @Content(schema = @Schema(implementation = ModerationViews.QueueView.class),
                    examples = @ExampleObject(name = "one flagged comment", value = """
                            {"group": "0b6f7f3e-8a51-4c0e-9d3a-5c1f0e2a7b11", "filter": "open", "total": 1, "page": 0, "pageSize": 50,
                             "items": [{"annotation": """ + AnnotationResource.STORED + """
                                        ,
                                        "document": {"slug": "red-terror-essay", "title": "Stalin and the Red Terror"},
                                        "state": "visible",
                                        "flags": [{"annotation": "http://localhost:8080/api/documents/red-terror-essay/annotations/0f8e6c1a-3b1d-4f1e-9c55-7a2d9b1e4c60",
                                                   "reason": "misinformation", "note": "The decree was Lenin's.",
                                                   "flagged": "2026-12-04T22:05:00Z", "by": {"id": "http://localhost:8080/api/users/8c3f1e5a-2d4b-4a6c-b7e9-0d1f2a3b4c5e", "username": "bob", "name": "Bob Chen"}}]}]}""")))
    @APIResponse(responseCode = "400", description = "A bad filter or paging parameter")
    @APIResponse(responseCode = "403", description = "The caller is a member, not a moderator")
    @APIResponse(responseCode = "404", description = "No such group, or the caller is not a member")
    public ModerationViews.QueueView queue(@PathParam("id") String id, @Valid @BeanParam PageParams params) {
        UserRef user = currentUser.get();
        ModerationQueries.QueueFilter f = params.filter == null ? ModerationQueries.QueueFilter.OPEN
                : ModerationQueries.QueueFilter.valueOf(params.filter.toUpperCase(Locale.ROOT));
        return views.queue(queries.queue(user, GroupResource.uuid(id), f, params.page(), params.pageSize()));
    }

    @GET
    @Path("/log")
    @Produces({ MediaType.APPLICATION_JSON, "text/csv" })
    @Operation(summary = "The moderation log", description = "Append-only: who did what, when, the value before and after, and"
            + " why — every flag, hide, unhide, approval, rejection, restore, lock, endorsement, source review, settings change"
            + " and every annotation an author's write sent to pending. JSON: a page, newest first. `Accept: text/csv` (or"
            + " `format=csv`, for a link): the whole log in the order it happened (streamed; entries written meanwhile are not in"
            + " it), UTF-8 with a byte order mark, every cell quoted, and an apostrophe before anything a spreadsheet would"
            + " evaluate as a formula, at the start of a cell or after a separator inside one (OWASP, CSV Injection).")
    @APIResponse(responseCode = "200", description = "A page of the log, or the whole log as CSV", content = {
        @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ModerationViews.LogPageView.class),
                examples = @ExampleObject(name = "newest first", value = """
                        {"group": "0b6f7f3e-8a51-4c0e-9d3a-5c1f0e2a7b11", "total": 2, "page": 0, "pageSize": 50,
                         "items": [
                          {"id": 42, "at": "2026-12-04T22:10:00Z", "actor": {"id": "http://localhost:8080/api/users/5d0c9a3e-1f2b-4c6d-8e9f-0a1b2c3d4e5f", "username": "ines", "name": "Ines Alvarez"},
                           "action": "hide", "annotation": "http://localhost:8080/api/documents/red-terror-essay/annotations/0f8e6c1a-3b1d-4f1e-9c55-7a2d9b1e4c60",
                           "before": "visible", "after": "hidden", "reason": "Off-topic: please keep to the dates."},
                          {"id": 41, "at": "2026-12-04T22:05:00Z", "actor": {"id": "http://localhost:8080/api/users/8c3f1e5a-2d4b-4a6c-b7e9-0d1f2a3b4c5e", "username": "bob", "name": "Bob Chen"},
                           "action": "flag", "annotation": "http://localhost:8080/api/documents/red-terror-essay/annotations/0f8e6c1a-3b1d-4f1e-9c55-7a2d9b1e4c60",
                           "after": "misinformation", "reason": "The decree was Lenin's."}]}""")),
        @Content(mediaType = "text/csv", examples = @ExampleObject(name = "the whole log", value = """
                "id","at","actor","actor_name","action","document","annotation","source","before","after","reason","subject"
                "41","2026-12-04T22:05:00Z","bob","Bob Chen","flag","red-terror-essay","http://localhost:8080/api/documents/red-terror-essay/annotations/0f8e6c1a-3b1d-4f1e-9c55-7a2d9b1e4c60","","","misinformation","The decree was Lenin's.",""
                "42","2026-12-04T22:10:00Z","ines","Ines Alvarez","hide","red-terror-essay","http://localhost:8080/api/documents/red-terror-essay/annotations/0f8e6c1a-3b1d-4f1e-9c55-7a2d9b1e4c60","","visible","hidden","Off-topic: please keep to the dates.",""
                """)) })
    @APIResponse(responseCode = "400", description = "A bad paging parameter or format")
    @APIResponse(responseCode = "403", description = "The caller is a member, not a moderator")
    @APIResponse(responseCode = "404", description = "No such group, or the caller is not a member")
    @APIResponse(responseCode = "406", description = "Neither JSON nor CSV is acceptable")
    public Response log(@PathParam("id") String id, @Valid @BeanParam PageParams params, @Context Request request) {
        UserRef user = currentUser.get();
        UUID group = GroupResource.uuid(id);
        boolean csv;
        if (params.format != null) {
            csv = params.format.equals("csv");
        } else {
            Variant v = request.selectVariant(Variant.mediaTypes(MediaType.APPLICATION_JSON_TYPE, CSV).build());
            if (v == null) {
                return Response.notAcceptable(Variant.mediaTypes(MediaType.APPLICATION_JSON_TYPE, CSV).build()).build();
            }
            csv = v.getMediaType().isCompatible(CSV);
        }
        if (csv) {
            ModerationQueries.LogExport export = queries.wholeLog(user, group);
            StreamingOutput body = out -> {
                try (Csv sheet = Csv.open(out, LOG_HEADER)) {
                    export.forEachChunk(lines -> {
                        for (ModerationLog.Line line : lines) {
                            ModerationViews.LogView l = views.log(line);
                            sheet.row(l.id(), Representations.time(l.at()), l.actor().username(), l.actor().name(), l.action(),
                                    line.documentSlug(), l.annotation(), l.source(), l.before(), l.after(), l.reason(), l.subject());
                        }
                        sheet.flush();
                    });
                }
            };
            return Response.ok(body, Csv.MEDIA_TYPE)
                    .header("Content-Disposition", "attachment; filename=\"moderation-log-" + group + ".csv\"")
                    .header("Cache-Control", "private, no-store").build();
        }
        return Response.ok(views.logPage(queries.log(user, group, params.page(), params.pageSize())), MediaType.APPLICATION_JSON_TYPE)
                .header("Cache-Control", "private, no-store").build();
    }
}
