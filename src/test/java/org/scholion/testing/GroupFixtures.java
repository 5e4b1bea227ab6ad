package org.scholion.testing;

import io.quarkus.arc.Arc;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.persistence.EntityManager;
import java.util.UUID;

/**
 * Classroom groups for tests, written with plain SQL against the V2 tables, so tests of other
 * features need none of the groups feature's classes.
 */
public final class GroupFixtures {
    private GroupFixtures() {
    }

    /** The user's app_user id; the user makes one request first so that the row exists. */
    public static UUID userId(String username) {
        Tokens.as(username).get("/api/documents").then().statusCode(200);
        return QuarkusTransaction.requiringNew().call(() -> (UUID) em()
                .createNativeQuery("SELECT id FROM app_user WHERE username = :u", UUID.class)
                .setParameter("u", username).getSingleResult());
    }

    /** A new group moderated by the first user, with the others as members. */
    public static UUID group(String moderator, String... members) {
        UUID mod = userId(moderator);
        UUID id = UUID.randomUUID();
        QuarkusTransaction.requiringNew().run(() -> em().createNativeQuery("""
                INSERT INTO classroom_group (id, name, join_code, created_by) VALUES (:id, :name, :code, :by)""")
                .setParameter("id", id).setParameter("name", "Test group " + id.toString().substring(0, 8))
                .setParameter("code", UUID.randomUUID().toString()).setParameter("by", mod).executeUpdate());
        join(id, moderator, "moderator");
        for (String m : members) {
            join(id, m, "member");
        }
        return id;
    }

    public static void join(UUID group, String username, String role) {
        UUID user = userId(username);
        QuarkusTransaction.requiringNew().run(() -> em().createNativeQuery("""
                INSERT INTO membership (group_id, user_id, role) VALUES (:g, :u, :r)
                ON CONFLICT (group_id, user_id) DO UPDATE SET role = EXCLUDED.role""")
                .setParameter("g", group).setParameter("u", user).setParameter("r", role).executeUpdate());
    }

    public static void leave(UUID group, String username) {
        UUID user = userId(username);
        QuarkusTransaction.requiringNew().run(() -> em().createNativeQuery(
                "DELETE FROM membership WHERE group_id = :g AND user_id = :u")
                .setParameter("g", group).setParameter("u", user).executeUpdate());
    }

    public static void archive(UUID group) {
        QuarkusTransaction.requiringNew().run(() -> em().createNativeQuery(
                "UPDATE classroom_group SET archived = true WHERE id = :g").setParameter("g", group).executeUpdate());
    }

    /** A count by plain SQL, for tests that check nothing was written. */
    public static long count(String sql) {
        return QuarkusTransaction.requiringNew().call(() -> ((Number) em().createNativeQuery(sql).getSingleResult()).longValue());
    }

    private static EntityManager em() {
        return Arc.container().instance(EntityManager.class).get();
    }
}
