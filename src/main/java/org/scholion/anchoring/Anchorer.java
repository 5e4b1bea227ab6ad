package org.scholion.anchoring;

import java.util.ArrayList;
import java.util.List;
import org.scholion.domain.DomainError;

/**
 * Anchors a selection to a document text, counting Unicode code points as the W3C selectors do
 * (a browser's JavaScript offsets are UTF-16 units; clients convert). A malformed selector is an
 * {@link DomainError.Invalid invalid} request; an anchor that does not fit this document's text is a
 * {@link DomainError.Conflict conflict} with the text — both name the selector field.
 */
public final class Anchorer {
    /**
     * The longest prefix or suffix accepted, in code points. W3C clients other than ours grow the
     * context until the quote is unique, which on a repetitive text takes hundreds of code points.
     */
    public static final int MAX_CONTEXT = 1000;
    /** The longest quote (TextQuoteSelector.exact) accepted, in code points. */
    public static final int MAX_EXACT = 100_000;
    /** How much context the server stores around an anchor the client sent without prefix or suffix. */
    static final int STORED_CONTEXT = 32;
    private static final int ZWJ = 0x200D;
    public static final String F_START = "target.selector.start";
    public static final String F_END = "target.selector.end";
    public static final String F_EXACT = "target.selector.exact";
    public static final String F_PREFIX = "target.selector.prefix";
    public static final String F_SUFFIX = "target.selector.suffix";

    /**
     * What a client sent to anchor an annotation: a TextQuoteSelector and/or a TextPositionSelector.
     *
     * @param exact null when only a position was sent
     * @param start null when only a quote was sent
     */
    public record Selector(String exact, String prefix, String suffix, Integer start, Integer end) {
    }

    /** A resolved anchor: both selectors, consistent with the text. */
    public record Anchor(int start, int end, String exact, String prefix, String suffix) {
    }

    /** A document text as code points, made once per document. */
    public record Text(int[] codePoints) {
        public static Text of(String s) {
            return new Text(s.codePoints().toArray());
        }

        public int length() {
            return codePoints.length;
        }

        public String sub(int from, int to) {
            return new String(codePoints, from, to - from);
        }
    }

    private Anchorer() {
    }

    /**
     * @param exact  TextQuoteSelector.exact, or null when only a position was sent
     * @param prefix may be null
     * @param suffix may be null
     * @param start  TextPositionSelector.start, or null when only a quote was sent
     * @param end    TextPositionSelector.end, or null
     */
    public static Anchor resolve(Text text, Selector selector) {
        return resolve(text, selector.exact(), selector.prefix(), selector.suffix(), selector.start(), selector.end());
    }

    /**
     * An anchor worked out from a client's selectors, and what Scholion had to decide to find it
     * ({@code notice}, null when the selectors agreed with the text and each other).
     */
    public record Resolved(Anchor anchor, String notice) {
    }

    /**
     * As {@link #resolve}, for selectors as W3C clients write them (issue 19). When a quote and a
     * position both came and disagree: the W3C model counts a TextPositionSelector in code points
     * ("the position ... is measured in Unicode code points", Web Annotation Data Model §4.2.5), but
     * several clients count UTF-16 code units, which drift by one for each character outside the Basic
     * Multilingual Plane before the passage — so if reading the position as UTF-16 units makes it
     * select the quote, that is taken, in code points; otherwise the quote decides (with its prefix
     * and suffix; of several places, the one nearest the position). Either way the notice says so. A
     * quote found nowhere is the conflict it always was.
     */
    public static Resolved resolveLeniently(Text text, Selector selector) {
        try {
            return new Resolved(resolve(text, selector), null);
        } catch (DomainError.Conflict disagreement) {
            if (selector.exact() == null || selector.start() == null || selector.end() == null) {
                throw disagreement;
            }
            int[] units = fromUtf16(text, selector.start(), selector.end());
            if (units != null) {
                try {
                    Anchor a = resolve(text, selector.exact(), selector.prefix(), selector.suffix(), units[0], units[1]);
                    return new Resolved(a, "target.selector: the TextPositionSelector counted UTF-16 code units (start "
                            + selector.start() + ", end " + selector.end() + "); the W3C model counts code points, so it is"
                            + " stored as start " + a.start() + ", end " + a.end());
                } catch (DomainError.Conflict notThatEither) {
                    // the quote decides
                }
            }
            int at = nearest(text, selector.exact(), selector.prefix(), selector.suffix(), selector.start());
            Anchor a = resolve(text, selector.exact(), selector.prefix(), selector.suffix(), at, at + codePoints(selector.exact()));
            return new Resolved(a, "target.selector: the TextPositionSelector (start " + selector.start() + ", end " + selector.end()
                    + ") does not select the quote; the TextQuoteSelector decided: start " + a.start() + ", end " + a.end());
        }
    }

    /** A code-point offset of the text as a UTF-16 offset, as JavaScript counts. */
    public static int utf16(Text text, int codePoints) {
        int unit = 0;
        int[] cps = text.codePoints();
        for (int i = 0; i < codePoints && i < cps.length; i++) {
            unit += Character.charCount(cps[i]);
        }
        return unit;
    }

    /** UTF-16 offsets of the text as code-point offsets; null when they fall outside it or inside a character. */
    public static int[] fromUtf16(Text text, int start, int end) {
        if (start < 0 || end < start) {
            return null;
        }
        int[] cps = text.codePoints();
        int unit = 0;
        int s = -1;
        int e = -1;
        for (int i = 0; i <= cps.length; i++) {
            if (unit == start) {
                s = i;
            }
            if (unit == end) {
                e = i;
                break;
            }
            if (i == cps.length || unit > end) {
                break;
            }
            unit += Character.charCount(cps[i]);
        }
        return s < 0 || e < 0 ? null : new int[] {s, e};
    }

    /** The place of the quote (with its context) nearest to {@code near}; 409 when it occurs nowhere. */
    private static int nearest(Text text, String exact, String prefix, String suffix, int near) {
        int[] q = exact.codePoints().toArray();
        int[] t = text.codePoints();
        int best = -1;
        outer: for (int i = 0; i + q.length <= t.length; i++) {
            for (int j = 0; j < q.length; j++) {
                if (t[i + j] != q[j]) {
                    continue outer;
                }
            }
            if ((prefix == null || matchesBefore(text, i, prefix)) && (suffix == null || matchesAfter(text, i + q.length, suffix))
                    && (best < 0 || Math.abs(i - near) < Math.abs(best - near))) {
                best = i;
            }
        }
        if (best < 0) {
            throw DomainError.conflict(F_EXACT, "the quote does not occur in the text"
                    + (prefix != null || suffix != null ? " with this prefix and suffix" : ""));
        }
        return best;
    }

    static Anchor resolve(Text text, String exact, String prefix, String suffix, Integer start, Integer end) {
        if (prefix != null && codePoints(prefix) > MAX_CONTEXT) {
            throw DomainError.invalid(F_PREFIX, "prefix is longer than " + MAX_CONTEXT + " code points");
        }
        if (suffix != null && codePoints(suffix) > MAX_CONTEXT) {
            throw DomainError.invalid(F_SUFFIX, "suffix is longer than " + MAX_CONTEXT + " code points");
        }
        if (exact != null && exact.isEmpty()) {
            throw DomainError.invalid(F_EXACT, "exact must not be empty");
        }
        int s;
        int e;
        if (start != null || end != null) {
            if (start == null || end == null) {
                throw DomainError.invalid(start == null ? F_START : F_END,
                        "a TextPositionSelector needs both start and end");
            }
            if (start < 0) {
                throw DomainError.invalid(F_START, "start must not be negative");
            }
            if (start >= end) {
                throw DomainError.invalid(F_END, "end must be greater than start");
            }
            if (end > text.length()) {
                throw DomainError.conflict(F_END, "end " + end + " is past the end of the text (" + text.length()
                        + " code points)");
            }
            s = start;
            e = end;
            if (exact != null && !text.sub(s, e).equals(exact)) {
                throw DomainError.conflict(F_EXACT, "exact does not equal the text between start and end");
            }
            if (prefix != null && !matchesBefore(text, s, prefix)) {
                throw DomainError.conflict(F_PREFIX, "prefix does not match the text before the selection");
            }
            if (suffix != null && !matchesAfter(text, e, suffix)) {
                throw DomainError.conflict(F_SUFFIX, "suffix does not match the text after the selection");
            }
        } else {
            if (exact == null) {
                throw DomainError.invalid(F_EXACT, "a TextQuoteSelector needs exact");
            }
            int found = find(text, exact, prefix, suffix);
            s = found;
            e = found + codePoints(exact);
        }
        requireWholeCharacters(text, s, F_START);
        requireWholeCharacters(text, e, F_END);
        String p = prefix != null ? prefix : storedPrefix(text, s);
        String x = suffix != null ? suffix : storedSuffix(text, e);
        return new Anchor(s, e, text.sub(s, e), p, x);
    }

    /** The anchor of text[start, end) with the context the server stores itself (re-anchoring's result). */
    static Anchor anchorAt(Text text, int start, int end) {
        return new Anchor(start, end, text.sub(start, end), storedPrefix(text, start), storedSuffix(text, end));
    }

    private static String storedPrefix(Text text, int start) {
        return text.sub(Math.max(0, start - STORED_CONTEXT), start);
    }

    private static String storedSuffix(Text text, int end) {
        return text.sub(end, Math.min(text.length(), end + STORED_CONTEXT));
    }

    /** The one place the quote occurs, told apart by prefix and suffix; 409 when absent or ambiguous. */
    private static int find(Text text, String exact, String prefix, String suffix) {
        int[] q = exact.codePoints().toArray();
        int[] t = text.codePoints();
        List<Integer> hits = new ArrayList<>(2);
        outer: for (int i = 0; i + q.length <= t.length; i++) {
            for (int j = 0; j < q.length; j++) {
                if (t[i + j] != q[j]) {
                    continue outer;
                }
            }
            if ((prefix == null || matchesBefore(text, i, prefix)) && (suffix == null || matchesAfter(text, i + q.length, suffix))) {
                hits.add(i);
                if (hits.size() > 1) {
                    break;
                }
            }
        }
        if (hits.isEmpty()) {
            throw DomainError.conflict(F_EXACT, "the quote does not occur in the text"
                    + (prefix != null || suffix != null ? " with this prefix and suffix" : ""));
        }
        if (hits.size() > 1) {
            throw DomainError.conflict(F_EXACT,
                    "the quote occurs more than once; send a prefix or suffix, or a TextPositionSelector");
        }
        return hits.get(0);
    }

    static boolean matchesBefore(Text text, int at, String prefix) {
        int[] p = prefix.codePoints().toArray();
        if (p.length > at) {
            return false;
        }
        for (int i = 0; i < p.length; i++) {
            if (text.codePoints()[at - p.length + i] != p[i]) {
                return false;
            }
        }
        return true;
    }

    static boolean matchesAfter(Text text, int at, String suffix) {
        int[] p = suffix.codePoints().toArray();
        if (at + p.length > text.length()) {
            return false;
        }
        for (int i = 0; i < p.length; i++) {
            if (text.codePoints()[at + i] != p[i]) {
                return false;
            }
        }
        return true;
    }

    /**
     * A boundary must fall between user-perceived characters: not before a combining mark or an
     * emoji modifier, not on either side of a zero-width joiner, not inside a flag (regional
     * indicator pair). 409: it is this text that makes the anchor wrong.
     */
    static void requireWholeCharacters(Text text, int at, String field) {
        if (splitsCharacter(text, at)) {
            throw DomainError.conflict(field, "the anchor splits a character (a combining sequence, emoji sequence or flag)"
                    + " at code point " + at);
        }
    }

    /** Whether a boundary at {@code at} falls inside a user-perceived character (see above). */
    static boolean splitsCharacter(Text text, int at) {
        if (at <= 0 || at >= text.length()) {
            return false;
        }
        int[] t = text.codePoints();
        int next = t[at];
        int prev = t[at - 1];
        boolean splits = isExtending(next) || next == ZWJ || prev == ZWJ;
        if (!splits && isRegionalIndicator(next) && isRegionalIndicator(prev)) {
            int run = 0;
            for (int i = at - 1; i >= 0 && isRegionalIndicator(t[i]); i--) {
                run++;
            }
            splits = run % 2 == 1;
        }
        return splits;
    }

    static boolean isExtending(int cp) {
        int type = Character.getType(cp);
        return type == Character.NON_SPACING_MARK || type == Character.ENCLOSING_MARK
                || type == Character.COMBINING_SPACING_MARK
                || (cp >= 0x1F3FB && cp <= 0x1F3FF) // emoji skin-tone modifiers
                || (cp >= 0xE0020 && cp <= 0xE007F); // emoji tag sequences
    }

    private static boolean isRegionalIndicator(int cp) {
        return cp >= 0x1F1E6 && cp <= 0x1F1FF;
    }

    public static int codePoints(String s) {
        return s.codePointCount(0, s.length());
    }
}
