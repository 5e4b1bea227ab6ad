package org.scholion.hypothesis;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.scholion.anchoring.Anchorer;

/** The UTF-16 offsets of the view agree with {@link Anchorer#utf16}, counted from the start, at every offset. */
class HypothesisViewTest {
    @Test
    void unitsWorkedOutOnceAgreeWithCountingFromTheStart() {
        for (String s : new String[] { "", "plain text", "A scroll \uD83D\uDCDC and \uD835\uDD04 then é and 中文 \uD83C\uDFDB.",
                "\uD83D\uDCDC\uD83D\uDCDC" }) {
            Anchorer.Text text = Anchorer.Text.of(s);
            int[] units = HypothesisView.units(text);
            for (int cp = 0; cp <= text.length(); cp++) {
                int expected = Anchorer.utf16(text, cp);
                int got = units.length == 0 ? cp : units[cp];
                assertEquals(expected, got, "offset " + cp + " of '" + s + "'");
            }
        }
    }
}
