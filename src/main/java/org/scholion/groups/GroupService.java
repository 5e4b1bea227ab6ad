package org.scholion.groups;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;
import java.security.SecureRandom;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.scholion.domain.DomainError;
import org.scholion.security.Action;
import org.scholion.security.AppUser;
import org.scholion.security.Permissions;
import org.scholion.security.Target;
import org.scholion.security.Target.MemberRole;
import org.scholion.security.UserRef;

/**
 * Groups and memberships. Every write asks {@link Permissions} inside its transaction, after
 * locking the group row, so the answer cannot go stale before the write (an archive racing a
 * rename, two moderators demoting each other at once).
 */
@ApplicationScoped
public class GroupService {
    /** No 0/O, 1/I/L: codes get read aloud and copied off a projector. 12 of 31 symbols ≈ 59 bits. */
    static final String CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ";
    static final int CODE_LENGTH = 12;
    private static final SecureRandom RANDOM = new SecureRandom();

    /** A group with the caller's role in it (null: not a member). */
    public record Seen(Group group, MemberRole callerRole) {
    }

    public record Member(Membership membership, AppUser user) {
    }

    /** @param created whether this call made the membership (false: it existed) */
    public record Joined(Group group, Membership membership, boolean created) {
    }

    private final EntityManager em;
    private final Permissions permissions;
    private final Memberships memberships;
    private final Event<GroupSettingsChanged> settingsChanged;

    GroupService(EntityManager em, Permissions permissions, Memberships memberships,
            Event<GroupSettingsChanged> settingsChanged) {
        this.em = em;
        this.permissions = permissions;
        this.memberships = memberships;
        this.settingsChanged = settingsChanged;
    }

    // ---- reading ---------------------------------------------------------------------------

    public Optional<Group> find(UUID id) {
        return Optional.ofNullable(Group.findById(id));
    }

    public Optional<Group> findByCode(String code) {
        return Group.find("joinCode", normalizeCode(code)).firstResultOptional();
    }

    /** The group as the permission map needs to see it for this caller. */
    public Target.Group target(Group g, UserRef user) {
        return memberships.standing(g, user);
    }

    /** The group if the caller may do the action to it; else the permission map's problem (404/403/409). */
    public Seen require(UserRef user, UUID groupId, Action action) {
        Group g = find(groupId).orElseThrow(Permissions::notFound);
        return checked(user, g, action);
    }

    /** The caller's groups, by name; with {@code all} (admins) every group. */
    public List<Seen> list(UserRef user, boolean all) {
        if (all) {
            permissions.require(user, Action.LIST_ALL_GROUPS, new Target.AllGroups());
            Map<UUID, MemberRole> mine = new HashMap<>();
            for (Membership m : Membership.<Membership>list("userId", user.id())) {
                mine.put(m.groupId, m.role);
            }
            return Group.<Group>list("order by name, id").stream().map(g -> new Seen(g, mine.get(g.id))).toList();
        }
        List<Object[]> rows = em.createQuery("""
                select g, m.role from ClassroomGroup g, Membership m
                 where m.groupId = g.id and m.userId = :u order by g.name, g.id""", Object[].class)
                .setParameter("u", user.id()).getResultList();
        List<Seen> seen = new ArrayList<>(rows.size());
        for (Object[] r : rows) {
            Group g = (Group) r[0];
            if (user.reaches(g.id)) {
                seen.add(new Seen(g, (MemberRole) r[1]));
            }
        }
        return seen;
    }

    /** Moderators first, then by display name. */
    public List<Member> members(UUID groupId) {
        return em.createQuery("""
                select m, u from Membership m, AppUser u
                 where u.id = m.userId and m.groupId = :g order by m.role desc, u.displayName, u.username""", Object[].class)
                .setParameter("g", groupId).getResultStream()
                .map(r -> new Member((Membership) r[0], (AppUser) r[1])).toList();
    }

    public List<GroupLogEntry> auditTrail(UUID groupId) {
        return GroupLogEntry.list("groupId = ?1 and annotationId is null order by id", groupId);
    }

    // ---- writing ---------------------------------------------------------------------------

    @Transactional
    public Group create(UserRef user, String name, String description) {
        permissions.require(user, Action.CREATE_GROUP, new Target.AllGroups());
        Group g = persisted(user.id(), name, description);
        OffsetDateTime now = g.createdAt;
        Membership m = new Membership();
        m.groupId = g.id;
        m.userId = user.id();
        m.role = MemberRole.MODERATOR;
        m.joinedAt = now;
        m.persist();
        audit(g.id, user.id(), "create", user.id(), "");
        return g;
    }

    /**
     * Changes the fields that are not null. New moderation settings ({@code settings} null: none)
     * are announced in the transaction ({@link GroupSettingsChanged}) for the moderation log.
     */
    @Transactional
    public Seen update(UserRef user, UUID groupId, String name, String description, SettingsRequest settings) {
        Seen seen = locked(user, groupId, Action.MANAGE_GROUP);
        Group g = seen.group();
        List<String> changed = new ArrayList<>();
        if (settings != null) {
            Target.Settings before = g.settings();
            Target.Settings after = settings.applyTo(before);
            if (!after.equals(before)) {
                g.requireSources = after.requireSources();
                g.preModeration = after.preModeration();
                g.hidePeersUntilPost = after.hidePeersUntilPost();
                g.updatedAt = OffsetDateTime.now();
                // one entry per setting, with before and after, by the group log's observer
                settingsChanged.fire(new GroupSettingsChanged(g.id, user.id(), before, after));
            }
        }
        if (name != null && !name.equals(g.name)) {
            g.name = name;
            changed.add("name");
        }
        if (description != null && !description.equals(g.description)) {
            g.description = description;
            changed.add("description");
        }
        if (!changed.isEmpty()) {
            g.updatedAt = OffsetDateTime.now();
            audit(g.id, user.id(), "update", null, String.join(", ", changed));
        }
        return seen;
    }

    /** Archiving an archived group (or unarchiving an active one) changes nothing and is not logged. */
    @Transactional
    public Seen setArchived(UserRef user, UUID groupId, boolean archived) {
        Seen seen = locked(user, groupId, Action.ARCHIVE_GROUP);
        Group g = seen.group();
        if (g.archived != archived) {
            g.archived = archived;
            g.updatedAt = OffsetDateTime.now();
            audit(g.id, user.id(), archived ? "archive" : "unarchive", null, "");
        }
        return seen;
    }

    /** A new join code; the old one answers 404 from now on, like a code that never existed. */
    @Transactional
    public Seen rotateCode(UserRef user, UUID groupId) {
        Seen seen = locked(user, groupId, Action.MANAGE_GROUP);
        Group g = seen.group();
        g.joinCode = freshCode();
        g.updatedAt = OffsetDateTime.now();
        audit(g.id, user.id(), "rotate-code", null, "");
        return seen;
    }

    /**
     * Joins the caller to the group with this code, or returns their existing membership. The
     * primary key decides (INSERT ... ON CONFLICT DO NOTHING), so concurrent joins meet in one row.
     * Unknown and rotated codes are the same 404.
     */
    @Transactional
    public Joined join(UserRef user, String code) {
        // FOR SHARE: joins run side by side, but not past an archive that is committing
        Group g = Group.<Group>find("joinCode", normalizeCode(code)).withLock(LockModeType.PESSIMISTIC_READ)
                .firstResultOptional()
                .orElseThrow(GroupService::unknownCode);
        permissions.require(user, Action.JOIN_GROUP, target(g, user));
        int inserted = em.createNativeQuery("""
                INSERT INTO membership (group_id, user_id, role, joined_at) VALUES (:g, :u, 'member', now())
                ON CONFLICT (group_id, user_id) DO NOTHING""")
                .setParameter("g", g.id).setParameter("u", user.id())
                .executeUpdate();
        if (inserted == 1) {
            audit(g.id, user.id(), "join", user.id(), "");
        }
        Membership m = em.find(Membership.class, new Membership.Key(g.id, user.id()));
        return new Joined(g, m, inserted == 1);
    }

    /** Leaving is allowed in an archived group too: it changes who reads, not what is there. */
    @Transactional
    public void leave(UserRef user, UUID groupId) {
        Seen seen = locked(user, groupId, Action.READ_GROUP);
        Membership m = membership(groupId, user.id())
                .orElseThrow(() -> DomainError.notFound("You are not a member of this group."));
        requireAnotherModerator(m, "leave");
        m.delete();
        audit(seen.group().id, user.id(), "leave", user.id(), "");
    }

    @Transactional
    public Member changeRole(UserRef user, UUID groupId, UUID memberId, MemberRole role) {
        Seen seen = locked(user, groupId, Action.MANAGE_GROUP);
        Membership m = membership(groupId, memberId).orElseThrow(GroupService::notAMember);
        if (m.role != role) {
            if (role == MemberRole.MEMBER) {
                requireAnotherModerator(m, "be demoted");
            }
            audit(seen.group().id, user.id(), "role-change", memberId, Membership.wire(m.role) + " → " + Membership.wire(role));
            m.role = role;
        }
        return new Member(m, AppUser.findById(memberId));
    }

    /** Removing oneself is leaving, and is logged as such. */
    @Transactional
    public void remove(UserRef user, UUID groupId, UUID memberId) {
        Seen seen = locked(user, groupId, Action.MANAGE_GROUP);
        Membership m = membership(groupId, memberId).orElseThrow(GroupService::notAMember);
        requireAnotherModerator(m, memberId.equals(user.id()) ? "leave" : "be removed");
        m.delete();
        audit(seen.group().id, user.id(), memberId.equals(user.id()) ? "leave" : "remove", memberId, "");
    }

    // ---- inside ----------------------------------------------------------------------------

    // ---- the LMS's word (lti/): a course's group follows its roster ----------------------------

    /**
     * A course's group, made for its learning platform at the course's first launch: no member yet —
     * the course's instructors become its moderators and its learners its members as the platform says.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public UUID createForCourse(UUID firstLauncher, String name, String description) {
        Group g = persisted(firstLauncher, name, description);
        audit(g.id, firstLauncher, "lti.create", null, "made for a course of a learning platform");
        return g.id;
    }

    /**
     * Makes the user a member with this role, as the course's platform says (a launch or a roster
     * sync): joins them, or changes their role; logged with {@code actor} (the user at a launch).
     * True when something changed.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public boolean enrol(UUID groupId, UUID userId, MemberRole role, UUID actor) {
        String wire = role == MemberRole.MODERATOR ? "moderator" : "member";
        @SuppressWarnings("unchecked")
        List<Object[]> changed = em.createNativeQuery("""
                INSERT INTO membership (group_id, user_id, role, joined_at) VALUES (:g, :u, :r, now())
                ON CONFLICT (group_id, user_id) DO UPDATE SET role = EXCLUDED.role WHERE membership.role <> EXCLUDED.role
                RETURNING (xmax = 0), role""")
                .setParameter("g", groupId).setParameter("u", userId).setParameter("r", wire).getResultList();
        if (changed.isEmpty()) {
            return false;
        }
        boolean inserted = Boolean.TRUE.equals(changed.get(0)[0]);
        log(groupId, actor, inserted ? "lti.join" : "lti.role-change", userId, null, wire, "the learning platform's roster");
        return true;
    }

    /** Ends the membership the course's platform no longer lists; what they wrote stays. True when they were a member. */
    @Transactional(Transactional.TxType.MANDATORY)
    public boolean drop(UUID groupId, UUID userId, UUID actor) {
        int n = em.createNativeQuery("DELETE FROM membership WHERE group_id = :g AND user_id = :u")
                .setParameter("g", groupId).setParameter("u", userId).executeUpdate();
        if (n == 1) {
            log(groupId, actor, "lti.drop", userId, null, null, "no longer on the learning platform's roster");
        }
        return n == 1;
    }

    /** A new group with a fresh join code, flushed now: the membership and log rows that follow point at it. */
    private Group persisted(UUID creator, String name, String description) {
        OffsetDateTime now = OffsetDateTime.now();
        Group g = new Group();
        g.id = UUID.randomUUID();
        g.name = name;
        g.description = description;
        g.joinCode = freshCode();
        g.createdBy = creator;
        g.createdAt = now;
        g.updatedAt = now;
        g.persistAndFlush();
        return g;
    }

    /** Normalized as stored: codes are compared without regard to case or surrounding blanks. */
    static String normalizeCode(String code) {
        return code == null ? "" : code.strip().toUpperCase(Locale.ROOT);
    }

    static String newCode() {
        StringBuilder b = new StringBuilder(CODE_LENGTH);
        for (int i = 0; i < CODE_LENGTH; i++) {
            b.append(CODE_ALPHABET.charAt(RANDOM.nextInt(CODE_ALPHABET.length())));
        }
        return b.toString();
    }

    /** A code no group has; the unique constraint stays the last word should two writers draw the same one. */
    private String freshCode() {
        for (int attempt = 0; attempt < 5; attempt++) {
            String code = newCode();
            if (Group.count("joinCode", code) == 0) {
                return code;
            }
        }
        throw new IllegalStateException("Five random join codes in a row were taken; the code space is too small");
    }

    private Seen locked(UserRef user, UUID groupId, Action action) {
        Group g = em.find(Group.class, groupId, LockModeType.PESSIMISTIC_WRITE);
        if (g == null) {
            throw Permissions.notFound();
        }
        return checked(user, g, action);
    }

    private Seen checked(UserRef user, Group g, Action action) {
        Target.Group target = target(g, user);
        permissions.require(user, action, target);
        return new Seen(g, target.callerRole());
    }

    private Optional<Membership> membership(UUID groupId, UUID userId) {
        return Optional.ofNullable(em.find(Membership.class, new Membership.Key(groupId, userId)));
    }

    /** Callers hold the group's row lock, so two moderators cannot both step down at once. */
    private void requireAnotherModerator(Membership m, String what) {
        if (m.role != MemberRole.MODERATOR) {
            return;
        }
        long moderators = Membership.count("groupId = ?1 and role = ?2", m.groupId, MemberRole.MODERATOR);
        if (moderators <= 1) {
            throw DomainError.conflict("The last moderator cannot " + what
                    + ": a group must keep a moderator. Promote another member to moderator first.");
        }
    }

    /** One answer for unknown, rotated and malformed codes, so codes cannot be probed. */
    static DomainError unknownCode() {
        return DomainError.notFound("code", "No group has this join code.");
    }

    private static DomainError notAMember() {
        return DomainError.notFound("This user is not a member of the group.");
    }

    /** One entry in the group's log with the value before and after and why (a rubric changed, a score overridden). */
    public void log(UUID groupId, UUID actorId, String action, UUID subjectId, String before, String after, String reason) {
        GroupLogEntry.of(groupId, actorId, action, null, null, subjectId, before, after, reason).persist();
    }

    /** One entry in the group's log: who changed what, kept forever. */
    public void audit(UUID groupId, UUID actorId, String action, UUID subjectId, String detail) {
        log(groupId, actorId, action, subjectId, null, detail, null);
    }
}
