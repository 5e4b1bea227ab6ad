package org.scholion.documents.ingest;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;
import org.apache.pdfbox.cos.COSName;
import org.apache.pdfbox.cos.COSStream;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDDocumentInformation;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.PDResources;
import org.apache.pdfbox.pdmodel.font.PDFont;
import org.apache.pdfbox.pdmodel.font.PDType0Font;
import org.apache.pdfbox.pdmodel.font.PDType1Font;
import org.apache.pdfbox.pdmodel.font.Standard14Fonts;
import org.apache.pdfbox.pdmodel.encryption.AccessPermission;
import org.apache.pdfbox.pdmodel.encryption.StandardProtectionPolicy;

/** Files for the ingest tests, most of them made here (PDFs by PDFBox itself), a few read from resources. */
final class Samples {
    /** DejaVu Sans has Latin, Cyrillic and U+1F600; fontconfig (a dependency of Chromium) brings it on Debian. */
    static final Path DEJAVU = Path.of("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf");

    private Samples() {
    }

    static Ingest ingest() {
        return new Ingest(Limits.defaults());
    }

    static Ingest ingest(long maxUploadBytes, int maxTextCodePoints, int maxPdfPages, Duration pdfTimeout, long maxPdfStreamBytes) {
        return new Ingest(new Limits(maxUploadBytes, maxTextCodePoints, maxPdfPages, pdfTimeout, maxPdfStreamBytes));
    }

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    static byte[] resource(String path) {
        try (InputStream in = Samples.class.getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException("no resource " + path);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The project's default reading, plain text with paragraphs, as the app ships it. */
    static byte[] essay() {
        return resource("/documents/red-terror-essay.txt");
    }

    /** A PDF with one page per string, each line of a string a line of text, in DejaVu Sans (embedded, subset). */
    static byte[] pdf(List<String> pages, String title, String author) {
        assumeTrue(Files.isReadable(DEJAVU), "DejaVu Sans is needed to write non-ASCII text into a test PDF: " + DEJAVU);
        try (PDDocument document = new PDDocument()) {
            PDFont font = PDType0Font.load(document, DEJAVU.toFile());
            for (String page : pages) {
                PDPage p = new PDPage();
                document.addPage(p);
                try (PDPageContentStream content = new PDPageContentStream(document, p)) {
                    content.beginText();
                    content.setFont(font, 12);
                    content.setLeading(16);
                    content.newLineAtOffset(72, 700);
                    for (String line : page.split("\n", -1)) {
                        content.showText(line);
                        content.newLine();
                    }
                    content.endText();
                }
            }
            PDDocumentInformation info = document.getDocumentInformation();
            info.setTitle(title);
            info.setAuthor(author);
            return save(document);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static byte[] pdf(String... pages) {
        return pdf(List.of(pages), null, null);
    }

    /** A PDF with text, protected by StandardProtectionPolicy with these passwords and permissions. */
    static byte[] encryptedPdf(String ownerPassword, String userPassword, boolean mayExtract) {
        try (PDDocument document = new PDDocument()) {
            PDPage page = new PDPage();
            document.addPage(page);
            try (PDPageContentStream content = new PDPageContentStream(document, page)) {
                content.beginText();
                content.setFont(new PDType1Font(Standard14Fonts.FontName.HELVETICA), 12);
                content.newLineAtOffset(72, 700);
                content.showText("Secret reading");
                content.endText();
            }
            AccessPermission permission = new AccessPermission();
            permission.setCanExtractContent(mayExtract);
            StandardProtectionPolicy policy = new StandardProtectionPolicy(ownerPassword, userPassword, permission);
            policy.setEncryptionKeyLength(128);
            document.protect(policy);
            return save(document);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * A one-page PDF whose content stream is {@code prefix}, then {@code repeat} copies of {@code unit}, then
     * {@code suffix}, Flate-compressed as it is generated (so the test never holds the expanded stream).
     */
    static byte[] flatePdf(String prefix, String unit, long repeat, String suffix) {
        try (PDDocument document = new PDDocument()) {
            PDPage page = new PDPage();
            document.addPage(page);
            PDResources resources = new PDResources();
            resources.put(COSName.getPDFName("F1"), new PDType1Font(Standard14Fonts.FontName.HELVETICA));
            page.setResources(resources);
            COSStream stream = document.getDocument().createCOSStream();
            try (OutputStream raw = stream.createRawOutputStream();
                    DeflaterOutputStream out = new DeflaterOutputStream(raw, new Deflater(Deflater.BEST_COMPRESSION), 1 << 16)) {
                out.write(utf8(prefix));
                byte[] chunk = utf8(unit.repeat((int) Math.min(repeat, 1 << 16)));
                long written = 0;
                long unitsPerChunk = Math.min(repeat, 1 << 16);
                while (written < repeat) {
                    long n = Math.min(unitsPerChunk, repeat - written);
                    out.write(chunk, 0, (int) (n * unit.length()));
                    written += n;
                }
                out.write(utf8(suffix));
            }
            stream.setItem(COSName.FILTER, COSName.FLATE_DECODE);
            page.getCOSObject().setItem(COSName.CONTENTS, stream);
            return save(document);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] save(PDDocument document) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        document.save(out);
        return out.toByteArray();
    }
}
