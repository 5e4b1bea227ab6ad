package org.scholion.documents.ingest;

import static org.scholion.documents.ingest.Ingest.FIELD;

import java.util.Locale;
import java.util.Map;
import org.apache.tika.Tika;
import org.apache.tika.mime.MediaType;
import org.apache.tika.mime.MediaTypeRegistry;
import org.apache.tika.mime.MimeTypes;
import org.scholion.domain.DomainError;

/**
 * Which {@link Format} a file is. The bytes decide first, by their magic alone (tika-core, no name given to
 * it): a PDF, some kind of text, or something else (refused). Within text, the file's name and then its
 * declared type choose the dialect: {@code .md}/{@code .markdown} or {@code text/markdown} make it Markdown,
 * {@code .html}/{@code .htm}/{@code .xhtml} or {@code text/html} HTML, {@code .txt} plain text; with no claim,
 * text that tika recognises as HTML is HTML and all other text is plain text. Tika's HTML guess is never a
 * reason to refuse (a Markdown file may open with {@code <div>}), but a claim of PDF on text, or of text on a
 * PDF, is a mismatch (415 naming both).
 */
final class Sniff {
    private static final Tika TIKA = new Tika();
    private static final MediaTypeRegistry TYPES = MimeTypes.getDefaultMimeTypes().getMediaTypeRegistry();
    private static final MediaType XML = MediaType.application("xml");
    private static final MediaType XHTML = MediaType.application("xhtml+xml");

    static final String TAKEN = "plain text (.txt), Markdown (.md), HTML (.html) or PDF (.pdf)";

    private static final Map<String, Format> BY_EXTENSION = Map.of(
            "txt", Format.TEXT, "text", Format.TEXT,
            "md", Format.MARKDOWN, "markdown", Format.MARKDOWN,
            "html", Format.HTML, "htm", Format.HTML, "xhtml", Format.HTML,
            "pdf", Format.PDF);

    private static final Map<String, Format> BY_TYPE = Map.of(
            "text/plain", Format.TEXT,
            "text/markdown", Format.MARKDOWN, "text/x-markdown", Format.MARKDOWN,
            "text/html", Format.HTML, "application/xhtml+xml", Format.HTML,
            "application/pdf", Format.PDF);

    private Sniff() {
    }

    static Format format(byte[] content, String filename, String declaredType) {
        MediaType magic = MediaType.parse(TIKA.detect(content));
        Claim claim = claim(filename, declaredType);
        if (magic != null && magic.getBaseType().equals(MediaType.application("pdf"))) {
            if (claim != null && claim.format() != Format.PDF) {
                throw mismatch(claim, "a PDF");
            }
            return Format.PDF;
        }
        if (magic == null || !isText(magic)) {
            String what = magic == null || magic.equals(MediaType.OCTET_STREAM) ? "binary data" : "of type " + magic.getBaseType();
            throw DomainError.unsupported(FIELD, (claim == null ? "The file" : "The file " + claim.said())
                    + " is " + what + ", not a reading this server takes: upload " + TAKEN + ".");
        }
        if (claim == null) {
            boolean html = TYPES.isSpecializationOf(magic, MediaType.TEXT_HTML) || magic.getBaseType().equals(MediaType.TEXT_HTML)
                    || magic.getBaseType().equals(XHTML);
            return html ? Format.HTML : Format.TEXT;
        }
        if (claim.format() == Format.PDF) {
            throw mismatch(claim, "text, not a PDF");
        }
        return claim.format();
    }

    /** Text of a kind a person reads: tika's text types, less the markup ones whose text is not the reading. */
    private static boolean isText(MediaType type) {
        MediaType base = type.getBaseType();
        if (base.equals(XHTML) || base.equals(MediaType.TEXT_HTML) || base.equals(MediaType.TEXT_PLAIN)) {
            return true;
        }
        if (base.equals(XML) || TYPES.isSpecializationOf(base, XML) || base.equals(MediaType.application("rtf"))) {
            return false;
        }
        return TYPES.isSpecializationOf(base, MediaType.TEXT_PLAIN);
    }

    /** What the name (first) or the declared type says the file is, when it names one of the formats. */
    private static Claim claim(String filename, String declaredType) {
        if (filename != null) {
            int dot = filename.lastIndexOf('.');
            if (dot >= 0 && dot < filename.length() - 1) {
                String extension = filename.substring(dot + 1).toLowerCase(Locale.ROOT).strip();
                Format format = BY_EXTENSION.get(extension);
                if (format != null) {
                    return new Claim(format, "named \u201c" + filename.strip() + "\u201d");
                }
            }
        }
        if (declaredType != null) {
            MediaType type = MediaType.parse(declaredType.strip().toLowerCase(Locale.ROOT));
            if (type != null) {
                Format format = BY_TYPE.get(type.getBaseType().toString());
                if (format != null) {
                    return new Claim(format, "sent as " + type.getBaseType());
                }
            }
        }
        return null;
    }

    private static DomainError mismatch(Claim claim, String content) {
        return DomainError.unsupported(FIELD, "The file is " + claim.said() + ", which says "
                + article(claim.format()) + ", but its content is " + content
                + ". Upload it with the right name, or the right file.");
    }

    private static String article(Format format) {
        return switch (format) {
            case TEXT -> "plain text";
            case MARKDOWN -> "Markdown";
            case HTML -> "HTML";
            case PDF -> "a PDF";
        };
    }

    private record Claim(Format format, String said) {
    }
}
