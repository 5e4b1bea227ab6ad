package org.scholion.documents;

import io.quarkus.logging.Log;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The readings the project ships with, imported once into an empty or existing database. */
@ApplicationScoped
public class DefaultDocuments {
    /** The shipped files start with a `date YYYY-MM-DD` line prefix; the reading is what follows it. */
    private static final Pattern DATED = Pattern.compile("\\A\\s*date\\s+(\\d{4}-\\d{2}-\\d{2})\\s+(.*)\\z", Pattern.DOTALL);

    record Shipped(String slug, String title, String resource) {
    }

    static final Shipped RED_TERROR = new Shipped("red-terror-essay", "Stalin and the Red Terror",
            "documents/red-terror-essay.txt");

    private final DocumentService documents;

    DefaultDocuments(DocumentService documents) {
        this.documents = documents;
    }

    public void importAll() {
        for (Shipped shipped : new Shipped[] { RED_TERROR }) {
            Parsed parsed = parse(read(shipped.resource()));
            if (documents.importIfAbsent(shipped.slug(), shipped.title(), parsed.published(), parsed.text())) {
                Log.infof("Imported the document '%s'", shipped.slug());
            }
        }
    }

    record Parsed(LocalDate published, String text) {
    }

    static Parsed parse(String raw) {
        Matcher m = DATED.matcher(raw);
        if (!m.matches()) {
            return new Parsed(null, raw.strip());
        }
        return new Parsed(LocalDate.parse(m.group(1)), m.group(2).strip());
    }

    private static String read(String resource) {
        try (InputStream in = Thread.currentThread().getContextClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("The shipped document " + resource + " is missing from the build");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
