package org.scholion.exports;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.stream.Collectors;

/**
 * BibTeX entries, one per work. The entry type follows {@link Work.Kind}: {@code @article} (author,
 * title, journal, year: the fields BibTeX requires of it), {@code @book} (its container written as
 * the series), and {@code @misc} for web pages and other documents, with the site as
 * {@code howpublished} ("how something strange has been published", Patashnik's BibTeXing) and the
 * address in {@code url}, which biblatex, natbib's styles and most reference managers read.
 *
 * <p>Values are in braces, with LaTeX's special characters escaped ({@code \ { } $ & % # _ ^ ~};
 * BibTeX itself only needs braces balanced, but the values end up typeset). {@code url} and
 * {@code doi} are read verbatim by the url package and biblatex, so they are not escaped: only the
 * braces and backslash that cannot be in a valid address are percent-encoded. Everything else
 * stays UTF-8, which biber reads; 8-bit BibTeX passes it through but may sort it wrongly.
 */
final class BibtexWriter {
    private BibtexWriter() {
    }

    static void write(Iterable<Work> works, OutputStream out) throws IOException {
        Writer w = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8));
        CitationKeys keys = new CitationKeys();
        boolean first = true;
        for (Work work : works) {
            if (!first) {
                w.write("\n");
            }
            first = false;
            entry(w, work, keys.next(work));
        }
        w.flush();
    }

    private static void entry(Writer w, Work work, String key) throws IOException {
        Work.Kind kind = work.kind();
        w.write("@" + switch (kind) {
            case ARTICLE -> "article";
            case BOOK -> "book";
            case WEB_PAGE, DOCUMENT -> "misc";
        } + "{" + key);
        if (!work.names().isEmpty()) {
            // "and" separates names (BibTeXing); a literal name in braces is not split or inverted
            field(w, "author", work.names().stream()
                    .map(n -> n.isLiteral() ? "{" + escape(n.literal()) + "}" : escape(n.inverted()))
                    .collect(Collectors.joining(" and ")));
        }
        field(w, "title", escape(work.title()));
        String container = escape(work.container());
        field(w, switch (kind) {
            case ARTICLE -> "journal";
            case BOOK -> "series";
            case WEB_PAGE, DOCUMENT -> "howpublished";
        }, container);
        field(w, "year", work.issued() == null ? null : work.issued().yearText());
        field(w, "doi", verbatim(work.doi()));
        field(w, "isbn", escape(work.isbn()));
        field(w, "url", verbatim(work.url()));
        field(w, "note", escape(work.note()));
        w.write("\n}\n");
    }

    private static void field(Writer w, String name, String value) throws IOException {
        if (value != null) {
            w.write(",\n  " + name + " = {" + value + "}");
        }
    }

    /** LaTeX text: the ten special characters as commands LaTeX typesets as themselves; whitespace as one space. */
    static String escape(String s) {
        if (s == null) {
            return null;
        }
        StringBuilder e = new StringBuilder();
        for (char c : s.strip().replaceAll("\\s+", " ").toCharArray()) {
            switch (c) {
                case '\\' -> e.append("\\textbackslash{}");
                case '^' -> e.append("\\textasciicircum{}");
                case '~' -> e.append("\\textasciitilde{}");
                case '{', '}', '$', '&', '%', '#', '_' -> e.append('\\').append(c);
                default -> e.append(c);
            }
        }
        return e.toString();
    }

    private static String verbatim(String s) {
        return s == null ? null : s.replace("\\", "%5C").replace("{", "%7B").replace("}", "%7D");
    }
}
