package org.scholion.documents;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Date;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.scholion.security.Action;
import org.scholion.security.DocumentVisibility;
import org.scholion.security.Permissions;
import org.scholion.security.Target;
import org.scholion.security.UserRef;

/** Documents and their revisions, read through the permission map. */
@ApplicationScoped
public class DocumentService {
    private final EntityManager em;
    private final Permissions permissions;

    DocumentService(EntityManager em, Permissions permissions) {
        this.em = em;
        this.permissions = permissions;
    }

    /** A document in a list: its details and its current revision's summary, without the text. */
    public record Listed(UUID id, String slug, String title, LocalDate published, int revision, String format, int length,
            String sha256, boolean isPublic, UUID ownerId, OffsetDateTime createdAt, OffsetDateTime updatedAt) {
    }

    /** The documents the user may read, newest first, then by title. */
    public List<Listed> list(UserRef user) {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery("SELECT d.id, d.slug, d.title, d.published, d.revision, r.format, r.body_length,"
                + " r.sha256, d.is_public, d.owner_id, d.created_at, d.updated_at"
                + " FROM document d JOIN document_revision r ON r.document_id = d.id AND r.n = d.revision"
                + " WHERE " + DocumentVisibility.READ.sql(user)
                + " ORDER BY d.published DESC NULLS LAST, d.title")
                .setParameter("viewer", user.id()).getResultList();
        return rows.stream().map(r -> new Listed((UUID) r[0], (String) r[1], (String) r[2], localDate(r[3]), ((Number) r[4]).intValue(),
                (String) r[5], ((Number) r[6]).intValue(), (String) r[7], (Boolean) r[8], (UUID) r[9], offset(r[10]), offset(r[11])))
                .toList();
    }

    /** The document with this slug, whoever asks: for code that decides itself (imports, caches). */
    public Optional<Document> findBySlug(String slug) {
        return Document.find("slug", slug).firstResultOptional();
    }

    /** The document with this slug if the user may read it; else not found, as if it did not exist. */
    public Document readable(UserRef user, String slug) {
        Document d = findBySlug(slug).orElseThrow(Permissions::notFound);
        permissions.require(user, Action.READ_DOCUMENT, target(user, d.id, d.ownerId, d.isPublic));
        return d;
    }

    /**
     * How the user stands towards a document. Whether it is on one of the user's groups' reading
     * lists is looked up only when nothing else already lets them read it.
     */
    public Target.Document target(UserRef user, UUID id, UUID ownerId, boolean isPublic) {
        boolean known = isPublic || user.isAdmin() || user.id().equals(ownerId);
        return new Target.Document(ownerId, isPublic, !known && assignedTo(user, id));
    }

    private boolean assignedTo(UserRef user, UUID document) {
        return !em.createNativeQuery("SELECT 1 FROM reading r JOIN membership m ON m.group_id = r.group_id"
                + " WHERE r.document_id = :doc AND m.user_id = :user LIMIT 1")
                .setParameter("doc", document).setParameter("user", user.id()).getResultList().isEmpty();
    }

    /** One revision of a document (immutable). */
    public Optional<DocumentRevision> revision(UUID document, int n) {
        return Optional.ofNullable(em.find(DocumentRevision.class, new DocumentRevision.Key(document, n)));
    }

    /** A document's current revision. */
    public DocumentRevision current(Document d) {
        return revision(d.id, d.revision).orElseThrow(() -> new IllegalStateException("document " + d.id + " lost its current revision"));
    }

    /**
     * Inserts the document, public and owned by nobody, with its text as revision 1, unless one
     * with the slug exists. The database decides (ON CONFLICT), so two app instances starting at
     * once still import it only once.
     *
     * @return true if this call inserted it
     */
    @Transactional
    public boolean importIfAbsent(String slug, String title, LocalDate published, String text) {
        UUID id = UUID.randomUUID();
        int inserted = em.createNativeQuery("""
                INSERT INTO document (id, slug, title, published, revision, is_public, created_at, updated_at)
                VALUES (:id, :slug, :title, :published, 1, true, now(), now())
                ON CONFLICT (slug) DO NOTHING""")
                .setParameter("id", id)
                .setParameter("slug", slug)
                .setParameter("title", title)
                .setParameter("published", published)
                .executeUpdate();
        if (inserted == 0) {
            return false;
        }
        em.createNativeQuery("""
                INSERT INTO document_revision (document_id, n, format, body, body_length, sha256, created_at)
                VALUES (:id, 1, 'text', :body, :length, :sha256, now())""")
                .setParameter("id", id)
                .setParameter("body", text)
                .setParameter("length", text.codePointCount(0, text.length()))
                .setParameter("sha256", sha256(text))
                .executeUpdate();
        return true;
    }

    static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    private static LocalDate localDate(Object o) {
        return o == null ? null : o instanceof LocalDate l ? l : ((Date) o).toLocalDate();
    }

    private static OffsetDateTime offset(Object o) {
        return o instanceof OffsetDateTime t ? t : ((java.time.Instant) o).atOffset(java.time.ZoneOffset.UTC);
    }
}
