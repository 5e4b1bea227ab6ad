package org.scholion.annotations;

import java.util.UUID;
import org.scholion.domain.ModerationState;

/**
 * Fired inside the transaction when an author's own write puts an annotation into a moderation
 * state — a new annotation submitted to a pre-moderated group, an edit that sends an approved one
 * back to pending — so the moderation log records it with the change (an observer in the same
 * transaction: rolled back together).
 *
 * @param before null for a new annotation
 * @param action what happened, as the moderation log names it
 */
public record ModerationChanged(UUID annotationId, UUID groupId, UUID actorId, ModerationState before, ModerationState after,
        String action) {
}
