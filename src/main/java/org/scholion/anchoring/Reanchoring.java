package org.scholion.anchoring;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * Moves anchors from one revision of a reading to the next: {@link Kind#EXACT exact} when the quote
 * is found with its context (moved or not), {@link Kind#FUZZY fuzzy} when the quote was edited and an
 * approximate match scores above {@link #THRESHOLD}, otherwise {@link Kind#ORPHANED orphaned}. Never
 * a wrong place: a candidate made of text that the old revision already had elsewhere, and kept, is
 * that other passage; a candidate far from where the diff puts the passage needs strong evidence.
 *
 * <p>Prepare once per pair of revisions ({@link #between}), then call {@link #reanchor} for each
 * annotation, from any number of threads: the instance is immutable and has no side effects. An
 * annotation made on an older revision is carried forward one revision at a time: resolve it on the
 * text it was made on ({@link Anchorer#resolve}), then apply each later pair in turn.
 */
public final class Reanchoring {
    /**
     * The least fuzzy score accepted (see bench/README.md, "Re-anchoring": the sweep over the corpus
     * in bench/reanchoring). Hypothesis has none.
     */
    static final double THRESHOLD = 0.70;
    /** Hypothesis' error budget: at most half the quote, and at most 256 (the search's cost grows with it). */
    private static final int MAX_ERRORS = 256;
    /** Context nearer the quote than this is what tells places apart; the rest of a long context is not compared. */
    private static final int NEAR_CONTEXT = 2 * Anchorer.STORED_CONTEXT;
    /** How alike quote and both contexts must each be for a fuzzy match far from the hint: a moved passage, touched up. */
    private static final double FAR_SIMILARITY = 0.9;
    /** Fuzzy candidates scored at most; the rest (more errors, further away) are not considered. */
    private static final int MAX_CANDIDATES = 64;

    public enum Kind { EXACT, FUZZY, ORPHANED }

    /**
     * @param anchor the anchor in the new text, or null when orphaned
     * @param score  1 for exact; the fuzzy score of the match (or of the best candidate refused)
     */
    public record Outcome(Kind kind, Anchorer.Anchor anchor, double score) {
        static Outcome orphaned(double score) {
            return new Outcome(Kind.ORPHANED, null, score);
        }
    }

    private final int[] oldText;
    private final Anchorer.Text newText;
    private final RevisionDiff diff;

    private Reanchoring(int[] oldText, Anchorer.Text newText, RevisionDiff diff) {
        this.oldText = oldText;
        this.newText = newText;
        this.diff = diff;
    }

    /** Diffs the two revisions once; the cost is in the diff (see {@link RevisionDiff}). */
    public static Reanchoring between(Anchorer.Text oldText, Anchorer.Text newText) {
        return new Reanchoring(oldText.codePoints(), newText, RevisionDiff.between(oldText.codePoints(), newText.codePoints()));
    }

    /** Where an anchor on the old revision belongs in the new one. */
    public Outcome reanchor(Anchorer.Anchor old) {
        return reanchor(old, THRESHOLD);
    }

    /** With another threshold: the benchmark's sweep. */
    Outcome reanchor(Anchorer.Anchor old, double threshold) {
        Query q = new Query(old.exact(), old.prefix(), old.suffix(), diff.map(old.start()), old.start(), old.end());
        return locate(oldText, newText, q, diff, threshold);
    }

    /**
     * Anchors a quote on a text with no diff to go by, near a position hint (for instance where the
     * selector's TextPositionSelector pointed on this text's revision): the same rules without the
     * kept-elsewhere test.
     */
    public static Outcome anchor(Anchorer.Text text, Anchorer.Selector selector, int hint) {
        Query q = new Query(selector.exact(), selector.prefix(), selector.suffix(), hint, -1, -1);
        return locate(null, text, q, null, THRESHOLD);
    }

    /** The old anchor as the search needs it; ownFrom/ownTo is its old span (-1 without a diff). */
    private record Query(int[] quote, int[] prefix, int[] suffix, int hint, int ownFrom, int ownTo) {
        boolean startsAtWord() {
            return isWord(quote[0]) && (prefix.length == 0 || !isWord(prefix[prefix.length - 1]));
        }

        boolean endsAtWord() {
            return isWord(quote[quote.length - 1]) && (suffix.length == 0 || !isWord(suffix[0]));
        }

        Query(String quote, String prefix, String suffix, int hint, int ownFrom, int ownTo) {
            this(cps(quote), near(cps(prefix), true), near(cps(suffix), false), hint, ownFrom, ownTo);
        }

        private static int[] cps(String s) {
            return s == null ? new int[0] : s.codePoints().toArray();
        }

        private static int[] near(int[] context, boolean before) {
            if (context.length <= NEAR_CONTEXT) {
                return context;
            }
            return before ? Arrays.copyOfRange(context, context.length - NEAR_CONTEXT, context.length)
                    : Arrays.copyOf(context, NEAR_CONTEXT);
        }
    }

    /** @param oldText null without a diff */
    private static Outcome locate(int[] oldText, Anchorer.Text text, Query q, RevisionDiff diff, double threshold) {
        if (q.quote().length == 0) {
            return Outcome.orphaned(0);
        }
        int m = q.quote().length;
        int[] exact = exact(oldText, text, q, diff);
        if (exact != null && exact[1] > 0) {
            return exactAt(text, exact[0], m);
        }
        Outcome fuzzy = fuzzy(oldText, text, q, diff, threshold);
        if (exact != null && (fuzzy.kind() == Kind.ORPHANED || fuzzy.anchor().start() == exact[0] && fuzzy.anchor().end() == exact[0] + m)) {
            // the quote, unique and long, with nothing like it left near its old place: it moved with its context
            return exactAt(text, exact[0], m);
        }
        return fuzzy;
    }

    /**
     * An exact occurrence is the passage when it is the old text kept in place; otherwise the one
     * occurrence (not kept from another old passage) with the most context agreeing, where agreeing
     * means the stored context nearest the quote is there verbatim, and nearness to the hint breaks
     * a tie. An occurrence far from the hint with no context agreeing counts only if the quote is at
     * least as long as the stored context (a sentence, not a common phrase), and only if nothing near
     * the hint matches approximately (an edited version at the passage's place beats a verbatim copy
     * elsewhere). A tie between places is not resolved here: the fuzzy step weighs position.
     *
     * @return {offset, evidence: 2 per agreeing side of context + 1 if near the hint}, or null
     */
    private static int[] exact(int[] oldText, Anchorer.Text text, Query q, RevisionDiff diff) {
        int[] t = text.codePoints();
        int m = q.quote().length;
        if (diff != null && occursAt(t, q.quote(), q.hint()) && diff.keptFrom(q.hint(), q.hint() + m, q.ownFrom())) {
            return new int[] {q.hint(), 5};
        }
        int bestEvidence = -1;
        int best = -1;
        boolean tie = false;
        for (int at = indexOf(t, q.quote(), 0); at >= 0; at = indexOf(t, q.quote(), at + 1)) {
            if (diff != null && isElsewhere(oldText, diff, q, at, at + m, 0)) {
                continue;
            }
            // context first, nearness to the hint breaks ties: 2 per agreeing side, 1 for near
            int evidence = 2 * ((prefixAgrees(t, at, q.prefix()) ? 1 : 0) + (suffixAgrees(t, at + m, q.suffix()) ? 1 : 0))
                    + (isFar(q, at) ? 0 : 1);
            if (evidence > bestEvidence) {
                bestEvidence = evidence;
                best = at;
                tie = false;
            } else if (evidence == bestEvidence) {
                tie = true;
            }
        }
        if (best < 0 || tie || (bestEvidence == 0 && m < Anchorer.STORED_CONTEXT) || !wholeCharacters(text, best, best + m)) {
            return null;
        }
        return new int[] {best, bestEvidence};
    }

    /** Further from the hint than the quote's length or twice the stored context. */
    private static boolean isFar(Query q, int at) {
        return Math.abs(at - q.hint()) > Math.max(q.quote().length, 2 * Anchorer.STORED_CONTEXT);
    }

    private static Outcome exactAt(Anchorer.Text text, int at, int length) {
        return new Outcome(Kind.EXACT, Anchorer.anchorAt(text, at, at + length), 1.0);
    }

    /**
     * Another passage: mostly text the old revision had outside this anchor, kept, and already as
     * like the quote there as it is here (a look-alike that was in the old text and stayed). Text
     * that became like the quote — a list item moved into the place of another — is not refused.
     */
    private static boolean isElsewhere(int[] oldText, RevisionDiff diff, Query q, int from, int to, int errors) {
        if (2 * diff.keptFromElsewhere(from, to, q.ownFrom(), q.ownTo()) <= to - from) {
            return false;
        }
        int[] image = diff.oldImage(from, to);
        if (image[0] < q.ownTo() && q.ownFrom() < image[1]) {
            return false;
        }
        return FuzzyMatch.bestErrors(oldText, image[0], image[1], q.quote()) <= errors;
    }

    private static boolean wholeCharacters(Anchorer.Text text, int from, int to) {
        return !Anchorer.splitsCharacter(text, from) && !Anchorer.splitsCharacter(text, to);
    }

    private record Candidate(int start, int end, double score, boolean far) {
    }

    /**
     * Hypothesis' matchQuote: approximate matches of the quote within half its length in errors,
     * scored (50·quote + 20·prefix + 20·suffix + 2·position) / 92. Then our rules: a candidate mostly
     * kept from another old passage is refused; one far from the hint (further than the quote's
     * length or twice the stored context) is refused unless quote and both contexts are each 90 %
     * alike — a passage that moved and was touched up; the best must reach {@link #THRESHOLD} and
     * must not tie with a candidate elsewhere.
     */
    private static Outcome fuzzy(int[] oldText, Anchorer.Text text, Query q, RevisionDiff diff, double threshold) {
        int[] t = text.codePoints();
        int m = q.quote().length;
        int budget = Math.min(MAX_ERRORS, m / 2);
        // Near the hint, Hypothesis' budget; further away only a match with at most FAR_SIMILARITY's
        // share of errors could be accepted (see below), so the rest of the text is searched with that
        // smaller budget, which Myers' algorithm makes much cheaper (fewer blocks per column).
        int reach = Math.max(m, 2 * Anchorer.STORED_CONTEXT) + m + budget;
        int nearFrom = Math.max(0, Math.min(t.length, q.hint() - reach));
        int nearTo = Math.max(nearFrom, Math.min(t.length, q.hint() + reach));
        int farBudget = (int) Math.floor(m * (1 - FAR_SIMILARITY) + 1e-9);
        List<FuzzyMatch.Match> matches = new ArrayList<>(FuzzyMatch.search(t, nearFrom, nearTo, q.quote(), budget));
        matches.addAll(FuzzyMatch.search(t, 0, nearFrom, q.quote(), farBudget));
        matches.addAll(FuzzyMatch.search(t, nearTo, t.length, q.quote(), farBudget));
        if (matches.size() > MAX_CANDIDATES) {
            matches.sort(Comparator.comparingInt(FuzzyMatch.Match::errors)
                    .thenComparingInt(x -> Math.abs(x.start() - q.hint())));
            matches = matches.subList(0, MAX_CANDIDATES);
        }
        List<Candidate> scored = new ArrayList<>();
        double bestRefused = 0;
        for (FuzzyMatch.Match match : matches) {
            int s = match.start();
            int e = match.end();
            // a quote that began or ended with a whole word does so again: of equally good spans the
            // search takes the shortest, which can stop inside the corrected word ("Staln" → "Stal|in")
            if (q.startsAtWord()) {
                for (int n = 0; n < Anchorer.STORED_CONTEXT && s > 0 && isWord(t[s - 1]) && isWord(t[s]); n++) {
                    s--;
                }
            }
            if (q.endsAtWord()) {
                for (int n = 0; n < Anchorer.STORED_CONTEXT && e < t.length && isWord(t[e]) && isWord(t[e - 1]); n++) {
                    e++;
                }
            }
            while (Anchorer.splitsCharacter(text, s)) {
                s--;
            }
            while (Anchorer.splitsCharacter(text, e)) {
                e++;
            }
            double quoteScore = 1.0 - (double) match.errors() / m;
            double prefixScore = contextScore(t, Math.max(0, s - q.prefix().length), s, q.prefix());
            double suffixScore = contextScore(t, e, Math.min(t.length, e + q.suffix().length), q.suffix());
            double posScore = 1.0 - (double) Math.abs(s - q.hint()) / Math.max(1, t.length);
            double score = (50 * quoteScore + 20 * prefixScore + 20 * suffixScore + 2 * posScore) / 92;
            boolean far = isFar(q, s);
            boolean refused = (diff != null && isElsewhere(oldText, diff, q, s, e, match.errors()))
                    || (far && (quoteScore < FAR_SIMILARITY || prefixScore < FAR_SIMILARITY || suffixScore < FAR_SIMILARITY));
            if (refused) {
                bestRefused = Math.max(bestRefused, score);
            } else {
                scored.add(new Candidate(s, e, score, far));
            }
        }
        scored.sort(Comparator.comparingDouble(Candidate::score).reversed());
        if (scored.isEmpty() || scored.get(0).score() < threshold) {
            return Outcome.orphaned(scored.isEmpty() ? bestRefused : scored.get(0).score());
        }
        Candidate best = scored.get(0);
        for (Candidate other : scored.subList(1, scored.size())) {
            boolean overlaps = other.start() < best.end() && best.start() < other.end();
            if (!overlaps && best.score() - other.score() < 0.01) {
                return Outcome.orphaned(best.score());
            }
        }
        return new Outcome(Kind.FUZZY, Anchorer.anchorAt(text, best.start(), best.end()), best.score());
    }

    static boolean isWord(int cp) {
        return Character.isLetterOrDigit(cp) || Anchorer.isExtending(cp);
    }

    /** 1 when the context occurs verbatim in text[from, to), down to 0 when every code point differs. */
    private static double contextScore(int[] t, int from, int to, int[] context) {
        if (context.length == 0) {
            return 1.0; // nothing to compare, as Hypothesis scores a missing context
        }
        if (to <= from) {
            return 0.0;
        }
        return 1.0 - (double) FuzzyMatch.bestErrors(t, from, to, context) / context.length;
    }

    private static boolean prefixAgrees(int[] t, int at, int[] prefix) {
        int n = Math.min(prefix.length, Anchorer.STORED_CONTEXT);
        if (n == 0) {
            return at == 0;
        }
        if (at < n) {
            return false;
        }
        for (int i = 0; i < n; i++) {
            if (t[at - n + i] != prefix[prefix.length - n + i]) {
                return false;
            }
        }
        return true;
    }

    private static boolean suffixAgrees(int[] t, int at, int[] suffix) {
        int n = Math.min(suffix.length, Anchorer.STORED_CONTEXT);
        if (n == 0) {
            return at == t.length;
        }
        return occursAt(t, Arrays.copyOf(suffix, n), at);
    }

    private static boolean occursAt(int[] t, int[] p, int at) {
        if (at < 0 || at + p.length > t.length) {
            return false;
        }
        for (int i = 0; i < p.length; i++) {
            if (t[at + i] != p[i]) {
                return false;
            }
        }
        return true;
    }

    private static int indexOf(int[] t, int[] p, int from) {
        int first = p[0];
        for (int i = from; i + p.length <= t.length; i++) {
            if (t[i] == first && occursAt(t, p, i)) {
                return i;
            }
        }
        return -1;
    }
}
