package org.scholion.anchoring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Myers' bit-parallel search must agree with the textbook dynamic programme, column by column. */
class FuzzyMatchTest {

    /** Sellers' DP: for each end j, the edit distance of the pattern to the best substring ending at j. */
    private static int[] bruteForceEnds(int[] text, int[] pattern) {
        int m = pattern.length;
        int[] col = new int[m + 1];
        for (int i = 0; i <= m; i++) {
            col[i] = i;
        }
        int[] ends = new int[text.length + 1];
        ends[0] = m;
        for (int j = 1; j <= text.length; j++) {
            int diag = col[0];
            col[0] = 0; // a match may start anywhere
            for (int i = 1; i <= m; i++) {
                int up = col[i];
                int cost = pattern[i - 1] == text[j - 1] ? 0 : 1;
                col[i] = Math.min(Math.min(col[i] + 1, col[i - 1] + 1), diag + cost);
                diag = up;
            }
            ends[j] = col[m];
        }
        return ends;
    }

    private static int editDistance(int[] a, int from, int to, int[] b) {
        int[] prev = new int[b.length + 1];
        int[] cur = new int[b.length + 1];
        for (int i = 0; i <= b.length; i++) {
            prev[i] = i;
        }
        for (int j = from; j < to; j++) {
            cur[0] = j - from + 1;
            for (int i = 1; i <= b.length; i++) {
                cur[i] = Math.min(Math.min(prev[i] + 1, cur[i - 1] + 1), prev[i - 1] + (a[j] == b[i - 1] ? 0 : 1));
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length];
    }

    private static void agreesWithBruteForce(int[] text, int[] pattern, int k) {
        int[] expected = bruteForceEnds(text, pattern);
        List<int[]> reported = new ArrayList<>();
        FuzzyMatch.scan(text, 0, text.length, pattern, k, (end, errors) -> reported.add(new int[] {end, errors}));
        int r = 0;
        for (int j = 1; j <= text.length; j++) {
            if (expected[j] <= k) {
                assertTrue(r < reported.size(), "end " + j + " missing (m=" + pattern.length + ", k=" + k + ")");
                assertEquals(j, reported.get(r)[0], "m=" + pattern.length + ", k=" + k);
                assertEquals(expected[j], reported.get(r)[1], "errors at end " + j + ", m=" + pattern.length + ", k=" + k);
                r++;
            }
        }
        assertEquals(r, reported.size(), "reported ends beyond the budget");
        for (FuzzyMatch.Match match : FuzzyMatch.search(text, pattern, k)) {
            assertEquals(expected[match.end()], match.errors());
            assertEquals(match.errors(), editDistance(text, match.start(), match.end(), pattern),
                    "the span found has the error count reported");
        }
    }

    private static int[] random(Random rnd, int n, int alphabet) {
        int[] a = new int[n];
        for (int i = 0; i < n; i++) {
            a[i] = 'a' + rnd.nextInt(alphabet);
        }
        return a;
    }

    /** A pattern copied from the text with a few random edits, so there are near matches to find. */
    private static int[] mutatedSlice(Random rnd, int[] text, int m, int edits, int alphabet) {
        int from = rnd.nextInt(Math.max(1, text.length - m));
        List<Integer> p = new ArrayList<>();
        for (int i = from; i < Math.min(text.length, from + m); i++) {
            p.add(text[i]);
        }
        for (int e = 0; e < edits && !p.isEmpty(); e++) {
            int at = rnd.nextInt(p.size());
            switch (rnd.nextInt(3)) {
                case 0 -> p.set(at, 'a' + rnd.nextInt(alphabet));
                case 1 -> p.remove(at);
                default -> p.add(at, 'a' + rnd.nextInt(alphabet));
            }
        }
        return p.stream().mapToInt(Integer::intValue).toArray();
    }

    @Test
    void randomisedSearchesAgreeWithTheDynamicProgramme() {
        Random rnd = new Random(18);
        for (int round = 0; round < 600; round++) {
            int alphabet = 2 + rnd.nextInt(6);
            int[] text = random(rnd, rnd.nextInt(400), alphabet);
            int m = 1 + rnd.nextInt(200);
            int[] pattern = rnd.nextBoolean() ? random(rnd, m, alphabet)
                    : mutatedSlice(rnd, text, m, rnd.nextInt(1 + m / 4), alphabet);
            if (pattern.length == 0) {
                continue;
            }
            agreesWithBruteForce(text, pattern, rnd.nextInt(pattern.length + 2));
        }
    }

    @Test
    void patternsAroundTheWordSizeAgree() {
        Random rnd = new Random(64);
        for (int m : new int[] {1, 63, 64, 65, 127, 128, 129, 130, 300}) {
            int[] text = random(rnd, 1200, 4);
            for (int k : new int[] {0, 1, m / 4, m / 2, m - 1, m}) {
                agreesWithBruteForce(text, mutatedSlice(rnd, text, m, m / 10, 4), Math.max(0, k));
                agreesWithBruteForce(text, random(rnd, m, 4), Math.max(0, k));
            }
        }
    }

    @Test
    void anExactOccurrenceIsFoundWithNoErrors() {
        int[] text = "the Red Terror was marked by widespread violence".codePoints().toArray();
        int[] pattern = "widespread".codePoints().toArray();
        List<FuzzyMatch.Match> found = FuzzyMatch.search(text, pattern, 0);
        assertEquals(List.of(new FuzzyMatch.Match(29, 39, 0)), found);
    }

    @Test
    void aTypoIsOneErrorAndTheSpanIsTheCorrectedWord() {
        int[] text = "known as the Cheka, were given broad powers".codePoints().toArray();
        List<FuzzyMatch.Match> found = FuzzyMatch.search(text, "the Chekka, were".codePoints().toArray(), 3);
        assertEquals(1, found.size());
        assertEquals(new FuzzyMatch.Match(9, 24, 1), found.get(0));
    }

    @Test
    void emptyTextOrPatternFindsNothing() {
        assertEquals(List.of(), FuzzyMatch.search(new int[0], new int[] {'a'}, 1));
        assertEquals(List.of(), FuzzyMatch.search(new int[] {'a'}, new int[0], 1));
    }

    @Test
    void aPatternLongerThanTheTextMatchesOnlyWithinTheBudget() {
        int[] text = "abc".codePoints().toArray();
        int[] pattern = "abcdef".codePoints().toArray();
        assertEquals(List.of(), FuzzyMatch.search(text, pattern, 2));
        assertEquals(List.of(new FuzzyMatch.Match(0, 3, 3)), FuzzyMatch.search(text, pattern, 3));
        agreesWithBruteForce(text, pattern, 6);
    }

    @Test
    void astralCodePointsCountAsOneCharacter() {
        // each emoji is two UTF-16 units but one code point, so one substitution is one error
        int[] text = "I 😀 love 🇫🇷 and 𝔸lice".codePoints().toArray();
        List<FuzzyMatch.Match> found = FuzzyMatch.search(text, "😃 love".codePoints().toArray(), 1);
        assertEquals(List.of(new FuzzyMatch.Match(2, 8, 1)), found);
        assertEquals(0, FuzzyMatch.bestErrors(text, 0, text.length, "𝔸lice".codePoints().toArray()));
        Random rnd = new Random(7);
        int[] astral = new int[500];
        for (int i = 0; i < astral.length; i++) {
            astral[i] = 0x1F600 + rnd.nextInt(5);
        }
        agreesWithBruteForce(astral, mutatedSlice(rnd, astral, 70, 5, 5), 20);
    }

    @Test
    void bestErrorsIsTheDistanceToTheClosestSubstring() {
        int[] text = "xx abcdef yy".codePoints().toArray();
        assertEquals(1, FuzzyMatch.bestErrors(text, 0, text.length, "abXdef".codePoints().toArray()));
        assertEquals(3, FuzzyMatch.bestErrors(text, 0, 0, "abc".codePoints().toArray()));
    }
}
