package org.scholion.search;

import java.time.OffsetDateTime;
import java.util.UUID;
import org.scholion.annotations.Body.Verdict;
import org.scholion.annotations.Motivation;
import org.scholion.domain.ModerationState;

/**
 * What a search asks, checked: the words and the filters, each null when not asked for.
 *
 * @param q          the words, as a person types them ({@code websearch_to_tsquery}: quotes for a
 *                   phrase, {@code or}, {@code -} to exclude); null to list by the filters alone
 * @param document   a document's slug
 * @param user       a username or a user id
 * @param to         exclusive
 * @param hasSources true: only annotations citing sources; false: only those citing none
 * @param after      where the previous page ended, null for the first page
 */
public record SearchQuery(String q, String document, UUID group, String user, String tag, Motivation motivation, Verdict verdict,
        ModerationState state, String anchoring, OffsetDateTime from, OffsetDateTime to, Boolean hasSources, Sort sort, int limit,
        Cursor after) {

    /** The orders results come in. */
    public enum Sort {
        /** Best match first (then newest); without words, the newest first. */
        RELEVANCE,
        NEWEST,
        /** Most upvoted first, then newest. */
        UPVOTES
    }

    /** Whether a filter narrows annotations in a way a document cannot match (so documents are not searched). */
    boolean annotationsOnly() {
        return group != null || user != null || tag != null || motivation != null || verdict != null || state != null
                || anchoring != null || from != null || to != null || hasSources != null;
    }

    /** The search without its position: what a cursor must have been made for. */
    String identity() {
        return String.join("\u001f", String.valueOf(q), String.valueOf(document), String.valueOf(group), String.valueOf(user),
                String.valueOf(tag), String.valueOf(motivation), String.valueOf(verdict), String.valueOf(state),
                String.valueOf(anchoring), String.valueOf(from), String.valueOf(to), String.valueOf(hasSources),
                sort.name());
    }

    /** The sort in effect: relevance without words is the newest first. */
    Sort effectiveSort() {
        return sort == Sort.RELEVANCE && q == null ? Sort.NEWEST : sort;
    }
}
