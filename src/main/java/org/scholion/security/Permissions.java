package org.scholion.security;

import jakarta.enterprise.context.ApplicationScoped;
import org.scholion.domain.DomainError;

/**
 * The one place that answers "may this user do this action to this target". Every resource asks
 * here. The checks run in a fixed order so answers never leak existence:
 * <ol>
 * <li>can the caller see the target at all? if not: not found, exactly as if it did not exist;</li>
 * <li>does the caller's role allow the action? if not: forbidden;</li>
 * <li>does the target's state allow it (an archived group is read-only)? if not: conflict.</li>
 * </ol>
 * Admins see and manage every group, and moderate every group as its moderators do. Who may see
 * an annotation is {@link Visibility}'s rule; who may see a document, {@link DocumentVisibility}'s.
 */
@ApplicationScoped
public class Permissions {

    public enum Decision {
        ALLOW, NOT_FOUND, FORBIDDEN, ARCHIVED,
        /** The thread is locked: no more replies (a state of the target, like an archived group). */
        LOCKED,
        /** The caller's role allows it, but the API token they sent lacks the scope it needs (403). */
        OUT_OF_SCOPE
    }

    /**
     * The scope an API token needs for an action, beyond what its owner's role allows: changes a
     * member makes need {@code write}, a moderator's changes {@code moderate}. Reading needs
     * {@code read}, asked of every GET before any action is decided (security/tokens/TokenScopes);
     * null here: no more than that.
     */
    public static Scope scopeFor(Action action) {
        return switch (action) {
            case MANAGE_GROUP, ARCHIVE_GROUP, MODERATE, IMPORT_INTO_GROUP, MANAGE_LTI -> Scope.MODERATE;
            case JOIN_GROUP, CREATE_GROUP, ANNOTATE_IN_GROUP, EDIT_ANNOTATION, REPLY, FLAG, UPVOTE, REVISE_DOCUMENT,
                    CREATE_DOCUMENT -> Scope.WRITE;
            case READ_GROUP, LIST_ALL_GROUPS, READ_ANNOTATION, READ_MODERATION, EXPORT_GROUP, GRADE, READ_DOCUMENT -> null;
        };
    }

    public Decision decide(UserRef user, Action action, Target target) {
        Decision d = decideByRole(user, action, target);
        if (d == Decision.ALLOW && user.grant() != null) {
            Scope needed = scopeFor(action);
            if (needed != null && !user.grant().allows(needed)) {
                return Decision.OUT_OF_SCOPE;
            }
        }
        return d;
    }

    private Decision decideByRole(UserRef user, Action action, Target target) {
        if (target instanceof Target.Group g) {
            return onGroup(user, action, g);
        }
        if (target instanceof Target.AllGroups) {
            return onAllGroups(user, action);
        }
        if (target instanceof Target.Document d) {
            return onDocument(user, action, d);
        }
        if (target instanceof Target.LtiPlatforms) {
            return action == Action.MANAGE_LTI && user.isAdmin() ? Decision.ALLOW : Decision.FORBIDDEN;
        }
        if (target instanceof Target.AllDocuments all) {
            return action == Action.CREATE_DOCUMENT && (user.isAdmin() || user.isInstructor() || all.callerModerates())
                    ? Decision.ALLOW : Decision.FORBIDDEN;
        }
        return onAnnotation(user, action, (Target.Annotation) target);
    }

    public boolean may(UserRef user, Action action, Target target) {
        return decide(user, action, target) == Decision.ALLOW;
    }

    /** Throws the domain error that matches the decision; returns quietly when allowed. */
    public void require(UserRef user, Action action, Target target) {
        require(user, action, target, null);
    }

    /**
     * As {@link #require(UserRef, Action, Target)}, naming the request field that pointed at the
     * target (e.g. {@code group} in a new annotation), so the answer says which part was refused.
     */
    public void require(UserRef user, Action action, Target target, String field) {
        switch (decide(user, action, target)) {
            case ALLOW -> {
            }
            case NOT_FOUND -> throw field == null ? notFound()
                    : DomainError.notFound(field, "nothing you can see has this " + field);
            case FORBIDDEN -> throw DomainError.forbidden("Your role does not allow this: " + describe(action) + ".");
            case ARCHIVED -> throw DomainError.conflict(field,
                    "The group is archived: it is read-only until a moderator unarchives it.");
            case LOCKED -> throw DomainError.conflict(field, "A moderator locked this thread: it takes no more replies.");
            case OUT_OF_SCOPE -> throw DomainError.forbidden("This API token's scopes do not allow this: " + describe(action)
                    + " needs the '" + scopeFor(action).wire() + "' scope.");
        }
    }

    /**
     * The answer for anything that is not there or not visible to the caller; the same body in
     * both cases, so that a 404 never tells whether a group (or join code) exists.
     */
    public static DomainError notFound() {
        return DomainError.notFound();
    }

    private Decision onAllGroups(UserRef user, Action action) {
        return switch (action) {
            case CREATE_GROUP -> user.isAdmin() || user.isInstructor() ? Decision.ALLOW : Decision.FORBIDDEN;
            case LIST_ALL_GROUPS -> user.isAdmin() ? Decision.ALLOW : Decision.FORBIDDEN;
            default -> Decision.FORBIDDEN;
        };
    }

    private Decision onGroup(UserRef user, Action action, Target.Group g) {
        if (action == Action.JOIN_GROUP) {
            // the caller found the group by its join code: holding the code is the visibility (not for a token kept to other groups)
            return !user.reaches(g.id()) ? Decision.NOT_FOUND : g.archived() ? Decision.ARCHIVED : Decision.ALLOW;
        }
        boolean admin = user.isAdmin();
        if (!admin && !g.isMember()) {
            return Decision.NOT_FOUND;
        }
        boolean manager = admin || g.isModerator();
        return switch (action) {
            case READ_GROUP, READ_ANNOTATION -> Decision.ALLOW;
            case MANAGE_GROUP, MODERATE, IMPORT_INTO_GROUP -> !manager ? Decision.FORBIDDEN : g.archived() ? Decision.ARCHIVED : Decision.ALLOW;
            case ARCHIVE_GROUP, READ_MODERATION, EXPORT_GROUP, GRADE -> manager ? Decision.ALLOW : Decision.FORBIDDEN;
            case ANNOTATE_IN_GROUP -> g.archived() ? Decision.ARCHIVED : Decision.ALLOW;
            case EDIT_ANNOTATION, REPLY, FLAG, UPVOTE, CREATE_GROUP, LIST_ALL_GROUPS, READ_DOCUMENT, REVISE_DOCUMENT, CREATE_DOCUMENT,
                    MANAGE_LTI -> Decision.FORBIDDEN;
            case JOIN_GROUP -> g.archived() ? Decision.ARCHIVED : Decision.ALLOW;
        };
    }

    private Decision onDocument(UserRef user, Action action, Target.Document d) {
        if (!DocumentVisibility.READ.test(user, d)) {
            return Decision.NOT_FOUND;
        }
        return switch (action) {
            case READ_DOCUMENT -> Decision.ALLOW;
            case REVISE_DOCUMENT -> user.isAdmin() || d.isOwner(user) ? Decision.ALLOW : Decision.FORBIDDEN;
            default -> Decision.FORBIDDEN;
        };
    }

    private Decision onAnnotation(UserRef user, Action action, Target.Annotation a) {
        if (!Visibility.READ.test(user, a)) {
            return Decision.NOT_FOUND;
        }
        boolean author = a.isAuthor(user);
        if (a.group() == null) {
            // a private note: Visibility let only its author this far; nobody moderates, flags or upvotes it
            return switch (action) {
                case READ_ANNOTATION, EDIT_ANNOTATION, REPLY -> Decision.ALLOW;
                default -> Decision.FORBIDDEN;
            };
        }
        boolean archived = a.group().archived();
        return switch (action) {
            case READ_ANNOTATION, READ_GROUP -> Decision.ALLOW;
            case EDIT_ANNOTATION -> !author ? Decision.FORBIDDEN : archived ? Decision.ARCHIVED : Decision.ALLOW;
            case REPLY -> archived ? Decision.ARCHIVED
                    : a.threadLocked() && !a.moderatedBy(user) ? Decision.LOCKED : Decision.ALLOW;
            case FLAG, UPVOTE -> author ? Decision.FORBIDDEN : archived ? Decision.ARCHIVED : Decision.ALLOW;
            case MODERATE, READ_MODERATION, MANAGE_GROUP, ANNOTATE_IN_GROUP, EXPORT_GROUP, IMPORT_INTO_GROUP, GRADE ->
                onGroup(user, action, a.group());
            case ARCHIVE_GROUP, JOIN_GROUP, CREATE_GROUP, LIST_ALL_GROUPS, READ_DOCUMENT, REVISE_DOCUMENT, CREATE_DOCUMENT,
                    MANAGE_LTI -> Decision.FORBIDDEN;
        };
    }

    private static String describe(Action action) {
        return switch (action) {
            case READ_GROUP -> "reading this group";
            case MANAGE_GROUP -> "managing this group (moderators only)";
            case ARCHIVE_GROUP -> "archiving or unarchiving this group (moderators only)";
            case JOIN_GROUP -> "joining this group";
            case CREATE_GROUP -> "creating groups (instructors and admins only)";
            case LIST_ALL_GROUPS -> "listing every group (admins only)";
            case ANNOTATE_IN_GROUP -> "annotating in this group";
            case READ_ANNOTATION -> "reading this annotation";
            case EDIT_ANNOTATION -> "changing an annotation someone else wrote";
            case REPLY -> "replying here";
            case FLAG -> "flagging an annotation you wrote (or a private note)";
            case UPVOTE -> "upvoting an annotation you wrote (or a private note)";
            case MODERATE -> "moderating this group (moderators only)";
            case READ_MODERATION -> "reading this group's moderation queue, log and flags (moderators only)";
            case EXPORT_GROUP -> "exporting everything written in this group (moderators only)";
            case IMPORT_INTO_GROUP -> "importing annotations into this group (moderators only)";
            case GRADE -> "reading everyone's participation and setting rubrics and scores (moderators only)";
            case READ_DOCUMENT -> "reading this document";
            case REVISE_DOCUMENT -> "revising this document or changing its details (its owner and admins only)";
            case CREATE_DOCUMENT -> "bringing documents (instructors, group moderators and admins only)";
            case MANAGE_LTI -> "registering learning platforms and managing the LTI tool's keys (admins only)";
        };
    }
}
