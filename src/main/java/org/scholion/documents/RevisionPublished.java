package org.scholion.documents;

import java.util.UUID;

/**
 * A new revision of a document was published. Fired inside the publishing transaction; observers
 * that act on it do so after commit ({@code during = AFTER_SUCCESS}), so nothing is re-anchored
 * or announced for a revision that was rolled back. Documents never import annotations: the
 * re-anchoring job in {@code annotations/reanchoring/} observes this.
 */
public record RevisionPublished(UUID document, String slug, int from, int to, UUID by) {
}
