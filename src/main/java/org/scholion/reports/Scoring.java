package org.scholion.reports;

import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * A participation score that explains itself: every point comes from one thing the student wrote
 * or one of their sources an instructor verified, in the order they were written, and says why.
 * Deterministic — the same work and rubric give the same score and the same items, whenever it is
 * computed — and pure (no I/O), so it is tested on its own.
 */
public final class Scoring {
    private Scoring() {
    }

    /**
     * How a reading is scored.
     *
     * @param cap           the most a student can earn, or null for no cap
     * @param beforeDueOnly only what was written before the reading's due date earns points
     */
    public record Rubric(BigDecimal perAnnotation, BigDecimal perReply, BigDecimal perVerifiedSource, BigDecimal cap,
            boolean beforeDueOnly) {
    }

    /** One annotation or reply the student wrote that counts (not deleted, not hidden, not a bare highlight). */
    public record Written(UUID id, boolean reply, OffsetDateTime created, List<Verified> verified) {
    }

    /** A source of it whose current review is "verified" (an outdated or other verdict earns nothing). */
    public record Verified(UUID source, String title, String reviewer) {
    }

    /** Points from one thing, and why. */
    public record Item(UUID annotation, BigDecimal points, String why) {
    }

    public record Score(BigDecimal total, List<Item> items) {
    }

    /** @param due the reading's due date, or null */
    public static Score score(Rubric rubric, OffsetDateTime due, List<Written> written) {
        List<Written> ordered = new ArrayList<>(written);
        ordered.sort((a, b) -> a.created().equals(b.created()) ? a.id().compareTo(b.id()) : a.created().compareTo(b.created()));
        BigDecimal total = BigDecimal.ZERO;
        List<Item> items = new ArrayList<>();
        for (Written w : ordered) {
            boolean late = rubric.beforeDueOnly() && due != null && w.created().isAfter(due);
            String what = w.reply() ? "a reply" : "an annotation";
            BigDecimal each = w.reply() ? rubric.perReply() : rubric.perAnnotation();
            total = add(items, rubric, total, w.id(), late ? BigDecimal.ZERO : each,
                    late ? what + " written after the due date: the rubric counts only what came before" : what);
            for (Verified v : w.verified()) {
                String why = "a source the instructor verified" + (v.title() == null ? "" : ": " + v.title())
                        + (v.reviewer() == null ? "" : " (" + v.reviewer() + ")");
                total = add(items, rubric, total, w.id(), late ? BigDecimal.ZERO : rubric.perVerifiedSource(),
                        late ? why + ", cited after the due date" : why);
            }
        }
        return new Score(total, List.copyOf(items));
    }

    private static BigDecimal add(List<Item> items, Rubric rubric, BigDecimal total, UUID annotation, BigDecimal points, String why) {
        BigDecimal earned = points;
        String reason = why;
        if (rubric.cap() != null && total.add(points).compareTo(rubric.cap()) > 0) {
            earned = rubric.cap().subtract(total).max(BigDecimal.ZERO);
            reason = why + " (the rubric's cap of " + rubric.cap().stripTrailingZeros().toPlainString() + " is reached)";
        }
        items.add(new Item(annotation, earned, reason));
        return total.add(earned);
    }
}
