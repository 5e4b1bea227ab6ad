package org.scholion.exports;

import java.text.Normalizer;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;

/**
 * Citation keys handed out in the order works are written: the first author's family name (or the
 * title's first word when there is no author) ASCII-folded and lower-cased, then the year;
 * "figes1996", then "figes1996a", "figes1996b" for the next works that would have it. ASCII only,
 * so every BibTeX tool and LaTeX's {@code \cite} take it.
 */
final class CitationKeys {
    private final Set<String> used = new HashSet<>();

    String next(Work work) {
        String base = name(work) + (work.issued() == null ? "" : work.issued().yearText());
        String key = base;
        for (int n = 0; !used.add(key); n++) {
            key = base + suffix(n);
        }
        return key;
    }

    private static String name(Work work) {
        String name = work.names().isEmpty() ? null : fold(work.names().get(0).keyName());
        if ((name == null || name.isEmpty()) && work.title() != null) {
            for (String word : work.title().split("\\s+")) {
                name = fold(word);
                if (!name.isEmpty() && !Set.of("a", "an", "the").contains(name)) {
                    break;
                }
            }
        }
        return name == null || name.isEmpty() ? "anon" : name;
    }

    /** a … z, aa, ab …: letters as a year suffix, like "1996a" in an author-year style. */
    private static String suffix(int n) {
        return (n >= 26 ? suffix(n / 26 - 1) : "") + (char) ('a' + n % 26);
    }

    /**
     * Latin letters without their marks (NFD, marks dropped), and the letters that are not a base
     * letter and a mark: ł → l, ø → o, æ → ae, ß → ss …; anything else that is not a-z or 0-9 dropped.
     */
    static String fold(String s) {
        String decomposed = Normalizer.normalize(s, Normalizer.Form.NFD).replaceAll("\\p{M}", "");
        StringBuilder ascii = new StringBuilder();
        for (char c : decomposed.toLowerCase(Locale.ROOT).toCharArray()) {
            switch (c) {
                case 'ł' -> ascii.append('l');
                case 'ø' -> ascii.append('o');
                case 'đ', 'ð' -> ascii.append('d');
                case 'ħ' -> ascii.append('h');
                case 'ı' -> ascii.append('i');
                case 'æ' -> ascii.append("ae");
                case 'œ' -> ascii.append("oe");
                case 'ß' -> ascii.append("ss");
                case 'þ' -> ascii.append("th");
                default -> {
                    if (c >= 'a' && c <= 'z' || c >= '0' && c <= '9') {
                        ascii.append(c);
                    }
                }
            }
        }
        return ascii.toString();
    }
}
