package org.scholion.documents;

import io.quarkus.arc.Arc;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.persistence.EntityManager;
import java.util.UUID;
import org.scholion.testing.GroupFixtures;

/** Documents for tests, written with plain SQL against the V11 tables. */
public final class DocumentFixtures {
    private DocumentFixtures() {
    }

    /** A document as an upload makes one: owned, not public, revision 1. */
    public static String privateDocument(String owner) {
        UUID ownerId = GroupFixtures.userId(owner);
        String slug = "private-" + UUID.randomUUID().toString().substring(0, 8);
        QuarkusTransaction.requiringNew().run(() -> {
            UUID id = UUID.randomUUID();
            em().createNativeQuery("INSERT INTO document (id, slug, title, revision, owner_id, is_public, created_at, updated_at)"
                    + " VALUES (:id, :slug, 'A private reading', 1, :owner, false, now(), now())")
                    .setParameter("id", id).setParameter("slug", slug).setParameter("owner", ownerId).executeUpdate();
            em().createNativeQuery("INSERT INTO document_revision (document_id, n, format, body, body_length, sha256)"
                    + " VALUES (:id, 1, 'text', 'Some text.', 10, :sha)")
                    .setParameter("id", id).setParameter("sha", DocumentService.sha256("Some text.")).executeUpdate();
        });
        return slug;
    }

    public static void assign(UUID group, String slug, String by) {
        UUID byId = GroupFixtures.userId(by);
        QuarkusTransaction.requiringNew().run(() -> em().createNativeQuery("INSERT INTO reading (group_id, document_id, assigned_by)"
                + " SELECT :g, d.id, :by FROM document d WHERE d.slug = :s")
                .setParameter("g", group).setParameter("by", byId).setParameter("s", slug).executeUpdate());
    }

    private static EntityManager em() {
        return Arc.container().instance(EntityManager.class).get();
    }
}
