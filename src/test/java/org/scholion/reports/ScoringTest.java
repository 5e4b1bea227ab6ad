package org.scholion.reports;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.scholion.reports.Scoring.Item;
import org.scholion.reports.Scoring.Rubric;
import org.scholion.reports.Scoring.Verified;
import org.scholion.reports.Scoring.Written;

/** The rubric's arithmetic on its own (no I/O): every point explained, the same answer every time. */
class ScoringTest {
    private static final OffsetDateTime DUE = OffsetDateTime.parse("2026-12-10T09:00:00Z");
    private static final Rubric RUBRIC = new Rubric(new BigDecimal("2"), new BigDecimal("1"), new BigDecimal("3"), null, true);

    private static Written w(int minutesFromDue, boolean reply, String... verifiedTitles) {
        List<Verified> v = new ArrayList<>();
        for (String t : verifiedTitles) {
            v.add(new Verified(UUID.randomUUID(), t, "Ines Alvarez"));
        }
        return new Written(UUID.randomUUID(), reply, DUE.plusMinutes(minutesFromDue), v);
    }

    @Test
    void eachAnnotationReplyAndVerifiedSourceEarnsItsPointsWithItsReason() {
        Written a = w(-60, false, "A People's Tragedy");
        Written r = w(-30, true);
        Scoring.Score s = Scoring.score(RUBRIC, DUE, List.of(r, a));
        assertEquals(new BigDecimal("6"), s.total());
        assertEquals(List.of(a.id(), a.id(), r.id()), s.items().stream().map(Item::annotation).toList(), "in the order written");
        assertEquals(List.of("an annotation", "a source the instructor verified: A People's Tragedy (Ines Alvarez)", "a reply"),
                s.items().stream().map(Item::why).toList());
    }

    @Test
    void afterTheDueDateNothingCountsWhenTheRubricSaysSoAndEverythingWhenItDoesNot() {
        Written late = w(5, false, "S");
        Scoring.Score s = Scoring.score(RUBRIC, DUE, List.of(late));
        assertEquals(0, s.total().signum());
        assertEquals(2, s.items().size());
        assertEquals("an annotation written after the due date: the rubric counts only what came before", s.items().get(0).why());
        Rubric anyTime = new Rubric(RUBRIC.perAnnotation(), RUBRIC.perReply(), RUBRIC.perVerifiedSource(), null, false);
        assertEquals(new BigDecimal("5"), Scoring.score(anyTime, DUE, List.of(late)).total());
        assertEquals(new BigDecimal("5"), Scoring.score(RUBRIC, null, List.of(late)).total(), "no due date: nothing is late");
    }

    @Test
    void theCapStopsTheTotalAndSaysWhere() {
        Rubric capped = new Rubric(new BigDecimal("2"), new BigDecimal("1"), new BigDecimal("3"), new BigDecimal("5"), false);
        Scoring.Score s = Scoring.score(capped, DUE, List.of(w(-50, false), w(-40, false), w(-30, false)));
        assertEquals(new BigDecimal("5"), s.total());
        assertEquals(List.of(new BigDecimal("2"), new BigDecimal("2"), new BigDecimal("1")), s.items().stream().map(Item::points).toList());
        assertEquals("an annotation (the rubric's cap of 5 is reached)", s.items().get(2).why());
    }

    @Test
    void theSameWorkGivesTheSameScoreInWhateverOrderItArrives() {
        List<Written> work = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            work.add(w(-i, i % 3 == 0, i % 4 == 0 ? new String[] { "S" + i } : new String[0]));
        }
        Scoring.Score first = Scoring.score(RUBRIC, DUE, work);
        Collections.shuffle(work);
        assertEquals(first, Scoring.score(RUBRIC, DUE, work));
    }
}
