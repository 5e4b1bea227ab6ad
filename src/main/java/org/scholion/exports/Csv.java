package org.scholion.exports;

import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.regex.Pattern;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.apache.commons.csv.QuoteMode;

/**
 * The one CSV writer of every export: RFC 4180 (commons-csv) for a spreadsheet, written row by
 * row to a stream, so an export of any length holds one row in memory. UTF-8 with a byte order
 * mark, so that Excel reads accented names right. Following OWASP's "CSV Injection" guidance,
 * every cell is quoted ("Wrap each cell field in double quotes"), so a separator inside a cell
 * never starts a new one, whichever separator a spreadsheet splits on; and a formula cannot start
 * anywhere a cell could: an apostrophe goes before {@code = + - @}, a tab, a carriage return at
 * the start of a cell, and before {@code = + - @} after a separator ({@code , ; | tab}) or a line
 * break, so {@code =HYPERLINK(…)} and {@code x;=2+5} stay text.
 */
public final class Csv implements Closeable {
    public static final String MEDIA_TYPE = "text/csv; charset=UTF-8";
    private static final char BOM = '\uFEFF';
    /** A formula after something a spreadsheet may take for the end of a cell (spaces between are skipped by some). */
    private static final Pattern AFTER_SEPARATOR = Pattern.compile("([,;|\\t\\r\\n][ \\u00A0]*)([=+\\-@])");
    private static final CSVFormat FORMAT = CSVFormat.RFC4180.builder().setQuoteMode(QuoteMode.ALL).get();

    private final Writer writer;
    private final CSVPrinter printer;

    private Csv(OutputStream out, List<String> header) throws IOException {
        writer = new OutputStreamWriter(out, StandardCharsets.UTF_8);
        writer.write(BOM);
        printer = new CSVPrinter(writer, FORMAT);
        printer.printRecord(header);
    }

    /** Starts a CSV on the stream with its header row. */
    public static Csv open(OutputStream out, List<String> header) {
        try {
            return new Csv(out, header);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** One row; a null cell is empty, any other is written as its text, made safe for a spreadsheet. */
    public void row(Object... cells) {
        String[] safe = new String[cells.length];
        for (int i = 0; i < cells.length; i++) {
            safe[i] = cells[i] == null ? "" : cell(cells[i].toString());
        }
        try {
            printer.printRecord((Object[]) safe);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Sends what is written so far (between chunks of a long export). */
    public void flush() {
        try {
            printer.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        try {
            printer.close(true);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A text cell a spreadsheet will not evaluate. */
    public static String cell(String value) {
        if (value.isEmpty()) {
            return value;
        }
        String v = AFTER_SEPARATOR.matcher(value).replaceAll("$1'$2");
        char c = v.charAt(0);
        return c == '=' || c == '+' || c == '-' || c == '@' || c == '\t' || c == '\r' ? "'" + v : v;
    }
}
