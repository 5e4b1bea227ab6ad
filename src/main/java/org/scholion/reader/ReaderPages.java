package org.scholion.reader;

import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import io.quarkus.security.Authenticated;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.scholion.annotations.jsonld.Iris;
import org.scholion.documents.Document;
import org.scholion.documents.DocumentRevision;
import org.scholion.documents.DocumentService;
import org.scholion.documents.assignments.ReadingService;
import org.scholion.domain.DomainError;
import org.scholion.groups.GroupService;
import org.scholion.security.Action;
import org.scholion.security.CurrentUser;
import org.scholion.security.Permissions;
import org.scholion.security.Target;
import org.scholion.security.UserRef;

/** The server-rendered pages: the documents and reading lists, the reader, and a document's management page. Qute escapes every value. */
@Path("/")
@Produces(MediaType.TEXT_HTML)
@Tag(name = "Pages", description = "HTML pages for the browser (sign-in through Keycloak)")
public class ReaderPages {
    private static final DateTimeFormatter LONG_DATE = DateTimeFormatter.ofPattern("d MMMM yyyy", Locale.ENGLISH);
    private static final DateTimeFormatter DUE = DateTimeFormatter.ofPattern("EEE d MMMM yyyy, HH:mm", Locale.ENGLISH);

    record DocumentLink(String slug, String title, String published, String publishedIso, String format, int revision,
            boolean isPublic, boolean mine) {
    }

    /** One reading of a group's list as its members see it. */
    record ListedReading(String slug, String title, String due, String dueIso, String instructions, Integer revealAfter) {
    }

    record GroupReadings(String id, String name, boolean moderator, boolean archived, List<ListedReading> readings) {
    }

    /**
     * The revision shown. Plain text comes as paragraphs; HTML, Markdown and PDF as their rendition,
     * the server's sanitised HTML, inserted as-is: its textContent is exactly the canonical text.
     */
    record Reading(String slug, String title, String published, String publishedIso, String iri, String format,
            List<Paragraph> paragraphs, String rendition, int revision, int current, String pages, List<Integer> revisions,
            boolean mayRevise) {
        public boolean old() {
            return revision != current;
        }
    }

    /**
     * One paragraph of a plain text, where it starts in the document text (in code points), and the
     * whitespace of the document text around it: {@code before} what precedes the first paragraph
     * (empty for the others), {@code after} the separator up to the next paragraph (or the end). The
     * template writes before, the paragraph and after with no whitespace of its own, so the text
     * root's textContent is exactly the document text, as it is for a rendition: third-party W3C
     * annotation libraries compute TextQuote/TextPosition selectors from that textContent.
     */
    record Paragraph(int start, String text, String before, String after) {
    }

    /** A document as its management page shows it. */
    record Managed(String slug, String title, String iri, int revision, String format, boolean isPublic, boolean mayRevise,
            List<Integer> revisions, List<GroupOption> groups) {
    }

    record GroupOption(String id, String name, boolean assigned, String due, String instructions, Integer revealAfter) {
    }

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance index(List<GroupReadings> groups, List<DocumentLink> mine, List<DocumentLink> documents,
                boolean mayUpload, UserRef user);

        static native TemplateInstance read(Reading doc, UserRef user);

        static native TemplateInstance manage(Managed doc, UserRef user);

        static native TemplateInstance signedOut();

        static native TemplateInstance signOut();

        static native TemplateInstance account(List<GroupOption> groups, boolean moderates, UserRef user);
    }

    private final DocumentService documents;
    private final ReadingService readings;
    private final GroupService groups;
    private final Permissions permissions;
    private final CurrentUser currentUser;
    private final Iris iris;

    ReaderPages(DocumentService documents, ReadingService readings, GroupService groups, Permissions permissions,
            CurrentUser currentUser, Iris iris) {
        this.documents = documents;
        this.readings = readings;
        this.groups = groups;
        this.permissions = permissions;
        this.currentUser = currentUser;
        this.iris = iris;
    }

    @GET
    @Authenticated
    @Operation(hidden = true, summary = "The documents and the reading lists of the caller's groups (HTML)")
    public TemplateInstance index() {
        UserRef user = currentUser.get();
        List<GroupService.Seen> mine = groups.list(user, false);
        List<GroupReadings> lists = mine.stream().map(g -> new GroupReadings(g.group().id.toString(), g.group().name,
                g.callerRole() == Target.MemberRole.MODERATOR, g.group().archived,
                readings.list(user, g.group().id).stream().map(r -> new ListedReading(r.slug(), r.title(), due(r.reading().due),
                        r.reading().due == null ? "" : r.reading().due.toString(), r.reading().instructions, r.reading().revealAfter))
                        .toList()))
                .toList();
        List<DocumentLink> links = documents.list(user).stream()
                .map(d -> new DocumentLink(d.slug(), d.title(), longDate(d.published()), iso(d.published()), d.format(), d.revision(),
                        d.isPublic(), user.id().equals(d.ownerId())))
                .toList();
        boolean moderates = mine.stream().anyMatch(g -> g.callerRole() == Target.MemberRole.MODERATOR);
        boolean mayUpload = permissions.may(user, Action.CREATE_DOCUMENT, new Target.AllDocuments(moderates));
        return Templates.index(lists, links.stream().filter(DocumentLink::mine).toList(), links, mayUpload, user);
    }

    @GET
    @Path("read/{slug}")
    @Authenticated
    @Operation(hidden = true, summary = "Read one document (HTML)", description = "revision: an earlier revision, with the annotations made on it")
    public TemplateInstance read(@PathParam("slug") String slug, @QueryParam("revision") String revision) {
        UserRef user = currentUser.get();
        Document d = documents.readable(user, slug);
        DocumentRevision r = revision == null || revision.isBlank() ? documents.current(d)
                : documents.revision(d.id, DocumentRevision.number(revision)).orElseThrow(DomainError::notFound);
        boolean formatted = r.rendition != null && !"text".equals(r.format);
        String pages = r.pages == null ? "" : Arrays.stream(r.pages).mapToObj(Integer::toString).collect(Collectors.joining(" "));
        return Templates.read(new Reading(d.slug, d.title, longDate(d.published), iso(d.published), iris.document(d.slug), r.format,
                formatted ? List.of() : paragraphs(r.body), formatted ? r.rendition : null, r.n, d.revision, pages,
                documents.revisions(d.id).stream().map(x -> x.n).toList(),
                permissions.may(user, Action.REVISE_DOCUMENT, documents.target(user, d.id, d.ownerId, d.isPublic))),
                user);
    }

    @GET
    @Path("read/{slug}/manage")
    @Authenticated
    @Operation(hidden = true, summary = "Manage one document (HTML): new revisions, re-anchoring progress, reading lists")
    public TemplateInstance manage(@PathParam("slug") String slug) {
        UserRef user = currentUser.get();
        Document d = documents.readable(user, slug);
        boolean mayRevise = permissions.may(user, Action.REVISE_DOCUMENT, documents.target(user, d.id, d.ownerId, d.isPublic));
        List<GroupOption> options = new ArrayList<>();
        for (GroupService.Seen g : groups.list(user, false)) {
            if (g.callerRole() != Target.MemberRole.MODERATOR || g.group().archived) {
                continue;
            }
            ReadingService.Listed on = readings.list(user, g.group().id).stream().filter(r -> r.slug().equals(d.slug)).findFirst()
                    .orElse(null);
            options.add(new GroupOption(g.group().id.toString(), g.group().name, on != null,
                    on == null || on.reading().due == null ? "" : on.reading().due.toString(),
                    on == null ? "" : on.reading().instructions, on == null ? null : on.reading().revealAfter));
        }
        return Templates.manage(new Managed(d.slug, d.title, iris.document(d.slug), d.revision, documents.current(d).format, d.isPublic,
                mayRevise, documents.revisions(d.id).stream().map(x -> x.n).toList(), options), user);
    }

    @GET
    @Path("account")
    @Authenticated
    @Operation(hidden = true, summary = "The caller's account page: personal API tokens (HTML)", description = "Makes, lists and revokes "
            + "tokens through /api/tokens; the secret of a new token is shown once.")
    public TemplateInstance account() {
        UserRef user = currentUser.get();
        List<GroupService.Seen> mine = groups.list(user, false);
        List<GroupOption> options = mine.stream().map(g -> new GroupOption(g.group().id.toString(), g.group().name, false, "", "", null))
                .toList();
        boolean moderates = user.isAdmin() || mine.stream().anyMatch(g -> g.callerRole() == Target.MemberRole.MODERATOR);
        return Templates.account(options, moderates, user);
    }

    @GET
    @Path("sign-out")
    @Operation(summary = "Sign out: the confirmation page", description = "Its button POSTs to /logout (same origin only);"
            + " GET /logout comes here (303), so that no link or image on another site can sign a reader out.")
    @APIResponse(responseCode = "200", description = "OK", content = @Content(mediaType = MediaType.TEXT_HTML,
            examples = @ExampleObject(name = "the page", value = """
                    <!DOCTYPE html>
                    <html lang="en">
                    <head><meta charset="utf-8"><title>Sign out · Scholion</title></head>
                    <body><main class="page">
                      <h1>Sign out of Scholion?</h1>
                      <form method="post" action="/logout"><button id="sign-out" type="submit">Sign out</button></form>
                    </main></body>
                    </html>""")))
    public TemplateInstance signOut() {
        return Templates.signOut();
    }

    @GET
    @Path("signed-out")
    @Operation(hidden = true, summary = "Shown after logout")
    public TemplateInstance signedOut() {
        return Templates.signedOut();
    }

    private static final Pattern BLANK_LINE = Pattern.compile("\\n\\s*\\n");

    /**
     * Paragraphs are separated by blank lines in the stored text; each keeps its code-point start and
     * the whitespace around it, so that concatenating before + text + after over all paragraphs gives
     * the text back unchanged. A text of whitespace only is one paragraph of that whitespace.
     */
    static List<Paragraph> paragraphs(String text) {
        List<int[]> spans = new ArrayList<>();
        Matcher m = BLANK_LINE.matcher(text);
        int from = 0;
        while (from <= text.length()) {
            int to = m.find() ? m.start() : text.length();
            int s = from;
            int e = to;
            while (s < e && Character.isWhitespace(text.charAt(s))) {
                s++;
            }
            while (e > s && Character.isWhitespace(text.charAt(e - 1))) {
                e--;
            }
            if (s < e) {
                spans.add(new int[] { s, e });
            }
            if (to == text.length()) {
                break;
            }
            from = m.end();
        }
        if (spans.isEmpty()) {
            return text.isEmpty() ? List.of() : List.of(new Paragraph(0, text, "", ""));
        }
        List<Paragraph> out = new ArrayList<>();
        for (int i = 0; i < spans.size(); i++) {
            int s = spans.get(i)[0];
            int e = spans.get(i)[1];
            int next = i + 1 < spans.size() ? spans.get(i + 1)[0] : text.length();
            out.add(new Paragraph(text.codePointCount(0, s), text.substring(s, e), i == 0 ? text.substring(0, s) : "",
                    text.substring(e, next)));
        }
        return out;
    }

    private static String longDate(LocalDate d) {
        return d == null ? "" : LONG_DATE.format(d);
    }

    private static String iso(LocalDate d) {
        return d == null ? "" : d.toString();
    }

    private static String due(OffsetDateTime t) {
        return t == null ? "" : DUE.format(t);
    }
}
