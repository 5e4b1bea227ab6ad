package org.scholion.anchoring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.scholion.domain.DomainError;

/** Anchors count code points: astral characters (emoji) are one position each, as the W3C selectors say. */
class AnchorerTest {
    // "😀" and "𝔸" are astral (two UTF-16 units, one code point); "é" here is e + U+0301
    private static final String TEXT = "Say 😀 hi to 𝔸lice, then cafe\u0301 and 👩\u200D💻 and 🇫🇷🇩🇪 or 👍🏽 end; hi again";
    private static final Anchorer.Text T = Anchorer.Text.of(TEXT);

    private static int cp(String before) {
        return TEXT.codePointCount(0, TEXT.indexOf(before));
    }

    /** 409 is a conflict with this text (web/ProblemMapper's mapping), 400 a malformed selector. */
    private static DomainError rejected(int status, String field, Runnable r) {
        Class<? extends DomainError> kind = status == 409 ? DomainError.Conflict.class : DomainError.Invalid.class;
        DomainError e = assertThrows(kind, r::run);
        assertEquals(field, e.field(), e.getMessage());
        return e;
    }

    @Test
    void positionsCountCodePointsNotUtf16Units() {
        Anchorer.Anchor a = Anchorer.resolve(T, "𝔸lice", null, null, cp("𝔸lice"), cp("𝔸lice") + 5);
        assertEquals(12, a.start()); // "Say 😀 hi to " is 12 code points but 13 UTF-16 units
        assertEquals("𝔸lice", a.exact());
        assertEquals("Say 😀 hi to ", a.prefix());
        assertEquals(Anchorer.STORED_CONTEXT, a.suffix().codePointCount(0, a.suffix().length()));
        assertEquals(", then cafe\u0301 and 👩\u200D💻", a.suffix().substring(0, ", then cafe\u0301 and 👩\u200D💻".length()));
    }

    @Test
    void aPositionAloneGetsItsQuote() {
        Anchorer.Anchor a = Anchorer.resolve(T, null, null, null, 4, 5);
        assertEquals("😀", a.exact());
    }

    @Test
    void aQuoteAloneIsFoundAndAmbiguityNeedsContext() {
        Anchorer.Anchor lice = Anchorer.resolve(T, "lice", null, null, null, null);
        assertEquals(13, lice.start());
        rejected(409, Anchorer.F_EXACT, () -> Anchorer.resolve(T, "hi", null, null, null, null));
        Anchorer.Anchor second = Anchorer.resolve(T, "hi", "end; ", null, null, null);
        assertEquals(cp("hi again"), second.start());
        Anchorer.Anchor first = Anchorer.resolve(T, "hi", null, " to", null, null);
        assertEquals(6, first.start());
        rejected(409, Anchorer.F_EXACT, () -> Anchorer.resolve(T, "absent", null, null, null, null));
    }

    @Test
    void exactMustEqualTheTextBetweenStartAndEnd() {
        rejected(409, Anchorer.F_EXACT, () -> Anchorer.resolve(T, "Sax", null, null, 0, 3));
        rejected(409, Anchorer.F_PREFIX, () -> Anchorer.resolve(T, "hi", "nope", null, 6, 8));
        rejected(409, Anchorer.F_SUFFIX, () -> Anchorer.resolve(T, "hi", null, "nope", 6, 8));
    }

    @Test
    void boundsAreCheckedStartBeforeEndWithinTheText() {
        rejected(400, Anchorer.F_END, () -> Anchorer.resolve(T, null, null, null, 5, 5));
        rejected(400, Anchorer.F_START, () -> Anchorer.resolve(T, null, null, null, -1, 5));
        rejected(409, Anchorer.F_END, () -> Anchorer.resolve(T, null, null, null, 0, T.length() + 1));
        rejected(400, Anchorer.F_END, () -> Anchorer.resolve(T, null, null, null, 0, null));
        Anchorer.Anchor whole = Anchorer.resolve(T, null, null, null, 0, T.length());
        assertEquals(TEXT, whole.exact());
    }

    @Test
    void contextGrownUntilUniqueIsAcceptedUpTo1000CodePoints() {
        // third-party W3C clients lengthen prefix and suffix until the quote is unique
        String filler = "A sentence that repeats itself in this reading. ";
        String before = filler.repeat(13).substring(0, 600);
        String after = filler.repeat(13).substring(0, 600);
        String text = before + "the quote" + after;
        Anchorer.Text t = Anchorer.Text.of(text);
        Anchorer.Anchor a = Anchorer.resolve(t, "the quote", before, after, null, null);
        assertEquals(600, a.start());
        assertEquals(before, a.prefix());
        assertEquals(600, Anchorer.codePoints(a.suffix()));
        rejected(409, Anchorer.F_PREFIX, () -> Anchorer.resolve(t, "the quote", "x" + before.substring(1), null, 600, 609));
    }

    @Test
    void contextLongerThan1000CodePointsIsRefused() {
        String long1001 = "😀".repeat(1001);
        rejected(400, Anchorer.F_PREFIX, () -> Anchorer.resolve(T, "Say", long1001, null, null, null));
        rejected(400, Anchorer.F_SUFFIX, () -> Anchorer.resolve(T, "Say", null, long1001, null, null));
        String exactly1000 = "😀".repeat(1000);
        rejected(409, Anchorer.F_EXACT, () -> Anchorer.resolve(T, "Say", exactly1000, null, null, null));
    }

    @Test
    void anAnchorMayNotSplitACombiningSequence() {
        int e = cp("e\u0301");
        rejected(409, Anchorer.F_END, () -> Anchorer.resolve(T, null, null, null, e - 3, e + 1));
        rejected(409, Anchorer.F_START, () -> Anchorer.resolve(T, null, null, null, e + 1, e + 3));
        assertEquals("cafe\u0301", Anchorer.resolve(T, "cafe\u0301", null, null, null, null).exact());
    }

    @Test
    void anAnchorMayNotSplitAnEmojiZwjSequenceModifierOrFlag() {
        int woman = cp("👩\u200D💻");
        rejected(409, Anchorer.F_END, () -> Anchorer.resolve(T, null, null, null, woman, woman + 1));
        rejected(409, Anchorer.F_START, () -> Anchorer.resolve(T, null, null, null, woman + 2, woman + 3));
        assertEquals("👩\u200D💻", Anchorer.resolve(T, null, null, null, woman, woman + 3).exact());
        int flags = cp("🇫🇷🇩🇪");
        rejected(409, Anchorer.F_END, () -> Anchorer.resolve(T, null, null, null, flags, flags + 1));
        rejected(409, Anchorer.F_START, () -> Anchorer.resolve(T, null, null, null, flags + 3, flags + 4));
        assertEquals("🇩🇪", Anchorer.resolve(T, null, null, null, flags + 2, flags + 4).exact());
        int thumb = cp("👍🏽");
        rejected(409, Anchorer.F_END, () -> Anchorer.resolve(T, null, null, null, thumb, thumb + 1));
    }

    @Test
    void aQuoteThatWouldSplitACharacterIsRefused() {
        // "cafe" occurs once, but ends before the combining accent of "é"
        rejected(409, Anchorer.F_END, () -> Anchorer.resolve(T, "cafe", null, null, null, null));
    }
}
