package org.scholion.anchoring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

/** The three outcomes, and the rule that an anchor never lands in a wrong place. */
class ReanchoringTest {
    private static final String A = "The Red Terror was marked by widespread violence and brutality.";
    private static final String B = "The Cheka were given broad powers to arrest and detain anyone suspected of opposing the government.";
    private static final String C = "Despite the atrocities committed under Stalin’s rule, he remains a controversial figure in Russian history.";
    private static final String D = "Despite the atrocities committed under Stalin’s rule, there are those who seek to rehabilitate his legacy.";

    private static Anchorer.Anchor on(String text, String quote) {
        return Anchorer.resolve(Anchorer.Text.of(text), new Anchorer.Selector(quote, null, null, null, null));
    }

    private static Reanchoring.Outcome reanchor(String oldText, String newText, String quote) {
        return Reanchoring.between(Anchorer.Text.of(oldText), Anchorer.Text.of(newText)).reanchor(on(oldText, quote));
    }

    private static int cp(String text, String part) {
        return text.codePointCount(0, text.indexOf(part));
    }

    @Test
    void aMovedPassageIsFoundExactlyWithNewPositionAndContext() {
        String oldText = A + "\n\n" + B + "\n\n" + C;
        String newText = C + "\n\n" + A + "\n\n" + B;
        Reanchoring.Outcome o = reanchor(oldText, newText, "broad powers to arrest");
        assertEquals(Reanchoring.Kind.EXACT, o.kind());
        assertEquals(cp(newText, "broad powers"), o.anchor().start());
        assertEquals("broad powers to arrest", o.anchor().exact());
        assertEquals(Anchorer.STORED_CONTEXT, Anchorer.codePoints(o.anchor().prefix()));
    }

    @Test
    void aTypoFixMovesTheAnchorToTheCorrectedWords() {
        String oldText = A + " " + B.replace("Cheka", "Chekka");
        String newText = A + " " + B;
        Reanchoring.Outcome o = reanchor(oldText, newText, "The Chekka were");
        assertEquals(Reanchoring.Kind.FUZZY, o.kind());
        assertEquals("The Cheka were", o.anchor().exact());
        assertEquals(cp(newText, "The Cheka"), o.anchor().start());
    }

    @Test
    void aDeletedSentenceOrphansRatherThanJumpToItsLookAlike() {
        String oldText = A + "\n\n" + C + "\n\n" + B + "\n\n" + D;
        String newText = A + "\n\n" + B + "\n\n" + D;
        Reanchoring.Outcome whole = reanchor(oldText, newText, C);
        assertEquals(Reanchoring.Kind.ORPHANED, whole.kind());
        assertNull(whole.anchor());
        Reanchoring.Outcome phrase = reanchor(oldText, newText, "Despite the atrocities committed under Stalin’s rule, he");
        assertEquals(Reanchoring.Kind.ORPHANED, phrase.kind());
    }

    @Test
    void aQuoteRepeatedElsewhereStaysOnItsOwnPlace() {
        String oldText = B + "\n\n" + A + " " + C;
        String newText = "Summary: " + A + "\n\n" + B + "\n\n" + A + " " + C;
        Reanchoring.Outcome o = reanchor(oldText, newText, A);
        assertEquals(Reanchoring.Kind.EXACT, o.kind());
        assertEquals(newText.codePointCount(0, newText.lastIndexOf(A)), o.anchor().start());
    }

    @Test
    void boundariesDoNotSplitACharacter() {
        String oldText = "Stalin's regime and cafe\u0301 culture were discussed at length in the seminar.";
        String newText = "Lenin's regime and cafe\u0301 culture were discussed at length in the seminar.";
        Reanchoring.Outcome o = reanchor(oldText, newText, "Stalin's regime and cafe\u0301");
        assertEquals(Reanchoring.Kind.FUZZY, o.kind());
        assertEquals("Lenin's regime and cafe\u0301", o.anchor().exact());
    }

    @Test
    void anAnnotationOnAnOlderRevisionIsCarriedForwardOneRevisionAtATime() {
        String r1 = A + " " + B.replace("Cheka", "Chekka") + " " + C;
        String r2 = A + " " + B + " " + C;
        String r3 = C + "\n\n" + A + " " + B;
        Anchorer.Anchor a = on(r1, "The Chekka were given broad powers");
        Reanchoring.Outcome o2 = Reanchoring.between(Anchorer.Text.of(r1), Anchorer.Text.of(r2)).reanchor(a);
        Reanchoring.Outcome o3 = Reanchoring.between(Anchorer.Text.of(r2), Anchorer.Text.of(r3)).reanchor(o2.anchor());
        assertEquals(Reanchoring.Kind.EXACT, o3.kind());
        assertEquals("The Cheka were given broad powers", o3.anchor().exact());
        assertEquals(cp(r3, "The Cheka were"), o3.anchor().start());
    }

    @Test
    void withoutADiffTheHintChoosesAnExactPlaceButTwoEquallyGoodEditedPlacesOrphan() {
        String text = A + " " + B + " " + A + " " + B;
        Anchorer.Text t = Anchorer.Text.of(text);
        Anchorer.Selector quote = new Anchorer.Selector("broad powers", null, null, null, null);
        Reanchoring.Outcome second = Reanchoring.anchor(t, quote, text.lastIndexOf("broad powers"));
        assertEquals(text.lastIndexOf("broad powers"), second.anchor().start());
        // both "widespread violence" are one edit away with the same context: no wrong place is possible only by orphaning
        Anchorer.Selector edited = new Anchorer.Selector("wide spread violence", "marked by ", " and", null, null);
        assertEquals(Reanchoring.Kind.ORPHANED, Reanchoring.anchor(t, edited, text.length() / 2).kind());
    }
}
