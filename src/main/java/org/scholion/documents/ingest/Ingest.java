package org.scholion.documents.ingest;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Locale;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.scholion.domain.DomainError;

/**
 * Reads an uploaded file into the one text of a revision ({@link Ingested}): the format from the content
 * ({@link Sniff}), then plain text, Markdown, HTML or PDF each into the canonical text and, for the formatted
 * ones, a sanitised rendition whose {@code textContent} is that text. Every refusal is a {@link DomainError} on
 * the field {@code "file"}: 400 for content that is broken or empty, 413 for too much, 415 for a kind not taken
 * or a name that does not match the content. Nothing is stored here, so nothing is ever half stored.
 */
@ApplicationScoped
public class Ingest {
    /** The request field every refusal names. */
    static final String FIELD = "file";

    private final Limits limits;

    @Inject
    Ingest(IngestConfig config) {
        this(Limits.of(config));
    }

    /** For callers outside CDI (tests): explicit limits. */
    public Ingest(Limits limits) {
        this.limits = limits;
    }

    public Limits limits() {
        return limits;
    }

    /**
     * @param content      the file's bytes
     * @param filename     the name it was uploaded with, or null
     * @param declaredType the media type the client declared, or null
     */
    public Ingested read(byte[] content, String filename, String declaredType) {
        if (content == null || content.length == 0) {
            throw DomainError.invalid(FIELD, "The file is empty.");
        }
        if (content.length > limits.maxUploadBytes()) {
            String size = size(content.length);
            String max = size(limits.maxUploadBytes());
            if (size.equals(max)) {
                size = content.length + " bytes";
                max = limits.maxUploadBytes() + " bytes";
            }
            throw DomainError.tooLarge(FIELD, "The file is " + size + "; at most " + max + " are taken. Split it into parts.");
        }
        Format format = Sniff.format(content, filename, declaredType);
        Ingested read = switch (format) {
            case TEXT -> {
                String text = Canon.text(utf8Text(content)).strip();
                yield new Ingested(format, format.mediaType(), text, null, List.of(), Found.NOTHING);
            }
            case MARKDOWN -> {
                String source = utf8Text(content);
                Html.Reading reading = TimeBox.call(() -> Markdown.read(source), limits.pdfTimeout(), "Markdown");
                yield new Ingested(format, format.mediaType(), reading.text(), reading.rendition(), List.of(), Found.NOTHING);
            }
            case HTML -> {
                String source = utf8Text(content);
                yield TimeBox.call(() -> {
                    Document dirty = Jsoup.parse(source);
                    Found found = Html.found(dirty);
                    Html.Reading reading = Html.document(dirty);
                    return new Ingested(format, format.mediaType(), reading.text(), reading.rendition(), List.of(), found);
                }, limits.pdfTimeout(), "HTML");
            }
            case PDF -> {
                Pdf.Reading reading = Pdf.read(content, limits);
                yield new Ingested(format, format.mediaType(), reading.text(), reading.rendition(), reading.pages(), reading.found());
            }
        };
        if (read.text().isEmpty()) {
            throw DomainError.invalid(FIELD, format == Format.PDF
                    ? "The PDF has no text to read (a scanned PDF needs text recognition, OCR, first)."
                    : "The file has no text to read.");
        }
        long codePoints = read.text().codePointCount(0, read.text().length());
        if (codePoints > limits.maxTextCodePoints()) {
            throw DomainError.tooLarge(FIELD, "The file's text is " + codePoints + " characters long; at most "
                    + limits.maxTextCodePoints() + " are taken. Split it into parts.");
        }
        return read;
    }

    /** Strict UTF-8 that is not only white space. */
    private static String utf8Text(byte[] content) {
        String s = Canon.utf8(content);
        if (s.isBlank()) {
            throw DomainError.invalid(FIELD, "The file has no text to read.");
        }
        return s;
    }

    private static String size(long bytes) {
        if (bytes < 1024 * 1024) {
            return bytes + " bytes";
        }
        return String.format(Locale.ROOT, "%.1f MiB", bytes / (1024.0 * 1024.0));
    }
}
