package org.scholion.lti;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.logging.Log;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.scholion.groups.GroupService;
import org.scholion.security.Target.MemberRole;

/**
 * Roster sync (1EdTech Names and Role Provisioning Services 2.0): a course's group follows the
 * platform's membership list — after each launch (once a minute at most per course) and every
 * {@code scholion.lti.roster-sync} for every course with a membership service. Active members are
 * enrolled with their role (instructors, teaching assistants and course administrators moderate);
 * members the list no longer has, or lists as Inactive or Deleted, lose the group at once (what they
 * wrote stays). Only users of the platform are ever dropped: a member who joined by code stays. A list
 * that could not be read whole changes nothing.
 */
@ApplicationScoped
public class Rosters {
    static final String SCOPE = "https://purl.imsglobal.org/spec/lti-nrps/scope/contextmembership.readonly";
    static final String MEDIA = "application/vnd.ims.lti-nrps.v2.membershipcontainer+json";
    private static final int MAX_PAGES = 200;
    private static final Duration AFTER_LAUNCH = Duration.ofMinutes(1);

    /** A course whose roster should be read now (fired after the launch's commit). */
    record Launched(UUID platform, String contextId) {
    }

    /** What a sync did. */
    public record Synced(int active, int enrolled, int dropped) {
    }

    private record Member(String sub, String name, String email, boolean teaches) {
    }

    private final Platforms platforms;
    private final PlatformServices services;
    private final LtiAccounts accounts;
    private final GroupService groups;
    private final EntityManager em;
    private final Duration every;
    private final Set<Launched> running = ConcurrentHashMap.newKeySet();
    private ScheduledExecutorService executor;

    Rosters(Platforms platforms, PlatformServices services, LtiAccounts accounts, GroupService groups, EntityManager em,
            @ConfigProperty(name = "scholion.lti.roster-sync", defaultValue = "PT1H") Duration every) {
        this.platforms = platforms;
        this.services = services;
        this.accounts = accounts;
        this.groups = groups;
        this.em = em;
        this.every = every;
    }

    void onStart(@Observes StartupEvent e) {
        executor = Executors.newScheduledThreadPool(1, r -> {
            Thread t = new Thread(r, "scholion-lti-rosters");
            t.setDaemon(true);
            return t;
        });
        executor.scheduleWithFixedDelay(this::syncDue, every.toSeconds(), every.toSeconds(), TimeUnit.SECONDS);
    }

    void onStop(@Observes ShutdownEvent e) {
        if (executor != null) {
            executor.shutdownNow();
        }
    }

    void launched(@Observes(during = TransactionPhase.AFTER_SUCCESS) Launched course) {
        if (executor != null && running.add(course)) {
            executor.execute(() -> {
                try {
                    if (due(course, AFTER_LAUNCH)) {
                        sync(course.platform(), course.contextId());
                    }
                } catch (RuntimeException ex) {
                    Log.warnf("LTI: the roster of course %s could not be synced: %s", course.contextId(), ex.getMessage());
                } finally {
                    running.remove(course);
                }
            });
        }
    }

    /** Reads the course's roster from the platform and makes its group follow it. */
    public Synced sync(UUID platformId, String contextId) {
        Platforms.Platform platform = platforms.find(platformId).orElseThrow(() -> new IllegalStateException("platform removed"));
        String url = membershipsUrl(platformId, contextId).orElseThrow(() -> new IllegalStateException("no membership service"));
        List<Member> members = new ArrayList<>();
        Set<String> inactive = new HashSet<>();
        Optional<String> next = Optional.of(url);
        for (int page = 0; next.isPresent(); page++) {
            if (page == MAX_PAGES) {
                throw new PlatformServices.ServiceFailure("the roster of " + contextId + " has more than " + MAX_PAGES + " pages", 0);
            }
            PlatformServices.Page p = services.get(platform, next.get(), MEDIA, List.of(SCOPE));
            for (JsonNode m : p.body().path("members")) {
                String sub = m.path("user_id").asText("");
                if (sub.isEmpty()) {
                    continue;
                }
                String status = m.path("status").asText("Active");
                if (!status.equals("Active")) {
                    inactive.add(sub);
                    continue;
                }
                Set<String> roles = new HashSet<>();
                m.path("roles").forEach(r -> roles.add(r.asText()));
                String name = m.path("name").asText("");
                if (name.isBlank()) {
                    name = (m.path("given_name").asText("") + " " + m.path("family_name").asText("")).strip();
                }
                members.add(new Member(sub, name, m.path("email").asText(null), LtiAccounts.teaches(roles)));
            }
            next = p.next();
        }
        return apply(platform, contextId, members);
    }

    @Transactional
    Synced apply(Platforms.Platform platform, String contextId, List<Member> members) {
        @SuppressWarnings("unchecked")
        List<UUID> groupIds = em.createNativeQuery("SELECT group_id FROM lti_context WHERE platform_id = :p AND context_id = :c", UUID.class)
                .setParameter("p", platform.id()).setParameter("c", contextId).getResultList();
        UUID group = groupIds.stream().findFirst().orElseThrow(() -> new IllegalStateException("no group for course " + contextId));
        Set<UUID> listed = new HashSet<>();
        int enrolled = 0;
        for (Member m : members) {
            UUID user = accounts.user(platform.id(), m.sub(), m.name(), m.email(), m.teaches());
            listed.add(user);
            if (groups.enrol(group, user, m.teaches() ? MemberRole.MODERATOR : MemberRole.MEMBER, user)) {
                enrolled++;
            }
        }
        // the platform's users in the group that its roster no longer lists as active
        @SuppressWarnings("unchecked")
        List<UUID> present = em.createNativeQuery("""
                SELECT m.user_id FROM membership m JOIN lti_account a ON a.user_id = m.user_id AND a.platform_id = :p
                 WHERE m.group_id = :g""", UUID.class).setParameter("p", platform.id()).setParameter("g", group).getResultList();
        int dropped = 0;
        for (UUID user : present) {
            if (!listed.contains(user) && groups.drop(group, user, user)) {
                dropped++;
            }
        }
        em.createNativeQuery("UPDATE lti_context SET synced_at = now() WHERE platform_id = :p AND context_id = :c")
                .setParameter("p", platform.id()).setParameter("c", contextId).executeUpdate();
        return new Synced(members.size(), enrolled, dropped);
    }

    @Transactional
    Optional<String> membershipsUrl(UUID platform, String contextId) {
        @SuppressWarnings("unchecked")
        List<String> urls = em.createNativeQuery("SELECT memberships_url FROM lti_context WHERE platform_id = :p AND context_id = :c")
                .setParameter("p", platform).setParameter("c", contextId).getResultList();
        return urls.stream().filter(u -> u != null).findFirst();
    }

    @Transactional
    boolean due(Launched course, Duration since) {
        Number n = (Number) em.createNativeQuery("""
                SELECT count(*) FROM lti_context WHERE platform_id = :p AND context_id = :c AND memberships_url IS NOT NULL
                   AND (synced_at IS NULL OR synced_at < now() - make_interval(secs => :s))""")
                .setParameter("p", course.platform()).setParameter("c", course.contextId()).setParameter("s", (double) since.toSeconds())
                .getSingleResult();
        return n.longValue() > 0;
    }

    private void syncDue() {
        List<Launched> due;
        try {
            due = dueCourses();
        } catch (RuntimeException ex) {
            Log.warnf("LTI: could not look for rosters to sync: %s", ex.getMessage());
            return;
        }
        for (Launched c : due) {
            try {
                sync(c.platform(), c.contextId());
            } catch (RuntimeException ex) {
                Log.warnf("LTI: the roster of course %s could not be synced: %s", c.contextId(), ex.getMessage());
            }
        }
    }

    @Transactional
    List<Launched> dueCourses() {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery("""
                SELECT c.platform_id, c.context_id FROM lti_context c JOIN lti_platform p ON p.id = c.platform_id AND p.removed_at IS NULL
                 WHERE c.memberships_url IS NOT NULL AND (c.synced_at IS NULL OR c.synced_at < now() - make_interval(secs => :s))""")
                .setParameter("s", (double) every.toSeconds()).getResultList();
        return rows.stream().map(r -> new Launched((UUID) r[0], (String) r[1])).toList();
    }
}
