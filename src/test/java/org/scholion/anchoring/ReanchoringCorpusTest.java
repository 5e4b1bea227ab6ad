package org.scholion.anchoring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The bar on the corpus in bench/reanchoring (bench/reanchoring/run.sh prints the full table). */
class ReanchoringCorpusTest {

    @Test
    void theCorpusMeetsTheBar() {
        List<ReanchoringCorpus.Pair> pairs = ReanchoringCorpus.load();
        List<String> misses = new ArrayList<>();
        Map<String, Map<ReanchoringCorpus.Verdict, Integer>> table = ReanchoringCorpus.run(pairs, Reanchoring.THRESHOLD, misses);
        String report = ReanchoringCorpus.table(table) + String.join("\n", misses);
        int all = table.values().stream().mapToInt(ReanchoringCorpus::total).sum();
        assertTrue(all >= 200, "at least 200 cases, found " + all);

        Map<ReanchoringCorpus.Verdict, Integer> moved = table.get("moved");
        assertTrue(ReanchoringCorpus.total(moved) > 0);
        assertEquals(ReanchoringCorpus.total(moved), ReanchoringCorpus.count(moved, ReanchoringCorpus.Verdict.EXACT_RIGHT),
                "moved passages are all found exactly\n" + report);

        Map<ReanchoringCorpus.Verdict, Integer> typo = table.get("typo");
        int typoRight = ReanchoringCorpus.count(typo, ReanchoringCorpus.Verdict.EXACT_RIGHT, ReanchoringCorpus.Verdict.FUZZY_RIGHT);
        assertTrue(typoRight >= 0.95 * ReanchoringCorpus.total(typo), "typo fixes: at least 95 % on the right span\n" + report);

        int wrong = table.values().stream().mapToInt(r -> ReanchoringCorpus.count(r, ReanchoringCorpus.Verdict.WRONG_PLACE)).sum();
        assertTrue(wrong <= 0.005 * all, "wrong places at most 0.5 % of all cases\n" + report);
    }
}
