package org.scholion.annotations.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The page size arithmetic and the start-up refusal, without I/O. */
class PageBudgetUnitTest {

    @Test
    void thePageSizeIsWhatWasAskedUnlessTheBudgetAllowsFewerAndNeverBelowOne() {
        PageBudget budget = new PageBudget(1_000_000, 64_000_000);
        assertEquals(100, budget.pageSize(100, 5_000, 10_000), "198 would fit; 100 were asked for");
        assertEquals(99, budget.pageSize(1000, 10_000, 10_000), "(1,000,000 − 10,000) / 10,000 fit");
        assertEquals(1, budget.pageSize(1000, 2_000_000, 10_000), "one heavier than the budget is a page of its own");
        assertEquals(1, budget.pageSize(1, 1, 0));
    }

    @Test
    void aBudgetLargerThanTheCacheOrNotPositiveIsRefusedInOneSentence() {
        assertTrue(PageBudget.refusal(4_194_304, 67_108_864).isEmpty());
        assertTrue(PageBudget.refusal(67_108_864, 67_108_864).isEmpty());
        String refusal = PageBudget.refusal(100_000_000, 67_108_864).orElseThrow();
        assertTrue(refusal.startsWith("Scholion cannot start: SCHOLION_PAGE_BYTES (100000000) is larger than SCHOLION_PAGE_CACHE_BYTES"),
                refusal);
        assertTrue(PageBudget.refusal(0, 67_108_864).isPresent());
    }
}
