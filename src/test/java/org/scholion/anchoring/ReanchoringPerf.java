package org.scholion.anchoring;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * bench/reanchoring/run.sh perf: re-anchors 10,000 annotations on a reading of ~100,000 code points
 * after a revision with edits throughout. The reading is five chapters, each the corpus' essay and
 * Python chapter in their old revisions; the revision applies the corpus' own revisions to every
 * chapter (corrections, moves, reorders, deletions, summaries in even chapters; typo fixes in odd
 * ones). Annotations are word-aligned spans of 1 to 40 words with the context the server stores.
 */
final class ReanchoringPerf {
    private ReanchoringPerf() {
    }

    public static void main(String[] args) {
        int annotations = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
        Map<String, ReanchoringCorpus.Pair> pairs = new java.util.HashMap<>();
        ReanchoringCorpus.load().forEach(p -> pairs.put(p.name(), p));
        StringBuilder oldDoc = new StringBuilder();
        StringBuilder newDoc = new StringBuilder();
        for (int chapter = 1; chapter <= 5; chapter++) {
            boolean revised = chapter % 2 == 1;
            for (String name : revised ? List.of("essay-correction", "python-revision") : List.of("essay-typos", "python-typos")) {
                ReanchoringCorpus.Pair p = pairs.get(name);
                String heading = "Chapter " + chapter + ": " + name + "\n\n";
                oldDoc.append(heading).append(p.oldText().sub(0, p.oldText().length())).append("\n\n");
                newDoc.append(heading).append(p.newText().sub(0, p.newText().length())).append("\n\n");
            }
        }
        Anchorer.Text oldText = Anchorer.Text.of(oldDoc.toString().strip());
        Anchorer.Text newText = Anchorer.Text.of(newDoc.toString().strip());
        List<Anchorer.Anchor> anchors = annotate(oldText, annotations, new Random(10_000));
        if (args.length > 1) {
            // bench/reanchoring/job.sh: the same reading, revision and annotations, for the server's job
            java.nio.file.Path dir = java.nio.file.Path.of(args[1]);
            try {
                java.nio.file.Files.createDirectories(dir);
                java.nio.file.Files.writeString(dir.resolve("old.txt"), oldText.sub(0, oldText.length()));
                java.nio.file.Files.writeString(dir.resolve("new.txt"), newText.sub(0, newText.length()));
                StringBuilder tsv = new StringBuilder();
                for (Anchorer.Anchor a : anchors) {
                    tsv.append(a.start()).append('\t').append(a.end()).append('\n');
                }
                java.nio.file.Files.writeString(dir.resolve("anchors.tsv"), tsv);
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
            System.out.printf("wrote %s: old.txt, new.txt, anchors.tsv%n", dir);
            return;
        }
        System.out.printf("document: %,d code points old, %,d new; %,d annotations%n", oldText.length(), newText.length(), anchors.size());

        for (int round = 1; round <= 3; round++) { // the first round includes the JIT's warm-up
            long t0 = System.nanoTime();
            Reanchoring r = Reanchoring.between(oldText, newText);
            long t1 = System.nanoTime();
            Map<Reanchoring.Kind, Integer> kinds = new EnumMap<>(Reanchoring.Kind.class);
            for (Anchorer.Anchor a : anchors) {
                kinds.merge(r.reanchor(a).kind(), 1, Integer::sum);
            }
            long t2 = System.nanoTime();
            System.out.printf("round %d: diff %,d ms, re-anchoring %,d ms, total %,d ms; %s%n", round, (t1 - t0) / 1_000_000,
                    (t2 - t1) / 1_000_000, (t2 - t0) / 1_000_000, kinds);
        }
        long peak = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                peak += pool.getPeakUsage().getUsed();
            }
        }
        System.out.printf("peak heap used (sum of heap pools' peaks): %,d MB; max heap %,d MB%n", peak >> 20,
                Runtime.getRuntime().maxMemory() >> 20);
    }

    private static List<Anchorer.Anchor> annotate(Anchorer.Text text, int n, Random rnd) {
        int[] t = text.codePoints();
        List<Integer> wordStarts = new ArrayList<>();
        for (int i = 0; i < t.length; i++) {
            if (Reanchoring.isWord(t[i]) && (i == 0 || !Reanchoring.isWord(t[i - 1]))) {
                wordStarts.add(i);
            }
        }
        List<Anchorer.Anchor> out = new ArrayList<>(n);
        while (out.size() < n) {
            int w = rnd.nextInt(wordStarts.size() - 41);
            int start = wordStarts.get(w);
            int end = wordStarts.get(w + 1 + rnd.nextInt(40));
            while (end > start && !Reanchoring.isWord(t[end - 1])) {
                end--;
            }
            out.add(Anchorer.anchorAt(text, start, end));
        }
        return out;
    }
}
