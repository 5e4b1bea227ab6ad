package org.scholion.documents.ingest;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.font.PDType1Font;
import org.apache.pdfbox.pdmodel.font.Standard14Fonts;

/**
 * bench/reanchoring/job.sh: writes a PDF of N pages of prose (default 200; 40 lines of about 80
 * characters a page, Helvetica) for the upload-and-extraction measurement.
 */
final class PdfBench {
    private PdfBench() {
    }

    public static void main(String[] args) {
        Path out = Path.of(args[0]);
        int pages = args.length > 1 ? Integer.parseInt(args[1]) : 200;
        String line = "The Red Terror of 1918 to 1922 was directed by Lenin and carried out by the Cheka, page ";
        try (PDDocument document = new PDDocument()) {
            PDType1Font font = new PDType1Font(Standard14Fonts.FontName.HELVETICA);
            for (int n = 1; n <= pages; n++) {
                PDPage p = new PDPage();
                document.addPage(p);
                try (PDPageContentStream content = new PDPageContentStream(document, p)) {
                    content.beginText();
                    content.setFont(font, 10);
                    content.setLeading(14);
                    content.newLineAtOffset(50, 740);
                    for (int l = 1; l <= 40; l++) {
                        content.showText(line + n + ", line " + l + ".");
                        content.newLine();
                    }
                    content.endText();
                }
            }
            Files.createDirectories(out.toAbsolutePath().getParent());
            document.save(out.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        System.out.printf("wrote %s: %d pages, %,d bytes%n", out, pages, out.toFile().length());
    }
}
