package org.scholion.documents.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.Test;
import org.scholion.domain.DomainError;

class IngestPdfTest {
    private static final String PAGE_1 = "Première page — naïve café\nSecond line with ж and 😀";
    private static final String PAGE_2 = "Page two: Ωμέγα";
    private static final String PAGE_3 = "Page three, the last";

    @Test
    void pagesAreReadInOrderJoinedByABlankLineWithTheirStartsInCodePoints() {
        Ingested read = Samples.ingest().read(Samples.pdf(List.of(PAGE_1, PAGE_2, PAGE_3), "A Title", "Ada Lovelace; Charles Babbage"),
                "reading.pdf", "application/pdf");
        assertEquals(Format.PDF, read.format());
        assertEquals("application/pdf", read.mediaType());
        assertEquals(PAGE_1 + "\n\n" + PAGE_2 + "\n\n" + PAGE_3, read.text());
        // the emoji is one code point (two UTF-16 units): offsets count code points, as W3C selectors do
        int page2 = PAGE_1.codePointCount(0, PAGE_1.length()) + 2;
        int page3 = page2 + PAGE_2.length() + 2;
        assertEquals(List.of(0, page2, page3), read.pages());
        assertEquals(new Found("A Title", List.of("Ada Lovelace", "Charles Babbage")), read.found());
    }

    @Test
    void theRenditionIsOneSectionPerPageWhoseTextIsThePageAndWhoseTextContentIsTheText() {
        Ingested read = Samples.ingest().read(Samples.pdf(PAGE_1, PAGE_2), "two.pdf", null);
        Element body = Jsoup.parseBodyFragment(read.rendition()).body();
        List<Element> sections = body.select("section.page");
        assertEquals(2, sections.size());
        assertEquals("1", sections.get(0).attr("data-page"));
        assertEquals("2", sections.get(1).attr("data-page"));
        assertEquals(PAGE_1, Html.textContent(sections.get(0)));
        assertEquals(PAGE_2, Html.textContent(sections.get(1)));
        assertEquals(read.text(), Html.textContent(body));
        int[] cps = read.text().codePoints().toArray();
        assertEquals(PAGE_2, new String(Arrays.copyOfRange(cps, read.pages().get(1), cps.length), 0, cps.length - read.pages().get(1)));
    }

    @Test
    void aPdfWithoutANameIsKnownByItsBytes() {
        assertEquals(Format.PDF, Samples.ingest().read(Samples.pdf("Only page"), null, null).format());
        assertEquals(Format.PDF, Samples.ingest().read(Samples.pdf("Only page"), "upload.bin", "application/octet-stream").format());
    }

    @Test
    void aPdfThatNeedsAPasswordIsRefused() {
        DomainError e = assertThrows(DomainError.class,
                () -> Samples.ingest().read(Samples.encryptedPdf("owner", "user", true), "locked.pdf", null));
        assertInstanceOf(DomainError.Unsupported.class, e);
        assertEquals("file", e.field());
        assertTrue(e.getMessage().contains("password"), e.getMessage());
    }

    @Test
    void aPdfEncryptedOnlyWithAnOwnerPasswordIsReadWhenItAllowsExtractingText() {
        Ingested read = Samples.ingest().read(Samples.encryptedPdf("owner", "", true), "restricted.pdf", null);
        assertEquals("Secret reading", read.text());
    }

    @Test
    void aPdfWhosePermissionsForbidExtractingTextIsRefused() {
        DomainError e = assertThrows(DomainError.class,
                () -> Samples.ingest().read(Samples.encryptedPdf("owner", "", false), "no-copy.pdf", null));
        assertInstanceOf(DomainError.Unsupported.class, e);
        assertTrue(e.getMessage().contains("forbid copying"), e.getMessage());
    }

    @Test
    void garbageAfterAPdfHeaderIsABadRequest() {
        byte[] garbage = Samples.utf8("%PDF-1.7\n" + "\u0001\u0002 not a pdf at all ".repeat(50));
        DomainError e = assertThrows(DomainError.class, () -> Samples.ingest().read(garbage, "broken.pdf", null));
        assertInstanceOf(DomainError.Invalid.class, e);
        assertTrue(e.getMessage().contains("PDF"), e.getMessage());
    }

    @Test
    void aTruncatedPdfIsABadRequestOrItsTextIsWhatSurvives() {
        byte[] whole = Samples.pdf(PAGE_1, PAGE_2);
        for (int cut : new int[] { 20, 200, whole.length / 3 }) {
            try {
                Ingested read = Samples.ingest().read(Arrays.copyOf(whole, cut), "cut.pdf", null);
                // PDFBox rebuilds what it can; whatever it returns is still one consistent text and rendition
                assertEquals(read.text(), Html.textContent(Jsoup.parseBodyFragment(read.rendition()).body()));
            } catch (DomainError e) {
                assertInstanceOf(DomainError.Invalid.class, e, "cut at " + cut + ": " + e.getMessage());
            }
        }
    }

    @Test
    void aPageWithoutTextIsToldToNeedOcr() {
        byte[] blank = Samples.flatePdf("", " ", 10, "");
        DomainError e = assertThrows(DomainError.class, () -> Samples.ingest().read(blank, "scan.pdf", null));
        assertInstanceOf(DomainError.Invalid.class, e);
        assertTrue(e.getMessage().contains("OCR"), e.getMessage());
    }

    @Test
    void aFlateBombIsRefusedQuicklyWithoutExpandingIt() {
        // 256 MiB of white space after one line of text, deflated to a few hundred KiB: past the 64 MiB per-stream limit
        byte[] bomb = Samples.flatePdf("BT /F1 12 Tf 72 700 Td (boom) Tj ET\n", " ", 256L * 1024 * 1024, "");
        assertTrue(bomb.length < 2 * 1024 * 1024, "the bomb is small: " + bomb.length);
        long start = System.nanoTime();
        DomainError e = assertThrows(DomainError.class, () -> Samples.ingest().read(bomb, "bomb.pdf", null));
        long millis = (System.nanoTime() - start) / 1_000_000;
        assertInstanceOf(DomainError.TooLarge.class, e);
        assertTrue(e.getMessage().contains("expands to more than 64 MiB"), e.getMessage());
        assertTrue(millis < 10_000, "refused in " + millis + " ms");
    }

    @Test
    void aStreamThatExpandsIntoTooMuchTextIsRefusedWhileItIsRead() {
        byte[] wordy = Samples.flatePdf("BT /F1 12 Tf 72 700 Td ", "(abcdefghij) Tj ", 50_000, "ET");
        Ingest small = Samples.ingest(20L << 20, 100_000, 2000, Duration.ofSeconds(20), 64L << 20);
        DomainError e = assertThrows(DomainError.class, () -> small.read(wordy, "wordy.pdf", null));
        assertInstanceOf(DomainError.TooLarge.class, e);
        assertTrue(e.getMessage().contains("longer than 100000 characters"), e.getMessage());
    }

    @Test
    void extractionThatRunsPastTheTimeLimitIsGivenUpAndItsThreadStops() throws InterruptedException {
        // 20 million save/restore operators: small compressed, quick to inflate, slow to interpret
        byte[] slow = Samples.flatePdf("", "q Q\n", 20_000_000, "BT /F1 12 Tf 72 700 Td (late) Tj ET");
        Ingest hurried = Samples.ingest(20L << 20, 2_000_000, 2000, Duration.ofMillis(300), 1L << 30);
        long start = System.nanoTime();
        DomainError e = assertThrows(DomainError.class, () -> hurried.read(slow, "slow.pdf", null));
        long millis = (System.nanoTime() - start) / 1_000_000;
        assertInstanceOf(DomainError.TooLarge.class, e);
        assertTrue(e.getMessage().contains("took longer than"), e.getMessage());
        assertTrue(millis < 3_000, "given up after " + millis + " ms");
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (workerAlive() && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertTrue(!workerAlive(), "the extraction thread stopped after the time limit");
    }

    private static boolean workerAlive() {
        return Thread.getAllStackTraces().keySet().stream().anyMatch(t -> t.getName().equals("scholion-pdf-text") && t.isAlive());
    }

    @Test
    void morePagesThanTheLimitAreRefused() {
        Ingest two = Samples.ingest(20L << 20, 2_000_000, 2, Duration.ofSeconds(20), 64L << 20);
        DomainError e = assertThrows(DomainError.class, () -> two.read(Samples.pdf("a", "b", "c"), "three.pdf", null));
        assertInstanceOf(DomainError.TooLarge.class, e);
        assertEquals("The PDF has 3 pages; at most 2 are taken. Split it into parts.", e.getMessage());
    }

    @Test
    void emptyPagesKeepTheirPlaceAndAddNoSeparator() {
        Pdf.Reading reading = Pdf.reading(List.of("", "one", "", "two", ""));
        assertEquals("one\n\ntwo", reading.text());
        // page 1 (empty) starts at 0; page 2 at 0; page 3 (empty) where the next text would (after "one");
        // the separator before page 4 counts into page 3; page 5 (empty) at the end
        assertEquals(List.of(0, 0, 3, 5, 8), reading.pages());
        assertEquals(reading.text(), Html.textContent(Jsoup.parseBodyFragment(reading.rendition()).body()));
        assertNull(new Found(null, null).title());
    }
}
