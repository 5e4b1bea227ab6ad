package org.scholion.moderation;

import io.quarkus.security.Authenticated;
import jakarta.annotation.security.PermitAll;
import jakarta.validation.Valid;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.OPTIONS;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.scholion.annotations.AnnotatedDocuments;
import org.scholion.annotations.AnnotatedDocuments.Doc;
import org.scholion.annotations.AnnotationQueries;
import org.scholion.annotations.AnnotationQueries.Shown;
import org.scholion.annotations.http.AnnotationResource;
import org.scholion.annotations.jsonld.Iris;
import org.scholion.annotations.jsonld.AnnotationReader;
import org.scholion.annotations.listing.ListingSql;
import org.scholion.annotations.listing.ViewerExtras;
import org.scholion.domain.DomainError;
import org.scholion.domain.ModerationState;
import org.scholion.security.CurrentUser;
import org.scholion.security.UserRef;
import org.scholion.text.TextRules;

/**
 * Moderation of one annotation, under its IRI: flags and upvotes (readers), the moderation state,
 * restore, lock, endorsement and source reviews (moderators). HTTP only: it parses, asks the
 * services (which ask the permission map) and presents. A caller who may not see the annotation
 * gets 404; a member asking for a moderator's action 403; an archived group 409.
 */
@Path("/api/documents/{slug}/annotations/{id}")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Moderation", description = "Flags, upvotes, hiding, approval, restore, thread locks, endorsements, source reviews,"
        + " the queue and the log. Moderators of a group (and admins) moderate it; a member asking for a moderator's action"
        + " gets 403, anyone who cannot see the annotation or group 404, an archived group 409.")
@SecurityRequirement(name = "bearer")
public class ModerationResource {
    static final int MAX_TEXT = 1000;
    /**
     * Every moderator's action names the version of the annotation the moderator decided on: a
     * decision taken on a card that has changed since (an author's edit, another moderator) must
     * not apply to what the moderator never saw (issue 17). Readers' actions (flags, upvotes) name
     * none: they change only the reader's own flag or vote.
     */
    static final String IF_MATCH = "The annotation's ETag as the moderator was shown it: the ETag header of a GET of the"
            + " annotation or of its moderation record, or the `etag` of the annotation in a listing, the queue or a live"
            + " update. Required.";
    static final String STALE = "Precondition Failed: If-Match is not the annotation's current ETag (it changed since the"
            + " moderator saw it); nothing was changed. GET it again and decide on what it is now.";
    static final String MISSING = "Precondition Required: If-Match is missing; nothing was changed. Send the ETag of the"
            + " version you decided on.";
    static final String FLAG = """
            {"annotation": "http://localhost:8080/api/documents/red-terror-essay/annotations/0f8e6c1a-3b1d-4f1e-9c55-7a2d9b1e4c60",
             "reason": "misinformation", "note": "The decree was Lenin's.", "flagged": "2026-12-04T22:05:00Z"}""";
    static final String HIDDEN = """
            {"annotation": "http://localhost:8080/api/documents/red-terror-essay/annotations/0f8e6c1a-3b1d-4f1e-9c55-7a2d9b1e4c60",
             "state": "hidden", "reason": "Off-topic: please keep to the dates.", "moderated": "2026-12-04T22:10:00Z",
             "moderatedBy": {"id": "http://localhost:8080/api/users/5d0c9a3e-1f2b-4c6d-8e9f-0a1b2c3d4e5f", "username": "ines", "name": "Ines Alvarez"},
             "upvotes": 1,
             "flags": [{"annotation": "http://localhost:8080/api/documents/red-terror-essay/annotations/0f8e6c1a-3b1d-4f1e-9c55-7a2d9b1e4c60",
                        "reason": "misinformation", "note": "The decree was Lenin's.", "flagged": "2026-12-04T22:05:00Z",
                        "by": {"id": "http://localhost:8080/api/users/8c3f1e5a-2d4b-4a6c-b7e9-0d1f2a3b4c5e", "username": "bob",
                               "name": "Bob Chen"},
                        "resolved": "2026-12-04T22:10:00Z", "resolution": "hidden"}],
             "history": [
              {"id": 41, "at": "2026-12-04T22:05:00Z",
               "actor": {"id": "http://localhost:8080/api/users/8c3f1e5a-2d4b-4a6c-b7e9-0d1f2a3b4c5e", "username": "bob", "name": "Bob Chen"},
               "action": "flag", "annotation": "http://localhost:8080/api/documents/red-terror-essay/annotations/0f8e6c1a-3b1d-4f1e-9c55-7a2d9b1e4c60",
               "after": "misinformation", "reason": "The decree was Lenin's."},
              {"id": 42, "at": "2026-12-04T22:10:00Z", "actor": {"id": "http://localhost:8080/api/users/5d0c9a3e-1f2b-4c6d-8e9f-0a1b2c3d4e5f", "username": "ines", "name": "Ines Alvarez"},
               "action": "hide", "annotation": "http://localhost:8080/api/documents/red-terror-essay/annotations/0f8e6c1a-3b1d-4f1e-9c55-7a2d9b1e4c60",
               "before": "visible", "after": "hidden", "reason": "Off-topic: please keep to the dates."}]}""";
    static final String RESTORED = """
            {"annotation": "http://localhost:8080/api/documents/red-terror-essay/annotations/0f8e6c1a-3b1d-4f1e-9c55-7a2d9b1e4c60",
             "state": "visible", "upvotes": 1, "flags": [],
             "history": [
              {"id": 43, "at": "2026-12-04T22:20:00Z",
               "actor": {"id": "http://localhost:8080/api/users/2a7e4c1d-6b3f-4e8a-9c5d-1f0b3a6e8d24", "username": "alice",
                         "name": "Alice Martin"},
               "action": "delete", "annotation": "http://localhost:8080/api/documents/red-terror-essay/annotations/0f8e6c1a-3b1d-4f1e-9c55-7a2d9b1e4c60",
               "before": "visible", "after": "deleted"},
              {"id": 44, "at": "2026-12-04T22:25:00Z", "actor": {"id": "http://localhost:8080/api/users/5d0c9a3e-1f2b-4c6d-8e9f-0a1b2c3d4e5f", "username": "ines", "name": "Ines Alvarez"},
               "action": "restore", "annotation": "http://localhost:8080/api/documents/red-terror-essay/annotations/0f8e6c1a-3b1d-4f1e-9c55-7a2d9b1e4c60",
               "before": "deleted", "after": "restored"}]}""";

    private final AnnotatedDocuments documents;
    private final ReaderFeedback feedback;
    private final ModerationService moderation;
    private final ModerationQueries queries;
    private final ModerationViews views;
    private final CurrentUser currentUser;

    ModerationResource(AnnotatedDocuments documents, ReaderFeedback feedback, ModerationService moderation, ModerationQueries queries,
            ModerationViews views, CurrentUser currentUser) {
        this.documents = documents;
        this.feedback = feedback;
        this.moderation = moderation;
        this.queries = queries;
        this.views = views;
        this.currentUser = currentUser;
    }

    /**
     * This resource shares the annotation's path, so it answers the annotation's OPTIONS too (as
     * {@link AnnotationResource} does), rather than letting JAX-RS list this class's methods.
     */
    @OPTIONS
    @PermitAll
    @Operation(summary = "What an annotation allows")
    @APIResponse(responseCode = "200", description = "OK: the Allow and Link headers say it; no body")
    public Response annotationOptions() {
        return AnnotationResource.annotationOptionsResponse();
    }

    // ---- readers --------------------------------------------------------------------------------

    @POST
    @Path("/flags")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Flag an annotation for the group's moderators", description = "Any member who can see a visible group"
            + " annotation and did not write it. One open flag per user: flagging again answers 200 with the flag already there."
            + " Only moderators learn who flagged; the annotation tells each reader `flaggedByMe`.")
    @RequestBody(required = true, content = @Content(schema = @Schema(implementation = FlagRequest.class),
            examples = @ExampleObject(name = "misinformation", value = "{\"reason\": \"misinformation\", \"note\": \"The decree was Lenin's.\"}")))
    @APIResponse(responseCode = "201", description = "Flagged", content = @Content(schema = @Schema(implementation = ModerationViews.FlagView.class),
            examples = @ExampleObject(name = "flagged", value = FLAG)))
    @APIResponse(responseCode = "200", description = "The caller's open flag was already there (unchanged)",
            content = @Content(schema = @Schema(implementation = ModerationViews.FlagView.class),
                    examples = @ExampleObject(name = "already flagged", value = FLAG)))
    @APIResponse(responseCode = "400", description = "Unknown reason, a note over 1,000 characters, 'other' without a note")
    @APIResponse(responseCode = "403", description = "The caller wrote it, or it is a private note")
    @APIResponse(responseCode = "404", description = "No annotation the caller can see has this IRI")
    @APIResponse(responseCode = "409", description = "Deleted, not visible (pending, hidden), or the group is archived")
    public Response flag(@PathParam("slug") String slug, @PathParam("id") String id, @Valid FlagRequest request) {
        FlagRequest r = body(request);
        UserRef user = currentUser.get();
        ReaderFeedback.Flagged f = feedback.flag(user, documents.find(user, slug), AnnotationResource.uuid(id), FlagReason.of(r.reason()).orElseThrow(),
                text(r.note(), "note"));
        return Response.status(f.created() ? 201 : 200).entity(views.flag(slug, f.flag(), null)).build();
    }

    @PUT
    @Path("/upvote")
    @Operation(summary = "Upvote an annotation as helpful", description = "Any member who can see a visible group annotation and"
            + " did not write it; idempotent (upvoting twice counts once). The annotation carries `upvotes`; the container sorts"
            + " by them with `sort=upvotes`.")
    @APIResponse(responseCode = "200", description = "The annotation's upvotes now",
            content = @Content(schema = @Schema(implementation = ModerationViews.UpvoteView.class),
                    examples = @ExampleObject(name = "upvoted", value = """
                            {"annotation": "http://localhost:8080/api/documents/red-terror-essay/annotations/0f8e6c1a-3b1d-4f1e-9c55-7a2d9b1e4c60",
                             "upvotes": 2, "upvotedByMe": true}""")))
    @APIResponse(responseCode = "403", description = "The caller wrote it, or it is a private note")
    @APIResponse(responseCode = "404", description = "No annotation the caller can see has this IRI")
    @APIResponse(responseCode = "409", description = "Deleted, not visible, or the group is archived")
    public ModerationViews.UpvoteView upvote(@PathParam("slug") String slug, @PathParam("id") String id) {
        return upvote(slug, id, true);
    }

    @DELETE
    @Path("/upvote")
    @Operation(summary = "Withdraw one's upvote", description = "Idempotent; the withdrawn upvote is kept as withdrawn, not deleted.")
    @APIResponse(responseCode = "200", description = "The annotation's upvotes now",
            content = @Content(schema = @Schema(implementation = ModerationViews.UpvoteView.class),
                    examples = @ExampleObject(name = "withdrawn", value = """
                            {"annotation": "http://localhost:8080/api/documents/red-terror-essay/annotations/0f8e6c1a-3b1d-4f1e-9c55-7a2d9b1e4c60",
                             "upvotes": 1, "upvotedByMe": false}""")))
    @APIResponse(responseCode = "403", description = "The caller wrote it, or it is a private note")
    @APIResponse(responseCode = "404", description = "No annotation the caller can see has this IRI")
    @APIResponse(responseCode = "409", description = "Deleted, not visible, or the group is archived")
    public ModerationViews.UpvoteView withdrawUpvote(@PathParam("slug") String slug, @PathParam("id") String id) {
        return upvote(slug, id, false);
    }

    private ModerationViews.UpvoteView upvote(String slug, String id, boolean up) {
        ReaderFeedback.Upvotes u = feedback.upvote(currentUser.get(), documents.find(currentUser.get(), slug), AnnotationResource.uuid(id), up);
        return new ModerationViews.UpvoteView(views.annotation(slug, u.annotation().id), u.count(), u.mine());
    }

    // ---- moderators -----------------------------------------------------------------------------

    @GET
    @Path("/moderation")
    @Operation(summary = "An annotation's moderation: state, reason, flags (with who flagged) and history",
            description = "Moderators and admins. The ETag is the annotation's: send it as If-Match with every moderator's"
            + " action.")
    @APIResponse(responseCode = "200", description = "The moderation record",
            content = @Content(schema = @Schema(implementation = ModerationViews.RecordView.class),
                    examples = @ExampleObject(name = "flagged once", value = """
                            {"annotation": "http://localhost:8080/api/documents/red-terror-essay/annotations/0f8e6c1a-3b1d-4f1e-9c55-7a2d9b1e4c60",
                             "state": "visible", "upvotes": 1,
                             "flags": [{"annotation": "http://localhost:8080/api/documents/red-terror-essay/annotations/0f8e6c1a-3b1d-4f1e-9c55-7a2d9b1e4c60",
                                        "reason": "misinformation", "note": "The decree was Lenin's.",
                                        "flagged": "2026-12-04T22:05:00Z", "by": {"id": "http://localhost:8080/api/users/8c3f1e5a-2d4b-4a6c-b7e9-0d1f2a3b4c5e", "username": "bob", "name": "Bob Chen"}}],
                             "history": [{"id": 41, "at": "2026-12-04T22:05:00Z", "actor": {"id": "http://localhost:8080/api/users/8c3f1e5a-2d4b-4a6c-b7e9-0d1f2a3b4c5e", "username": "bob", "name": "Bob Chen"},
                                          "action": "flag", "annotation": "http://localhost:8080/api/documents/red-terror-essay/annotations/0f8e6c1a-3b1d-4f1e-9c55-7a2d9b1e4c60",
                                          "after": "misinformation", "reason": "The decree was Lenin's."}]}""")))
    @APIResponse(responseCode = "403", description = "The caller is a member, not a moderator")
    @APIResponse(responseCode = "404", description = "No annotation the caller can see has this IRI")
    public Response record(@PathParam("slug") String slug, @PathParam("id") String id) {
        UserRef user = currentUser.get();
        Doc doc = documents.find(user, slug);
        UUID uuid = AnnotationResource.uuid(id);
        ModerationQueries.Record r = queries.record(user, doc, uuid);
        return Response.ok(views.record(slug, r)).tag(AnnotationResource.etag(r.annotation(), r.extras()))
                .header("Cache-Control", "private, no-cache").build();
    }

    @PUT
    @Path("/moderation")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Hide, unhide, approve or reject an annotation", description = "Moderators and admins, with If-Match"
            + " (the annotation's ETag). `hidden` needs a reason, which the author is shown: hiding a pending annotation rejects"
            + " it. `visible` unhides or approves; on an annotation that is already visible it dismisses the open flags. Hiding"
            + " resolves the open flags. Hidden and pending annotations are seen only by their author and the moderators, and"
            + " so is the thread below them. Every change is an entry of the moderation log.")
    @RequestBody(required = true, content = @Content(schema = @Schema(implementation = ModerationRequest.class),
            examples = { @ExampleObject(name = "hide", value = "{\"state\": \"hidden\", \"reason\": \"Off-topic: please keep to the dates.\"}"),
                @ExampleObject(name = "approve or unhide", value = "{\"state\": \"visible\"}") }))
    @APIResponse(responseCode = "200", description = "The moderation record now, with the annotation's new ETag",
            content = @Content(schema = @Schema(implementation = ModerationViews.RecordView.class),
                    examples = @ExampleObject(name = "hidden", value = HIDDEN)))
    @APIResponse(responseCode = "400", description = "state is not 'visible' or 'hidden'; hiding without a reason; a reason over"
            + " 1,000 characters")
    @APIResponse(responseCode = "403", description = "The caller is a member, not a moderator")
    @APIResponse(responseCode = "404", description = "No annotation the caller can see has this IRI")
    @APIResponse(responseCode = "409", description = "Deleted (restore it first), a private note, or the group is archived")
    @APIResponse(responseCode = "412", description = STALE)
    @APIResponse(responseCode = "428", description = MISSING)
    public Response decide(@PathParam("slug") String slug, @PathParam("id") String id,
            @Parameter(description = IF_MATCH, required = true) @HeaderParam("If-Match") String ifMatch, @Valid ModerationRequest request) {
        ModerationRequest r = body(request);
        UserRef user = currentUser.get();
        Doc doc = documents.find(user, slug);
        UUID uuid = AnnotationResource.uuid(id);
        moderation.decide(user, doc, uuid, ModerationState.of(r.state()).orElseThrow(), text(r.reason(), "reason"),
                AnnotationResource.expected(ifMatch, uuid));
        return record(slug, id);
    }

    @POST
    @Path("/restore")
    @Operation(summary = "Restore a deleted annotation", description = "Moderators and admins. The annotation comes back as it"
            + " was: body, sources, replies and revisions are untouched by delete and restore. Restoring one that is not deleted"
            + " changes nothing. With If-Match (required), the ETag of the annotation as the moderator saw it.")
    @APIResponse(responseCode = "200", description = "The moderation record now",
            content = @Content(schema = @Schema(implementation = ModerationViews.RecordView.class),
                    examples = @ExampleObject(name = "restored", value = RESTORED)))
    @APIResponse(responseCode = "403", description = "The caller is a member, not a moderator")
    @APIResponse(responseCode = "404", description = "No annotation the caller can see has this IRI")
    @APIResponse(responseCode = "409", description = "A private note, or the group is archived")
    @APIResponse(responseCode = "412", description = STALE)
    @APIResponse(responseCode = "428", description = MISSING)
    public Response restore(@PathParam("slug") String slug, @PathParam("id") String id,
            @Parameter(description = IF_MATCH, required = true) @HeaderParam("If-Match") String ifMatch) {
        UUID uuid = AnnotationResource.uuid(id);
        moderation.restore(currentUser.get(), documents.find(currentUser.get(), slug), uuid, AnnotationResource.expected(ifMatch, uuid));
        return record(slug, id);
    }

    @PUT
    @Path("/lock")
    @Operation(summary = "Lock the thread", description = "Moderators and admins; on any annotation of a thread, it locks the"
            + " thread (the lock sits on its first annotation, which carries `locked`). Members may no longer reply (409);"
            + " moderators still may. Authors may still edit or delete what they wrote. Idempotent. A lock outlives archiving."
            + " With If-Match (required): the ETag of the annotation named, as the moderator saw it.")
    @APIResponse(responseCode = "200", description = "The thread's lock", content = @Content(schema = @Schema(implementation = ModerationViews.LockView.class),
            examples = @ExampleObject(name = "locked", value = """
                    {"thread": "http://localhost:8080/api/documents/red-terror-essay/annotations/0f8e6c1a-3b1d-4f1e-9c55-7a2d9b1e4c60",
                     "locked": "2026-12-04T22:30:00Z", "lockedBy": {"id": "http://localhost:8080/api/users/5d0c9a3e-1f2b-4c6d-8e9f-0a1b2c3d4e5f", "username": "ines", "name": "Ines Alvarez"}}""")))
    @APIResponse(responseCode = "403", description = "The caller is a member, not a moderator")
    @APIResponse(responseCode = "404", description = "No annotation the caller can see has this IRI")
    @APIResponse(responseCode = "409", description = "Deleted, a private note, or the group is archived")
    @APIResponse(responseCode = "412", description = STALE)
    @APIResponse(responseCode = "428", description = MISSING)
    public ModerationViews.LockView lock(@PathParam("slug") String slug, @PathParam("id") String id,
            @Parameter(description = IF_MATCH, required = true) @HeaderParam("If-Match") String ifMatch) {
        return lock(slug, id, ifMatch, true);
    }

    @DELETE
    @Path("/lock")
    @Operation(summary = "Unlock the thread", description = "Moderators and admins, with If-Match (required). Idempotent.")
    @APIResponse(responseCode = "200", description = "The thread, unlocked", content = @Content(schema = @Schema(implementation = ModerationViews.LockView.class),
            examples = @ExampleObject(name = "unlocked", value = """
                    {"thread": "http://localhost:8080/api/documents/red-terror-essay/annotations/0f8e6c1a-3b1d-4f1e-9c55-7a2d9b1e4c60"}""")))
    @APIResponse(responseCode = "403", description = "The caller is a member, not a moderator")
    @APIResponse(responseCode = "404", description = "No annotation the caller can see has this IRI")
    @APIResponse(responseCode = "409", description = "Deleted, a private note, or the group is archived")
    @APIResponse(responseCode = "412", description = STALE)
    @APIResponse(responseCode = "428", description = MISSING)
    public ModerationViews.LockView unlock(@PathParam("slug") String slug, @PathParam("id") String id,
            @Parameter(description = IF_MATCH, required = true) @HeaderParam("If-Match") String ifMatch) {
        return lock(slug, id, ifMatch, false);
    }

    private ModerationViews.LockView lock(String slug, String id, String ifMatch, boolean locked) {
        UUID uuid = AnnotationResource.uuid(id);
        ModerationService.Lock l = moderation.lock(currentUser.get(), documents.find(currentUser.get(), slug), uuid, locked,
                AnnotationResource.expected(ifMatch, uuid));
        return new ModerationViews.LockView(views.annotation(slug, l.root().id), l.locked(), views.user(l.lockedBy()));
    }

    @PUT
    @Path("/endorsement")
    @Operation(summary = "Endorse an annotation", description = "Moderators and admins: a badge every reader sees (`endorsed`,"
            + " `endorsedBy`). Only a visible annotation, with If-Match (required): the ETag of the version the moderator"
            + " endorses. Idempotent. Students get 403.")
    @APIResponse(responseCode = "200", description = "The endorsement", content = @Content(schema = @Schema(implementation = ModerationViews.EndorsementView.class),
            examples = @ExampleObject(name = "endorsed", value = """
                    {"annotation": "http://localhost:8080/api/documents/red-terror-essay/annotations/0f8e6c1a-3b1d-4f1e-9c55-7a2d9b1e4c60",
                     "endorsed": "2026-12-04T22:15:00Z", "endorsedBy": {"id": "http://localhost:8080/api/users/5d0c9a3e-1f2b-4c6d-8e9f-0a1b2c3d4e5f", "username": "ines", "name": "Ines Alvarez"}}""")))
    @APIResponse(responseCode = "403", description = "The caller is a member, not a moderator")
    @APIResponse(responseCode = "404", description = "No annotation the caller can see has this IRI")
    @APIResponse(responseCode = "409", description = "Deleted, pending or hidden, a private note, or the group is archived")
    @APIResponse(responseCode = "412", description = STALE)
    @APIResponse(responseCode = "428", description = MISSING)
    public ModerationViews.EndorsementView endorse(@PathParam("slug") String slug, @PathParam("id") String id,
            @Parameter(description = IF_MATCH, required = true) @HeaderParam("If-Match") String ifMatch) {
        UUID uuid = AnnotationResource.uuid(id);
        Shown s = moderation.endorse(currentUser.get(), documents.find(currentUser.get(), slug), uuid, true, AnnotationResource.expected(ifMatch, uuid));
        return new ModerationViews.EndorsementView(views.annotation(slug, uuid), s.annotation().endorsedAt, views.user(s.extras().endorser()));
    }

    @DELETE
    @Path("/endorsement")
    @Operation(summary = "Withdraw an endorsement", description = "Moderators and admins, with If-Match (required). Idempotent.")
    @APIResponse(responseCode = "204", description = "Not endorsed")
    @APIResponse(responseCode = "403", description = "The caller is a member, not a moderator")
    @APIResponse(responseCode = "404", description = "No annotation the caller can see has this IRI")
    @APIResponse(responseCode = "409", description = "Deleted, a private note, or the group is archived")
    @APIResponse(responseCode = "412", description = STALE)
    @APIResponse(responseCode = "428", description = MISSING)
    public Response unendorse(@PathParam("slug") String slug, @PathParam("id") String id,
            @Parameter(description = IF_MATCH, required = true) @HeaderParam("If-Match") String ifMatch) {
        UUID uuid = AnnotationResource.uuid(id);
        moderation.endorse(currentUser.get(), documents.find(currentUser.get(), slug), uuid, false, AnnotationResource.expected(ifMatch, uuid));
        return Response.noContent().build();
    }

    @PUT
    @Path("/sources/{sourceId}/review")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Review one source of an annotation", description = "Moderators and admins. The source is named by its"
            + " stable id (the UUID of its `urn:uuid:` id), so the review stays with it across the author's edits. The author"
            + " and everyone who reads the annotation see the verdict in the source's `review`. A new review replaces the"
            + " previous one (both stay in the log). With If-Match (required): the ETag of the annotation as the moderator"
            + " read it, claim and source.")
    @RequestBody(required = true, content = @Content(schema = @Schema(implementation = ReviewRequest.class),
            examples = @ExampleObject(name = "does not support", value = "{\"verdict\": \"does-not-support\", \"note\": \"The page says 1918.\"}")))
    @APIResponse(responseCode = "200", description = "The review", content = @Content(schema = @Schema(implementation = ModerationViews.ReviewView.class),
            examples = @ExampleObject(name = "does not support", value = """
                    {"annotation": "http://localhost:8080/api/documents/red-terror-essay/annotations/0f8e6c1a-3b1d-4f1e-9c55-7a2d9b1e4c60",
                     "source": "urn:uuid:c2a4e6f8-1b3d-4f5a-9c7e-2d4f6a8b0c1e", "verdict": "does-not-support",
                     "note": "The page says 1918.", "reviewed": "2026-12-04T22:12:00Z", "reviewer": {"id": "http://localhost:8080/api/users/5d0c9a3e-1f2b-4c6d-8e9f-0a1b2c3d4e5f", "username": "ines", "name": "Ines Alvarez"}}""")))
    @APIResponse(responseCode = "400", description = "Unknown verdict, a note over 1,000 characters")
    @APIResponse(responseCode = "403", description = "The caller is a member, not a moderator")
    @APIResponse(responseCode = "404", description = "No annotation the caller can see has this IRI, or it has no source with this id")
    @APIResponse(responseCode = "409", description = "Deleted, a private note, or the group is archived")
    @APIResponse(responseCode = "412", description = STALE)
    @APIResponse(responseCode = "428", description = MISSING)
    public ModerationViews.ReviewView review(@PathParam("slug") String slug, @PathParam("id") String id,
            @Parameter(description = "The source's id: the UUID of its `urn:uuid:…` id") @PathParam("sourceId") String sourceId,
            @Parameter(description = IF_MATCH, required = true) @HeaderParam("If-Match") String ifMatch, @Valid ReviewRequest request) {
        ReviewRequest r = body(request);
        UUID uuid = AnnotationResource.uuid(id);
        UUID source = sourceId(sourceId);
        Shown s = moderation.review(currentUser.get(), documents.find(currentUser.get(), slug), uuid, source, SourceVerdict.of(r.verdict()).orElseThrow(),
                text(r.note(), "note"), AnnotationResource.expected(ifMatch, uuid));
        ViewerExtras.SourceReview review = s.extras().reviews().get(source);
        return new ModerationViews.ReviewView(views.annotation(slug, uuid), Iris.source(source), review.verdict(), review.note(),
                review.reviewed(), views.user(review.reviewer()));
    }

    @DELETE
    @Path("/sources/{sourceId}/review")
    @Operation(summary = "Withdraw a source's review", description = "Moderators and admins, with If-Match (required). The"
            + " withdrawal is a new entry; the earlier review stays in the log.")
    @APIResponse(responseCode = "204", description = "The source has no review")
    @APIResponse(responseCode = "403", description = "The caller is a member, not a moderator")
    @APIResponse(responseCode = "404", description = "No annotation the caller can see has this IRI, or it has no source with this id")
    @APIResponse(responseCode = "409", description = "Deleted, a private note, or the group is archived")
    @APIResponse(responseCode = "412", description = STALE)
    @APIResponse(responseCode = "428", description = MISSING)
    public Response withdrawReview(@PathParam("slug") String slug, @PathParam("id") String id,
            @PathParam("sourceId") String sourceId,
            @Parameter(description = IF_MATCH, required = true) @HeaderParam("If-Match") String ifMatch) {
        UUID uuid = AnnotationResource.uuid(id);
        moderation.review(currentUser.get(), documents.find(currentUser.get(), slug), uuid, sourceId(sourceId), null, null,
                AnnotationResource.expected(ifMatch, uuid));
        return Response.noContent().build();
    }

    // ---- helpers ------------------------------------------------------------------------------

    /** The UUID, or its {@code urn:uuid:} form; anything else is a source that is not there (checked after the annotation). */
    private static UUID sourceId(String id) {
        UUID u = Iris.sourceId(id);
        return u != null ? u : ListingSql.uuidOrNull(id);
    }

    /** Optional free text: trimmed, null when blank, Unicode text of at most 1,000 characters, stored NFC. */
    static String text(String value, String field) {
        if (value == null || value.isBlank()) {
            return null;
        }
        return TextRules.nfc(AnnotationReader.text(value.strip(), field, MAX_TEXT, true));
    }

    static <T> T body(T request) {
        if (request == null) {
            throw DomainError.invalid("body", "The request needs a JSON body.");
        }
        return request;
    }
}
