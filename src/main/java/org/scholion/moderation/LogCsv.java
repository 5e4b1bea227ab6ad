package org.scholion.moderation;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.scholion.annotations.w3c.Representations;

/**
 * The moderation log as CSV (RFC 4180, commons-csv) for a spreadsheet: UTF-8 with a byte order
 * mark, so that Excel reads accented names right, and every cell that a spreadsheet would take
 * for a formula — one starting with {@code = + - @}, a tab or a carriage return (OWASP, "CSV
 * Injection") — prefixed with an apostrophe, so a student's note such as
 * {@code =HYPERLINK("http://evil")} stays text.
 */
final class LogCsv {
    static final String MEDIA_TYPE = "text/csv; charset=UTF-8";
    static final List<String> HEADER = List.of("id", "at", "actor", "actor_name", "action", "document", "annotation", "source",
            "before", "after", "reason");
    private static final char BOM = '\uFEFF';

    private LogCsv() {
    }

    static byte[] write(List<ModerationLog.Line> lines, ModerationViews views) {
        StringWriter out = new StringWriter();
        out.write(BOM);
        try (CSVPrinter csv = CSVFormat.RFC4180.builder().setHeader(HEADER.toArray(String[]::new)).get().print(out)) {
            for (ModerationLog.Line line : lines) {
                ModerationViews.LogView l = views.log(line);
                csv.printRecord(l.id(), Representations.time(l.at()), cell(l.actor().username()), cell(l.actor().name()),
                        cell(l.action()), cell(line.documentSlug()), cell(l.annotation()), cell(l.source()), cell(l.before()),
                        cell(l.after()), cell(l.reason()));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** A text cell a spreadsheet will not evaluate. */
    static String cell(String value) {
        if (value == null || value.isEmpty()) {
            return "";
        }
        char c = value.charAt(0);
        return c == '=' || c == '+' || c == '-' || c == '@' || c == '\t' || c == '\r' ? "'" + value : value;
    }
}
