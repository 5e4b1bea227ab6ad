package org.scholion.reports;

/**
 * A passage of a reading, as the report and the claim map count them: the union of overlapping
 * annotated ranges (code points, {@code [start, end)}; ranges that only touch are two passages).
 * In SQL, a window over the ranges in text order marks where each passage starts: a range starts
 * one when it begins at or after the furthest end of every range before it.
 */
final class Passages {
    private Passages() {
    }

    /**
     * 1 where a new passage starts, else 0, over the alias {@code a} (its {@code start_pos},
     * {@code end_pos}, {@code id}), per {@code partition} (an expression, or null for all rows).
     */
    static String starts(String partition) {
        return "CASE WHEN a.start_pos < max(a.end_pos) OVER (" + (partition == null ? "" : "PARTITION BY " + partition + " ")
                + "ORDER BY a.start_pos, a.end_pos, a.id ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING) THEN 0 ELSE 1 END";
    }
}
