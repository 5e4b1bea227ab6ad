package org.scholion.annotations;

import io.quarkus.security.Authenticated;
import jakarta.annotation.security.PermitAll;
import jakarta.persistence.PersistenceException;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.OPTIONS;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Response;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.scholion.security.Action;
import org.scholion.security.CurrentUser;
import org.scholion.security.Permissions;
import org.scholion.security.UserRef;
import org.scholion.web.ProblemException;

/**
 * A W3C Web Annotation Protocol container per document, at
 * {@code <base>/api/documents/{slug}/annotations/}, and its annotations. Thin: negotiate, read the
 * input, ask the service, present, set the protocol headers.
 */
@Path("/api/documents/{slug}/annotations")
@Authenticated
@Tag(name = "Annotations", description = "W3C Web Annotation Protocol container of a document")
@SecurityRequirement(name = "bearer")
public class AnnotationResource {
    static final int DEFAULT_PAGE_SIZE = 100;
    static final int MAX_PAGE_SIZE = 1000;
    static final String LDP = "http://www.w3.org/ns/ldp#";
    static final String CONTAINER_LINKS = "<" + LDP + "BasicContainer>; rel=\"type\", <" + LDP
            + "Resource>; rel=\"type\", <http://www.w3.org/TR/annotation-protocol/>; rel=\"" + LDP + "constrainedBy\"";
    static final String RESOURCE_LINK = "<" + LDP + "Resource>; rel=\"type\"";
    static final String ACCEPT_POST = AnnotationJsonLd.MEDIA_TYPE + ", application/ld+json, application/json";
    static final String PREFER_MINIMAL = LDP + "PreferMinimalContainer";
    static final String PREFER_IRIS = LDP + "PreferContainedIRIs";
    static final String PREFER_DESCRIPTIONS = "http://www.w3.org/ns/oa#PreferContainedDescriptions";
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
                {"type": "Citation", "purpose": "citing", "url": "doi:10.2307/153984", "title": "Victims of the Soviet Penal System",
                 "author": "J. Arch Getty, Gábor T. Rittersporn, Viktor N. Zemskov", "published": "1993", "locator": "p. 1017"}
              ],
              "target": {
                "source": "http://localhost:8080/api/documents/red-terror-essay",
                "selector": [{"type": "TextQuoteSelector", "exact": "Joseph Stalin", "suffix": " is widely known"}]
              }
            }""";

    private final AnnotationService annotations;
    private final AnnotationVersions versions;
    private final Permissions permissions;
    private final CurrentUser currentUser;
    private final RenderedPages pages;

    AnnotationResource(AnnotationService annotations, AnnotationVersions versions, Permissions permissions,
            CurrentUser currentUser, RenderedPages pages) {
        this.annotations = annotations;
        this.versions = versions;
        this.permissions = permissions;
        this.currentUser = currentUser;
        this.pages = pages;
    }

    // ---- the container ------------------------------------------------------------------------

    @GET
    @Path("/")
    @Operation(summary = "Read the container (AnnotationCollection) or one of its pages (AnnotationPage)",
            description = "Without `page`: the AnnotationCollection with `total`, `modified`, `first` (embedded per the Prefer"
                    + " header: contained descriptions by default, contained IRIs, or minimal) and `last`. With `page`: that"
                    + " AnnotationPage with `partOf`, `startIndex`, `prev`, `next` and `items`. Only what the caller may see.")
    @APIResponse(responseCode = "200", description = "The collection or page",
            content = @Content(mediaType = AnnotationJsonLd.MEDIA_TYPE))
    @APIResponse(responseCode = "304", description = "If-None-Match named the current ETag")
    @APIResponse(responseCode = "400", description = "A bad filter or paging parameter (problem+json naming it)")
    @APIResponse(responseCode = "404", description = "No such document or page")
    @APIResponse(responseCode = "406", description = "No acceptable representation")
    public Response container(@PathParam("slug") String slug,
            @Parameter(description = "Page number from 0; absent for the collection") @QueryParam("page") String page,
            @Parameter(description = "Items per page, 1.." + MAX_PAGE_SIZE + ", default " + DEFAULT_PAGE_SIZE) @QueryParam("pageSize") String pageSize,
            @Parameter(description = "1: list contained IRIs instead of descriptions") @QueryParam("iris") String iris,
            @Parameter(description = "Only this group (UUID)") @QueryParam("group") String group,
            @Parameter(description = "Only this author (username or user id)") @QueryParam("creator") String creator,
            @Parameter(description = "Only annotations with this tag") @QueryParam("tag") String tag,
            @Parameter(description = "Only this motivation") @QueryParam("motivation") String motivation,
            @Parameter(description = "Only `group` or `private` annotations") @QueryParam("visibility") String visibility,
            @HeaderParam("Accept") String accept, @HeaderParam("Prefer") String prefer,
            @HeaderParam("If-None-Match") String ifNoneMatch) {
        String type = negotiate(accept);
        UserRef user = currentUser.get();
        AnnotationService.Filter filter = filter(group, creator, tag, motivation, visibility);
        String query = query(filter);
        boolean irisParam = "1".equals(iris) || "true".equals(iris);
        Integer pageNo = page == null ? null : number(page, "page", 0, Integer.MAX_VALUE);
        int size = pageSize == null ? DEFAULT_PAGE_SIZE : number(pageSize, "pageSize", 1, MAX_PAGE_SIZE);
        AnnotationJsonLd.View view = irisParam ? AnnotationJsonLd.View.IRIS : AnnotationJsonLd.View.DESCRIPTIONS;
        boolean preferApplied = false;
        if (pageNo == null) {
            AnnotationJsonLd.View preferred = preferredView(prefer);
            if (preferred != null) {
                view = preferred;
                preferApplied = true;
            }
        }
        AnnotationJsonLd presenter = annotations.presenter();
        String location = pageNo == null ? presenter.collectionIri(slug, view, query)
                : presenter.pageIri(slug, view, query, pageNo, size);
        // the 304 path reads no database: the per-document counter and the caller decide the tag
        String etag = "\"" + hash(versions.tag(slug) + "|" + user.id() + "|" + user.isAdmin() + "|" + view + "|" + location
                + "|" + type) + "\"";
        Response.ResponseBuilder r;
        byte[] rendered;
        if (Etags.noneMatchHits(ifNoneMatch, etag)) {
            r = Response.notModified();
        } else if ((rendered = pages.get(etag)) != null) {
            r = Response.ok(rendered, type);
        } else {
            AnnotationService.Doc doc = annotations.document(slug);
            AnnotationJsonLd.Page p = annotations.page(user, slug, filter, pageNo == null ? 0 : pageNo, size,
                    view != AnnotationJsonLd.View.DESCRIPTIONS);
            if (pageNo != null && pageNo > p.lastPage()) {
                throw ProblemException.field(404, "page", "the last page is " + p.lastPage());
            }
            String label = "Annotations on " + doc.title();
            String body = AnnotationJsonLd.write(pageNo == null ? presenter.collection(slug, label, p, view, query)
                    : presenter.page(slug, label, p, view, query));
            rendered = body.getBytes(StandardCharsets.UTF_8);
            pages.put(etag, rendered);
            r = Response.ok(rendered, type);
        }
        r.tag(new jakarta.ws.rs.core.EntityTag(etag.substring(1, etag.length() - 1)))
                .header("Content-Location", location)
                .header("Link", pageNo == null ? CONTAINER_LINKS : RESOURCE_LINK)
                .header("Allow", pageNo == null ? "GET, HEAD, OPTIONS, POST" : "GET, HEAD, OPTIONS")
                .header("Vary", "Accept, Prefer, Authorization")
                .header("Cache-Control", "private, no-cache");
        if (pageNo == null) {
            r.header("Accept-Post", ACCEPT_POST);
        }
        if (preferApplied) {
            r.header("Preference-Applied", "return=representation");
        }
        return r.build();
    }

    @OPTIONS
    @Path("/")
    @PermitAll
    @Operation(summary = "What the container allows")
    public Response containerOptions() {
        return Response.ok().header("Allow", "GET, HEAD, OPTIONS, POST").header("Accept-Post", ACCEPT_POST)
                .header("Link", CONTAINER_LINKS).header("Vary", "Accept, Prefer").build();
    }

    @POST
    @Path("/")
    @Consumes({ "application/ld+json", "application/json" })
    @Operation(summary = "Create an annotation",
            description = "Send a W3C Web Annotation (JSON-LD). The server assigns the IRI (a free UUID in the `Slug` header"
                    + " is honoured), moves a client `id` to `via`, keeps `canonical`, and sets created, modified and creator."
                    + " A TextQuoteSelector alone is enough: the server finds the quote and adds the TextPositionSelector.")
    @RequestBody(content = @Content(mediaType = AnnotationJsonLd.MEDIA_TYPE, schema = @Schema(type = SchemaType.OBJECT),
            examples = @ExampleObject(name = "assessment with a source", value = EXAMPLE)))
    @APIResponse(responseCode = "201", description = "Created; Location and ETag are set",
            content = @Content(mediaType = AnnotationJsonLd.MEDIA_TYPE))
    @APIResponse(responseCode = "400", description = "The annotation breaks a rule (problem+json naming the field)")
    @APIResponse(responseCode = "404", description = "No such document, group or parent annotation for the caller")
    @APIResponse(responseCode = "409", description = "The anchor does not fit the text, or the group is archived")
    @APIResponse(responseCode = "413", description = "The body is larger than 1 MB")
    @APIResponse(responseCode = "415", description = "Not JSON-LD")
    public Response create(@PathParam("slug") String slug, @HeaderParam("Accept") String accept,
            @HeaderParam("Slug") String slugHeader, byte[] body) {
        String type = negotiate(accept);
        UserRef user = currentUser.get();
        AnnotationInput.Draft draft = input(slug).read(AnnotationInput.parse(body));
        AnnotationService.Shown shown;
        try {
            shown = annotations.create(user, slug, draft, slugHeader);
        } catch (PersistenceException e) {
            if (slugHeader == null) {
                throw e;
            }
            // two requests raced for the same free Slug: the second learns it is taken
            throw ProblemException.field(409, "Slug", "another annotation took this id just now; send again without Slug");
        }
        String iri = annotations.presenter().annotationIri(slug, shown.annotation().id);
        return annotationResponse(Response.status(201), shown, slug, type, user).header("Location", iri).build();
    }

    // ---- one annotation -----------------------------------------------------------------------

    @GET
    @Path("/{id}")
    @Operation(summary = "Read one annotation", description = "A deleted annotation answers 410 with a tombstone (no body, no"
            + " creator) so that the replies under it stay readable.")
    @APIResponse(responseCode = "200", description = "The annotation", content = @Content(mediaType = AnnotationJsonLd.MEDIA_TYPE))
    @APIResponse(responseCode = "304", description = "If-None-Match named the current ETag")
    @APIResponse(responseCode = "404", description = "No annotation the caller may see has this IRI")
    @APIResponse(responseCode = "410", description = "Deleted; the body is a tombstone")
    public Response get(@PathParam("slug") String slug, @PathParam("id") String id, @HeaderParam("Accept") String accept,
            @HeaderParam("If-None-Match") String ifNoneMatch) {
        String type = negotiate(accept);
        UserRef user = currentUser.get();
        AnnotationService.Shown shown = annotations.get(user, slug, uuid(id));
        Annotation a = shown.annotation();
        if (a.isDeleted()) {
            return Response.status(410).type(type)
                    .entity(AnnotationJsonLd.write(annotations.presenter().tombstone(a, slug)).getBytes(StandardCharsets.UTF_8))
                    .header("Link", RESOURCE_LINK).header("Vary", "Accept").build();
        }
        if (Etags.noneMatchHits(ifNoneMatch, Etags.annotation(a))) {
            return headers(Response.notModified(), shown, slug, user).build();
        }
        return annotationResponse(Response.ok(), shown, slug, type, user).build();
    }

    @OPTIONS
    @Path("/{id}")
    @PermitAll
    @Operation(summary = "What an annotation allows")
    public Response annotationOptions() {
        return Response.ok().header("Allow", "GET, HEAD, OPTIONS, PUT, DELETE").header("Link", RESOURCE_LINK)
                .header("Vary", "Accept").build();
    }

    @PUT
    @Path("/{id}")
    @Consumes({ "application/ld+json", "application/json" })
    @Operation(summary = "Replace an annotation (its author only)", description = "Send the whole annotation with If-Match:"
            + " the ETag of the version you edited. Group, visibility, thread and canonical cannot change. The replaced"
            + " version is kept.")
    @RequestBody(content = @Content(mediaType = AnnotationJsonLd.MEDIA_TYPE, schema = @Schema(type = SchemaType.OBJECT),
            examples = @ExampleObject(name = "assessment with a source", value = EXAMPLE)))
    @APIResponse(responseCode = "200", description = "The new version, with its ETag")
    @APIResponse(responseCode = "403", description = "The caller sees it but did not write it")
    @APIResponse(responseCode = "412", description = "If-Match is not the current ETag")
    @APIResponse(responseCode = "428", description = "If-Match is missing")
    public Response update(@PathParam("slug") String slug, @PathParam("id") String id, @HeaderParam("Accept") String accept,
            @HeaderParam("If-Match") String ifMatch, byte[] body) {
        String type = negotiate(accept);
        UserRef user = currentUser.get();
        UUID uuid = uuid(id);
        AnnotationInput.Draft draft = input(slug).read(AnnotationInput.parse(body));
        AnnotationService.Shown shown = annotations.update(user, slug, uuid, draft, ifMatch);
        return annotationResponse(Response.ok(), shown, slug, type, user).build();
    }

    @DELETE
    @Path("/{id}")
    @Operation(summary = "Delete an annotation (its author only)", description = "Soft delete: it leaves the container; its"
            + " history stays. If-Match is optional; when sent it must be current.")
    @APIResponse(responseCode = "204", description = "Deleted")
    @APIResponse(responseCode = "403", description = "The caller sees it but did not write it")
    @APIResponse(responseCode = "412", description = "If-Match is not the current ETag")
    public Response delete(@PathParam("slug") String slug, @PathParam("id") String id, @HeaderParam("If-Match") String ifMatch) {
        annotations.delete(currentUser.get(), slug, uuid(id), ifMatch);
        return Response.noContent().build();
    }

    // ---- helpers ------------------------------------------------------------------------------

    private Response.ResponseBuilder annotationResponse(Response.ResponseBuilder r, AnnotationService.Shown shown, String slug,
            String type, UserRef user) {
        String json = AnnotationJsonLd.write(annotations.presenter().document(shown.annotation(), slug, shown.author()));
        return headers(r.entity(json.getBytes(StandardCharsets.UTF_8)).type(type), shown, slug, user);
    }

    private Response.ResponseBuilder headers(Response.ResponseBuilder r, AnnotationService.Shown shown, String slug, UserRef user) {
        Annotation a = shown.annotation();
        String etag = Etags.annotation(a);
        boolean mayEdit = permissions.decide(user, Action.EDIT_ANNOTATION, shown.target()) == Permissions.Decision.ALLOW;
        return r.tag(new jakarta.ws.rs.core.EntityTag(etag.substring(1, etag.length() - 1)))
                .header("Content-Location", annotations.presenter().annotationIri(slug, a.id))
                .header("Link", RESOURCE_LINK)
                .header("Allow", mayEdit ? "GET, HEAD, OPTIONS, PUT, DELETE" : "GET, HEAD, OPTIONS")
                .header("Vary", "Accept")
                .header("Cache-Control", "private, no-cache");
    }

    private AnnotationInput input(String slug) {
        annotations.document(slug);
        return new AnnotationInput(annotations.base(), slug);
    }

    /**
     * The W3C media type (JSON-LD with the anno profile) for {@code application/ld+json}, wildcards or
     * no Accept; plain JSON for a client that accepts only {@code application/json}; 406 otherwise.
     */
    static String negotiate(String accept) {
        if (accept == null || accept.isBlank()) {
            return AnnotationJsonLd.MEDIA_TYPE;
        }
        double best = 0;
        String chosen = null;
        for (String range : accept.split(",")) {
            String[] parts = range.split(";");
            String mt = parts[0].strip().toLowerCase(Locale.ROOT);
            double q = 1;
            String profile = null;
            for (int i = 1; i < parts.length; i++) {
                String[] kv = parts[i].split("=", 2);
                if (kv.length == 2) {
                    String k = kv[0].strip().toLowerCase(Locale.ROOT);
                    String v = kv[1].strip().replace("\"", "");
                    if (k.equals("q")) {
                        try {
                            q = Double.parseDouble(v);
                        } catch (NumberFormatException e) {
                            q = 0;
                        }
                    } else if (k.equals("profile")) {
                        profile = v;
                    }
                }
            }
            String candidate = null;
            if (mt.equals("application/ld+json") && (profile == null || profile.contains(AnnotationJsonLd.PROFILE))
                    || mt.equals("*/*") || mt.equals("application/*")) {
                candidate = AnnotationJsonLd.MEDIA_TYPE;
            } else if (mt.equals("application/json")) {
                candidate = "application/json";
            }
            if (candidate != null && q > 0 && (q > best || q == best && candidate.equals(AnnotationJsonLd.MEDIA_TYPE))) {
                best = q;
                chosen = candidate;
            }
        }
        if (chosen == null) {
            throw ProblemException.field(406, "Accept", "This container serves " + AnnotationJsonLd.MEDIA_TYPE + " (or application/json).");
        }
        return chosen;
    }

    /** The container view the Prefer header asks for, or null when it asks for none. */
    static AnnotationJsonLd.View preferredView(String prefer) {
        if (prefer == null || !prefer.contains("return=representation")) {
            return null;
        }
        int at = prefer.indexOf("include=");
        if (at < 0) {
            return null;
        }
        String include = prefer.substring(at + "include=".length());
        if (include.contains(PREFER_MINIMAL)) {
            return AnnotationJsonLd.View.MINIMAL;
        }
        if (include.contains(PREFER_IRIS)) {
            return AnnotationJsonLd.View.IRIS;
        }
        if (include.contains(PREFER_DESCRIPTIONS)) {
            return AnnotationJsonLd.View.DESCRIPTIONS;
        }
        return null;
    }

    private static AnnotationService.Filter filter(String group, String creator, String tag, String motivation, String visibility) {
        UUID g = null;
        if (group != null) {
            g = AnnotationService.asUuid(group);
            if (g == null) {
                throw ProblemException.field(400, "group", "group must be a UUID");
            }
        }
        if (creator != null) {
            AnnotationInput.text(creator, "creator", 255, false);
        }
        String t = tag == null ? null : AnnotationInput.text(tag, "tag", AnnotationInput.MAX_TAG, false).strip().toLowerCase(Locale.ROOT);
        if (motivation != null && !AnnotationInput.MOTIVATIONS.contains(motivation)) {
            throw ProblemException.field(400, "motivation", "motivation must be one of the five motivations");
        }
        if (visibility != null && !visibility.equals(Annotation.GROUP) && !visibility.equals(Annotation.PRIVATE)) {
            throw ProblemException.field(400, "visibility", "visibility must be 'group' or 'private'");
        }
        return new AnnotationService.Filter(g, creator, t, motivation, visibility);
    }

    /** The filters in a fixed order, URL-encoded: the query of the collection and page IRIs. */
    private static String query(AnnotationService.Filter f) {
        StringBuilder q = new StringBuilder();
        append(q, "group", f.group() == null ? null : f.group().toString());
        append(q, "creator", f.creator());
        append(q, "tag", f.tag());
        append(q, "motivation", f.motivation());
        append(q, "visibility", f.visibility());
        return q.toString();
    }

    private static void append(StringBuilder q, String name, String value) {
        if (value != null) {
            if (q.length() > 0) {
                q.append('&');
            }
            q.append(name).append('=').append(java.net.URLEncoder.encode(value, StandardCharsets.UTF_8));
        }
    }

    private static int number(String raw, String field, int min, int max) {
        try {
            int n = Integer.parseInt(raw.strip());
            if (n >= min && n <= max) {
                return n;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw ProblemException.field(400, field, field + " must be a whole number from " + min
                + (max == Integer.MAX_VALUE ? "" : " to " + max));
    }

    private static UUID uuid(String id) {
        UUID u = AnnotationService.asUuid(id);
        if (u == null) {
            throw new ProblemException(404, "Nothing is here.");
        }
        return u;
    }

    private static String hash(String s) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(d, 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
