package org.scholion.documents.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class CanonTest {
    @Test
    void lineEndsControlsSurrogatesAndNormalForm() {
        assertEquals("a\nb\nc\n\nd", Canon.text("a\r\nb\rc\n\r\nd"));
        assertEquals("tab\tkept, nul and bell and C1 gone", Canon.text("tab\tkept,\u0000 nul and\u0007 bell and\u0085 C1 gone"));
        assertEquals("\uD83D\uDE00 pair kept, lone \uFFFD and \uFFFD replaced", Canon.text("\uD83D\uDE00 pair kept, lone \uD83D and \uDE00 replaced"));
        assertEquals("\u00e9", Canon.text("e\u0301"));
        assertEquals("\u00a0nbsp and \uFB01 ligature stay (NFC, not NFKC)", Canon.text("\u00a0nbsp and \uFB01 ligature stay (NFC, not NFKC)"));
        String clean = "already canonical \uD83D\uDE00";
        assertEquals(clean, Canon.text(clean));
    }
}
