package org.scholion.security;

import java.util.UUID;
import org.scholion.domain.ModerationState;

/** What an action is done to, reduced to the facts the permission map needs. */
public sealed interface Target {

    enum MemberRole {
        MODERATOR, MEMBER
    }

    /**
     * What a group's moderators decided for it.
     *
     * @param requireSources     top-level comments of members need at least one source
     * @param preModeration      members' new annotations (and edits of approved ones) wait, pending, for a moderator
     * @param hidePeersUntilPost on a document, a member sees classmates' annotations only after posting one
     * @param revealAfter        on the document in question, when it is on the group's reading list with a reveal
     *                           threshold whose due date has not passed: a member sees classmates' annotations only
     *                           after posting this many; 0 otherwise
     */
    record Settings(boolean requireSources, boolean preModeration, boolean hidePeersUntilPost, int revealAfter) {
        public static final Settings NONE = new Settings(false, false, false);

        public Settings(boolean requireSources, boolean preModeration, boolean hidePeersUntilPost) {
            this(requireSources, preModeration, hidePeersUntilPost, 0);
        }

        /** How many of their own annotations a member posts on the document before classmates' show (0: none). */
        public int postsToSee() {
            return Math.max(hidePeersUntilPost ? 1 : 0, revealAfter);
        }
    }

    /**
     * A group as seen by one caller.
     *
     * @param callerRole the caller's role in it, or {@code null} when the caller is not a member
     */
    record Group(UUID id, boolean archived, MemberRole callerRole, Settings settings) implements Target {
        public Group(UUID id, boolean archived, MemberRole callerRole) {
            this(id, archived, callerRole, Settings.NONE);
        }

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
     * @param group           its group as seen by the caller, or {@code null} for a private note without a group
     * @param deleted         whether it was deleted (it still answers, as a tombstone, to those who may read it)
     * @param moderation      its moderation state
     * @param threadConcealed an annotation above it in its thread is hidden or pending
     * @param byModerator     written by a moderator (or admin) of its group
     * @param viewerPosts     how many annotations of their own standing on this document in this group the
     *                        caller has posted (see {@link Visibility#WAITS_FOR_POST}); only counted, and only
     *                        meaningful, when the group or the reading holds peers back until one posts
     * @param threadLocked    its thread is locked (no more replies from members)
     */
    record Annotation(UUID authorId, boolean isPrivate, boolean deleted, Group group, ModerationState moderation,
            boolean threadConcealed, boolean byModerator, int viewerPosts, boolean threadLocked) implements Target {

        /** An annotation nobody moderated, in an open thread. */
        public Annotation(UUID authorId, boolean isPrivate, boolean deleted, Group group) {
            this(authorId, isPrivate, deleted, group, ModerationState.VISIBLE, false, false, 0, false);
        }

        public boolean isAuthor(UserRef user) {
            return authorId.equals(user.id());
        }

        /** Whether the caller moderates it: an admin, or a moderator of its group. Private notes have no moderators. */
        public boolean moderatedBy(UserRef user) {
            return group != null && (user.isAdmin() || group.isModerator());
        }
    }

    /**
     * A document as seen by one caller.
     *
     * @param ownerId  who brought it; null for the documents the project ships (admins manage those)
     * @param isPublic every signed-in user reads it
     * @param assigned it is on the reading list of a group the caller belongs to
     */
    record Document(UUID ownerId, boolean isPublic, boolean assigned) implements Target {
        public boolean isOwner(UserRef user) {
            return ownerId != null && ownerId.equals(user.id());
        }
    }

    /** The learning platforms (LMSs) Scholion is registered in as an LTI tool, and the tool's keys. */
    record LtiPlatforms() implements Target {
    }

    /**
     * The set of all documents: the target of bringing a new one.
     *
     * @param callerModerates the caller moderates at least one group
     */
    record AllDocuments(boolean callerModerates) implements Target {
    }
}
