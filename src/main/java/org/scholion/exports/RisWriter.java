package org.scholion.exports;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;

/**
 * RIS references, one per work. From the RIS Format Specifications (Research Information Systems):
 * a tag is "Character 1—Uppercase alphabetic character … Character 2—Uppercase alphabetic or
 * numeric character … Characters 3 and 4—Spaces … Character 5—Dash … Character 6—Space"; "Each tag
 * and its contents must be on a separate line, preceded by a 'carriage return/line feed'"; "the
 * first tag of each reference … must be 'TY - ' and the last tag … must be 'ER - '"; "the asterisk
 * (character 42) is not allowed in the author, keywords or periodical name fields".
 *
 * <p>Types: JOUR (journal article), BOOK, ELEC (web page), GEN (generic). Tags: AU per author as
 * "Family, Given", TI, PY (the year), DA (YYYY/MM/DD/ when more than the year is known), T2 (the
 * secondary title: the journal, the site, a book's series), JO (the journal again, for readers that
 * take the periodical only from JO), DO, UR, SN (the ISBN), N1 (the citation counts). Values are
 * on one line (line breaks become spaces) and in UTF-8: the specification predates Unicode, and
 * Zotero, Mendeley and EndNote read UTF-8 RIS.
 *
 * <p>Written here rather than by a library, unlike BibTeX (jbibtex) and CSL-JSON (citeproc-java):
 * there is no maintained Java library that writes RIS. citeproc-java only reads it
 * ({@code RISParser}, {@code RISConverter}, used by the tests to read this writer's output back),
 * and the format is one tag a line: a value needs only its line breaks joined and, in the author
 * and periodical fields, its asterisks dropped, as above.
 */
final class RisWriter {
    private static final String CRLF = "\r\n";

    private RisWriter() {
    }

    static void write(Iterable<Work> works, OutputStream out) throws IOException {
        Writer w = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8));
        for (Work work : works) {
            reference(w, work);
        }
        w.flush();
    }

    private static void reference(Writer w, Work work) throws IOException {
        Work.Kind kind = work.kind();
        tag(w, "TY", switch (kind) {
            case ARTICLE -> "JOUR";
            case BOOK -> "BOOK";
            case WEB_PAGE -> "ELEC";
            case DOCUMENT -> "GEN";
        });
        for (PersonName name : work.names()) {
            tag(w, "AU", noAsterisk(name.inverted()));
        }
        tag(w, "TI", work.title());
        Issued issued = work.issued();
        if (issued != null) {
            tag(w, "PY", issued.yearText());
            if (issued.month() > 0) {
                tag(w, "DA", String.format("%s/%02d/%s/", issued.yearText(), issued.month(),
                        issued.day() > 0 ? String.format("%02d", issued.day()) : ""));
            }
        }
        tag(w, "T2", noAsterisk(work.container()));
        if (kind == Work.Kind.ARTICLE) {
            tag(w, "JO", noAsterisk(work.container()));
        }
        tag(w, "DO", work.doi());
        tag(w, "UR", work.url());
        tag(w, "SN", work.isbn());
        tag(w, "N1", work.note());
        // "ER  - " with its trailing space, like every tag, and nothing after it on the line
        w.write("ER  - " + CRLF);
    }

    private static void tag(Writer w, String tag, String value) throws IOException {
        if (value != null && !value.isBlank()) {
            w.write(tag + "  - " + value.strip().replaceAll("\\s+", " ") + CRLF);
        }
    }

    private static String noAsterisk(String s) {
        return s == null ? null : s.replace("*", "");
    }
}
