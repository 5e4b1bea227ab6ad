package org.scholion.groups;

import io.quarkus.logging.Log;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.scholion.security.UserDirectory;

/**
 * Demo groups for trying everything at once, loaded only when scholion.demo-data is true (the
 * demo profile). The demo users have not signed in yet, so they get placeholder rows that their
 * first sign-in adopts. Idempotent: fixed ids, and members are seeded only with a new group, so a
 * restart neither duplicates anything nor brings back someone who left.
 */
@ApplicationScoped
public class DemoGroups {
    record Person(String username, String displayName) {
    }

    record Demo(UUID id, String name, String description, Person moderator, List<Person> members) {
    }

    static final Person INES = new Person("ines", "Ines Alvarez");
    static final Person IVAN = new Person("ivan", "Ivan Petrov");
    static final List<Demo> GROUPS = List.of(
            new Demo(UUID.fromString("00000000-0000-4000-8000-000000000101"), "History 101",
                    "Demo group: reading the Red Terror essay together.", INES,
                    List.of(new Person("alice", "Alice Martin"), new Person("bob", "Bob Chen"),
                            new Person("carol", "Carol Okafor"))),
            new Demo(UUID.fromString("00000000-0000-4000-8000-000000000102"), "History 102",
                    "Demo group: a second class, moderated by Ivan.", IVAN,
                    List.of(new Person("dave", "Dave Schmidt"))));

    private final EntityManager em;
    private final UserDirectory users;
    private final boolean enabled;

    DemoGroups(EntityManager em, UserDirectory users, @ConfigProperty(name = "scholion.demo-data", defaultValue = "false") boolean enabled) {
        this.em = em;
        this.users = users;
        this.enabled = enabled;
    }

    /** After StartupChecks (priority 1) has migrated and validated the schema. */
    void onStart(@Observes @Priority(10) StartupEvent event) {
        if (enabled) {
            load();
        }
    }

    public void load() {
        for (Demo demo : GROUPS) {
            if (insert(demo)) {
                Log.infof("Loaded the demo group '%s'", demo.name());
            }
        }
    }

    @Transactional
    boolean insert(Demo demo) {
        UUID moderator = users.ensurePlaceholder(demo.moderator().username(), demo.moderator().displayName());
        int inserted = em.createNativeQuery("""
                INSERT INTO classroom_group (id, name, description, join_code, archived, created_by, created_at, updated_at)
                VALUES (:id, :name, :description, :code, false, :by, now(), now())
                ON CONFLICT (id) DO NOTHING""")
                .setParameter("id", demo.id()).setParameter("name", demo.name())
                .setParameter("description", demo.description()).setParameter("code", GroupService.newCode())
                .setParameter("by", moderator)
                .executeUpdate();
        if (inserted == 0) {
            return false;
        }
        member(demo.id(), moderator, "moderator", moderator);
        for (Person p : demo.members()) {
            member(demo.id(), users.ensurePlaceholder(p.username(), p.displayName()), "member", moderator);
        }
        return true;
    }

    private void member(UUID groupId, UUID userId, String role, UUID actor) {
        em.createNativeQuery("""
                INSERT INTO membership (group_id, user_id, role, joined_at) VALUES (:g, :u, :role, now())
                ON CONFLICT (group_id, user_id) DO NOTHING""")
                .setParameter("g", groupId).setParameter("u", userId).setParameter("role", role).executeUpdate();
        em.createNativeQuery("""
                INSERT INTO group_log (group_id, actor_id, action, subject_id, after_value, at)
                VALUES (:g, :actor, :action, :u, 'demo data', now())""")
                .setParameter("g", groupId).setParameter("actor", actor)
                .setParameter("action", "moderator".equals(role) ? "create" : "join").setParameter("u", userId)
                .executeUpdate();
    }
}
