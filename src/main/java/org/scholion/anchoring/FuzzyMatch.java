package org.scholion.anchoring;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Approximate substring search over code points: where does a pattern occur in a text with at most
 * k edits (insertions, deletions, substitutions)? Myers' bit-parallel algorithm ("A fast bit-vector
 * algorithm for approximate string matching based on dynamic programming", JACM 1999) with its block
 * extension for long patterns (Fig. 9), ported from Robert Knight's approx-string-match (the library
 * Hypothesis anchors with) to 64-bit words and code points. No maintained Java library does this.
 *
 * <p>Cost is O(n · ⌈k/64⌉) for a text of n code points: only the blocks of the pattern whose bottom
 * row can still be within the budget are computed for each column.
 */
final class FuzzyMatch {
    private static final int W = 64;
    private static final int SMALL = 256;

    /** An approximate occurrence: text[start, end) is {@code errors} edits away from the pattern. */
    record Match(int start, int end, int errors) {
    }

    /** Told every end position whose best alignment is within the budget, with its error count. */
    interface EndSink {
        void end(int end, int errors);
    }

    private FuzzyMatch() {
    }

    /**
     * The local best occurrences of the pattern with at most {@code maxErrors} errors, in text order.
     * Ends within budget come in runs (an occurrence with e errors also ends, with e+1, one position
     * earlier or later); each run gives one match, at its fewest errors, the earliest such end.
     * Its start is the one that makes the match longest for the same error count.
     */
    static List<Match> search(int[] text, int[] pattern, int maxErrors) {
        return search(text, 0, text.length, pattern, maxErrors);
    }

    /** As above, for matches that lie within text[from, to). */
    static List<Match> search(int[] text, int from, int to, int[] pattern, int maxErrors) {
        List<Match> out = new ArrayList<>();
        if (pattern.length == 0 || to <= from || maxErrors < 0) {
            return out;
        }
        int[] run = {-1, -1, Integer.MAX_VALUE}; // last end seen, best end of the run, its errors
        scan(text, from, to, pattern, maxErrors, (end, errors) -> {
            if (run[0] >= 0 && end != run[0] + 1) {
                out.add(new Match(-1, run[1], run[2]));
                run[2] = Integer.MAX_VALUE;
            }
            if (errors < run[2]) {
                run[1] = end;
                run[2] = errors;
            }
            run[0] = end;
        });
        if (run[0] >= 0) {
            out.add(new Match(-1, run[1], run[2]));
        }
        int[] reversed = reverse(pattern, 0, pattern.length);
        List<Match> withStarts = new ArrayList<>(out.size());
        for (Match m : out) {
            withStarts.add(new Match(Math.max(from, startOf(text, reversed, m)), m.end(), m.errors()));
        }
        return withStarts;
    }

    /**
     * The fewest edits that turn the pattern into some substring of text[from, to): how well a
     * context is found near a candidate. The whole pattern length is the worst case (delete it all).
     */
    static int bestErrors(int[] text, int from, int to, int[] pattern) {
        if (pattern.length == 0) {
            return 0;
        }
        int[] best = {pattern.length};
        scan(text, from, to, pattern, pattern.length, (end, errors) -> best[0] = Math.min(best[0], errors));
        return best[0];
    }

    /**
     * Searches text[m.end - pattern - errors, m.end) backwards with the alignment pinned to m.end
     * (approx-string-match lets the reversed match start anywhere, so its span can miss the end it
     * was looking for and hold more errors than reported). Of the starts with the same error count,
     * the one that makes the match longest.
     */
    private static int startOf(int[] text, int[] reversedPattern, Match m) {
        int from = Math.max(0, m.end() - reversedPattern.length - m.errors());
        int[] reversedText = reverse(text, from, m.end());
        int[] longest = {0};
        run(reversedText, 0, reversedText.length, reversedPattern, m.errors(), true, (end, errors) -> {
            if (errors <= m.errors()) {
                longest[0] = Math.max(longest[0], end);
            }
        });
        return m.end() - longest[0];
    }

    private static int[] reverse(int[] a, int from, int to) {
        int[] r = new int[to - from];
        for (int i = 0; i < r.length; i++) {
            r[i] = a[to - 1 - i];
        }
        return r;
    }

    /**
     * Myers' block algorithm: for each column j of text[from, to), the edit distance between the
     * whole pattern and the best substring ending at j (Sellers' formulation: a match may start
     * anywhere). Reports each end (exclusive offset into text) whose distance is at most maxErrors.
     */
    static void scan(int[] text, int from, int to, int[] pattern, int maxErrors, EndSink sink) {
        run(text, from, to, pattern, maxErrors, false, sink);
    }

    /**
     * @param anchored the alignment must start at {@code from} (the top row costs one per column, as
     *                 in a plain edit distance) rather than anywhere; every block is then computed
     */
    private static void run(int[] text, int from, int to, int[] pattern, int maxErrors, boolean anchored, EndSink sink) {
        int m = pattern.length;
        if (m == 0) {
            return;
        }
        // with the budget at most m, the rows of maxErrors and m lie in the last block together
        maxErrors = Math.min(maxErrors, m);
        int bMax = (m + W - 1) / W - 1;
        long[] pv = new long[bMax + 1];
        long[] mv = new long[bMax + 1];
        long[] lastRow = new long[bMax + 1];
        java.util.Arrays.fill(lastRow, 1L << (W - 1));
        lastRow[bMax] = 1L << ((m - 1) % W);
        long[] none = new long[bMax + 1];
        long[][] small = new long[SMALL][];
        Map<Integer, long[]> large = new HashMap<>();
        for (int i = 0; i < m; i++) {
            int c = pattern[i];
            long[] peq = c < SMALL ? small[c] : large.get(c);
            if (peq == null) {
                peq = new long[bMax + 1];
                if (c < SMALL) {
                    small[c] = peq;
                } else {
                    large.put(c, peq);
                }
            }
            peq[i / W] |= 1L << (i % W);
        }
        int y = anchored ? bMax : Math.max(0, (maxErrors + W - 1) / W - 1);
        int[] score = new int[bMax + 1];
        for (int b = 0; b <= y; b++) {
            score[b] = (b + 1) * W;
            pv[b] = ~0L;
            mv[b] = 0L;
        }
        score[bMax] = m;
        for (int j = from; j < to; j++) {
            int c = text[j];
            long[] peq = c < SMALL ? small[c] : large.get(c);
            if (peq == null) {
                peq = none;
            }
            int carry = anchored ? 1 : 0;
            for (int b = 0; b <= y; b++) {
                carry = advanceBlock(pv, mv, lastRow[b], peq[b], b, carry);
                score[b] += carry;
            }
            if (anchored) {
                if (score[bMax] <= maxErrors) {
                    sink.end(j + 1, score[bMax]);
                }
                continue;
            }
            if (score[y] - carry <= maxErrors && y < bMax && ((peq[y + 1] & 1L) != 0 || carry < 0)) {
                // the bottom block is within budget: compute one more block, from here on
                y++;
                pv[y] = ~0L;
                mv[y] = 0L;
                int blockRows = y == bMax ? (m % W == 0 ? W : m % W) : W;
                score[y] = score[y - 1] + blockRows - carry + advanceBlock(pv, mv, lastRow[y], peq[y], y, carry);
            } else {
                // blocks whose bottom row is past the budget by a block's height cannot come back
                while (y > 0 && score[y] >= maxErrors + W) {
                    y--;
                }
            }
            if (y == bMax && score[y] <= maxErrors) {
                sink.end(j + 1, score[y]);
            }
        }
    }

    /**
     * One block of one column (Myers Fig. 8, branch-free as in Šošić 2014 §4.2.3): updates the
     * vertical deltas of block b and returns the horizontal delta out of its last row, given the
     * delta {@code hIn} ∈ {-1, 0, 1} coming in from the block above.
     */
    private static int advanceBlock(long[] pvs, long[] mvs, long lastRow, long peq, int b, int hIn) {
        long pv = pvs[b];
        long mv = mvs[b];
        long hInNegative = hIn < 0 ? 1L : 0L;
        long eq = peq | hInNegative;
        long xv = eq | mv;
        long xh = (((eq & pv) + pv) ^ pv) | eq;
        long ph = mv | ~(xh | pv);
        long mh = pv & xh;
        int hOut = ((ph & lastRow) != 0 ? 1 : 0) - ((mh & lastRow) != 0 ? 1 : 0);
        ph <<= 1;
        mh <<= 1;
        mh |= hInNegative;
        ph |= hIn > 0 ? 1L : 0L;
        pvs[b] = mh | ~(xv | ph);
        mvs[b] = ph & xv;
        return hOut;
    }
}
