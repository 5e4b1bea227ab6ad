package org.scholion.hypothesis;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarkus.security.Authenticated;
import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.io.IOException;
import java.util.Optional;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.ParameterIn;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.scholion.annotations.Author;
import org.scholion.domain.DomainError;
import org.scholion.groups.GroupService;
import org.scholion.security.Action;
import org.scholion.security.CurrentUser;
import org.scholion.security.UserRef;
import org.scholion.web.HypothesisFailure;
import org.scholion.web.Retiring;

/**
 * The Hypothesis-compatible API: what {@code https://hypothes.is/api/} is to Hypothesis,
 * {@code /h/api/} is to Scholion, so tools written against Hypothesis' API (v1, its published
 * OpenAPI document {@code docs/_extra/api-reference/hypothesis-v1.yaml} of hypothesis/h) read and
 * write Scholion's annotations unchanged. A second view of the same annotations: the W3C container
 * and this API read and write the same rows through the same permission map.
 *
 * <p>Authentication as for the rest of the API (an API token or a Keycloak access token as
 * {@code Authorization: Bearer}); the index document and the profile answer anonymous callers too,
 * as h's do; everything else needs a signed-in caller (Scholion has no world-readable annotations).
 * Errors are h's {@code {"status": "failure", "reason": ...}} (web/HypothesisFailure). Answers carry
 * h's {@code Hypothesis-Media-Type}; an Accept header naming neither JSON nor h's v1 media type is
 * refused with 406, as h refuses it.
 */
@Path(HypothesisApi.ROOT)
@Authenticated
@Tag(name = "Hypothesis-compatible API", description = "Hypothesis' API v1 over Scholion's annotations, at /h/api/")
@SecurityRequirement(name = "bearer")
public class HypothesisApi {
    /** The API root, what h's {@code /api/} is. */
    public static final String ROOT = "/h/api/";
    static final String MEDIA_TYPE_V1 = "application/vnd.hypothesis.v1+json";
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    /** Duplicate keys are refused, as the W3C container refuses them: which one would count is a guess. */
    private static final ObjectMapper JSON = com.fasterxml.jackson.databind.json.JsonMapper.builder()
            .enable(com.fasterxml.jackson.core.StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(com.fasterxml.jackson.databind.DeserializationFeature.FAIL_ON_TRAILING_TOKENS).build();
    static final String CREATE_EXAMPLE = """
            {
              "uri": "http://localhost:8080/api/documents/red-terror-essay",
              "text": "The Red Terror of 1918 was the Cheka's, under Lenin.",
              "tags": ["chronology"],
              "group": "3f1c2a9e-7d4b-4c1e-9a57-2b8e6f0d1c3a",
              "permissions": {"read": ["group:3f1c2a9e-7d4b-4c1e-9a57-2b8e6f0d1c3a"]},
              "target": [{"selector": [{"type": "TextQuoteSelector", "exact": "Joseph Stalin", "suffix": " is widely known"}]}]
            }""";
    static final String ANNOTATION_EXAMPLE = """
            {
              "id": "0f8e6c1a-3b1d-4f1e-9c55-7a2d9b1e4c60",
              "created": "2026-12-04T21:46:09.334539+00:00",
              "updated": "2026-12-04T21:46:09.334539+00:00",
              "user": "acct:alice@localhost",
              "uri": "http://localhost:8080/api/documents/red-terror-essay",
              "text": "The Red Terror of 1918 was the Cheka's, under Lenin.",
              "tags": ["chronology"],
              "group": "3f1c2a9e-7d4b-4c1e-9a57-2b8e6f0d1c3a",
              "permissions": {"read": ["group:3f1c2a9e-7d4b-4c1e-9a57-2b8e6f0d1c3a"], "admin": ["acct:alice@localhost"],
                              "update": ["acct:alice@localhost"], "delete": ["acct:alice@localhost"]},
              "target": [{"source": "http://localhost:8080/api/documents/red-terror-essay",
                          "selector": [{"type": "TextQuoteSelector", "exact": "Joseph Stalin", "suffix": " is widely known"},
                                       {"type": "TextPositionSelector", "start": 1021, "end": 1034}]}],
              "document": {"title": ["Stalin and the Red Terror"]},
              "links": {"html": "http://localhost:8080/read/red-terror-essay?annotation=0f8e6c1a-3b1d-4f1e-9c55-7a2d9b1e4c60",
                        "incontext": "http://localhost:8080/read/red-terror-essay?annotation=0f8e6c1a-3b1d-4f1e-9c55-7a2d9b1e4c60",
                        "json": "http://localhost:8080/h/api/annotations/0f8e6c1a-3b1d-4f1e-9c55-7a2d9b1e4c60",
                        "w3c": "http://localhost:8080/api/documents/red-terror-essay/annotations/0f8e6c1a-3b1d-4f1e-9c55-7a2d9b1e4c60"},
              "user_info": {"display_name": "Alice Martin"},
              "hidden": false,
              "flagged": false
            }""";

    static final String GROUP_EXAMPLE = """
            {"id": "0b6f7f3e-8a51-4c0e-9d3a-5c1f0e2a7b11", "groupid": null, "name": "History 101 — section B",
              "links": {"html": "http://localhost:8080/groups/0b6f7f3e-8a51-4c0e-9d3a-5c1f0e2a7b11"}, "organization": null, "public": false,
              "scoped": false, "type": "private", "url": "http://localhost:8080/groups/0b6f7f3e-8a51-4c0e-9d3a-5c1f0e2a7b11",
              "urls": {"group": "http://localhost:8080/groups/0b6f7f3e-8a51-4c0e-9d3a-5c1f0e2a7b11"}}""";

    private final CurrentUser currentUser;
    private final HypothesisSearch search;
    private final HypothesisWrites writes;
    private final HypothesisView view;
    private final GroupService groups;

    HypothesisApi(CurrentUser currentUser, HypothesisSearch search, HypothesisWrites writes, HypothesisView view, GroupService groups) {
        this.currentUser = currentUser;
        this.search = search;
        this.writes = writes;
        this.view = view;
        this.groups = groups;
    }

    // ---- the root -----------------------------------------------------------------------------

    @GET
    @PermitAll
    @Operation(summary = "Service root: the links to the API's operations",
            description = "h's API index ({@code GET /api/}): `links`, nested by name, each with method, url (`:id` where the id"
                    + " goes) and desc.")
    @APIResponse(responseCode = "200", description = "The links", content = @Content(mediaType = MediaType.APPLICATION_JSON,
            examples = @ExampleObject(name = "the index", value = """
                    {"links": {
                      "annotation": {
                        "create": {"method": "POST", "url": "http://localhost:8080/h/api/annotations", "desc": "Create an annotation"},
                        "delete": {"method": "DELETE", "url": "http://localhost:8080/h/api/annotations/:id", "desc": "Delete an annotation"},
                        "read": {"method": "GET", "url": "http://localhost:8080/h/api/annotations/:id", "desc": "Fetch an annotation"},
                        "update": {"method": "PATCH", "url": "http://localhost:8080/h/api/annotations/:id", "desc": "Update an annotation"}},
                      "group": {
                        "read": {"method": "GET", "url": "http://localhost:8080/h/api/groups/:id", "desc": "Fetch a group"},
                        "members": {"read": {"method": "GET", "url": "http://localhost:8080/h/api/groups/:id/members",
                                             "desc": "Fetch all members of a group"}}},
                      "groups": {"read": {"method": "GET", "url": "http://localhost:8080/h/api/groups", "desc": "Fetch the user's groups"}},
                      "profile": {
                        "read": {"method": "GET", "url": "http://localhost:8080/h/api/profile", "desc": "Fetch the user's profile"},
                        "groups": {"read": {"method": "GET", "url": "http://localhost:8080/h/api/profile/groups",
                                            "desc": "Fetch the current user's groups"}}},
                      "search": {"method": "GET", "url": "http://localhost:8080/h/api/search", "desc": "Search for annotations"}}}""")))
    @APIResponse(responseCode = "406", description = "Accept names neither JSON nor application/vnd.hypothesis.v1+json")
    public Response index(@HeaderParam("Accept") String accept) {
        negotiate(accept);
        String base = view.apiRoot();
        ObjectNode links = NODES.objectNode();
        ObjectNode annotation = links.putObject("annotation");
        link(annotation, "create", "POST", base + "annotations", "Create an annotation");
        link(annotation, "delete", "DELETE", base + "annotations/:id", "Delete an annotation");
        link(annotation, "read", "GET", base + "annotations/:id", "Fetch an annotation");
        link(annotation, "update", "PATCH", base + "annotations/:id", "Update an annotation");
        link(annotation, "flag", "PUT", base + "annotations/:id/flag", "Flag an annotation for review");
        link(annotation, "hide", "PUT", base + "annotations/:id/hide", "Hide an annotation as a group moderator");
        link(annotation, "unhide", "DELETE", base + "annotations/:id/hide", "Unhide an annotation as a group moderator");
        link(links.putObject("group"), "read", "GET", base + "groups/:id", "Fetch a group");
        link(links.with("group").putObject("members"), "read", "GET", base + "groups/:id/members", "Fetch all members of a group");
        link(links.putObject("groups"), "read", "GET", base + "groups", "Fetch the user's groups");
        ObjectNode profile = links.putObject("profile");
        link(profile, "read", "GET", base + "profile", "Fetch the user's profile");
        link(profile.putObject("groups"), "read", "GET", base + "profile/groups", "Fetch the current user's groups");
        link(links, "search", "GET", base + "search", "Search for annotations");
        return ok(NODES.objectNode().set("links", links));
    }

    private static void link(ObjectNode parent, String name, String method, String url, String desc) {
        parent.putObject(name).put("method", method).put("url", url).put("desc", desc);
    }

    // ---- annotations --------------------------------------------------------------------------

    @GET
    @Path("search")
    @Operation(summary = "Search for annotations",
            description = "h's `GET /api/search`: `{total, rows}` (and `replies` with `_separate_replies`), only what the caller"
                    + " may see. Parameters as h's reference gives them: limit (0–200, default 20), offset (0–9800), sort"
                    + " (created, updated, group, id, user; default updated), order (asc, desc; default desc), search_after (a"
                    + " date, ISO 8601 or ms since the epoch, for the date sorts; the sort field's value otherwise), uri/url (a"
                    + " document's IRI, its reader page, or the URL or DOI it came from), wildcard_uri, uri.parts, group (a group's"
                    + " id; `__world__` for the caller's private notes), user (acct:name@authority or a username), tag, tags"
                    + " (comma-separated), any, quote, text (any of the words), references (replies to that annotation, at any"
                    + " depth), _separate_replies. Parameters h does not know are ignored, as h's schema lets them through.")
    @Parameter(name = "limit", in = ParameterIn.QUERY, schema = @Schema(type = SchemaType.INTEGER, minimum = "0", maximum = "200",
            defaultValue = "20"))
    @Parameter(name = "offset", in = ParameterIn.QUERY, schema = @Schema(type = SchemaType.INTEGER, minimum = "0", maximum = "9800",
            defaultValue = "0"))
    @Parameter(name = "sort", in = ParameterIn.QUERY, schema = @Schema(enumeration = { "created", "updated", "group", "id", "user" },
            defaultValue = "updated"))
    @Parameter(name = "order", in = ParameterIn.QUERY, schema = @Schema(enumeration = { "asc", "desc" }, defaultValue = "desc"))
    @Parameter(name = "search_after", in = ParameterIn.QUERY, example = "2019-01-03T19:46:09.334539+00:00")
    @Parameter(name = "uri", in = ParameterIn.QUERY, example = "http://localhost:8080/api/documents/red-terror-essay")
    @Parameter(name = "url", in = ParameterIn.QUERY, description = "Alias of uri")
    @Parameter(name = "wildcard_uri", in = ParameterIn.QUERY, example = "http://localhost:8080/api/documents/*")
    @Parameter(name = "uri.parts", in = ParameterIn.QUERY, example = "red")
    @Parameter(name = "user", in = ParameterIn.QUERY, example = "acct:alice@localhost")
    @Parameter(name = "group", in = ParameterIn.QUERY, example = "3f1c2a9e-7d4b-4c1e-9a57-2b8e6f0d1c3a")
    @Parameter(name = "tag", in = ParameterIn.QUERY, example = "chronology")
    @Parameter(name = "tags", in = ParameterIn.QUERY, example = "chronology,sources")
    @Parameter(name = "any", in = ParameterIn.QUERY, example = "Cheka")
    @Parameter(name = "quote", in = ParameterIn.QUERY, example = "Stalin terror")
    @Parameter(name = "text", in = ParameterIn.QUERY, example = "Lenin Cheka")
    @Parameter(name = "references", in = ParameterIn.QUERY, description = "Replies to this annotation")
    @Parameter(name = "_separate_replies", in = ParameterIn.QUERY, schema = @Schema(type = SchemaType.BOOLEAN, defaultValue = "false"))
    @APIResponse(responseCode = "200", description = "The page of results", content = @Content(mediaType = MediaType.APPLICATION_JSON,
            examples = @ExampleObject(name = "one row", value = "{\"total\": 1, \"rows\": [" + ANNOTATION_EXAMPLE + "]}")))
    @APIResponse(responseCode = "400", description = "A parameter out of h's bounds", content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = HypothesisFailure.class),
            examples = @ExampleObject(name = "limit", value = "{\"status\": \"failure\", \"reason\": \"limit: 201 is greater than maximum value 200\"}")))
    @APIResponse(responseCode = "401", description = "Not signed in")
    public Response search(@HeaderParam("Accept") String accept, @Context UriInfo uri) {
        negotiate(accept);
        UserRef user = currentUser.get();
        return ok(search.search(user, SearchParameters.of(uri.getQueryParameters())));
    }

    @POST
    @Path("annotations")
    @Consumes(MediaType.WILDCARD)
    @Operation(summary = "Create a new annotation",
            description = "h's annotation (`uri`, `text`, `tags`, `group`, `permissions`, `target`, `references`, `document`)."
                    + " `uri` names the reading: its IRI, its reader page, or the URL or DOI it came from. Shared"
                    + " (`permissions.read` = [\"group:<group>\"]) it goes into the group; otherwise it is the caller's private note,"
                    + " as h keeps an annotation without permissions. `target[0].selector` needs a TextQuoteSelector (or a"
                    + " TextPositionSelector); a reply (`references`) answers the last of them in its thread. Answers 200 with the"
                    + " annotation, as h does.")
    @RequestBody(content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(type = SchemaType.OBJECT),
            examples = @ExampleObject(name = "a comment shared in a group", value = CREATE_EXAMPLE)))
    @APIResponse(responseCode = "200", description = "Created", content = @Content(mediaType = MediaType.APPLICATION_JSON,
            examples = @ExampleObject(name = "the annotation", value = ANNOTATION_EXAMPLE)))
    @APIResponse(responseCode = "400", description = "Not h's annotation schema, or a rule of Scholion's (naming the field)")
    @APIResponse(responseCode = "404", description = "No reading, group or parent annotation the caller can see")
    @APIResponse(responseCode = "409", description = "The quote is not in the text, the group is archived, the thread is locked")
    public Response create(@HeaderParam("Accept") String accept, byte[] body) {
        negotiate(accept);
        UserRef user = currentUser.get();
        HypothesisWrites.Written w = writes.create(user, parse(body));
        return ok(search.present(w.doc(), w.shown()));
    }

    @GET
    @Path("annotations/{id}")
    @Operation(summary = "Fetch an annotation")
    @APIResponse(responseCode = "200", description = "The annotation", content = @Content(mediaType = MediaType.APPLICATION_JSON,
            examples = @ExampleObject(name = "the annotation", value = ANNOTATION_EXAMPLE)))
    @APIResponse(responseCode = "404", description = "No annotation the caller can see has this id",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = HypothesisFailure.class)))
    public Response read(@PathParam("id") String id, @HeaderParam("Accept") String accept) {
        negotiate(accept);
        UserRef user = currentUser.get();
        UUID uuid = HypothesisSearch.uuid(id).orElseThrow(DomainError::notFound);
        // the permission check read the row, its author and what the caller is shown of it: presented from that
        HypothesisWrites.Found found = writes.readable(user, uuid);
        return ok(search.present(found.doc(), found.shown()));
    }

    @PATCH
    @Path("annotations/{id}")
    @Consumes(MediaType.WILDCARD)
    @Operation(summary = "Update an annotation",
            description = "The fields sent change (text, tags, target); group, references and user are ignored, as h ignores them."
                    + " Scholion keeps the rest (a sourced comment keeps its sources). The author only.")
    @RequestBody(content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(type = SchemaType.OBJECT),
            examples = @ExampleObject(name = "new text", value = "{\"text\": \"The Cheka's Red Terror began in September 1918.\"}")))
    @APIResponse(responseCode = "200", description = "The annotation as it now is",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, examples = @ExampleObject(name = "the annotation", value = ANNOTATION_EXAMPLE)))
    @APIResponse(responseCode = "400", description = "Not h's schema, or a change Scholion does not make (a shared annotation made private)")
    @APIResponse(responseCode = "403", description = "The caller may read the annotation but is not its author")
    @APIResponse(responseCode = "404", description = "No annotation the caller can see has this id")
    public Response update(@PathParam("id") String id, @HeaderParam("Accept") String accept, byte[] body) {
        negotiate(accept);
        UserRef user = currentUser.get();
        UUID uuid = HypothesisSearch.uuid(id).orElseThrow(DomainError::notFound);
        HypothesisWrites.Written w = writes.update(user, uuid, parse(body));
        return ok(search.present(w.doc(), w.shown()));
    }

    @PUT
    @Path("annotations/{id}")
    @Consumes(MediaType.WILDCARD)
    @Deprecated
    @Retiring(deprecated = "2026-12-04", sunset = "2027-12-31", link = "/swagger-ui/#/Hypothesis-compatible%20API")
    @Operation(summary = "Update an annotation (deprecated: use PATCH)",
            description = "h: \"This endpoint is available under both the PATCH and PUT request methods. Both endpoints have"
                    + " PATCH-characteristics\" and \"existing implementations continue to work under PUT but should switch to"
                    + " PATCH\". Every answer carries Deprecation, Sunset (31 Dec 2027) and a Link to PATCH's documentation.")
    @RequestBody(content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(type = SchemaType.OBJECT),
            examples = @ExampleObject(name = "new text", value = "{\"text\": \"The Cheka's Red Terror began in September 1918.\"}")))
    @APIResponse(responseCode = "200", description = "As PATCH", content = @Content(mediaType = MediaType.APPLICATION_JSON,
            examples = @ExampleObject(name = "the annotation", value = ANNOTATION_EXAMPLE)))
    public Response put(@PathParam("id") String id, @HeaderParam("Accept") String accept, byte[] body) {
        return update(id, accept, body);
    }

    @DELETE
    @Path("annotations/{id}")
    @Operation(summary = "Delete an annotation",
            description = "The author (or an admin) only. Scholion keeps its revisions; it leaves every listing. Answers h's"
                    + " `{\"id\": ..., \"deleted\": true}`.")
    @APIResponse(responseCode = "200", description = "Deleted", content = @Content(mediaType = MediaType.APPLICATION_JSON,
            examples = @ExampleObject(name = "deleted", value = "{\"id\": \"0f8e6c1a-3b1d-4f1e-9c55-7a2d9b1e4c60\", \"deleted\": true}")))
    @APIResponse(responseCode = "403", description = "The caller may read the annotation but not delete it")
    @APIResponse(responseCode = "404", description = "No annotation the caller can see has this id")
    public Response delete(@PathParam("id") String id, @HeaderParam("Accept") String accept) {
        negotiate(accept);
        UserRef user = currentUser.get();
        UUID uuid = HypothesisSearch.uuid(id).orElseThrow(DomainError::notFound);
        writes.delete(user, uuid);
        return ok(NODES.objectNode().put("id", uuid.toString()).put("deleted", true));
    }

    // ---- moderation ---------------------------------------------------------------------------

    @PUT
    @Path("annotations/{id}/flag")
    @Consumes(MediaType.WILDCARD)
    @Operation(summary = "Flag an annotation",
            description = "h: \"Flag an annotation for review (moderation). The moderator of the group containing the annotation will"
                    + " be notified of the flag\". A reader of a group annotation who did not write it; the flag's reason is 'other', its"
                    + " note says it came through this API."
                    + " Flagging again changes nothing.")
    @APIResponse(responseCode = "204", description = "Flagged")
    @APIResponse(responseCode = "403", description = "The caller's own annotation, or a private note")
    @APIResponse(responseCode = "404", description = "No annotation the caller can see has this id")
    public Response flag(@PathParam("id") String id, @HeaderParam("Accept") String accept) {
        negotiate(accept);
        UserRef user = currentUser.get();
        UUID uuid = HypothesisSearch.uuid(id).orElseThrow(DomainError::notFound);
        writes.flag(user, uuid);
        return noContent();
    }

    @PUT
    @Path("annotations/{id}/hide")
    @Consumes(MediaType.WILDCARD)
    @Operation(summary = "Hide an annotation",
            description = "h: \"The authenticated user needs to have the moderate permission for the group that contains the"
                    + " annotation\". Its author keeps seeing it (hidden: true) and is told why: \"Hidden by a moderator.\"; the open"
                    + " flags are resolved. Scholion keeps it.")
    @APIResponse(responseCode = "204", description = "Hidden")
    @APIResponse(responseCode = "403", description = "The caller does not moderate the annotation's group")
    @APIResponse(responseCode = "404", description = "No annotation the caller can see has this id")
    public Response hide(@PathParam("id") String id, @HeaderParam("Accept") String accept) {
        negotiate(accept);
        UserRef user = currentUser.get();
        writes.hide(user, HypothesisSearch.uuid(id).orElseThrow(DomainError::notFound), true);
        return noContent();
    }

    @DELETE
    @Path("annotations/{id}/hide")
    @Operation(summary = "Show (unhide) an annotation", description = "A moderator of its group makes it visible again.")
    @APIResponse(responseCode = "204", description = "Visible")
    @APIResponse(responseCode = "403", description = "The caller does not moderate the annotation's group")
    @APIResponse(responseCode = "404", description = "No annotation the caller can see has this id")
    public Response unhide(@PathParam("id") String id, @HeaderParam("Accept") String accept) {
        negotiate(accept);
        UserRef user = currentUser.get();
        writes.hide(user, HypothesisSearch.uuid(id).orElseThrow(DomainError::notFound), false);
        return noContent();
    }

    private static Response noContent() {
        return Response.noContent().header("Hypothesis-Media-Type", MEDIA_TYPE_V1).build();
    }

    // ---- groups and the profile ---------------------------------------------------------------

    @GET
    @Path("groups")
    @Operation(summary = "The caller's groups",
            description = "h's `GET /api/groups`; `authority`, `document_uri` and `expand` are accepted and change nothing: every"
                    + " Scholion group is private to its members, none is scoped to documents.")
    @APIResponse(responseCode = "200", description = "The groups, by name", content = @Content(mediaType = MediaType.APPLICATION_JSON,
            examples = @ExampleObject(name = "one group", value = "[" + GROUP_EXAMPLE + "]")))
    public Response groups(@HeaderParam("Accept") String accept) {
        negotiate(accept);
        return ok(groupList(currentUser.get()));
    }

    @GET
    @Path("groups/{id}")
    @Operation(summary = "Fetch a group")
    @APIResponse(responseCode = "200", description = "The group", content = @Content(mediaType = MediaType.APPLICATION_JSON,
            examples = @ExampleObject(name = "the group", value = GROUP_EXAMPLE)))
    @APIResponse(responseCode = "404", description = "No group the caller belongs to has this id")
    public Response group(@PathParam("id") String id, @HeaderParam("Accept") String accept) {
        negotiate(accept);
        UserRef user = currentUser.get();
        UUID groupId = HypothesisSearch.uuid(id).orElseThrow(DomainError::notFound);
        return ok(view.group(groups.require(user, groupId, Action.READ_GROUP).group()));
    }

    @GET
    @Path("groups/{id}/members")
    @Operation(summary = "Fetch the members of a group", description = "h's user objects: authority, username, userid, display_name.")
    @APIResponse(responseCode = "200", description = "The members", content = @Content(mediaType = MediaType.APPLICATION_JSON,
            examples = @ExampleObject(name = "three members", value = """
                    [{"authority": "localhost", "username": "ines", "userid": "acct:ines@localhost", "display_name": "Ines Alvarez"},
                     {"authority": "localhost", "username": "alice", "userid": "acct:alice@localhost", "display_name": "Alice Martin"},
                     {"authority": "localhost", "username": "bob", "userid": "acct:bob@localhost", "display_name": "Bob Chen"}]""")))
    @APIResponse(responseCode = "404", description = "No group the caller belongs to has this id")
    public Response members(@PathParam("id") String id, @HeaderParam("Accept") String accept) {
        negotiate(accept);
        UserRef user = currentUser.get();
        UUID groupId = HypothesisSearch.uuid(id).orElseThrow(DomainError::notFound);
        groups.require(user, groupId, Action.READ_GROUP);
        ArrayNode out = NODES.arrayNode();
        groups.members(groupId).forEach(m -> out.add(view.user(Author.of(m.user()))));
        return ok(out);
    }

    @GET
    @Path("profile")
    @PermitAll
    @Operation(summary = "The caller's profile",
            description = "h's profile: userid (null when anonymous), authority, groups, features, preferences, user_info.")
    @APIResponse(responseCode = "200", description = "The profile", content = @Content(mediaType = MediaType.APPLICATION_JSON,
            examples = { @ExampleObject(name = "signed in", value = """
                    {"userid": "acct:alice@localhost", "authority": "localhost",
                     "groups": [{"id": "0b6f7f3e-8a51-4c0e-9d3a-5c1f0e2a7b11", "name": "History 101 — section B", "public": false}],
                     "features": {}, "preferences": {}, "user_info": {"display_name": "Alice Martin"}}"""),
                @ExampleObject(name = "anonymous", value = """
                    {"userid": null, "authority": "localhost", "groups": [], "features": {}, "preferences": {}}""") }))
    public Response profile(@HeaderParam("Accept") String accept) {
        negotiate(accept);
        Optional<UserRef> user = currentUser.find();
        ObjectNode o = NODES.objectNode();
        o.put("userid", user.map(u -> view.userid(u.username())).orElse(null));
        o.put("authority", view.authority());
        ArrayNode mine = o.putArray("groups");
        if (user.isPresent()) {
            for (JsonNode g : groupList(user.get())) {
                mine.addObject().put("id", g.get("id").asText()).put("name", g.get("name").asText()).put("public", false);
            }
        }
        o.putObject("features");
        o.putObject("preferences");
        user.ifPresent(u -> o.putObject("user_info").put("display_name", u.displayName()));
        return ok(o);
    }

    @GET
    @Path("profile/groups")
    @Operation(summary = "The caller's groups (as GET /groups)")
    @APIResponse(responseCode = "200", description = "The groups, by name", content = @Content(mediaType = MediaType.APPLICATION_JSON,
            examples = @ExampleObject(name = "one group", value = "[" + GROUP_EXAMPLE + "]")))
    public Response profileGroups(@HeaderParam("Accept") String accept) {
        return groups(accept);
    }

    private ArrayNode groupList(UserRef user) {
        ArrayNode out = NODES.arrayNode();
        groups.list(user, false).forEach(s -> out.add(view.group(s.group())));
        return out;
    }

    // ---- the wire -----------------------------------------------------------------------------

    /**
     * h: "If an Accept header is set with an unrecognized media type, the API will return an HTTP 406
     * (Not Acceptable) error." JSON, any type, or h's v1 media type are recognised.
     */
    static void negotiate(String accept) {
        if (accept == null || accept.isBlank()) {
            return;
        }
        for (String part : accept.split(",")) {
            String type = part.split(";")[0].strip().toLowerCase(java.util.Locale.ROOT);
            if (type.equals("*/*") || type.equals("application/*") || type.equals(MediaType.APPLICATION_JSON)
                    || type.equals(MEDIA_TYPE_V1) || type.equals(org.scholion.web.Problem.MEDIA_TYPE)) {
                return;
            }
        }
        throw new jakarta.ws.rs.NotAcceptableException("Scholion answers Hypothesis' API v1 only: accept application/json or "
                + MEDIA_TYPE_V1);
    }

    private static Response ok(JsonNode body) {
        return Response.ok(body, MediaType.APPLICATION_JSON_TYPE).header("Hypothesis-Media-Type", MEDIA_TYPE_V1).build();
    }

    /** h's PayloadError when the body is not JSON. */
    static JsonNode parse(byte[] body) {
        if (body == null || body.length == 0) {
            throw DomainError.invalid("", "Expected a valid JSON payload, but none was found!");
        }
        try {
            return JSON.readTree(body);
        } catch (IOException e) {
            throw DomainError.invalid("", "Expected a valid JSON payload, but none was found!");
        }
    }
}
