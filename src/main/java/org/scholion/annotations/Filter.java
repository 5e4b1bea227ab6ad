package org.scholion.annotations;

import java.util.UUID;
import org.scholion.domain.ModerationState;

/**
 * What a container listing is narrowed to, and its order; each part null when not asked for.
 *
 * @param creator    a username, or a user id as a UUID string
 * @param tag        lower-case, as tags are stored
 * @param moderation only annotations in this moderation state (a viewer sees hidden and pending
 *                   ones only where the visibility rule lets them: moderators, and authors their own)
 * @param byUpvotes  most upvoted first (then in creation order), instead of creation order
 * @param anchoring  only annotations whose last re-anchoring went this way: exact, fuzzy or orphaned
 */
public record Filter(UUID group, String creator, String tag, Motivation motivation, String visibility,
        ModerationState moderation, boolean byUpvotes, String anchoring) {
    public static final Filter NONE = new Filter(null, null, null, null, null, null, false, null);

    public Filter(UUID group, String creator, String tag, Motivation motivation, String visibility) {
        this(group, creator, tag, motivation, visibility, null, false, null);
    }

    public Filter(UUID group, String creator, String tag, Motivation motivation, String visibility, ModerationState moderation,
            boolean byUpvotes) {
        this(group, creator, tag, motivation, visibility, moderation, byUpvotes, null);
    }
}
