package org.scholion.search;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A short piece of the matched text and where in it the words matched, as plain text and offsets —
 * never markup: a client puts the text in the page as text and marks the ranges itself, so nothing
 * a student wrote is ever read as HTML.
 *
 * @param highlights {@code [start, end)} in Unicode code points of {@code text}
 */
public record Snippet(String text, List<int[]> highlights) {
    /** What PostgreSQL's {@code ts_headline} puts around a match (characters of Unicode's private use area). */
    static final char START = '\uE000';
    static final char STOP = '\uE001';
    /** The options of {@code ts_headline}: our markers, about a sentence or two of context. */
    static final String HEADLINE_OPTIONS = "StartSel=" + START + ", StopSel=" + STOP
            + ", MaxWords=35, MinWords=12, ShortWord=2, MaxFragments=2, FragmentDelimiter=\" … \"";

    /** The snippet of a {@code ts_headline} answer: the markers become ranges. */
    static Snippet ofHeadline(String marked) {
        StringBuilder text = new StringBuilder();
        List<int[]> ranges = new ArrayList<>();
        int start = -1;
        int cp = 0;
        for (int i = 0; i < marked.length(); ) {
            int c = marked.codePointAt(i);
            i += Character.charCount(c);
            if (c == START) {
                start = cp;
            } else if (c == STOP) {
                if (start >= 0 && cp > start) {
                    ranges.add(new int[] { start, cp });
                }
                start = -1;
            } else {
                text.appendCodePoint(c);
                cp++;
            }
        }
        return new Snippet(text.toString().strip().isEmpty() ? "" : text.toString(), List.copyOf(ranges));
    }

    /**
     * When the words matched no lexeme (a quote matched by a part of a word, say), the first place
     * the search text occurs in {@code text}, case-insensitively, with some context around it.
     */
    Snippet orFind(String text, String words) {
        if (!highlights.isEmpty() || text == null || words == null || words.isBlank()) {
            return this;
        }
        String needle = words.replace("\"", "").strip().toLowerCase(Locale.ROOT);
        int at = needle.isEmpty() ? -1 : text.toLowerCase(Locale.ROOT).indexOf(needle);
        if (at < 0 || text.toLowerCase(Locale.ROOT).length() != text.length()) {
            return this;
        }
        int from = Math.max(0, at - 80);
        int to = Math.min(text.length(), at + needle.length() + 80);
        // never cut a character in two
        if (from > 0 && Character.isLowSurrogate(text.charAt(from))) {
            from--;
        }
        if (to < text.length() && Character.isLowSurrogate(text.charAt(to))) {
            to++;
        }
        String piece = text.substring(from, to);
        int s = piece.codePointCount(0, at - from);
        return new Snippet(piece, List.of(new int[] { s, s + piece.codePointCount(at - from, at - from + needle.length()) }));
    }
}
