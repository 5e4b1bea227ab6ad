package org.scholion.documents.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.scholion.domain.DomainError;

class SniffTest {
    private static final byte[] PNG = { (byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n', 0, 0, 0, 13, 'I', 'H', 'D', 'R', 0, 0, 0, 1, 0, 0, 0, 1, 8, 2, 0, 0, 0 };

    private static Format format(String content, String name, String type) {
        return Sniff.format(Samples.utf8(content), name, type);
    }

    private static DomainError refused(byte[] content, String name, String type) {
        DomainError e = assertThrows(DomainError.class, () -> Sniff.format(content, name, type));
        assertInstanceOf(DomainError.Unsupported.class, e);
        assertEquals("file", e.field());
        return e;
    }

    @Test
    void textIsPlainTextUnlessItsNameOrTypeSaysMarkdownOrHtml() {
        assertEquals(Format.TEXT, format("# Title\n\ntext", null, null));
        assertEquals(Format.TEXT, format("# Title\n\ntext", "notes.txt", "text/markdown"));
        assertEquals(Format.MARKDOWN, format("# Title\n\ntext", "notes.md", "text/plain"));
        assertEquals(Format.MARKDOWN, format("# Title\n\ntext", "NOTES.MARKDOWN", null));
        assertEquals(Format.MARKDOWN, format("# Title\n\ntext", null, "text/markdown"));
        assertEquals(Format.MARKDOWN, format("<div align=center>centred</div>\n\n# Title", "readme.md", null));
        assertEquals(Format.HTML, format("<p>a fragment</p>", "fragment.html", null));
        assertEquals(Format.HTML, format("<p>a fragment</p>", null, "text/html; charset=utf-8"));
        assertEquals(Format.TEXT, format("<p>a fragment</p>", null, null));
    }

    @Test
    void htmlIsKnownByItsBytesWhenNothingElseIsSaid() {
        assertEquals(Format.HTML, format("<!DOCTYPE html><html><body><p>x</p></body></html>", null, null));
        assertEquals(Format.HTML, format("<!DOCTYPE html><html><body><p>x</p></body></html>", "page", "application/octet-stream"));
        assertEquals(Format.HTML, format("<?xml version=\"1.0\"?><html xmlns=\"http://www.w3.org/1999/xhtml\"><body><p>x</p></body></html>", null, null));
    }

    @Test
    void aNameThatSaysPdfOnTextIsAMismatchNamingBoth() {
        DomainError e = refused(Samples.utf8("just text"), "reading.pdf", null);
        assertEquals("The file is named \u201creading.pdf\u201d, which says a PDF, but its content is text, not a PDF. "
                + "Upload it with the right name, or the right file.", e.getMessage());
        assertTrue(refused(Samples.utf8("just text"), null, "application/pdf").getMessage().contains("sent as application/pdf"));
    }

    @Test
    void aPdfNamedAsTextIsAMismatch() {
        DomainError e = refused(Samples.pdf("page"), "notes.txt", null);
        assertTrue(e.getMessage().contains("named \u201cnotes.txt\u201d, which says plain text, but its content is a PDF"), e.getMessage());
    }

    @Test
    void zipsOfficeFilesImagesAndBinariesAreRefusedSayingWhatIsTaken() throws IOException {
        ByteArrayOutputStream zip = new ByteArrayOutputStream();
        try (ZipOutputStream out = new ZipOutputStream(zip)) {
            out.putNextEntry(new ZipEntry("word/document.xml"));
            out.write(Samples.utf8("<w:document/>"));
        }
        for (DomainError e : new DomainError[] {
                refused(zip.toByteArray(), "essay.docx", null),
                refused(zip.toByteArray(), "essay.zip", "application/zip"),
                refused(PNG, "scan.png", "image/png"),
                refused(PNG, "scan.txt", null),
                refused(new byte[] { 0, 1, 2, 3, 0, 0, (byte) 0xFF, 0 }, null, null),
                refused(Samples.utf8("{\\rtf1\\ansi hello}"), "letter.rtf", null),
                refused(Samples.utf8("<?xml version=\"1.0\"?><TEI><text>x</text></TEI>"), "edition.xml", null) }) {
            assertTrue(e.getMessage().endsWith("upload plain text (.txt), Markdown (.md), HTML (.html) or PDF (.pdf)."), e.getMessage());
        }
        assertTrue(refused(PNG, "scan.txt", null).getMessage().startsWith("The file named \u201cscan.txt\u201d is of type image/png"));
    }
}
