package org.scholion.security;

/** Everything a caller may ask to do; {@link Permissions} decides each one. */
public enum Action {
    /** See a group, its members and everything written in it. */
    READ_GROUP,
    /** Rename, rotate the join code, change roles, remove members; refused (409) while the group is archived. */
    MANAGE_GROUP,
    /** Archive or unarchive: moderators; allowed on an archived group, since that is how it comes back. */
    ARCHIVE_GROUP,
    /** Join with a join code: holding the code is what makes the group visible to a non-member. */
    JOIN_GROUP,
    /** Create a group (target {@link Target.AllGroups}): instructors and admins. */
    CREATE_GROUP,
    /** See every group, not only one's own (target {@link Target.AllGroups}): admins. */
    LIST_ALL_GROUPS,
    /** Write a new annotation or reply in a group. */
    ANNOTATE_IN_GROUP,
    /** See one annotation. */
    READ_ANNOTATION,
    /** Change or delete one's own annotation. */
    EDIT_ANNOTATION,
    /** Reply to an annotation: refused (409) in a locked thread, except for the group's moderators. */
    REPLY,
    /** Flag an annotation for the moderators: any reader of a group annotation but its author. */
    FLAG,
    /** Upvote an annotation as helpful: any reader of a group annotation but its author. */
    UPVOTE,
    /**
     * Hide, unhide, approve, restore, lock, endorse, review sources, change the group's moderation
     * settings: moderators and admins; refused (409) while the group is archived.
     */
    MODERATE,
    /** Read the moderation queue, the log and an annotation's flags and history: moderators and admins. */
    READ_MODERATION,
    /** Export everything written in the group (annotations, their sources): moderators and admins, archived groups too. */
    EXPORT_GROUP,
    /** Import annotations into the group: moderators and admins; refused (409) while the group is archived. */
    IMPORT_INTO_GROUP,
    /**
     * Read every member's participation, set a reading's rubric, override a score: moderators and
     * admins, archived groups too (grading goes on after a term). A member reads their own row.
     */
    GRADE,
    /**
     * Read a document: its text, revisions and original files, and follow its annotations. Its
     * owner, admins, members of a group it is assigned to, and — when it is public — everyone signed in.
     */
    READ_DOCUMENT,
    /** Publish a new revision of a document, change its metadata or make it public: its owner and admins. */
    REVISE_DOCUMENT,
    /** Bring a new document (target {@link Target.AllDocuments}): instructors, moderators of a group, admins. */
    CREATE_DOCUMENT,
    /** Register, list and remove learning platforms (LTI) and rotate the tool's keys (target {@link Target.LtiPlatforms}): admins. */
    MANAGE_LTI
}
