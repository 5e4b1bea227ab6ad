package org.scholion.security;

/** Everything a caller may ask to do; {@link Permissions} decides each one. */
public enum Action {
    /** See a group, its members and everything written in it. */
    READ_GROUP,
    /** Rename, archive, rotate the join code, change roles, remove members. */
    MANAGE_GROUP,
    /** Write a new annotation or reply in a group. */
    ANNOTATE_IN_GROUP,
    /** See one annotation. */
    READ_ANNOTATION,
    /** Change or delete one's own annotation. */
    EDIT_ANNOTATION,
    /** Hide, restore and review annotations of a group. */
    MODERATE
}
