package org.scholion.annotations;

import java.util.UUID;

/**
 * What a container listing is narrowed to; each part null when not asked for.
 *
 * @param creator a username, or a user id as a UUID string
 * @param tag     lower-case, as tags are stored
 */
public record Filter(UUID group, String creator, String tag, Motivation motivation, String visibility) {
    public static final Filter NONE = new Filter(null, null, null, null, null);
}
