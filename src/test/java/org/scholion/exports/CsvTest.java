package org.scholion.exports;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.apache.commons.csv.CSVFormat;
import org.junit.jupiter.api.Test;

/**
 * OWASP, "CSV Injection": "ensure that no cells begin with any of the following characters: Equals
 * to (=), Plus (+), Minus (-), At (@), Tab (0x09), Carriage return (0x0D)"; "Wrap each cell field in
 * double quotes; Prepend each cell field with a single quote; Escape every double quote using an
 * additional double quote"; and "it is not sufficient to make sure that the untrusted user input
 * does not start with these characters. You also need to take care of the field separator (e.g.,
 * ',', or ';') …, as attackers could use this to start a new cell and then have the dangerous
 * character in the middle of the user input, but at the beginning of a cell."
 */
class CsvTest {

    @Test
    void everyCellThatCouldStartAFormulaIsText() {
        assertEquals("'=HYPERLINK(\"http://evil\")", Csv.cell("=HYPERLINK(\"http://evil\")"));
        for (String lead : List.of("=", "+", "-", "@", "\t", "\r")) {
            assertEquals("'" + lead + "1", Csv.cell(lead + "1"), "leading " + lead);
        }
        assertEquals("x;'=2+5", Csv.cell("x;=2+5"));
        assertEquals("x, '@SUM(A1)", Csv.cell("x, @SUM(A1)"));
        assertEquals("a|'+1\tb\t'-2", Csv.cell("a|+1\tb\t-2"));
        assertEquals("line one\n'=1+1", Csv.cell("line one\n=1+1"));
        // what cannot start a cell stays as written
        assertEquals("Zoë's 2+3 = 5, says \"Lenin\"", Csv.cell("Zoë's 2+3 = 5, says \"Lenin\""));
        assertEquals("", Csv.cell(""));
    }

    @Test
    void aRowIsQuotedWholeAndReadsBackAsWritten() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (Csv csv = Csv.open(out, List.of("a", "b", "c"))) {
            csv.row("x;=2+5", null, 42);
            csv.row("say \"hi\", twice", "Zoë", "");
        }
        byte[] bytes = out.toByteArray();
        assertArrayEquals(new byte[] { (byte) 0xEF, (byte) 0xBB, (byte) 0xBF }, Arrays.copyOf(bytes, 3), "a UTF-8 byte order mark");
        String text = new String(bytes, 3, bytes.length - 3, StandardCharsets.UTF_8);
        assertEquals("\"a\",\"b\",\"c\"\r\n\"x;'=2+5\",\"\",\"42\"\r\n\"say \"\"hi\"\", twice\",\"Zoë\",\"\"\r\n", text);
        var records = CSVFormat.RFC4180.parse(new StringReader(text)).getRecords();
        assertEquals(List.of("say \"hi\", twice", "Zoë", ""), records.get(2).toList());
    }
}
