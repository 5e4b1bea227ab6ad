package org.scholion.documents;

import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.LocalDate;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

@ApplicationScoped
public class DocumentService {
    private final EntityManager em;

    DocumentService(EntityManager em) {
        this.em = em;
    }

    public List<Document> list() {
        return Document.listAll(Sort.by("published").descending().and("title"));
    }

    public Optional<Document> findBySlug(String slug) {
        return Document.find("slug", slug).firstResultOptional();
    }

    /**
     * Inserts the document unless one with the slug exists. The database decides (ON CONFLICT), so
     * two app instances starting at once still import it only once.
     *
     * @return true if this call inserted it
     */
    @Transactional
    public boolean importIfAbsent(String slug, String title, LocalDate published, String text) {
        int inserted = em.createNativeQuery("""
                INSERT INTO document (id, slug, title, published, body, body_length, sha256, created_at, updated_at)
                VALUES (:id, :slug, :title, :published, :body, :length, :sha256, now(), now())
                ON CONFLICT (slug) DO NOTHING""")
                .setParameter("id", UUID.randomUUID())
                .setParameter("slug", slug)
                .setParameter("title", title)
                .setParameter("published", published)
                .setParameter("body", text)
                .setParameter("length", text.codePointCount(0, text.length()))
                .setParameter("sha256", sha256(text))
                .executeUpdate();
        return inserted == 1;
    }

    static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
