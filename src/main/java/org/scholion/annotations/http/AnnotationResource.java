package org.scholion.annotations.http;

import io.quarkus.security.Authenticated;
import jakarta.annotation.security.PermitAll;
import jakarta.validation.Valid;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.OPTIONS;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.EntityTag;
import jakarta.ws.rs.core.Request;
import jakarta.ws.rs.core.Response;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.scholion.annotations.AnnotatedDocuments;
import org.scholion.annotations.AnnotatedDocuments.Doc;
import org.scholion.annotations.Annotation;
import org.scholion.annotations.AnnotationQueries;
import org.scholion.annotations.listing.ContainerListing.ContainerState;
import org.scholion.annotations.AnnotationQueries.Shown;
import org.scholion.annotations.AnnotationService;
import org.scholion.annotations.AnnotationService.ExpectedVersion;
import org.scholion.annotations.Draft;
import org.scholion.annotations.Filter;
import org.scholion.annotations.ItemTags;
import org.scholion.annotations.Motivation;
import org.scholion.annotations.Notices;
import org.scholion.anchoring.Anchorer;
import org.scholion.annotations.listing.ContainerListing;
import org.scholion.annotations.listing.ListingSql;
import org.scholion.annotations.listing.ViewerExtras;
import org.scholion.documents.RevisionTexts;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.ws.rs.QueryParam;
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.scholion.annotations.jsonld.ContainerView;
import org.scholion.annotations.jsonld.AnnotationReader;
import org.scholion.annotations.jsonld.Representations;
import org.scholion.annotations.jsonld.Vocabulary;
import org.scholion.domain.DomainError;
import org.scholion.domain.ModerationState;
import org.scholion.security.Action;
import org.scholion.security.CurrentUser;
import org.scholion.security.Permissions;
import org.scholion.security.UserRef;

/**
 * The W3C Web Annotation Protocol over HTTP: a container per document at
 * {@code <base>/api/documents/{slug}/annotations/} and its annotations. This layer does the HTTP:
 * media types, the Prefer header, paging parameters, conditional requests and the protocol
 * headers. It reads bodies with {@link AnnotationReader}, asks the domain ({@link AnnotationService},
 * {@link AnnotationQueries}) and writes with {@link Representations}.
 */
@Path("/api/documents/{slug}/annotations")
@Authenticated
@Tag(name = "Annotations", description = "W3C Web Annotation Protocol container of a document")
@SecurityRequirement(name = "bearer")
public class AnnotationResource {
    static final String LDP = "http://www.w3.org/ns/ldp#";
    static final String CONTAINER_LINKS = "<" + LDP + "BasicContainer>; rel=\"type\", <" + LDP
            + "Resource>; rel=\"type\", <http://www.w3.org/TR/annotation-protocol/>; rel=\"" + LDP + "constrainedBy\"";
    static final String RESOURCE_LINK = "<" + LDP + "Resource>; rel=\"type\"";
    static final int MAX_SLUG = 200;
    static final String ACCEPT_POST = Vocabulary.MEDIA_TYPE + ", application/ld+json, application/json";
    static final String EXAMPLE = """
            {
              "@context": "http://www.w3.org/ns/anno.jsonld",
              "type": "Annotation",
              "motivation": "assessing",
              "group": "3f1c2a9e-7d4b-4c1e-9a57-2b8e6f0d1c3a",
              "body": [
                {"type": "TextualBody", "purpose": "commenting", "value": "The figure is **contested**.", "format": "text/markdown"},
                {"type": "TextualBody", "purpose": "assessing", "value": "misleading"},
                {"type": "TextualBody", "purpose": "tagging", "value": "Chronology"},
                {"type": "SpecificResource", "purpose": "linking", "source": "https://doi.org/10.2307/2167582",
                 "title": "Victims of the Soviet Penal System in the Pre-war Years",
                 "authors": ["J. Arch Getty", "Gábor T. Rittersporn", "Viktor N. Zemskov"], "published": "1993",
                 "container": "The American Historical Review", "locator": "p. 1017"}
              ],
              "target": {
                "source": "http://localhost:8080/api/documents/red-terror-essay",
                "selector": [{"type": "TextQuoteSelector", "exact": "Joseph Stalin", "suffix": " is widely known"}]
              }
            }""";

    /** An annotation's members as the server writes them: ids, creator, positions and state added to what was sent. */
    private static final String ITEM_MEMBERS = """
             "id": "http://localhost:8080/api/documents/red-terror-essay/annotations/0f8e6c1a-3b1d-4f1e-9c55-7a2d9b1e4c60",
             "type": "Annotation", "motivation": "assessing",
             "created": "2026-12-04T21:46:09.334Z", "modified": "2026-12-04T21:46:09.334Z",
             "creator": {"id": "http://localhost:8080/api/users/2a7e4c1d-6b3f-4e8a-9c5d-1f0b3a6e8d24", "type": "Person",
                         "nickname": "alice", "name": "Alice Martin"},
             "body": [
               {"type": "TextualBody", "purpose": "commenting", "value": "The figure is **contested**.", "format": "text/markdown"},
               {"type": "TextualBody", "purpose": "assessing", "value": "misleading"},
               {"id": "urn:uuid:c2a4e6f8-1b3d-4f5a-9c7e-2d4f6a8b0c1e", "type": "SpecificResource", "purpose": "linking",
                "source": "https://doi.org/10.2307/2167582", "title": "Victims of the Soviet Penal System in the Pre-war Years",
                "authors": ["J. Arch Getty", "Gábor T. Rittersporn", "Viktor N. Zemskov"], "published": "1993",
                "container": "The American Historical Review", "locator": "p. 1017", "doi": "10.2307/2167582"},
               {"type": "TextualBody", "purpose": "tagging", "value": "chronology"}
             ],
             "target": {
               "source": "http://localhost:8080/api/documents/red-terror-essay",
               "selector": [
                 {"type": "TextQuoteSelector", "exact": "Joseph Stalin", "prefix": "", "suffix": " is widely known for his ruth"},
                 {"type": "TextPositionSelector", "start": 0, "end": 13}
               ],
               "state": {"type": "TimeState", "cached": "http://localhost:8080/api/documents/red-terror-essay/revisions/1",
                         "sourceDate": "2026-12-04T09:00:00Z"}
             },
             "anchoring": "exact", "group": "0b6f7f3e-8a51-4c0e-9d3a-5c1f0e2a7b11", "visibility": "group",
             "moderationState": "visible", "upvotes": 1, "upvotedByMe": false, "flaggedByMe": false,
             "etag": "\\"0f8e6c1a-3b1d-4f1e-9c55-7a2d9b1e4c60-v1\\""
            """;
    /** An annotation in a listing (a page's items, an export). */
    public static final String ITEM = "{" + ITEM_MEMBERS + "}";
    /** An annotation on its own (GET, and the answers to POST and PUT), with its context. */
    public static final String STORED = """
            {"@context": ["http://www.w3.org/ns/anno.jsonld", "http://localhost:8080/ns/scholion.jsonld"],
            """ + ITEM_MEMBERS + "}";
    static final String COLLECTION = """
            {"@context": ["http://www.w3.org/ns/anno.jsonld", "http://www.w3.org/ns/ldp.jsonld", "http://localhost:8080/ns/scholion.jsonld"],
             "id": "http://localhost:8080/api/documents/red-terror-essay/annotations/?group=0b6f7f3e-8a51-4c0e-9d3a-5c1f0e2a7b11",
             "type": ["BasicContainer", "AnnotationCollection"], "label": "Annotations on Stalin and the Red Terror",
             "total": 1, "modified": "2026-12-04T21:46:09.334Z",
             "first": {"id": "http://localhost:8080/api/documents/red-terror-essay/annotations/?group=0b6f7f3e-8a51-4c0e-9d3a-5c1f0e2a7b11&page=0",
                       "type": "AnnotationPage", "startIndex": 0, "items": [""" + ITEM + """
             ]},
             "last": "http://localhost:8080/api/documents/red-terror-essay/annotations/?group=0b6f7f3e-8a51-4c0e-9d3a-5c1f0e2a7b11&page=0"}""";
    static final String PAGE = """
            {"@context": ["http://www.w3.org/ns/anno.jsonld", "http://localhost:8080/ns/scholion.jsonld"],
             "id": "http://localhost:8080/api/documents/red-terror-essay/annotations/?group=0b6f7f3e-8a51-4c0e-9d3a-5c1f0e2a7b11&page=0",
             "type": "AnnotationPage",
             "partOf": {"id": "http://localhost:8080/api/documents/red-terror-essay/annotations/?group=0b6f7f3e-8a51-4c0e-9d3a-5c1f0e2a7b11",
                        "label": "Annotations on Stalin and the Red Terror", "total": 1, "modified": "2026-12-04T21:46:09.334Z"},
             "startIndex": 0, "items": [""" + ITEM + "]}";

    private final AnnotatedDocuments documents;
    private final AnnotationQueries queries;
    private final ContainerListing listing;
    private final ViewerExtras viewerExtras;
    private final AnnotationService annotations;
    private final AnnotationReader reader;
    private final Representations writer;
    private final Permissions permissions;
    private final CurrentUser currentUser;
    private final RenderedPages pages;
    private final PageBudget budget;
    private final ContainerTags containerTags;

    private final Notices notices;
    private final RevisionTexts revisionTexts;

    AnnotationResource(AnnotatedDocuments documents, AnnotationQueries queries, AnnotationService annotations, AnnotationReader reader,
            Representations writer, Permissions permissions, CurrentUser currentUser, RenderedPages pages, PageBudget budget,
            ContainerTags containerTags, Notices notices, RevisionTexts revisionTexts, ContainerListing listing,
            ViewerExtras viewerExtras) {
        this.listing = listing;
        this.viewerExtras = viewerExtras;
        this.notices = notices;
        this.revisionTexts = revisionTexts;
        this.budget = budget;
        this.containerTags = containerTags;
        this.documents = documents;
        this.queries = queries;
        this.annotations = annotations;
        this.reader = reader;
        this.writer = writer;
        this.permissions = permissions;
        this.currentUser = currentUser;
        this.pages = pages;
    }

    // ---- the container ------------------------------------------------------------------------

    @GET
    @Path("/")
    @Operation(summary = "Read the container (AnnotationCollection) or one of its pages (AnnotationPage)",
            description = "Without `page`: the AnnotationCollection with `total`, `modified`, `first` (embedded per the Prefer"
                    + " header: contained descriptions by default, contained IRIs, or only linked with the minimal container)"
                    + " and `last`. With `page`: that AnnotationPage with `partOf`, `startIndex`, `prev`, `next` and `items`."
                    + " Only what the caller may see. The ETag moves exactly when what the caller may see changes; with"
                    + " If-None-Match it answers 304 after one database query.")
    @APIResponse(responseCode = "200", description = "The collection or page", content = @Content(mediaType = Vocabulary.MEDIA_TYPE,
            examples = { @ExampleObject(name = "the collection, its first page embedded", value = COLLECTION),
                @ExampleObject(name = "a page (page=0)", value = PAGE) }))
    @APIResponse(responseCode = "304", description = "If-None-Match named the current ETag")
    @APIResponse(responseCode = "400", description = "A bad filter or paging parameter")
    @APIResponse(responseCode = "404", description = "No such document or page, or a group filter for a group the caller is not in")
    @APIResponse(responseCode = "406", description = "No acceptable representation")
    public Response container(@PathParam("slug") String slug, @Valid @BeanParam ContainerParams params,
            @HeaderParam("Accept") String accept, @HeaderParam("Prefer") String prefer, @Context Request request) {
        String type = Negotiation.annotationType(accept);
        UserRef user = currentUser.get();
        Doc doc = documents.find(user, slug);
        Filter filter = filter(params);
        String query = query(filter);
        Integer pageNo = params.page == null ? null : Integer.valueOf(params.page);
        int requested = params.pageSize == null ? Representations.DEFAULT_PAGE_SIZE : Integer.parseInt(params.pageSize);
        ContainerView view = "1".equals(params.iris) || "true".equals(params.iris) ? ContainerView.IRIS : ContainerView.DESCRIPTIONS;
        Optional<ContainerView> preferred = pageNo == null ? Preferences.containerView(prefer) : Optional.empty();
        if (preferred.isPresent()) {
            view = preferred.get();
        }
        ContainerState state = listing.state(user, doc, filter);
        if (pageNo != null && pageNo > state.lastPage(requested)) {
            throw DomainError.notFound("page", "there is no page " + pageNo + " of this listing");
        }
        String label = "Annotations on " + doc.title();
        int size = budget.pageSize(requested,
                view.pages().iris() ? writer.iriItemBound(slug) : writer.itemBound(state.heaviest(), slug),
                writer.envelopeBound(slug, label, query));
        // a page asked for in a larger size is the page of the allowed size that holds its first item
        if (pageNo != null && size < requested) {
            pageNo = (int) ((long) pageNo * requested / size);
        }
        String location = pageNo == null ? writer.iris().collection(slug, view, query) : writer.pageIri(slug, view, query, pageNo, size);
        EntityTag etag = new EntityTag(containerTags.of(state.validator() + "|" + user.id() + "|" + view + "|" + location + "|" + type));
        Response.ResponseBuilder r = request.evaluatePreconditions(etag);
        if (r == null) {
            byte[] rendered = pages.get(etag.getValue()).orElse(null);
            if (rendered == null) {
                ContainerListing.Page p = listing.page(user, doc, filter, state, pageNo == null ? 0 : pageNo, size,
                        !view.pages().iris(), l -> writer.written(slug, l));
                rendered = Representations.bytes(pageNo == null ? writer.collection(slug, label, p, view, query)
                        : writer.page(slug, label, p, view, query));
                pages.put(etag.getValue(), rendered);
            }
            r = Response.ok(rendered, type);
        }
        r.tag(etag)
                .header("Content-Location", location)
                .header("Link", pageNo == null ? CONTAINER_LINKS : RESOURCE_LINK)
                .header("Allow", pageNo == null ? "GET, HEAD, OPTIONS, POST" : "GET, HEAD, OPTIONS")
                .header("Vary", "Accept, Prefer, Authorization")
                .header("Cache-Control", "private, no-cache");
        if (pageNo == null) {
            r.header("Accept-Post", ACCEPT_POST);
        }
        if (preferred.isPresent()) {
            r.header("Preference-Applied", "return=representation");
        }
        return r.build();
    }

    @OPTIONS
    @Path("/")
    @PermitAll
    @Operation(summary = "What the container allows")
    @APIResponse(responseCode = "200", description = "OK: the Allow, Accept-Post and Link headers say it; no body")
    public Response containerOptions() {
        return Response.ok().header("Allow", "GET, HEAD, OPTIONS, POST").header("Accept-Post", ACCEPT_POST)
                .header("Link", CONTAINER_LINKS).header("Vary", "Accept, Prefer").build();
    }

    @POST
    @Path("/")
    @Consumes({ "application/ld+json", "application/json" })
    @Operation(summary = "Create an annotation",
            description = "Send a W3C Web Annotation (JSON-LD). The server assigns the IRI, moves a client `id` to `via` (`id`,"
                    + " `canonical` and `via` must be http(s) or urn: IRIs), keeps `canonical`, and sets created, modified and"
                    + " creator. A `Slug` header (Protocol §5.2: the server \"MAY ignore it and use an automatically assigned"
                    + " name\") is a name of the caller's own: the IRI is derived from the caller, the document and the name,"
                    + " so the same name from the same caller is the same IRI (409 the second time: a retried POST makes no"
                    + " duplicate), and whether some other annotation's id exists is never revealed."
                    + " A TextQuoteSelector alone is enough: the server finds the quote and adds the TextPositionSelector."
                    + " Sources are `SpecificResource` bodies (purpose `linking`, `source` = the cited work's IRI); the"
                    + " server gives each a stable `id` (urn:uuid:…). The earlier `Citation` shape is still accepted.")
    @RequestBody(content = @Content(mediaType = Vocabulary.MEDIA_TYPE, schema = @Schema(type = SchemaType.OBJECT),
            examples = @ExampleObject(name = "assessment with a source", value = EXAMPLE)))
    @APIResponse(responseCode = "201", description = "Created; Location and ETag are set. Scholion-Notice (when present) says what"
            + " the server decided for the client: a TextPositionSelector read as UTF-16 units, a position the quote overruled, a"
            + " missing motivation, an undefined term ignored", content = @Content(mediaType = Vocabulary.MEDIA_TYPE,
                    examples = @ExampleObject(name = "created", value = STORED)),
            headers = @Header(name = "Scholion-Notice", description = "Decisions taken for the client, separated by ' | '"))
    @APIResponse(responseCode = "400", description = "The annotation breaks a rule (naming the field); a remote @context")
    @APIResponse(responseCode = "422", description = "Valid W3C, but no selector anchors it in the text (only DOM selectors)")
    @APIResponse(responseCode = "404", description = "No such document, group or parent annotation for the caller")
    @APIResponse(responseCode = "409", description = "The anchor does not fit the text, the group is archived, the caller already"
            + " created an annotation under this Slug in this container, or a reply would nest too deep (naming target)")
    @APIResponse(responseCode = "413", description = "The body is larger than 1 MB")
    @APIResponse(responseCode = "415", description = "Not JSON-LD")
    public Response create(@PathParam("slug") String slug, @HeaderParam("Accept") String accept,
            @HeaderParam("Slug") String slugHeader, byte[] body) {
        String type = Negotiation.annotationType(accept);
        UserRef user = currentUser.get();
        Doc doc = documents.find(user, slug); // 404 before anything is said about the body
        Draft draft = reader.forCreate(AnnotationReader.parse(body), slug);
        Optional<String> name = proposedName(slugHeader);
        Shown shown = documents.write(user, doc, d -> annotations.create(user, d, draft, name));
        return noticed(annotationResponse(Response.status(201), shown, slug, type, user)
                .header("Location", writer.iris().annotation(slug, shown.annotation().id))).build();
    }

    // ---- one annotation -----------------------------------------------------------------------

    @GET
    @Path("/{id}")
    @Operation(summary = "Read one annotation", description = "A deleted annotation answers 410 with a tombstone (no body, no"
            + " creator) so that the replies under it stay readable.")
    @APIResponse(responseCode = "200", description = "The annotation", content = @Content(mediaType = Vocabulary.MEDIA_TYPE,
            examples = @ExampleObject(name = "the annotation", value = STORED)))
    @APIResponse(responseCode = "304", description = "If-None-Match named the current ETag")
    @APIResponse(responseCode = "404", description = "No annotation the caller may see has this IRI")
    @APIResponse(responseCode = "410", description = "Deleted; the body is a tombstone")
    @APIResponse(responseCode = "400", description = "positions is neither absent nor utf16")
    public Response get(@PathParam("slug") String slug, @PathParam("id") String id, @HeaderParam("Accept") String accept,
            @Parameter(description = "utf16: the TextPositionSelector in UTF-16 code units, for clients that count that way"
                    + " (Recogito's Text Annotator, dokieli) instead of the W3C model's code points; the quote is unchanged")
            @QueryParam("positions") String positions, @Context Request request) {
        String type = Negotiation.annotationType(accept);
        UserRef user = currentUser.get();
        Doc doc = documents.find(user, slug);
        boolean utf16 = positions != null;
        if (utf16 && !positions.equals("utf16")) {
            throw DomainError.invalid("positions", "positions is utf16 (TextPositionSelector in UTF-16 code units) or absent (code points)");
        }
        Shown shown = queries.get(user, doc, uuid(id));
        Annotation a = shown.annotation();
        if (a.isDeleted()) {
            // the tombstone names the version this caller is shown: a moderator restores it with If-Match
            return Response.status(410).type(type).entity(Representations.bytes(writer.tombstone(a, slug, viewerExtras.of(user, a))))
                    .header("Link", RESOURCE_LINK).header("Vary", "Accept").build();
        }
        Response.ResponseBuilder notModified = request.evaluatePreconditions(etag(a, shown.extras()));
        if (notModified != null) {
            return headers(notModified, shown, slug, user).build();
        }
        if (utf16) {
            ObjectNode json = writer.annotation(a, slug, shown.author(), shown.extras());
            if (!a.isReply()) {
                Anchorer.Text text = a.revision == doc.revision() ? doc.text() : revisionTexts.text(doc.id(), a.revision);
                for (JsonNode sel : json.path("target").path("selector")) {
                    if ("TextPositionSelector".equals(sel.path("type").asText()) && sel.path("start").isInt()) {
                        ((ObjectNode) sel).put("start", Anchorer.utf16(text, sel.get("start").asInt()))
                                .put("end", Anchorer.utf16(text, sel.get("end").asInt()));
                    }
                }
            }
            return headers(Response.ok().entity(Representations.bytes(json)).type(type), shown, slug, user)
                    .header("Vary", "Accept").build();
        }
        return annotationResponse(Response.ok(), shown, slug, type, user).build();
    }

    @OPTIONS
    @Path("/{id}")
    @PermitAll
    @Operation(summary = "What an annotation allows")
    @APIResponse(responseCode = "200", description = "OK: the Allow and Link headers say it; no body")
    public Response annotationOptions() {
        return annotationOptionsResponse();
    }

    /** The answer to OPTIONS on an annotation (also given by the moderation resource, which shares its path). */
    public static Response annotationOptionsResponse() {
        return Response.ok().header("Allow", "GET, HEAD, OPTIONS, PUT, DELETE").header("Link", RESOURCE_LINK)
                .header("Vary", "Accept").build();
    }

    @PUT
    @Path("/{id}")
    @Consumes({ "application/ld+json", "application/json" })
    @Operation(summary = "Replace an annotation (its author only)", description = "Send the whole annotation with If-Match:"
            + " the ETag of the version you edited. Group, visibility, thread and canonical cannot change. The replaced"
            + " version is kept. Send sources back with their `id` to keep their identity (and their reviews).")
    @RequestBody(content = @Content(mediaType = Vocabulary.MEDIA_TYPE, schema = @Schema(type = SchemaType.OBJECT),
            examples = @ExampleObject(name = "assessment with a source", value = EXAMPLE)))
    @APIResponse(responseCode = "200", description = "The new version, with its ETag (and Scholion-Notice, as for POST)",
            content = @Content(mediaType = Vocabulary.MEDIA_TYPE, examples = @ExampleObject(name = "the new version", value = STORED)))
    @APIResponse(responseCode = "422", description = "Valid W3C, but no selector anchors it in the text (only DOM selectors)")
    @APIResponse(responseCode = "403", description = "The caller sees it but did not write it")
    @APIResponse(responseCode = "412", description = "If-Match is not the current ETag")
    @APIResponse(responseCode = "428", description = "If-Match is missing")
    public Response update(@PathParam("slug") String slug, @PathParam("id") String id, @HeaderParam("Accept") String accept,
            @HeaderParam("If-Match") String ifMatch, byte[] body) {
        String type = Negotiation.annotationType(accept);
        UserRef user = currentUser.get();
        UUID uuid = uuid(id);
        Doc doc = documents.find(user, slug); // 404 before anything is said about the body
        Draft draft = reader.forUpdate(AnnotationReader.parse(body), slug, uuid);
        ExpectedVersion expected = expected(ifMatch, uuid);
        Shown shown = documents.write(user, doc, d -> annotations.update(user, d, uuid, draft, expected));
        return noticed(annotationResponse(Response.ok(), shown, slug, type, user)).build();
    }

    @DELETE
    @Path("/{id}")
    @Operation(summary = "Delete an annotation (its author only)", description = "Soft delete: it leaves the container; its"
            + " history stays. If-Match is optional; when sent it must be current.")
    @APIResponse(responseCode = "204", description = "Deleted")
    @APIResponse(responseCode = "403", description = "The caller sees it but did not write it")
    @APIResponse(responseCode = "412", description = "If-Match is not the current ETag")
    public Response delete(@PathParam("slug") String slug, @PathParam("id") String id, @HeaderParam("If-Match") String ifMatch) {
        UUID uuid = uuid(id);
        annotations.delete(currentUser.get(), documents.find(currentUser.get(), slug), uuid, expected(ifMatch, uuid));
        return Response.noContent().build();
    }

    // ---- helpers ------------------------------------------------------------------------------

    /**
     * What Scholion decided while it took the write (a TextPositionSelector read as UTF-16 units, a
     * position the quote overruled), in {@code Scholion-Notice}; nothing when it decided nothing.
     */
    private Response.ResponseBuilder noticed(Response.ResponseBuilder r) {
        String said = notices.header();
        return said.isEmpty() ? r : r.header("Scholion-Notice", said);
    }

    private Response.ResponseBuilder annotationResponse(Response.ResponseBuilder r, Shown shown, String slug, String type,
            UserRef user) {
        byte[] json = Representations.bytes(writer.annotation(shown.annotation(), slug, shown.author(), shown.extras()));
        return headers(r.entity(json).type(type), shown, slug, user);
    }

    private Response.ResponseBuilder headers(Response.ResponseBuilder r, Shown shown, String slug, UserRef user) {
        Annotation a = shown.annotation();
        boolean mayEdit = permissions.may(user, Action.EDIT_ANNOTATION, shown.target());
        return r.tag(etag(a, shown.extras()))
                .header("Content-Location", writer.iris().annotation(slug, a.id))
                .header("Link", RESOURCE_LINK)
                .header("Allow", mayEdit ? "GET, HEAD, OPTIONS, PUT, DELETE" : "GET, HEAD, OPTIONS")
                .header("Vary", "Accept")
                .header("Cache-Control", "private, no-cache");
    }

    /** The annotation's entity tag for this viewer ({@link ItemTags}: strong, from the row's own version). */
    public static EntityTag etag(Annotation a, ViewerExtras.Extras extras) {
        return new EntityTag(ItemTags.opaque(a, extras));
    }

    /**
     * If-Match as the domain's expected version (RFC 9110 §13.1.1: "An origin server MUST use the
     * strong comparison function when comparing entity tags for If-Match"): {@code *}, or one of
     * the listed tags if it is this annotation's; weak or foreign tags can only be stale.
     */
    public static ExpectedVersion expected(String ifMatch, UUID id) {
        if (ifMatch == null || ifMatch.isBlank()) {
            return ExpectedVersion.NONE;
        }
        ExpectedVersion found = ExpectedVersion.UNKNOWN;
        for (String t : ifMatch.split(",")) {
            String s = t.strip();
            if (s.equals("*")) {
                return ExpectedVersion.ANY;
            }
            // a weak tag (W/"…") never matches strongly: it stays unknown, hence stale
            if (s.length() > 2 && s.startsWith("\"") && s.endsWith("\"")) {
                ExpectedVersion v = ItemTags.version(s.substring(1, s.length() - 1), id);
                if (v != ExpectedVersion.UNKNOWN) {
                    found = v;
                }
            }
        }
        return found;
    }

    /**
     * The name a client proposes for a new annotation ({@code Slug}, Protocol §5.2): one line of text
     * of at most {@value #MAX_SLUG} characters; none when absent or blank. The domain derives the id
     * from it ({@link AnnotationService#create}).
     */
    static Optional<String> proposedName(String slugHeader) {
        if (slugHeader == null || slugHeader.isBlank()) {
            return Optional.empty();
        }
        return Optional.of(AnnotationReader.text(slugHeader.strip(), "Slug", MAX_SLUG, false));
    }

    private static Filter filter(ContainerParams p) {
        UUID group = p.group == null ? null : UUID.fromString(p.group);
        if (p.creator != null) {
            AnnotationReader.text(p.creator, "creator", 255, false);
        }
        String tag = p.tag == null ? null : AnnotationReader.tag(p.tag, "tag");
        return new Filter(group, p.creator, tag, p.motivation == null ? null : Motivation.of(p.motivation).orElseThrow(), p.visibility,
                p.moderation == null ? null : ModerationState.of(p.moderation).orElseThrow(), "upvotes".equals(p.sort), p.anchoring);
    }

    /** The filters in a fixed order, URL-encoded: the query of the collection and page IRIs. */
    private static String query(Filter f) {
        StringBuilder q = new StringBuilder();
        append(q, "group", f.group() == null ? null : f.group().toString());
        append(q, "creator", f.creator());
        append(q, "tag", f.tag());
        append(q, "motivation", f.motivation() == null ? null : f.motivation().wire());
        append(q, "visibility", f.visibility());
        append(q, "moderation", f.moderation() == null ? null : f.moderation().wire());
        append(q, "sort", f.byUpvotes() ? "upvotes" : null);
        append(q, "anchoring", f.anchoring());
        return q.toString();
    }

    private static void append(StringBuilder q, String name, String value) {
        if (value != null) {
            if (q.length() > 0) {
                q.append('&');
            }
            q.append(name).append('=').append(URLEncoder.encode(value, StandardCharsets.UTF_8));
        }
    }

    /** A malformed annotation id is an annotation that is not there. */
    public static UUID uuid(String id) {
        UUID u = ListingSql.uuidOrNull(id);
        if (u == null) {
            throw DomainError.notFound();
        }
        return u;
    }
}
