package org.scholion.reader;

import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import io.quarkus.security.Authenticated;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
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

    record Reading(String slug, String title, String published, String publishedIso, List<String> paragraphs) {
    }

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance index(List<DocumentLink> documents, UserRef user);

        static native TemplateInstance read(Reading doc, UserRef user);

        static native TemplateInstance signedOut();
    }

    private final DocumentService documents;
    private final CurrentUser currentUser;

    ReaderPages(DocumentService documents, CurrentUser currentUser) {
        this.documents = documents;
        this.currentUser = currentUser;
    }

    @GET
    @Authenticated
    @Operation(summary = "The list of documents (HTML)")
    public TemplateInstance index() {
        List<DocumentLink> links = documents.list().stream()
                .map(d -> new DocumentLink(d.slug, d.title, longDate(d.published), iso(d.published)))
                .toList();
        return Templates.index(links, currentUser.get());
    }

    @GET
    @Path("read/{slug}")
    @Authenticated
    @Operation(summary = "Read one document (HTML)")
    public TemplateInstance read(@PathParam("slug") String slug) {
        Document d = documents.findBySlug(slug)
                .orElseThrow(() -> new NotFoundException("No document has the slug '" + slug + "'."));
        return Templates.read(new Reading(d.slug, d.title, longDate(d.published), iso(d.published), paragraphs(d.body)),
                currentUser.get());
    }

    @GET
    @Path("signed-out")
    @Operation(summary = "Shown after logout")
    public TemplateInstance signedOut() {
        return Templates.signedOut();
    }

    /** Paragraphs are separated by blank lines in the stored text. */
    static List<String> paragraphs(String text) {
        return Arrays.stream(text.split("\\n\\s*\\n")).map(String::strip).filter(p -> !p.isEmpty()).toList();
    }

    private static String longDate(LocalDate d) {
        return d == null ? "" : LONG_DATE.format(d);
    }

    private static String iso(LocalDate d) {
        return d == null ? "" : d.toString();
    }
}
