package org.scholion.documents.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.scholion.domain.DomainError;

class IngestTextTest {
    private static Ingested text(byte[] bytes) {
        return Samples.ingest().read(bytes, "reading.txt", "text/plain");
    }

    private static DomainError refused(byte[] bytes) {
        return assertThrows(DomainError.class, () -> text(bytes));
    }

    @Test
    void plainTextIsItsOwnTextWithoutARendition() {
        Ingested read = text(Samples.essay());
        assertEquals(Format.TEXT, read.format());
        assertEquals("text/plain", read.mediaType());
        assertNull(read.rendition());
        assertEquals(List.of(), read.pages());
        assertEquals(new String(Samples.essay(), StandardCharsets.UTF_8).strip(), read.text());
        assertTrue(read.text().contains("Stalin\u2019s rule"));
    }

    @Test
    void lineEndsBecomeLineFeedsTheBomGoesAndTheTextIsNfc() {
        byte[] bytes = new byte[] { (byte) 0xEF, (byte) 0xBB, (byte) 0xBF };
        byte[] body = Samples.utf8("  one\r\ntwo\rthree\nCafe\u0301\u0000\u0007\t tab\n\n");
        byte[] all = new byte[bytes.length + body.length];
        System.arraycopy(bytes, 0, all, 0, bytes.length);
        System.arraycopy(body, 0, all, bytes.length, body.length);
        assertEquals("one\ntwo\nthree\nCaf\u00e9\t tab", text(all).text());
    }

    @Test
    void invalidUtf8IsABadRequestThatSaysWhere() {
        DomainError e = refused(new byte[] { 'a', 'b', 'c', (byte) 0xE9, 'd' });
        assertInstanceOf(DomainError.Invalid.class, e);
        assertEquals("file", e.field());
        assertTrue(e.getMessage().startsWith("The file is not valid UTF-8 at byte 3;"), e.getMessage());
        // an overlong encoding of "/" and a lone surrogate encoded in UTF-8 are not UTF-8 either
        assertTrue(refused(new byte[] { 'x', (byte) 0xC0, (byte) 0xAF }).getMessage().contains("at byte 1;"));
        assertTrue(refused(new byte[] { 'x', 'y', (byte) 0xED, (byte) 0xA0, (byte) 0x80 }).getMessage().contains("at byte 2;"));
    }

    @Test
    void utf16IsToldToBeSavedAsUtf8() {
        DomainError e = refused("\uFEFFhello".getBytes(StandardCharsets.UTF_16BE));
        assertTrue(e.getMessage().contains("UTF-16"), e.getMessage());
    }

    @Test
    void anEmptyFileOrOnlyWhiteSpaceIsABadRequest() {
        assertEquals("The file is empty.", refused(new byte[0]).getMessage());
        assertEquals("The file has no text to read.", refused(Samples.utf8(" \n\t\r\n ")).getMessage());
        assertInstanceOf(DomainError.Invalid.class, assertThrows(DomainError.class, () -> Samples.ingest().read(null, null, null)));
    }

    @Test
    void aFileOverTheByteLimitIsTooLarge() {
        Ingest small = Samples.ingest(1024, 2_000_000, 2000, Duration.ofSeconds(20), 64L << 20);
        assertEquals("x".repeat(1024), small.read(Samples.utf8("x".repeat(1024)), "a.txt", null).text());
        DomainError e = assertThrows(DomainError.class, () -> small.read(Samples.utf8("x".repeat(1025)), "a.txt", null));
        assertInstanceOf(DomainError.TooLarge.class, e);
        assertEquals("file", e.field());
        assertEquals("The file is 1025 bytes; at most 1024 bytes are taken. Split it into parts.", e.getMessage());
        DomainError big = assertThrows(DomainError.class, () -> Samples.ingest().read(new byte[21 * 1024 * 1024], "big.txt", null));
        assertEquals("The file is 21.0 MiB; at most 20.0 MiB are taken. Split it into parts.", big.getMessage());
    }

    @Test
    void textOverTheCodePointLimitIsTooLargeCountingCodePointsNotUnits() {
        Ingest small = Samples.ingest(20L << 20, 10, 2000, Duration.ofSeconds(20), 64L << 20);
        // ten emoji are twenty UTF-16 units but ten code points: allowed
        assertEquals(10, small.read(Samples.utf8("😀".repeat(10)), "a.txt", null).text().codePointCount(0, 20));
        DomainError e = assertThrows(DomainError.class, () -> small.read(Samples.utf8("😀".repeat(11)), "a.txt", null));
        assertInstanceOf(DomainError.TooLarge.class, e);
        assertTrue(e.getMessage().contains("11 characters"), e.getMessage());
    }
}
