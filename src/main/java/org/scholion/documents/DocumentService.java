package org.scholion.documents;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import java.text.Normalizer;
import java.util.regex.Pattern;
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
import org.scholion.domain.DomainError;
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
    private final Event<RevisionPublished> revisionPublished;
    private final RevisionFollowers followers;

    DocumentService(EntityManager em, Permissions permissions, Event<RevisionPublished> revisionPublished, RevisionFollowers followers) {
        this.em = em;
        this.permissions = permissions;
        this.revisionPublished = revisionPublished;
        this.followers = followers;
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

    /**
     * The document with this slug as the database has it now: its details in a record of their own,
     * read by a query every time — never the entity this request's persistence context may hold from
     * an earlier read (a write that learns of a new revision reads the document again).
     */
    public record Current(UUID id, String slug, String title, int revision, UUID ownerId, boolean isPublic) {
    }

    public Optional<Current> current(String slug) {
        return em.createQuery("SELECT d.id, d.slug, d.title, d.revision, d.ownerId, d.isPublic FROM Document d WHERE d.slug = :slug",
                Object[].class).setParameter("slug", slug).getResultStream().findFirst()
                .map(r -> new Current((UUID) r[0], (String) r[1], (String) r[2], (Integer) r[3], (UUID) r[4], (Boolean) r[5]));
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
                + " WHERE r.document_id = :doc AND m.user_id = :user" + user.groupsSql("m.group_id") + " LIMIT 1")
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

    // ---- bringing and revising -------------------------------------------------------------------

    private static final Pattern SLUG = Pattern.compile("^[a-z0-9]+(-[a-z0-9]+)*$");

    /** A document's details as an upload gives them; null fields are left as they are (on a revision). */
    public record Details(String title, String slug, List<String> authors, LocalDate published, String source, String licence,
            Boolean isPublic) {
    }

    /** One text as an upload was read: the canonical text, and the rendition or pages where the format has them. */
    public record Content(String format, String text, String rendition, List<Integer> pages) {
    }

    /** The file a revision was made from, kept as uploaded. */
    public record Original(byte[] bytes, String mediaType, String filename) {
    }

    /**
     * A revision published.
     *
     * @param from       the revision that was current before
     * @param to         the revision current now (equal to {@code from} when the text did not change)
     * @param toReanchor how many annotations the new revision's re-anchoring job will move (0: no job)
     */
    public record Published(Document document, int from, int to, int toReanchor) {
        public boolean changedText() {
            return to != from;
        }
    }

    /**
     * Brings a new document: owned by the caller, not public unless asked, its text revision 1.
     * Instructors, moderators of a group and admins may. A slug given must be free (409); without
     * one, it is made from the title and numbered until free.
     */
    @Transactional
    public Document create(UserRef user, Details details, Content content, Original original) {
        permissions.require(user, Action.CREATE_DOCUMENT, new Target.AllDocuments(moderatesAGroup(user)));
        String title = requireTitle(details.title());
        Document d = new Document();
        d.id = UUID.randomUUID();
        d.title = title;
        d.ownerId = user.id();
        d.isPublic = Boolean.TRUE.equals(details.isPublic());
        d.revision = 1;
        d.published = details.published();
        d.authors = authors(details.authors());
        d.source = bounded("source", details.source(), 2000);
        d.licence = bounded("licence", details.licence(), 1000);
        d.createdAt = d.updatedAt = OffsetDateTime.now();
        d.slug = details.slug() != null ? requireFreeSlug(details.slug()) : freeSlugFor(title);
        em.persist(d);
        em.flush();
        insertRevision(d.id, 1, content, original, user);
        return d;
    }

    /**
     * Publishes a new revision of the document: its owner or an admin, based on the revision they
     * last saw ({@code expected}; 412 when another was published since). Details sent replace the
     * old ones. The same text again makes no new revision (only the details change). The document's
     * advisory lock, taken exclusively, waits for the annotation writes in flight on it, which hold
     * it shared (V13), so that every annotation is either written before the new revision (and
     * re-anchored) or after it (and anchored on it).
     */
    @Transactional
    public Published publish(UserRef user, String slug, int expected, Details details, Content content, Original original) {
        Document seen = readable(user, slug);
        permissions.require(user, Action.REVISE_DOCUMENT, target(user, seen.id, seen.ownerId, seen.isPublic));
        em.createNativeQuery("SELECT document_publish_lock(:id)").setParameter("id", seen.id).getSingleResult();
        // read again under the row lock: what was current when the caller looked may not be now
        em.refresh(seen, LockModeType.PESSIMISTIC_WRITE);
        Document d = seen;
        if (d.revision != expected) {
            throw DomainError.stale("revision " + expected + " is not the current one: revision " + d.revision
                    + " was published since; read it, then send If-Match: \"" + d.revision + "\"");
        }
        if (details.title() != null) {
            d.title = requireTitle(details.title());
        }
        if (details.authors() != null) {
            d.authors = authors(details.authors());
        }
        if (details.published() != null) {
            d.published = details.published();
        }
        if (details.source() != null) {
            d.source = bounded("source", details.source(), 2000);
        }
        if (details.licence() != null) {
            d.licence = bounded("licence", details.licence(), 1000);
        }
        if (details.isPublic() != null) {
            d.isPublic = details.isPublic();
        }
        d.updatedAt = OffsetDateTime.now();
        int from = d.revision;
        DocumentRevision current = current(d);
        if (content == null || current.sha256.equals(sha256(content.text())) && current.format.equals(content.format())
                && java.util.Objects.equals(current.rendition, content.rendition())) {
            return new Published(d, from, from, 0);
        }
        insertRevision(d.id, from + 1, content, original, user);
        d.revision = from + 1;
        RevisionPublished published = new RevisionPublished(d.id, d.slug, from, from + 1, user.id());
        int toReanchor = followers.follow(published);
        revisionPublished.fire(published);
        return new Published(d, from, from + 1, toReanchor);
    }

    /** The file a revision was made from; empty for revisions that were not uploaded (the shipped essay). */
    public Optional<Original> original(UUID document, int n) {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery("SELECT bytes, media_type, filename FROM document_original WHERE document_id = :d AND n = :n")
                .setParameter("d", document).setParameter("n", n).getResultList();
        return rows.stream().findFirst().map(r -> new Original((byte[]) r[0], (String) r[1], (String) r[2]));
    }

    /** The revisions of a document, oldest first, without their texts. */
    public List<DocumentRevision> revisions(UUID document) {
        return em.createQuery("select r from DocumentRevision r where r.documentId = :d order by r.n", DocumentRevision.class)
                .setParameter("d", document).getResultList();
    }

    private void insertRevision(UUID document, int n, Content content, Original original, UserRef user) {
        DocumentRevision r = new DocumentRevision();
        r.documentId = document;
        r.n = n;
        r.format = content.format();
        r.body = content.text();
        r.bodyLength = content.text().codePointCount(0, content.text().length());
        r.sha256 = sha256(content.text());
        r.rendition = content.rendition();
        r.pages = content.pages() == null || content.pages().isEmpty() ? null : content.pages().stream().mapToInt(Integer::intValue).toArray();
        r.createdAt = OffsetDateTime.now();
        r.createdBy = user.id();
        em.persist(r);
        em.flush();
        if (original != null) {
            em.createNativeQuery("INSERT INTO document_original (document_id, n, media_type, filename, bytes) VALUES (:d, :n, :t, :f, :b)")
                    .setParameter("d", document).setParameter("n", n).setParameter("t", original.mediaType())
                    .setParameter("f", original.filename() == null ? null : truncate(original.filename(), 255))
                    .setParameter("b", original.bytes()).executeUpdate();
        }
    }

    private boolean moderatesAGroup(UserRef user) {
        return !em.createNativeQuery("SELECT 1 FROM membership m WHERE m.user_id = :u AND m.role = 'moderator'"
                + user.groupsSql("m.group_id") + " LIMIT 1")
                .setParameter("u", user.id()).getResultList().isEmpty();
    }

    private static String requireTitle(String title) {
        if (title == null || title.isBlank()) {
            throw DomainError.invalid("title", "a document needs a title");
        }
        return bounded("title", title.strip(), 300);
    }

    private static String bounded(String field, String value, int max) {
        if (value == null || value.isBlank()) {
            return null;
        }
        String v = value.strip();
        if (v.codePointCount(0, v.length()) > max) {
            throw DomainError.invalid(field, field + " is longer than " + max + " characters");
        }
        return v;
    }

    private static String[] authors(List<String> authors) {
        if (authors == null) {
            return new String[0];
        }
        List<String> out = authors.stream().map(a -> bounded("authors", a, 300)).filter(java.util.Objects::nonNull).toList();
        if (out.size() > 50) {
            throw DomainError.invalid("authors", "at most 50 authors");
        }
        return out.toArray(String[]::new);
    }

    private String requireFreeSlug(String slug) {
        if (slug.length() > 120 || !SLUG.matcher(slug).matches()) {
            throw DomainError.invalid("slug", "a slug is lower-case letters and digits in words joined by single hyphens, at most 120");
        }
        if (findBySlug(slug).isPresent()) {
            throw DomainError.conflict("slug", "the slug '" + slug + "' is taken; choose another, or send none");
        }
        return slug;
    }

    /** The title in lower-case ASCII words joined by hyphens, numbered (-2, -3 …) until no document has it. */
    private String freeSlugFor(String title) {
        String base = Normalizer.normalize(title, Normalizer.Form.NFKD).replaceAll("\\p{M}", "").toLowerCase(java.util.Locale.ROOT)
                .replaceAll("[^a-z0-9]+", "-").replaceAll("^-+|-+$", "");
        if (base.length() > 80) {
            base = base.substring(0, 80).replaceAll("-+$", "");
        }
        if (base.isEmpty()) {
            base = "reading";
        }
        String slug = base;
        for (int i = 2; findBySlug(slug).isPresent(); i++) {
            slug = base + "-" + i;
        }
        return slug;
    }

    private static String truncate(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max);
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
