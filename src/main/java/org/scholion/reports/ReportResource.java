package org.scholion.reports;

import io.quarkus.security.Authenticated;
import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Request;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;
import jakarta.ws.rs.core.Variant;
import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.scholion.annotations.jsonld.Iris;
import org.scholion.annotations.jsonld.Representations;
import org.scholion.domain.DomainError;
import org.scholion.exports.Csv;
import org.scholion.groups.GroupResource;
import org.scholion.security.CurrentUser;

@Path("/api/groups/{id}")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Reports", description = "How a group reads: participation per member on a reading, scored by a rubric the"
        + " instructor sets, every point explained; instructors' overrides are logged with their reason.")
@SecurityRequirement(name = "bearer")
@APIResponse(responseCode = "401", description = "No or invalid credentials")
public class ReportResource {
    static final MediaType CSV = MediaType.valueOf("text/csv");
    static final List<String> CSV_HEADER = List.of("user", "username", "name", "role", "annotations", "replies", "words", "sources",
            "verified sources", "passages", "upvotes", "first", "last", "before due", "score", "override", "override reason");

    static final String RUBRIC = """
            {"perAnnotation": 2, "perReply": 1, "perVerifiedSource": 3, "cap": 20, "beforeDueOnly": true}""";

    private final ParticipationReports reports;
    private final CurrentUser currentUser;
    private final Iris iris;

    ReportResource(ParticipationReports reports, CurrentUser currentUser, Iris iris) {
        this.reports = reports;
        this.currentUser = currentUser;
        this.iris = iris;
    }

    @Schema(name = "Rubric", description = "How a reading's participation is scored: points per annotation, per reply and per"
            + " source an instructor verified (a source reviewed anything but \"verified\" earns nothing), an optional cap,"
            + " and whether only what was written before the reading's due date counts")
    public record RubricBody(
            @NotNull @DecimalMin("0") @DecimalMax("1000") @Schema(example = "2") BigDecimal perAnnotation,
            @NotNull @DecimalMin("0") @DecimalMax("1000") @Schema(example = "1") BigDecimal perReply,
            @NotNull @DecimalMin("0") @DecimalMax("1000") @Schema(example = "3") BigDecimal perVerifiedSource,
            @DecimalMin("0") @DecimalMax("100000") @Schema(example = "20", description = "The most a student can earn; absent: no cap")
            BigDecimal cap,
            @NotNull @Schema(example = "true") Boolean beforeDueOnly) {
        Scoring.Rubric rubric() {
            return new Scoring.Rubric(perAnnotation, perReply, perVerifiedSource, cap, beforeDueOnly);
        }

        static RubricBody of(Scoring.Rubric r) {
            return new RubricBody(r.perAnnotation(), r.perReply(), r.perVerifiedSource(), r.cap(), r.beforeDueOnly());
        }
    }

    @Schema(name = "ScoreOverride", description = "An instructor's score for one student on a reading, with the reason; a null"
            + " score withdraws the override")
    public record OverrideBody(@DecimalMin("0") @DecimalMax("100000") @Schema(example = "18") BigDecimal score,
            @NotBlank @Size(max = 1000) @Schema(example = "Strong sources discussed in class") String reason) {
    }

    public record UserView(UUID id, String name, String nickname) {
    }

    public record ItemView(String annotation, BigDecimal points, String why) {
    }

    public record OverrideView(BigDecimal score, String reason, UserView by, OffsetDateTime at) {
    }

    @Schema(name = "ParticipationRow")
    public record RowView(UserView user, String role, long annotations, long replies, long words, long sources,
            long verifiedSources, long passages, long upvotes, OffsetDateTime first, OffsetDateTime last, Long beforeDue,
            BigDecimal score, OverrideView override, List<ItemView> items) {
    }

    @Schema(name = "ParticipationReport")
    public record ReportView(String document, String slug, UUID group, OffsetDateTime due, RubricBody rubric,
            List<RowView> students) {
    }

    @GET
    @Path("reports/participation")
    @Produces({ MediaType.APPLICATION_JSON, "text/csv" })
    @Operation(summary = "Participation on a reading", description = "Per member of the group, on one reading of its list: top-level"
            + " annotations, replies, words written, sources cited and sources an instructor verified, distinct passages"
            + " covered (overlapping ranges count once), upvotes received, first and last activity, and what was written"
            + " before the reading's due date; with a rubric, the computed `score` and its `items` (each point, the annotation"
            + " that earned it and why); an instructor's `override` beside it. Counted: what the class could see — not"
            + " deleted, not hidden or pending, not a bare highlight. Every member appears, an inactive one with zeros."
            + " Moderators and admins get every row; a member gets the same shape with only their own. `Accept: text/csv`:"
            + " the table as CSV (UTF-8 with BOM, formula-safe).")
    @APIResponse(responseCode = "200", description = "The report", content = {
        @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ReportView.class),
                examples = @ExampleObject(name = "as the instructor", value = """
                        {"document": "http://localhost:8080/api/documents/red-terror-essay", "slug": "red-terror-essay",
                         "group": "0b6f7f3e-8a51-4c0e-9d3a-5c1f0e2a7b11", "due": "2026-12-10T09:00:00Z",
                         "rubric": {"perAnnotation": 2, "perReply": 1, "perVerifiedSource": 3, "cap": 20, "beforeDueOnly": true},
                         "students": [
                          {"user": {"id": "2a7e4c1d-6b3f-4e8a-9c5d-1f0b3a6e8d24", "name": "Alice Martin", "nickname": "alice"},
                           "role": "member", "annotations": 1, "replies": 0, "words": 4, "sources": 1, "verifiedSources": 1,
                           "passages": 1, "upvotes": 1, "first": "2026-12-04T21:46:09.334Z", "last": "2026-12-04T21:46:09.334Z",
                           "beforeDue": 1, "score": 5,
                           "override": {"score": 18, "reason": "Strong sources discussed in class",
                                        "by": {"id": "5d0c9a3e-1f2b-4c6d-8e9f-0a1b2c3d4e5f", "name": "Ines Alvarez", "nickname": "ines"},
                                        "at": "2026-12-11T10:00:00Z"},
                           "items": [
                            {"annotation": "http://localhost:8080/api/documents/red-terror-essay/annotations/0f8e6c1a-3b1d-4f1e-9c55-7a2d9b1e4c60",
                             "points": 2, "why": "an annotation"},
                            {"annotation": "http://localhost:8080/api/documents/red-terror-essay/annotations/0f8e6c1a-3b1d-4f1e-9c55-7a2d9b1e4c60",
                             "points": 3, "why": "a source the instructor verified: Victims of the Soviet Penal System in the Pre-war Years (Ines Alvarez)"}]},
                          {"user": {"id": "8c3f1e5a-2d4b-4a6c-b7e9-0d1f2a3b4c5e", "name": "Bob Chen", "nickname": "bob"},
                           "role": "member", "annotations": 0, "replies": 0, "words": 0, "sources": 0, "verifiedSources": 0,
                           "passages": 0, "upvotes": 0, "first": null, "last": null, "beforeDue": 0, "score": 0,
                           "override": null, "items": []}]}""")),
        @Content(mediaType = "text/csv", examples = @ExampleObject(name = "the table", value = """
                "user","username","name","role","annotations","replies","words","sources","verified sources","passages","upvotes","first","last","before due","score","override","override reason"
                "2a7e4c1d-6b3f-4e8a-9c5d-1f0b3a6e8d24","alice","Alice Martin","member","1","0","4","1","1","1","1","2026-12-04T21:46:09.334Z","2026-12-04T21:46:09.334Z","1","5","18","Strong sources discussed in class"
                "8c3f1e5a-2d4b-4a6c-b7e9-0d1f2a3b4c5e","bob","Bob Chen","member","0","0","0","0","0","0","0","","","0","0","",""
                """)) })
    @APIResponse(responseCode = "400", description = "No `document`")
    @APIResponse(responseCode = "404", description = "No such group for the caller, or the document is not on its reading list")
    public Response participation(@PathParam("id") String id, @QueryParam("document") String slug, @Context Request request) {
        if (slug == null || slug.isBlank()) {
            throw DomainError.invalid("document", "say which reading: document=<slug>");
        }
        List<Variant> variants = Variant.mediaTypes(MediaType.APPLICATION_JSON_TYPE, CSV).build();
        Variant v = request.selectVariant(variants);
        if (v == null) {
            return Response.notAcceptable(variants).build();
        }
        ParticipationReports.Report r = reports.participation(currentUser.get(), GroupResource.uuid(id), slug);
        ReportView view = view(r);
        if (v.getMediaType().isCompatible(CSV)) {
            StreamingOutput body = out -> {
                try (Csv sheet = Csv.open(out, CSV_HEADER)) {
                    for (RowView row : view.students()) {
                        sheet.row(row.user().id(), row.user().nickname(), row.user().name(), row.role(), row.annotations(),
                                row.replies(), row.words(), row.sources(), row.verifiedSources(), row.passages(), row.upvotes(),
                                time(row.first()), time(row.last()), row.beforeDue(), plain(row.score()),
                                row.override() == null ? null : plain(row.override().score()),
                                row.override() == null ? null : row.override().reason());
                    }
                }
            };
            return Response.ok(body, Csv.MEDIA_TYPE).header("Content-Disposition", "attachment; filename=\"participation-"
                    + r.document().slug() + ".csv\"").header("Cache-Control", "private, no-store").build();
        }
        return Response.ok(view, MediaType.APPLICATION_JSON_TYPE).header("Cache-Control", "private, no-store").build();
    }

    @GET
    @Path("readings/{slug}/rubric")
    @Operation(summary = "A reading's rubric", description = "Any member may read it: a student sees how they are scored.")
    @APIResponse(responseCode = "200", description = "The rubric",
            content = @Content(schema = @Schema(implementation = RubricBody.class), examples = @ExampleObject(name = "rubric", value = RUBRIC)))
    @APIResponse(responseCode = "404", description = "No such group for the caller, the document is not on its reading list, or no"
            + " rubric is set")
    public RubricBody rubric(@PathParam("id") String id, @PathParam("slug") String slug) {
        return RubricBody.of(reports.rubric(currentUser.get(), GroupResource.uuid(id), slug));
    }

    @PUT
    @Path("readings/{slug}/rubric")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Set a reading's rubric", description = "Moderators and admins. The rubric it replaces is kept in the"
            + " group log (`rubric`, before and after).")
    @RequestBody(required = true, content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = RubricBody.class),
            examples = @ExampleObject(name = "rubric", value = RUBRIC)))
    @APIResponse(responseCode = "200", description = "The rubric as set",
            content = @Content(schema = @Schema(implementation = RubricBody.class), examples = @ExampleObject(name = "rubric", value = RUBRIC)))
    @APIResponse(responseCode = "400", description = "A number missing, negative or too large (problem+json naming it)")
    @APIResponse(responseCode = "403", description = "A member, not a moderator")
    @APIResponse(responseCode = "404", description = "No such group for the caller, or the document is not on its reading list")
    public RubricBody setRubric(@PathParam("id") String id, @PathParam("slug") String slug, @NotNull @Valid RubricBody body) {
        return RubricBody.of(reports.setRubric(currentUser.get(), GroupResource.uuid(id), slug, body.rubric()));
    }

    @PUT
    @Path("readings/{slug}/scores/{userId}")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Override one student's score", description = "Moderators and admins. The report shows it as `override`"
            + " beside the computed `score`; the group log records who, when, the score before and after, and the reason."
            + " A null `score` withdraws the override (also logged).")
    @RequestBody(required = true, content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = OverrideBody.class),
            examples = { @ExampleObject(name = "override", value = "{\"score\": 18, \"reason\": \"Strong sources discussed in class\"}"),
                @ExampleObject(name = "withdraw", value = "{\"score\": null, \"reason\": \"Back to the rubric's score\"}") }))
    @APIResponse(responseCode = "204", description = "Set")
    @APIResponse(responseCode = "400", description = "No reason, or a score out of range")
    @APIResponse(responseCode = "403", description = "A member, not a moderator")
    @APIResponse(responseCode = "404", description = "No such group for the caller, reading on its list, or member")
    public Response override(@PathParam("id") String id, @PathParam("slug") String slug, @PathParam("userId") String userId,
            @NotNull @Valid OverrideBody body) {
        reports.override(currentUser.get(), GroupResource.uuid(id), slug, member(userId), body.score(), body.reason().strip());
        return Response.noContent().build();
    }

    private static UUID member(String id) {
        try {
            return UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            throw DomainError.notFound("user", "no member of this group has this id");
        }
    }

    private ReportView view(ParticipationReports.Report r) {
        List<RowView> rows = r.rows().stream().map(row -> new RowView(user(row.user()), row.role(), row.annotations(), row.replies(),
                row.words(), row.sources(), row.verifiedSources(), row.passages(), row.upvotes(), row.first(), row.last(),
                row.beforeDue(), row.score(), row.override() == null ? null
                        : new OverrideView(row.override().score(), row.override().reason(), user(row.override().by()), row.override().at()),
                row.items().stream().map(i -> new ItemView(iris.annotation(r.document().slug(), i.annotation()), i.points(), i.why()))
                        .toList())).toList();
        return new ReportView(iris.document(r.document().slug()), r.document().slug(), r.group(), r.due(),
                r.rubric() == null ? null : RubricBody.of(r.rubric()), rows);
    }

    private static UserView user(org.scholion.annotations.Author a) {
        return new UserView(a.id(), a.displayName(), a.username());
    }

    private static String time(OffsetDateTime t) {
        return t == null ? null : Representations.time(t);
    }

    private static String plain(BigDecimal b) {
        return b == null ? null : b.stripTrailingZeros().toPlainString();
    }
}
