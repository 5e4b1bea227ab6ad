package org.scholion.exports;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.stream.Collectors;
import org.jbibtex.BibTeXEntry;
import org.jbibtex.BibTeXFormatter;
import org.jbibtex.Key;
import org.jbibtex.StringValue;

/**
 * BibTeX entries, one per work, built as jbibtex {@link BibTeXEntry} objects and written by its
 * {@link BibTeXFormatter}. The entry type follows {@link Work.Kind}: {@code @article} (author,
 * title, journal, year: the fields BibTeX requires of it), {@code @book} (its container written as
 * the series), and {@code @misc} for web pages and other documents, with the site as
 * {@code howpublished} ("how something strange has been published", Patashnik's BibTeXing) and the
 * address in {@code url}, which biblatex, natbib's styles and most reference managers read.
 *
 * <p>jbibtex writes a value as it is given, so the escaping is done here: values are in braces,
 * with LaTeX's special characters escaped ({@code \ { } $ & % # _ ^ ~}; BibTeX itself only needs
 * braces balanced, but the values end up typeset). {@code url} and {@code doi} are read verbatim by
 * the url package and biblatex, so they are not escaped: only the braces and backslash that cannot
 * be in a valid address are percent-encoded. Everything else stays UTF-8, which biber reads; 8-bit
 * BibTeX passes it through but may sort it wrongly.
 */
final class BibtexWriter {
    private static final Key ISBN = new Key("isbn");

    private BibtexWriter() {
    }

    /**
     * jbibtex formats a whole {@code BibTeXDatabase} (and flushes the writer after it); its
     * per-entry method is protected, so each entry is written as soon as it is built instead of
     * collecting all of them first.
     */
    private static final class EntryFormatter extends BibTeXFormatter {
        EntryFormatter() {
            setIndent("  ");
        }

        void write(BibTeXEntry entry, Writer w) throws IOException {
            format(entry, w);
        }
    }

    static void write(Iterable<Work> works, OutputStream out) throws IOException {
        Writer w = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8));
        EntryFormatter formatter = new EntryFormatter();
        CitationKeys keys = new CitationKeys();
        boolean first = true;
        for (Work work : works) {
            if (!first) {
                w.write("\n");
            }
            first = false;
            formatter.write(entry(work, keys.next(work)), w);
            w.write("\n");
        }
        w.flush();
    }

    private static BibTeXEntry entry(Work work, String key) {
        Work.Kind kind = work.kind();
        BibTeXEntry entry = new BibTeXEntry(switch (kind) {
            case ARTICLE -> BibTeXEntry.TYPE_ARTICLE;
            case BOOK -> BibTeXEntry.TYPE_BOOK;
            case WEB_PAGE, DOCUMENT -> BibTeXEntry.TYPE_MISC;
        }, new Key(key));
        if (!work.names().isEmpty()) {
            // "and" separates names (BibTeXing); a literal name in braces is not split or inverted
            field(entry, BibTeXEntry.KEY_AUTHOR, work.names().stream()
                    .map(n -> n.isLiteral() ? "{" + escape(n.literal()) + "}" : escape(n.inverted()))
                    .collect(Collectors.joining(" and ")));
        }
        field(entry, BibTeXEntry.KEY_TITLE, escape(work.title()));
        field(entry, switch (kind) {
            case ARTICLE -> BibTeXEntry.KEY_JOURNAL;
            case BOOK -> BibTeXEntry.KEY_SERIES;
            case WEB_PAGE, DOCUMENT -> BibTeXEntry.KEY_HOWPUBLISHED;
        }, escape(work.container()));
        field(entry, BibTeXEntry.KEY_YEAR, work.issued() == null ? null : work.issued().yearText());
        field(entry, BibTeXEntry.KEY_DOI, verbatim(work.doi()));
        field(entry, ISBN, escape(work.isbn()));
        field(entry, BibTeXEntry.KEY_URL, verbatim(work.url()));
        field(entry, BibTeXEntry.KEY_NOTE, escape(work.note()));
        return entry;
    }

    private static void field(BibTeXEntry entry, Key name, String value) {
        if (value != null) {
            entry.addField(name, new StringValue(value, StringValue.Style.BRACED));
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

    /**
     * An address or DOI as the url package reads it: braces and backslash percent-encoded, and line
     * breaks too (jbibtex indents the line after a break inside a value, which would change the address).
     */
    private static String verbatim(String s) {
        return s == null ? null : s.replace("\\", "%5C").replace("{", "%7B").replace("}", "%7D")
                .replace("\n", "%0A").replace("\r", "%0D");
    }
}
