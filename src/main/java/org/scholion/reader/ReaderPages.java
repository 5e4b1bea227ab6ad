package org.scholion.reader;

import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import io.quarkus.security.Authenticated;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.scholion.annotations.w3c.Iris;
import org.scholion.documents.Document;
import org.scholion.documents.DocumentService;
import org.scholion.security.CurrentUser;
import org.scholion.security.UserRef;

/** The server-rendered pages: the list of documents and the reader. Qute escapes every value. */
@Path("/")
@Produces(MediaType.TEXT_HTML)
@Tag(name = "Pages", description = "HTML pages for the browser (sign-in through Keycloak)")
public class ReaderPages {
    private static final DateTimeFormatter LONG_DATE = DateTimeFormatter.ofPattern("d MMMM yyyy", Locale.ENGLISH);

    record DocumentLink(String slug, String title, String published, String publishedIso) {
    }

    record Reading(String slug, String title, String published, String publishedIso, String iri, List<Paragraph> paragraphs) {
    }

    /**
     * One paragraph and where it starts in the document text, in code points: the reader's script
     * maps DOM positions to the W3C TextPositionSelector through it, so the server is the one place
     * that knows how the text was split.
     */
    record Paragraph(int start, String text) {
    }

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance index(List<DocumentLink> documents, UserRef user);

        static native TemplateInstance read(Reading doc, UserRef user);

        static native TemplateInstance signedOut();

        static native TemplateInstance signOut();
    }

    private final DocumentService documents;
    private final CurrentUser currentUser;
    private final Iris iris;

    ReaderPages(DocumentService documents, CurrentUser currentUser, Iris iris) {
        this.documents = documents;
        this.currentUser = currentUser;
        this.iris = iris;
    }

    @GET
    @Authenticated
    @Operation(summary = "The list of documents (HTML)")
    public TemplateInstance index() {
        List<DocumentLink> links = documents.list(currentUser.get()).stream()
                .map(d -> new DocumentLink(d.slug(), d.title(), longDate(d.published()), iso(d.published())))
                .toList();
        return Templates.index(links, currentUser.get());
    }

    @GET
    @Path("read/{slug}")
    @Authenticated
    @Operation(summary = "Read one document (HTML)")
    public TemplateInstance read(@PathParam("slug") String slug) {
        Document d = documents.readable(currentUser.get(), slug);
        return Templates.read(new Reading(d.slug, d.title, longDate(d.published), iso(d.published),
                iris.document(d.slug), paragraphs(documents.current(d).body)),
                currentUser.get());
    }

    @GET
    @Path("sign-out")
    @Operation(summary = "Sign out: the confirmation page", description = "Its button POSTs to /logout (same origin only);"
            + " GET /logout comes here (303), so that no link or image on another site can sign a reader out.")
    public TemplateInstance signOut() {
        return Templates.signOut();
    }

    @GET
    @Path("signed-out")
    @Operation(summary = "Shown after logout")
    public TemplateInstance signedOut() {
        return Templates.signedOut();
    }

    private static final Pattern BLANK_LINE = Pattern.compile("\\n\\s*\\n");

    /** Paragraphs are separated by blank lines in the stored text; each keeps its code-point start. */
    static List<Paragraph> paragraphs(String text) {
        List<Paragraph> out = new ArrayList<>();
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
                out.add(new Paragraph(text.codePointCount(0, s), text.substring(s, e)));
            }
            if (to == text.length()) {
                break;
            }
            from = m.end();
        }
        return out;
    }

    private static String longDate(LocalDate d) {
        return d == null ? "" : LONG_DATE.format(d);
    }

    private static String iso(LocalDate d) {
        return d == null ? "" : d.toString();
    }
}
