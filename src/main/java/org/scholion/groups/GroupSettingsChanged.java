package org.scholion.groups;

import java.util.UUID;
import org.scholion.security.Target;

/**
 * Fired inside the transaction when a moderator changes a group's moderation settings, so the
 * moderation log records it with the change (it is observed in the same transaction).
 */
public record GroupSettingsChanged(UUID groupId, UUID actorId, Target.Settings before, Target.Settings after) {
}
