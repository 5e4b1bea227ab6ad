package org.scholion.text;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Iterator;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;
import org.scholion.domain.DomainError;

/**
 * The fields of a JSON request as the domain takes them: each read names the field it concerns in
 * the problem it raises (RFC 9457 field errors), and text passes {@link TextRules}.
 */
public final class Fields {
    /** RFC 8141: urn:&lt;NID&gt;:&lt;NSS&gt;. */
    private static final Pattern URN = Pattern.compile("^urn:[a-z0-9][a-z0-9-]{0,31}:\\S+$", Pattern.CASE_INSENSITIVE);

    private Fields() {
    }

    public static String string(JsonNode n, String field, int maxCodePoints) {
        return string(n, field, maxCodePoints, false);
    }

    public static String string(JsonNode n, String field, int maxCodePoints, boolean multiline) {
        if (n == null || n.isNull()) {
            throw DomainError.invalid(field, field.substring(field.lastIndexOf('.') + 1) + " is required");
        }
        if (!n.isTextual()) {
            throw DomainError.invalid(field, "must be a string");
        }
        return text(n.asText(), field, maxCodePoints, multiline);
    }

    /**
     * Text a client may store or look up ({@link TextRules}): no unpaired surrogates, no control
     * characters (line breaks and tabs only where the text is multi-line), at most so many code points.
     * Returned as given: whether it is stored normalised is the caller's rule ({@link #free}).
     */
    public static String text(String v, String field, int maxCodePoints, boolean multiline) {
        TextRules.problem(v, multiline ? TextRules.Kind.TEXT : TextRules.Kind.LINE).ifPresent(problem -> {
            throw DomainError.invalid(field, problem);
        });
        if (maxCodePoints != Integer.MAX_VALUE && v.codePointCount(0, v.length()) > maxCodePoints) {
            throw DomainError.invalid(field, "is longer than " + maxCodePoints + " characters");
        }
        return v;
    }

    /** An optional text property of an object, trimmed and in NFC; null when absent or blank. */
    public static String optionalText(JsonNode item, String name, String at, int max, boolean multiline) {
        if (!item.hasNonNull(name)) {
            return null;
        }
        String v = free(string(item.get(name), at + "." + name, max, multiline).strip());
        return v.isEmpty() ? null : v;
    }

    public static String required(JsonNode root, String field) {
        JsonNode n = root.get(field);
        if (n == null || n.isNull()) {
            throw DomainError.invalid(field, field + " is required");
        }
        return string(n, field, 64);
    }

    public static UUID uuid(JsonNode n, String field) {
        String v = string(n, field, 64);
        try {
            UUID id = UUID.fromString(v);
            if (!id.toString().equals(v.toLowerCase(Locale.ROOT))) {
                throw new IllegalArgumentException();
            }
            return id;
        } catch (IllegalArgumentException e) {
            throw DomainError.invalid(field, field + " must be a UUID");
        }
    }

    public static Integer integer(JsonNode n, String field) {
        if (n == null || n.isNull()) {
            throw DomainError.invalid(field, field.substring(field.lastIndexOf('.') + 1) + " is required");
        }
        if (!n.isIntegralNumber() || !n.canConvertToInt()) {
            throw DomainError.invalid(field, "must be a whole number of code points");
        }
        return n.intValue();
    }

    /** Only these properties: any other is named in a 400. */
    public static void allowOnly(JsonNode item, String at, Set<String> allowed) {
        for (Iterator<String> names = item.fieldNames(); names.hasNext();) {
            String name = names.next();
            if (!allowed.contains(name)) {
                throw DomainError.invalid(at + "." + cleanForMessage(name), "unknown property '" + cleanForMessage(name) + "'");
            }
        }
    }

    /**
     * A tag as it is stored and looked up, for a new annotation and for the container's filter alike:
     * a name ({@link TextRules.Kind#NAME}: no invisible formatting characters such as a bidi override
     * or a zero-width space, which make two different tags look the same), trimmed, lower-cased, NFC.
     */
    public static String tag(String raw, String field, int max) {
        text(raw, field, max, false);
        TextRules.problem(raw, TextRules.Kind.NAME).ifPresent(problem -> {
            throw DomainError.invalid(field, problem);
        });
        String tag = TextRules.nfc(raw.strip().toLowerCase(Locale.ROOT));
        if (tag.isEmpty()) {
            throw DomainError.invalid(field, "a tag must not be blank");
        }
        return tag;
    }

    /**
     * Free text people write (a comment, a source's title, authors, excerpt …) as it is stored: in
     * Unicode Normalization Form C, so that text that looks the same is the same. Not the quotes of a
     * selector: they must be the document's text exactly as it is.
     */
    public static String free(String v) {
        return TextRules.nfc(v);
    }

    /**
     * Why {@code u} is not an IRI we hand out again as a link or a name: it must be http(s) with a
     * host, or a URN (RFC 8141) — never javascript:, data:, file: or a relative reference. Null when
     * it is one.
     */
    public static String webOrUrnProblem(String u) {
        if (URN.matcher(u).matches()) {
            return null;
        }
        URI uri;
        try {
            uri = new URI(u);
        } catch (URISyntaxException e) {
            return "is not a valid IRI";
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            return "must be http or https (or a urn:)";
        }
        if (uri.getHost() == null || uri.getHost().isEmpty()) {
            return "needs a host";
        }
        return null;
    }

    /** A client's string as it may appear in a message: at most 64 code points, no control characters. */
    public static String cleanForMessage(String s) {
        StringBuilder b = new StringBuilder();
        s.codePoints().limit(64).filter(cp -> !Character.isISOControl(cp) && !Character.isSurrogate((char) cp) || cp > 0xFFFF)
                .forEach(b::appendCodePoint);
        return b.toString();
    }
}
