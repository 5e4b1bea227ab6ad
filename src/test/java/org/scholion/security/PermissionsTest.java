package org.scholion.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.scholion.security.Permissions.Decision.ALLOW;
import static org.scholion.security.Permissions.Decision.ARCHIVED;
import static org.scholion.security.Permissions.Decision.FORBIDDEN;
import static org.scholion.security.Permissions.Decision.NOT_FOUND;
import static org.scholion.security.Permissions.Decision.OUT_OF_SCOPE;

import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.scholion.domain.ModerationState;
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
        row(Action.READ_MODERATION, NOT_FOUND, FORBIDDEN, ALLOW, ALLOW);
        row(Action.EXPORT_GROUP, NOT_FOUND, FORBIDDEN, ALLOW, ALLOW);
        row(Action.IMPORT_INTO_GROUP, NOT_FOUND, FORBIDDEN, ALLOW, ALLOW);
        row(Action.GRADE, NOT_FOUND, FORBIDDEN, ALLOW, ALLOW);
        row(Action.ARCHIVE_GROUP, NOT_FOUND, FORBIDDEN, ALLOW, ALLOW);
        row(Action.JOIN_GROUP, ALLOW, ALLOW, ALLOW, ALLOW);
    }

    /**
     * Issue 22: a token "acts exactly as its owner within its scopes, never more". A moderator's
     * token: what the role allows, less what the scopes leave out (403, after 404: a group the token
     * cannot see stays not found); a token kept to another group does not reach this one at all.
     */
    @Test
    void aTokenDoesWhatItsOwnersRoleAllowsWithinItsScopesAndGroups() {
        UUID owner = UUID.randomUUID();
        java.util.function.Function<Set<Scope>, UserRef> token = scopes -> new UserRef(owner, "s", "mod", "Mod", Set.of(Roles.INSTRUCTOR),
                new Grant(UUID.randomUUID(), scopes, null));
        UserRef read = token.apply(Set.of(Scope.READ));
        UserRef write = token.apply(Set.of(Scope.READ, Scope.WRITE));
        UserRef moderate = token.apply(Set.of(Scope.READ, Scope.MODERATE));
        Target.Group mine = group(MemberRole.MODERATOR, false);
        // action                    read           write          moderate
        Object[][] table = {
            {Action.READ_GROUP,        ALLOW,         ALLOW,         ALLOW},
            {Action.EXPORT_GROUP,      ALLOW,         ALLOW,         ALLOW},
            {Action.ANNOTATE_IN_GROUP, OUT_OF_SCOPE,  ALLOW,         OUT_OF_SCOPE},
            {Action.MODERATE,          OUT_OF_SCOPE,  OUT_OF_SCOPE,  ALLOW},
            {Action.MANAGE_GROUP,      OUT_OF_SCOPE,  OUT_OF_SCOPE,  ALLOW},
            {Action.IMPORT_INTO_GROUP, OUT_OF_SCOPE,  OUT_OF_SCOPE,  ALLOW},
            {Action.JOIN_GROUP,        OUT_OF_SCOPE,  ALLOW,         OUT_OF_SCOPE},
        };
        for (Object[] row : table) {
            Action a = (Action) row[0];
            assertEquals(row[1], permissions.decide(read, a, mine), a + " with read");
            assertEquals(row[2], permissions.decide(write, a, mine), a + " with write");
            assertEquals(row[3], permissions.decide(moderate, a, mine), a + " with moderate");
        }
        // the role still decides first: a member's moderate-scoped token moderates nothing
        assertEquals(FORBIDDEN, permissions.decide(moderate, Action.MODERATE, group(MemberRole.MEMBER, false)));
        assertEquals(NOT_FOUND, permissions.decide(moderate, Action.MODERATE, group(null, false)));
        // a token kept to another group: an admin's loses the admin's reach; nobody joins outside its groups
        UserRef keptAdmin = new UserRef(owner, "s", "adm", "Adm", Set.of(Roles.ADMIN),
                new Grant(UUID.randomUUID(), Set.of(Scope.READ, Scope.WRITE), Set.of(UUID.randomUUID())));
        assertEquals(NOT_FOUND, permissions.decide(keptAdmin, Action.READ_GROUP, group(null, false)));
        assertEquals(NOT_FOUND, permissions.decide(keptAdmin, Action.JOIN_GROUP, group(null, false)));
        assertEquals(FORBIDDEN, permissions.decide(keptAdmin, Action.LIST_ALL_GROUPS, new Target.AllGroups()));
        // without a token, nothing changes
        assertEquals(ALLOW, permissions.decide(admin, Action.READ_GROUP, group(null, false)));
    }

    @Test
    void archivedGroupsRefuseManagementButCanBeUnarchived() {
        // action               non-member  member     moderator  admin(non-member)
        archivedRow(Action.MANAGE_GROUP, NOT_FOUND, FORBIDDEN, ARCHIVED, ARCHIVED);
        archivedRow(Action.ARCHIVE_GROUP, NOT_FOUND, FORBIDDEN, ALLOW, ALLOW);
        archivedRow(Action.JOIN_GROUP, ARCHIVED, ARCHIVED, ARCHIVED, ARCHIVED);
        archivedRow(Action.READ_GROUP, NOT_FOUND, ALLOW, ALLOW, ALLOW);
        archivedRow(Action.MODERATE, NOT_FOUND, FORBIDDEN, ARCHIVED, ARCHIVED);
        archivedRow(Action.READ_MODERATION, NOT_FOUND, FORBIDDEN, ALLOW, ALLOW);
        archivedRow(Action.EXPORT_GROUP, NOT_FOUND, FORBIDDEN, ALLOW, ALLOW);
        archivedRow(Action.IMPORT_INTO_GROUP, NOT_FOUND, FORBIDDEN, ARCHIVED, ARCHIVED);
        archivedRow(Action.GRADE, NOT_FOUND, FORBIDDEN, ALLOW, ALLOW);
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

    private Target.Annotation annotation(MemberRole callerRole, boolean archived, ModerationState state, boolean locked) {
        return new Target.Annotation(author.id(), false, false, group(callerRole, archived), state, false, false, 0, locked);
    }

    @Test
    void readersFlagAndUpvoteWhatOthersWroteModeratorsModerate() {
        // action                  on a visible annotation of the group, by:  non-member  member  moderator  admin  author
        Target.Annotation member = annotation(MemberRole.MEMBER, false, ModerationState.VISIBLE, false);
        Target.Annotation moderator = annotation(MemberRole.MODERATOR, false, ModerationState.VISIBLE, false);
        Target.Annotation stranger = annotation(null, false, ModerationState.VISIBLE, false);
        for (Action a : new Action[] { Action.FLAG, Action.UPVOTE }) {
            assertEquals(NOT_FOUND, permissions.decide(student, a, stranger), a + " non-member");
            assertEquals(ALLOW, permissions.decide(student, a, member), a + " member");
            assertEquals(ALLOW, permissions.decide(student, a, moderator), a + " moderator");
            assertEquals(ALLOW, permissions.decide(admin, a, stranger), a + " admin");
            assertEquals(FORBIDDEN, permissions.decide(author, a, member), a + " author");
            assertEquals(ARCHIVED, permissions.decide(student, a, annotation(MemberRole.MEMBER, true, ModerationState.VISIBLE, false)));
        }
        assertEquals(NOT_FOUND, permissions.decide(student, Action.MODERATE, stranger));
        assertEquals(FORBIDDEN, permissions.decide(student, Action.MODERATE, member));
        assertEquals(FORBIDDEN, permissions.decide(author, Action.MODERATE, member));
        assertEquals(ALLOW, permissions.decide(student, Action.MODERATE, moderator));
        assertEquals(ALLOW, permissions.decide(admin, Action.MODERATE, stranger));
        assertEquals(ARCHIVED, permissions.decide(student, Action.MODERATE, annotation(MemberRole.MODERATOR, true, ModerationState.VISIBLE, false)));
        assertEquals(ALLOW, permissions.decide(student, Action.READ_MODERATION, annotation(MemberRole.MODERATOR, true, ModerationState.VISIBLE, false)));
    }

    @Test
    void aHiddenAnnotationIsNotFoundForMembersButModeratedByModerators() {
        Target.Annotation seenByMember = annotation(MemberRole.MEMBER, false, ModerationState.HIDDEN, false);
        Target.Annotation seenByModerator = annotation(MemberRole.MODERATOR, false, ModerationState.HIDDEN, false);
        assertEquals(NOT_FOUND, permissions.decide(student, Action.READ_ANNOTATION, seenByMember));
        assertEquals(NOT_FOUND, permissions.decide(student, Action.FLAG, seenByMember));
        assertEquals(NOT_FOUND, permissions.decide(student, Action.MODERATE, seenByMember));
        assertEquals(ALLOW, permissions.decide(author, Action.READ_ANNOTATION, seenByMember), "its author is told");
        assertEquals(ALLOW, permissions.decide(author, Action.EDIT_ANNOTATION, seenByMember), "and may still edit it");
        assertEquals(ALLOW, permissions.decide(student, Action.MODERATE, seenByModerator));
        assertEquals(NOT_FOUND, permissions.decide(student, Action.READ_ANNOTATION,
                annotation(MemberRole.MEMBER, false, ModerationState.PENDING, false)));
    }

    @Test
    void aLockedThreadTakesRepliesFromModeratorsOnly() {
        assertEquals(Permissions.Decision.LOCKED, permissions.decide(student, Action.REPLY,
                annotation(MemberRole.MEMBER, false, ModerationState.VISIBLE, true)));
        assertEquals(Permissions.Decision.LOCKED, permissions.decide(author, Action.REPLY,
                annotation(MemberRole.MEMBER, false, ModerationState.VISIBLE, true)));
        assertEquals(ALLOW, permissions.decide(student, Action.REPLY, annotation(MemberRole.MODERATOR, false, ModerationState.VISIBLE, true)));
        assertEquals(ALLOW, permissions.decide(admin, Action.REPLY, annotation(null, false, ModerationState.VISIBLE, true)));
        assertEquals(ALLOW, permissions.decide(student, Action.REPLY, annotation(MemberRole.MEMBER, false, ModerationState.VISIBLE, false)));
        // archived before locked: an archived group takes nothing
        assertEquals(ARCHIVED, permissions.decide(student, Action.REPLY, annotation(MemberRole.MODERATOR, true, ModerationState.VISIBLE, true)));
    }

    @Test
    void privateNotesHaveNoModeratorsFlagsOrUpvotes() {
        Target.Annotation note = new Target.Annotation(author.id(), true, false, null);
        assertEquals(ALLOW, permissions.decide(author, Action.REPLY, note));
        for (Action a : new Action[] { Action.FLAG, Action.UPVOTE, Action.MODERATE, Action.READ_MODERATION }) {
            assertEquals(FORBIDDEN, permissions.decide(author, a, note), a.toString());
            assertEquals(NOT_FOUND, permissions.decide(admin, a, note), a.toString());
        }
    }

    @Test
    void documentsByWhoTheCallerIs() {
        UserRef owner = user(Roles.INSTRUCTOR);
        UserRef instructor = user(Roles.INSTRUCTOR);
        Target.Document own = new Target.Document(owner.id(), false, false);
        Target.Document assignedToStudent = new Target.Document(owner.id(), false, true);
        Target.Document shipped = new Target.Document(null, true, false);
        // not public, not assigned: the owner and admins alone; everyone else is told nothing is here
        assertEquals(ALLOW, permissions.decide(owner, Action.READ_DOCUMENT, own));
        assertEquals(ALLOW, permissions.decide(owner, Action.REVISE_DOCUMENT, own));
        assertEquals(ALLOW, permissions.decide(admin, Action.REVISE_DOCUMENT, own));
        assertEquals(NOT_FOUND, permissions.decide(instructor, Action.READ_DOCUMENT, own));
        assertEquals(NOT_FOUND, permissions.decide(student, Action.REVISE_DOCUMENT, own));
        // assigned to the caller's group: they read it, they do not revise it
        assertEquals(ALLOW, permissions.decide(student, Action.READ_DOCUMENT, assignedToStudent));
        assertEquals(FORBIDDEN, permissions.decide(student, Action.REVISE_DOCUMENT, assignedToStudent));
        // public and shipped: everyone reads; only admins revise what nobody owns
        assertEquals(ALLOW, permissions.decide(student, Action.READ_DOCUMENT, shipped));
        assertEquals(FORBIDDEN, permissions.decide(instructor, Action.REVISE_DOCUMENT, shipped));
        assertEquals(ALLOW, permissions.decide(admin, Action.REVISE_DOCUMENT, shipped));
        // bringing documents: instructors, moderators of a group, admins
        assertEquals(ALLOW, permissions.decide(instructor, Action.CREATE_DOCUMENT, new Target.AllDocuments(false)));
        assertEquals(ALLOW, permissions.decide(admin, Action.CREATE_DOCUMENT, new Target.AllDocuments(false)));
        assertEquals(ALLOW, permissions.decide(student, Action.CREATE_DOCUMENT, new Target.AllDocuments(true)));
        assertEquals(FORBIDDEN, permissions.decide(student, Action.CREATE_DOCUMENT, new Target.AllDocuments(false)));
    }
}
