package org.scholion.anchoring;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The re-anchoring corpus (bench/reanchoring/corpus, made by make_corpus.py) and how a result is
 * judged: one definition, used by {@link ReanchoringCorpusTest} and by bench/reanchoring/run.sh
 * (through {@link #main}).
 */
final class ReanchoringCorpus {
    static final Path CORPUS = Path.of("bench/reanchoring/corpus");
    static final List<String> CATEGORIES = List.of("unchanged", "moved", "reordered", "typo", "rewritten", "deleted", "ambiguous");

    /** How a case came out. RIGHT_* and ORPHANED_RIGHT are right; EDGES_OFF overlaps the expected span without equalling it. */
    enum Verdict { EXACT_RIGHT, FUZZY_RIGHT, ORPHANED_RIGHT, ORPHANED_MISSED, SUCCESSOR, EDGES_OFF, WRONG_PLACE }

    record Case(String pair, String id, String category, Anchorer.Anchor old, int[] expected, int[] successor) {
    }

    record Pair(String name, Anchorer.Text oldText, Anchorer.Text newText, List<Case> cases) {
    }

    private ReanchoringCorpus() {
    }

    static List<Pair> load() {
        List<Pair> pairs = new ArrayList<>();
        try (Stream<Path> dirs = Files.list(CORPUS)) {
            for (Path dir : dirs.sorted().toList()) {
                if (!Files.exists(dir.resolve("cases.json"))) {
                    continue;
                }
                Anchorer.Text oldText = Anchorer.Text.of(Files.readString(dir.resolve("old.txt"), StandardCharsets.UTF_8));
                Anchorer.Text newText = Anchorer.Text.of(Files.readString(dir.resolve("new.txt"), StandardCharsets.UTF_8));
                String name = dir.getFileName().toString();
                List<Case> cases = new ArrayList<>();
                for (JsonNode c : new ObjectMapper().readTree(dir.resolve("cases.json").toFile())) {
                    JsonNode s = c.get("selector");
                    // resolved as the server resolves a POST: this also checks the corpus against the old text
                    Anchorer.Anchor old = Anchorer.resolve(oldText, new Anchorer.Selector(s.get("exact").asText(),
                            s.get("prefix").asText(), s.get("suffix").asText(), s.get("start").asInt(), s.get("end").asInt()));
                    JsonNode e = c.get("expected");
                    int[] expected = e.isTextual() ? null : new int[] {e.get("start").asInt(), e.get("end").asInt()};
                    if (expected != null && !newText.sub(expected[0], expected[1]).equals(e.get("exact").asText())) {
                        throw new IllegalStateException(c.get("id").asText() + ": expected span does not hold its text");
                    }
                    JsonNode succ = c.get("successor");
                    int[] successor = succ == null ? null : new int[] {succ.get("start").asInt(), succ.get("end").asInt()};
                    cases.add(new Case(name, c.get("id").asText(), c.get("category").asText(), old, expected, successor));
                }
                pairs.add(new Pair(name, oldText, newText, cases));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return pairs;
    }

    static Verdict judge(Case c, Reanchoring.Outcome o) {
        if (o.kind() == Reanchoring.Kind.ORPHANED) {
            return c.expected() == null ? Verdict.ORPHANED_RIGHT : Verdict.ORPHANED_MISSED;
        }
        int s = o.anchor().start();
        int e = o.anchor().end();
        if (c.expected() == null) {
            return c.successor() != null && overlaps(s, e, c.successor()) ? Verdict.SUCCESSOR : Verdict.WRONG_PLACE;
        }
        if (s == c.expected()[0] && e == c.expected()[1]) {
            return o.kind() == Reanchoring.Kind.EXACT ? Verdict.EXACT_RIGHT : Verdict.FUZZY_RIGHT;
        }
        return overlaps(s, e, c.expected()) ? Verdict.EDGES_OFF : Verdict.WRONG_PLACE;
    }

    private static boolean overlaps(int s, int e, int[] span) {
        return s < span[1] && span[0] < e;
    }

    static boolean isRight(Verdict v) {
        return v == Verdict.EXACT_RIGHT || v == Verdict.FUZZY_RIGHT || v == Verdict.ORPHANED_RIGHT;
    }

    /** Verdict counts by category (insertion order as CATEGORIES), for one threshold. */
    static Map<String, Map<Verdict, Integer>> run(List<Pair> pairs, double threshold, List<String> wrongs) {
        Map<String, Map<Verdict, Integer>> table = new LinkedHashMap<>();
        for (String category : CATEGORIES) {
            table.put(category, new LinkedHashMap<>());
        }
        for (Pair p : pairs) {
            Reanchoring r = Reanchoring.between(p.oldText(), p.newText());
            for (Case c : p.cases()) {
                Reanchoring.Outcome o = r.reanchor(c.old(), threshold);
                Verdict v = judge(c, o);
                table.computeIfAbsent(c.category(), k -> new LinkedHashMap<>()).merge(v, 1, Integer::sum);
                if (wrongs != null && !isRight(v)) {
                    wrongs.add(c.id() + " " + c.category() + " " + v + " " + o.kind() + String.format(" %.3f", o.score()) + " | "
                            + c.old().exact() + " => " + (o.anchor() == null ? "-" : o.anchor().exact()));
                }
            }
        }
        return table;
    }

    static int count(Map<Verdict, Integer> row, Verdict... vs) {
        int n = 0;
        for (Verdict v : vs) {
            n += row.getOrDefault(v, 0);
        }
        return n;
    }

    static int total(Map<Verdict, Integer> row) {
        return row.values().stream().mapToInt(Integer::intValue).sum();
    }

    static String table(Map<String, Map<Verdict, Integer>> table) {
        StringBuilder out = new StringBuilder();
        out.append("| category | cases | exact, right | fuzzy, right | orphaned (right) | orphaned (missed) | successor | edges off | wrong place | right |\n");
        out.append("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        Map<Verdict, Integer> all = new LinkedHashMap<>();
        for (Map.Entry<String, Map<Verdict, Integer>> e : table.entrySet()) {
            row(out, e.getKey(), e.getValue());
            e.getValue().forEach((v, n) -> all.merge(v, n, Integer::sum));
        }
        row(out, "**all**", all);
        return out.toString();
    }

    private static void row(StringBuilder out, String name, Map<Verdict, Integer> r) {
        int n = total(r);
        int right = count(r, Verdict.EXACT_RIGHT, Verdict.FUZZY_RIGHT, Verdict.ORPHANED_RIGHT);
        out.append(String.format("| %s | %d | %d | %d | %d | %d | %d | %d | %d | %s |%n", name, n,
                count(r, Verdict.EXACT_RIGHT), count(r, Verdict.FUZZY_RIGHT), count(r, Verdict.ORPHANED_RIGHT),
                count(r, Verdict.ORPHANED_MISSED), count(r, Verdict.SUCCESSOR), count(r, Verdict.EDGES_OFF),
                count(r, Verdict.WRONG_PLACE), n == 0 ? "–" : String.format("%.1f %%", 100.0 * right / n)));
    }

    /** bench/reanchoring/run.sh: the table at the chosen threshold, the misses, and the sweep. */
    public static void main(String[] args) {
        List<Pair> pairs = load();
        int cases = pairs.stream().mapToInt(p -> p.cases().size()).sum();
        System.out.printf("Re-anchoring corpus: %d cases in %d pairs of revisions; threshold %.2f%n%n", cases, pairs.size(),
                Reanchoring.THRESHOLD);
        List<String> wrongs = new ArrayList<>();
        System.out.println(table(run(pairs, Reanchoring.THRESHOLD, wrongs)));
        System.out.println("Not right at the chosen threshold:");
        wrongs.forEach(w -> System.out.println("  " + w));
        System.out.println();
        System.out.println("Threshold sweep (all cases; rewritten and typo are the ones it moves):");
        System.out.println("| threshold | right | fuzzy, right | orphaned (missed) | successor | edges off | wrong place |");
        System.out.println("|---:|---:|---:|---:|---:|---:|---:|");
        for (int t = 40; t <= 95; t += 5) {
            Map<Verdict, Integer> all = new LinkedHashMap<>();
            run(pairs, t / 100.0, null).values().forEach(r -> r.forEach((v, n) -> all.merge(v, n, Integer::sum)));
            System.out.printf("| %.2f | %d | %d | %d | %d | %d | %d |%n", t / 100.0,
                    count(all, Verdict.EXACT_RIGHT, Verdict.FUZZY_RIGHT, Verdict.ORPHANED_RIGHT), count(all, Verdict.FUZZY_RIGHT),
                    count(all, Verdict.ORPHANED_MISSED), count(all, Verdict.SUCCESSOR), count(all, Verdict.EDGES_OFF),
                    count(all, Verdict.WRONG_PLACE));
        }
    }
}
