package org.scholion.anchoring;

import com.github.difflib.algorithm.Change;
import com.github.difflib.algorithm.myers.MyersDiffWithLinearSpace;
import com.github.difflib.patch.DeltaType;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * How one revision's text became the next, as aligned blocks in code points: kept blocks (equal
 * text) and changed blocks (old text replaced by new, either side possibly empty). Made from a word
 * diff (Myers' O(ND) diff in linear space, java-diff-utils) after trimming what both texts share at
 * their ends, so a realistic revision of 100,000 code points diffs only its edited middle.
 *
 * <p>It answers two questions for re-anchoring: where did an old offset go (the position hint), and
 * was a new span kept from somewhere else in the old text (then it belongs to that other passage).
 * Immutable.
 */
final class RevisionDiff {
    private final int[] oldStart;
    private final int[] oldEnd;
    private final int[] newStart;
    private final int[] newEnd;
    private final boolean[] kept;

    private RevisionDiff(List<int[]> blocks) {
        int n = blocks.size();
        oldStart = new int[n];
        oldEnd = new int[n];
        newStart = new int[n];
        newEnd = new int[n];
        kept = new boolean[n];
        for (int i = 0; i < n; i++) {
            int[] b = blocks.get(i);
            oldStart[i] = b[0];
            oldEnd[i] = b[1];
            newStart[i] = b[2];
            newEnd[i] = b[3];
            kept[i] = b[4] == 1;
        }
    }

    static RevisionDiff between(int[] oldText, int[] newText) {
        int[] oldCuts = tokenBoundaries(oldText);
        int[] newCuts = tokenBoundaries(newText);
        Map<String, Integer> ids = new HashMap<>();
        List<Integer> oldTokens = tokens(oldText, oldCuts, ids);
        List<Integer> newTokens = tokens(newText, newCuts, ids);
        int head = 0;
        while (head < oldTokens.size() && head < newTokens.size() && oldTokens.get(head).equals(newTokens.get(head))) {
            head++;
        }
        int tail = 0;
        while (tail < oldTokens.size() - head && tail < newTokens.size() - head
                && oldTokens.get(oldTokens.size() - 1 - tail).equals(newTokens.get(newTokens.size() - 1 - tail))) {
            tail++;
        }
        List<Change> changes = head + tail == oldTokens.size() && head + tail == newTokens.size() ? List.of()
                : new MyersDiffWithLinearSpace<Integer>().computeDiff(oldTokens.subList(head, oldTokens.size() - tail),
                        newTokens.subList(head, newTokens.size() - tail), null);
        List<int[]> blocks = new ArrayList<>();
        int o = head;
        int r = head;
        for (Change c : changes) {
            if (c.deltaType == DeltaType.EQUAL) {
                continue;
            }
            int so = head + c.startOriginal;
            int sr = head + c.startRevised;
            addKept(blocks, oldCuts, newCuts, o, so, r, sr);
            int eo = head + c.endOriginal;
            int er = head + c.endRevised;
            blocks.add(new int[] {oldCuts[so], oldCuts[eo], newCuts[sr], newCuts[er], 0});
            o = eo;
            r = er;
        }
        addKept(blocks, oldCuts, newCuts, o, oldTokens.size(), r, newTokens.size());
        return new RevisionDiff(semanticCleanup(blocks));
    }

    /**
     * A word diff of reordered or rewritten text keeps stray common tokens ("the", a space, a comma)
     * as equal between changes; those alignments are noise, and would make a passage look kept from
     * somewhere it was not. As diff-match-patch's semantic cleanup: a kept block no longer than the
     * changes on both sides of it becomes part of one change.
     */
    private static List<int[]> semanticCleanup(List<int[]> blocks) {
        boolean changed = true;
        while (changed) {
            changed = false;
            List<int[]> out = new ArrayList<>(blocks.size());
            for (int i = 0; i < blocks.size(); i++) {
                int[] b = blocks.get(i);
                if (b[4] == 1 && i > 0 && i + 1 < blocks.size()) {
                    int keptLength = b[1] - b[0];
                    if (keptLength <= size(blocks.get(i - 1)) && keptLength <= size(blocks.get(i + 1))) {
                        b = new int[] {b[0], b[1], b[2], b[3], 0};
                        changed = true;
                    }
                }
                int[] last = out.isEmpty() ? null : out.get(out.size() - 1);
                if (last != null && last[4] == 0 && b[4] == 0) {
                    out.set(out.size() - 1, new int[] {last[0], b[1], last[2], b[3], 0});
                } else {
                    out.add(b);
                }
            }
            blocks = out;
        }
        return blocks;
    }

    private static int size(int[] block) {
        return Math.max(block[1] - block[0], block[3] - block[2]);
    }

    private static void addKept(List<int[]> blocks, int[] oldCuts, int[] newCuts, int o, int oEnd, int r, int rEnd) {
        if (oEnd > o) {
            blocks.add(new int[] {oldCuts[o], oldCuts[oEnd], newCuts[r], newCuts[rEnd], 1});
        }
    }

    /**
     * Token i is text[cuts[i], cuts[i+1]): a run of letters or digits, a run of white space, or one
     * other code point. Words rather than characters keep the diff small and its alignment readable
     * (a changed word is one change, not letters matched across unrelated words).
     */
    static int[] tokenBoundaries(int[] text) {
        int[] cuts = new int[text.length + 1];
        int n = 0;
        int i = 0;
        while (i < text.length) {
            cuts[n++] = i;
            int kind = kind(text[i]);
            i++;
            if (kind != 2) {
                while (i < text.length && kind(text[i]) == kind) {
                    i++;
                }
            }
        }
        cuts[n++] = text.length;
        return Arrays.copyOf(cuts, n);
    }

    private static int kind(int cp) {
        if (Character.isLetterOrDigit(cp) || Anchorer.isExtending(cp)) {
            return 0;
        }
        return Character.isWhitespace(cp) ? 1 : 2;
    }

    private static List<Integer> tokens(int[] text, int[] cuts, Map<String, Integer> ids) {
        List<Integer> out = new ArrayList<>(cuts.length - 1);
        for (int i = 0; i + 1 < cuts.length; i++) {
            String token = new String(text, cuts[i], cuts[i + 1] - cuts[i]);
            out.add(ids.computeIfAbsent(token, t -> ids.size()));
        }
        return out;
    }

    /**
     * Where an old offset is now: exact inside kept text; inside replaced text, the same proportion
     * of the replacement (a rewritten sentence's middle maps near the new sentence's middle); inside
     * deleted text, the place of the deletion.
     */
    int map(int oldOffset) {
        int b = block(oldStart, oldEnd, oldOffset);
        if (b < 0) {
            return newEnd.length == 0 ? 0 : newEnd[newEnd.length - 1];
        }
        int into = oldOffset - oldStart[b];
        if (kept[b]) {
            return newStart[b] + into;
        }
        int oldLength = oldEnd[b] - oldStart[b];
        return newStart[b] + (int) ((long) into * (newEnd[b] - newStart[b]) / Math.max(1, oldLength));
    }

    /**
     * How many code points of new[from, to) are kept text whose old place lies outside old[ownFrom,
     * ownTo): text that was already in the old revision somewhere else, and stayed.
     */
    int keptFromElsewhere(int from, int to, int ownFrom, int ownTo) {
        int count = 0;
        int b = Math.max(0, block(newStart, newEnd, from));
        for (; b < newStart.length && newStart[b] < to; b++) {
            if (!kept[b]) {
                continue;
            }
            int s = Math.max(from, newStart[b]);
            int e = Math.min(to, newEnd[b]);
            for (int q = s; q < e; q++) {
                int old = oldStart[b] + (q - newStart[b]);
                if (old < ownFrom || old >= ownTo) {
                    count++;
                }
            }
        }
        return count;
    }

    /**
     * Where new[from, to) came from in the old text: through kept text exactly; a boundary inside a
     * change goes to that change's edge, so the image covers all the old text replaced.
     */
    int[] oldImage(int from, int to) {
        int b = block(newStart, newEnd, from);
        int start = b < 0 ? oldEnd[oldEnd.length - 1] : kept[b] ? oldStart[b] + (from - newStart[b]) : oldStart[b];
        int c = block(newStart, newEnd, Math.max(from, to - 1));
        int end = c < 0 ? oldEnd[oldEnd.length - 1] : kept[c] ? oldStart[c] + (to - newStart[c]) : oldEnd[c];
        return new int[] {start, Math.max(start, end)};
    }

    /** Whether new[from, to) is the old text at oldFrom, kept where it was (one kept block). */
    boolean keptFrom(int from, int to, int oldFrom) {
        int b = block(newStart, newEnd, from);
        return b >= 0 && kept[b] && to <= newEnd[b] && oldStart[b] + (from - newStart[b]) == oldFrom;
    }

    /** The block whose [start, end) holds the offset (the first non-empty one), or -1 past the end. */
    private static int block(int[] starts, int[] ends, int offset) {
        int lo = 0;
        int hi = starts.length - 1;
        int found = -1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            if (ends[mid] > offset) {
                found = mid;
                hi = mid - 1;
            } else {
                lo = mid + 1;
            }
        }
        while (found >= 0 && found < starts.length && ends[found] == starts[found]) {
            found++; // an empty side (pure insertion or deletion) holds no offset on that side
        }
        return found >= starts.length ? -1 : found;
    }
}
