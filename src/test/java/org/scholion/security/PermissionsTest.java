package org.scholion.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.scholion.security.Permissions.Decision.ALLOW;
import static org.scholion.security.Permissions.Decision.ARCHIVED;
import static org.scholion.security.Permissions.Decision.FORBIDDEN;
import static org.scholion.security.Permissions.Decision.NOT_FOUND;

import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.scholion.security.Target.MemberRole;

/** The permission map as a table, without I/O. The HTTP matrix tests walk the same rules end to end. */
class PermissionsTest {
    private final Permissions permissions = new Permissions();
    private final UserRef student = user(Roles.STUDENT);
    private final UserRef author = user(Roles.STUDENT);
    private final UserRef admin = user(Roles.ADMIN);
    private final UUID groupId = UUID.randomUUID();

    private static UserRef user(String role) {
        UUID id = UUID.randomUUID();
        return new UserRef(id, id.toString(), "u" + id, "U", Set.of(role));
    }

    private Target.Group group(MemberRole role, boolean archived) {
        return new Target.Group(groupId, archived, role);
    }

    @Test
    void groupActionsByRole() {
        // action            non-member  member     moderator  admin(non-member)
        row(Action.READ_GROUP, NOT_FOUND, ALLOW, ALLOW, ALLOW);
        row(Action.MANAGE_GROUP, NOT_FOUND, FORBIDDEN, ALLOW, ALLOW);
        row(Action.ANNOTATE_IN_GROUP, NOT_FOUND, ALLOW, ALLOW, ALLOW);
        row(Action.MODERATE, NOT_FOUND, FORBIDDEN, ALLOW, ALLOW);
        row(Action.ARCHIVE_GROUP, NOT_FOUND, FORBIDDEN, ALLOW, ALLOW);
        row(Action.JOIN_GROUP, ALLOW, ALLOW, ALLOW, ALLOW);
    }

    @Test
    void archivedGroupsRefuseManagementButCanBeUnarchived() {
        // action               non-member  member     moderator  admin(non-member)
        archivedRow(Action.MANAGE_GROUP, NOT_FOUND, FORBIDDEN, ARCHIVED, ARCHIVED);
        archivedRow(Action.ARCHIVE_GROUP, NOT_FOUND, FORBIDDEN, ALLOW, ALLOW);
        archivedRow(Action.JOIN_GROUP, ARCHIVED, ARCHIVED, ARCHIVED, ARCHIVED);
        archivedRow(Action.READ_GROUP, NOT_FOUND, ALLOW, ALLOW, ALLOW);
    }

    private void archivedRow(Action action, Permissions.Decision nonMember, Permissions.Decision member,
            Permissions.Decision moderator, Permissions.Decision adminDecision) {
        expect(true, action, nonMember, member, moderator, adminDecision);
    }

    @Test
    void instructorsAndAdminsCreateGroupsAndOnlyAdminsListThemAll() {
        UserRef instructor = user(Roles.INSTRUCTOR);
        Target all = new Target.AllGroups();
        assertEquals(FORBIDDEN, permissions.decide(student, Action.CREATE_GROUP, all));
        assertEquals(ALLOW, permissions.decide(instructor, Action.CREATE_GROUP, all));
        assertEquals(ALLOW, permissions.decide(admin, Action.CREATE_GROUP, all));
        assertEquals(FORBIDDEN, permissions.decide(student, Action.LIST_ALL_GROUPS, all));
        assertEquals(FORBIDDEN, permissions.decide(instructor, Action.LIST_ALL_GROUPS, all));
        assertEquals(ALLOW, permissions.decide(admin, Action.LIST_ALL_GROUPS, all));
    }

    private void row(Action action, Permissions.Decision nonMember, Permissions.Decision member,
            Permissions.Decision moderator, Permissions.Decision adminDecision) {
        expect(false, action, nonMember, member, moderator, adminDecision);
    }

    private void expect(boolean archived, Action action, Permissions.Decision nonMember, Permissions.Decision member,
            Permissions.Decision moderator, Permissions.Decision adminDecision) {
        String what = action + (archived ? " (archived)" : "");
        assertEquals(nonMember, permissions.decide(student, action, group(null, archived)), what + " non-member");
        assertEquals(member, permissions.decide(student, action, group(MemberRole.MEMBER, archived)), what + " member");
        assertEquals(moderator, permissions.decide(student, action, group(MemberRole.MODERATOR, archived)), what + " moderator");
        assertEquals(adminDecision, permissions.decide(admin, action, group(null, archived)), what + " admin");
    }

    @Test
    void archivedGroupsRefuseNewAnnotationsButStayReadable() {
        assertEquals(ARCHIVED, permissions.decide(student, Action.ANNOTATE_IN_GROUP, group(MemberRole.MEMBER, true)));
        assertEquals(ALLOW, permissions.decide(student, Action.READ_GROUP, group(MemberRole.MEMBER, true)));
        assertEquals(NOT_FOUND, permissions.decide(student, Action.ANNOTATE_IN_GROUP, group(null, true)));
    }

    @Test
    void groupAnnotationsAreSeenByMembersAndEditedByTheAuthorAlone() {
        Target.Annotation a = new Target.Annotation(author.id(), false, false, group(MemberRole.MEMBER, false));
        assertEquals(ALLOW, permissions.decide(author, Action.EDIT_ANNOTATION, a));
        assertEquals(ALLOW, permissions.decide(student, Action.READ_ANNOTATION, a));
        assertEquals(FORBIDDEN, permissions.decide(student, Action.EDIT_ANNOTATION, a));
        Target.Annotation hidden = new Target.Annotation(author.id(), false, false, group(null, false));
        assertEquals(NOT_FOUND, permissions.decide(student, Action.READ_ANNOTATION, hidden));
        assertEquals(NOT_FOUND, permissions.decide(student, Action.EDIT_ANNOTATION, hidden));
        Target.Annotation archived = new Target.Annotation(author.id(), false, false, group(MemberRole.MEMBER, true));
        assertEquals(ARCHIVED, permissions.decide(author, Action.EDIT_ANNOTATION, archived));
    }

    @Test
    void privateAnnotationsAreTheAuthorsAloneEvenForAdmins() {
        Target.Annotation note = new Target.Annotation(author.id(), true, false, null);
        assertEquals(ALLOW, permissions.decide(author, Action.READ_ANNOTATION, note));
        assertEquals(ALLOW, permissions.decide(author, Action.EDIT_ANNOTATION, note));
        assertEquals(NOT_FOUND, permissions.decide(student, Action.READ_ANNOTATION, note));
        assertEquals(NOT_FOUND, permissions.decide(admin, Action.READ_ANNOTATION, note));
    }

    @Test
    void moderatorsModerateAnnotationsOfTheirGroupOnly() {
        Target.Annotation mine = new Target.Annotation(author.id(), false, false, group(MemberRole.MODERATOR, false));
        assertEquals(ALLOW, permissions.decide(student, Action.MODERATE, mine));
        Target.Annotation elsewhere = new Target.Annotation(author.id(), false, false, group(null, false));
        assertEquals(NOT_FOUND, permissions.decide(student, Action.MODERATE, elsewhere));
    }
}
