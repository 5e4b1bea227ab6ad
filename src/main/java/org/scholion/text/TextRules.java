package org.scholion.text;

import java.text.Normalizer;
import java.util.Locale;
import java.util.Optional;

/**
 * What text the application stores or looks up, in one place for every feature: which characters
 * are refused in which kind of text, and the normal form names are stored in. No I/O, no HTTP:
 * callers turn a problem into their own error (Bean Validation with {@link Clean}, or a filter).
 *
 * <p>PostgreSQL refuses U+0000 in text; a control character in a name or code is never meant;
 * an invisible formatting character (bidi override U+202E, zero-width space U+200B, …) in a name
 * makes two different names look the same, or one name look like another.
 */
public final class TextRules {
    /** How strict: each kind refuses what the previous one does, and more. */
    public enum Kind {
        /** Free text over several lines (a description, a comment): control characters except tab and line breaks. */
        TEXT,
        /** One line (a code, a title, a slug, a query parameter): every control character. */
        LINE,
        /** A name people are known by (a group, a tag): also invisible formatting characters and line separators. */
        NAME
    }

    private TextRules() {
    }

    /**
     * Why {@code s} may not be stored or looked up as this kind of text, as a phrase that follows the
     * field's name ("contains a control character (U+0000)"); empty when it may. Null is fine here:
     * whether a value is required is another rule.
     */
    public static Optional<String> problem(String s, Kind kind) {
        if (s == null) {
            return Optional.empty();
        }
        for (int i = 0; i < s.length();) {
            int cp = s.codePointAt(i);
            i += Character.charCount(cp);
            switch (Character.getType(cp)) {
                case Character.CONTROL -> {
                    if (kind != Kind.TEXT || !(cp == '\t' || cp == '\n' || cp == '\r')) {
                        return Optional.of("contains a control character (" + u(cp) + ")");
                    }
                }
                case Character.SURROGATE -> {
                    return Optional.of("contains an unpaired surrogate (" + u(cp) + ")");
                }
                case Character.FORMAT, Character.LINE_SEPARATOR, Character.PARAGRAPH_SEPARATOR -> {
                    if (kind == Kind.NAME) {
                        return Optional.of("contains an invisible formatting character (" + u(cp) + ")");
                    }
                }
                default -> {
                    // allowed
                }
            }
        }
        return Optional.empty();
    }

    /** The strictest test that every kind applies: any control character or unpaired surrogate. */
    public static Optional<String> controlCharacter(String s) {
        return problem(s, Kind.LINE);
    }

    /** Unicode Normalization Form C: how names and free text are stored, so equal text is equal bytes. */
    public static String nfc(String s) {
        return s == null ? null : Normalizer.normalize(s, Normalizer.Form.NFC);
    }

    /** Surrounding white space removed, then NFC: the stored form of a name or a description. */
    public static String clean(String s) {
        return s == null ? null : nfc(s.strip());
    }

    private static String u(int cp) {
        return "U+" + String.format(Locale.ROOT, "%04X", cp);
    }
}
