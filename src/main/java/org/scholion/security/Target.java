package org.scholion.security;

import java.util.UUID;

/** What an action is done to, reduced to the facts the permission map needs. */
public sealed interface Target {

    enum MemberRole {
        MODERATOR, MEMBER
    }

    /**
     * A group as seen by one caller.
     *
     * @param callerRole the caller's role in it, or {@code null} when the caller is not a member
     */
    record Group(UUID id, boolean archived, MemberRole callerRole) implements Target {
        public boolean isMember() {
            return callerRole != null;
        }

        public boolean isModerator() {
            return callerRole == MemberRole.MODERATOR;
        }
    }

    /** The set of all groups: the target of creating a group or listing every group. */
    record AllGroups() implements Target {
    }

    /**
     * An annotation, reduced to the facts that decide who may see and change it.
     *
     * @param group   its group as seen by the caller, or {@code null} for a private note without a group
     * @param deleted whether it was deleted (it still answers, as a tombstone, to those who may read it)
     */
    record Annotation(UUID authorId, boolean isPrivate, boolean deleted, Group group) implements Target {
    }
}
