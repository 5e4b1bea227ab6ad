package org.scholion.annotations;

import io.quarkus.cache.CacheInvalidate;
import io.quarkus.cache.CacheInvalidateAll;
import io.quarkus.cache.CacheResult;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import org.scholion.documents.RevisionPublished;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.UUID;
import org.scholion.anchoring.Anchorer;
import org.scholion.documents.DocumentService;
import org.scholion.security.Action;
import org.scholion.security.Permissions;
import org.scholion.security.UserRef;

/**
 * Documents as annotations need them: id, title, the current revision and its text as code
 * points. Each is read once per instance and kept in the bounded {@code annotated-documents} cache
 * (quarkus-cache; size in application.properties). An unknown slug is not cached: the exception
 * passes through. Who may read the document is decided on every call, through the permission map.
 */
@ApplicationScoped
public class AnnotatedDocuments {
    /** A document ready to anchor annotations in: its current revision's number and text. */
    public record Doc(UUID id, String slug, String title, int revision, Anchorer.Text text, UUID ownerId, boolean isPublic) {
    }

    private final DocumentService documents;
    private final Permissions permissions;
    private final Cached cached;

    AnnotatedDocuments(DocumentService documents, Permissions permissions, Cached cached) {
        this.documents = documents;
        this.permissions = permissions;
        this.cached = cached;
    }

    /** The document if the user may read it; else not found, whether or not it exists. */
    public Doc find(UserRef user, String slug) {
        Doc d = cached.load(slug);
        permissions.require(user, Action.READ_DOCUMENT, documents.target(user, d.id(), d.ownerId(), d.isPublic()));
        return d;
    }

    /**
     * Writes an annotation on {@code doc}, the document as this instance has it cached (the caller
     * found it, {@link #find}); when the database says a revision was published since
     * ({@link RevisionMoved}: the write was rolled back), forgets the document and writes again on
     * the revision now current. A second refusal — two revisions published during one write — is a
     * 409 for the client to send again.
     */
    public <T> T write(UserRef user, Doc doc, java.util.function.Function<Doc, T> write) {
        try {
            return write.apply(doc);
        } catch (RevisionMoved e) {
            cached.forget(doc.slug());
            try {
                return write.apply(find(user, doc.slug()));
            } catch (RevisionMoved again) {
                throw org.scholion.domain.DomainError.conflict("target",
                        "the document was revised while this annotation was written; read it again and send the annotation again");
            }
        }
    }

    /** The document whoever asks: for code that decides visibility itself, per viewer (live updates). */
    public Doc load(String slug) {
        return cached.load(slug);
    }

    /** A new revision of a document: this instance forgets it at once (others when the live event reaches them). */
    void published(@Observes(during = TransactionPhase.AFTER_SUCCESS) RevisionPublished p) {
        cached.forget(p.slug());
    }

    /**
     * A document changed on some instance (a live {@code revised} or {@code document} event, from a
     * trigger on the row): forget every document. Such changes are rare; slugs are the keys.
     */
    public void forgetAll() {
        cached.forgetAll();
    }

    /** The cache, in a bean of its own so that every call goes through its interceptor. */
    @ApplicationScoped
    static class Cached {
        private final DocumentService documents;

        Cached(DocumentService documents) {
            this.documents = documents;
        }

        @CacheInvalidate(cacheName = "annotated-documents")
        public void forget(String slug) {
        }

        @CacheInvalidateAll(cacheName = "annotated-documents")
        public void forgetAll() {
        }

        @CacheResult(cacheName = "annotated-documents")
        public Doc load(String slug) {
            DocumentService.Current d = documents.current(slug).orElseThrow(Permissions::notFound);
            String text = documents.revision(d.id(), d.revision())
                    .orElseThrow(() -> new IllegalStateException("document " + d.id() + " lost its current revision")).body;
            return new Doc(d.id(), d.slug(), d.title(), d.revision(), Anchorer.Text.of(text), d.ownerId(), d.isPublic());
        }
    }
}
