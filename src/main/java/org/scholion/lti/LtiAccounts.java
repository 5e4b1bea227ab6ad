package org.scholion.lti;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.scholion.groups.GroupService;
import org.scholion.security.Roles;
import org.scholion.security.Target.MemberRole;
import org.scholion.security.UserDirectory;

/**
 * The LMS's people and courses as Scholion's: a user keyed by (platform, {@code sub}) — an ordinary
 * app_user whose subject is {@code lti:} and a hash of the two, so no Keycloak subject (a UUID) and no
 * other platform's user can ever be it — and a course (context) as one group, whose instructors,
 * teaching assistants and course administrators moderate it and whose other members are members.
 */
@ApplicationScoped
class LtiAccounts {
    /** Who a launch signed in, and the course's group. */
    record SignedIn(UUID user, UUID group) {
    }

    private final EntityManager em;
    private final UserDirectory users;
    private final GroupService groups;
    private final Event<Rosters.Launched> launched;
    private final Grades grades;

    LtiAccounts(EntityManager em, UserDirectory users, GroupService groups, Event<Rosters.Launched> launched, Grades grades) {
        this.grades = grades;
        this.em = em;
        this.users = users;
        this.groups = groups;
        this.launched = launched;
    }

    /** Instructors, teaching assistants and the course's administrators moderate its group. */
    static boolean teaches(java.util.Collection<String> roles) {
        return roles.contains(Claims.INSTRUCTOR) || roles.contains(Claims.TEACHING_ASSISTANT) || roles.contains(Claims.CONTEXT_ADMINISTRATOR);
    }

    static String subject(UUID platform, String sub) {
        return "lti:" + Secrets.hashText(platform + "\n" + sub);
    }

    /** The user, the course's group and the user's membership in it, as the launch says. */
    @Transactional
    SignedIn signIn(Launch l, String platformName) {
        UUID user = user(l.platform(), l.sub(), l.name(), l.email(), l.teaches());
        UUID group = course(l, platformName, user);
        groups.enrol(group, user, l.teaches() ? MemberRole.MODERATOR : MemberRole.MEMBER, user);
        grades.learn(l, group);
        if (l.membershipsUrl() != null) {
            // the rest of the course follows after the commit (Rosters), off the launch's time
            launched.fire(new Rosters.Launched(l.platform(), l.contextId()));
        }
        return new SignedIn(user, group);
    }

    /**
     * The user's row, written or refreshed. One who teaches a course gets the instructor role (they may
     * bring readings) and keeps it; the LMS's institution roles never make a Scholion admin.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    UUID user(UUID platform, String sub, String name, String email, boolean teaches) {
        String subject = subject(platform, sub);
        @SuppressWarnings("unchecked")
        List<String> had = em.createNativeQuery("SELECT array_to_string(roles, ',') FROM app_user WHERE subject = :s")
                .setParameter("s", subject).getResultList();
        Set<String> roles = new HashSet<>();
        if (!had.isEmpty() && had.get(0) != null && List.of(had.get(0).split(",")).contains(Roles.INSTRUCTOR)) {
            roles.add(Roles.INSTRUCTOR);
        }
        roles.add(teaches ? Roles.INSTRUCTOR : Roles.STUDENT);
        if (roles.contains(Roles.INSTRUCTOR)) {
            roles.remove(Roles.STUDENT);
        }
        String display = firstNonBlank(name, email, "LMS user");
        String username = "lti-" + subject.substring(4, 16);
        UUID id = users.record(subject, username, clip(display, 255), roles);
        em.createNativeQuery("""
                INSERT INTO lti_account (user_id, platform_id, sub, email) VALUES (:u, :p, :sub, :email)
                ON CONFLICT (user_id) DO UPDATE SET email = EXCLUDED.email WHERE lti_account.email IS DISTINCT FROM EXCLUDED.email""")
                .setParameter("u", id).setParameter("p", platform).setParameter("sub", sub)
                .setParameter("email", email == null ? null : clip(email, 320)).executeUpdate();
        return id;
    }

    /** The course's group: made at the course's first launch (one, however many launch at once). */
    @Transactional(Transactional.TxType.MANDATORY)
    UUID course(Launch l, String platformName, UUID launcher) {
        em.createNativeQuery("SELECT pg_advisory_xact_lock(hashtextextended(:k, 23))")
                .setParameter("k", l.platform() + "\n" + l.contextId()).getSingleResult();
        @SuppressWarnings("unchecked")
        List<UUID> found = em.createNativeQuery("SELECT group_id FROM lti_context WHERE platform_id = :p AND context_id = :c", UUID.class)
                .setParameter("p", l.platform()).setParameter("c", l.contextId()).getResultList();
        UUID group;
        if (found.isEmpty()) {
            group = groups.createForCourse(launcher, groupName(l.contextTitle(), l.contextLabel(), l.contextId()),
                    clip("The course " + firstNonBlank(l.contextLabel(), l.contextTitle(), l.contextId()) + " in " + platformName
                            + " (LTI): its roster and grades follow the learning platform.", 2000));
            em.createNativeQuery("""
                    INSERT INTO lti_context (platform_id, context_id, group_id, memberships_url, lineitems_url)
                    VALUES (:p, :c, :g, :m, :l)""")
                    .setParameter("p", l.platform()).setParameter("c", l.contextId()).setParameter("g", group)
                    .setParameter("m", l.membershipsUrl()).setParameter("l", l.lineItemsUrl()).executeUpdate();
        } else {
            group = found.get(0);
            em.createNativeQuery("""
                    UPDATE lti_context SET memberships_url = coalesce(:m, memberships_url), lineitems_url = coalesce(:l, lineitems_url)
                     WHERE platform_id = :p AND context_id = :c""")
                    .setParameter("m", l.membershipsUrl()).setParameter("l", l.lineItemsUrl())
                    .setParameter("p", l.platform()).setParameter("c", l.contextId()).executeUpdate();
        }
        return group;
    }

    /** The group of the launch's course (made at its first launch). */
    @Transactional
    UUID groupOf(Launch l) {
        @SuppressWarnings("unchecked")
        List<UUID> found = em.createNativeQuery("SELECT group_id FROM lti_context WHERE platform_id = :p AND context_id = :c", UUID.class)
                .setParameter("p", l.platform()).setParameter("c", l.contextId()).getResultList();
        return found.isEmpty() ? null : found.get(0);
    }

    /** The course's title with its label, as the group is named: "History 101: Revolutions (HIST101)". */
    static String groupName(String title, String label, String id) {
        String t = title == null ? "" : title.strip();
        String lab = label == null ? "" : label.strip();
        String name = t.isEmpty() ? (lab.isEmpty() ? "Course " + id : lab) : lab.isEmpty() || lab.equals(t) ? t : t + " (" + lab + ")";
        return clip(name, 120);
    }

    private static String firstNonBlank(String... values) {
        for (String v : values) {
            if (v != null && !v.isBlank()) {
                return v.strip();
            }
        }
        return "";
    }

    private static String clip(String s, int max) {
        return s.codePointCount(0, s.length()) <= max ? s : s.substring(0, s.offsetByCodePoints(0, max - 1)) + "…";
    }
}
