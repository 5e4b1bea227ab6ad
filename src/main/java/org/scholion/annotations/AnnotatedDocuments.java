package org.scholion.annotations;

import io.quarkus.cache.CacheResult;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.UUID;
import org.scholion.anchoring.Anchorer;
import org.scholion.documents.DocumentService;
import org.scholion.domain.DomainError;

/**
 * Documents as annotations need them: id, title and the text as code points. Documents never
 * change once imported, so each is read once per instance and kept in the bounded
 * {@code annotated-documents} cache (quarkus-cache; size in application.properties). An unknown
 * slug is not cached: the exception passes through.
 */
@ApplicationScoped
public class AnnotatedDocuments {
    /** A document ready to anchor annotations in. */
    public record Doc(UUID id, String slug, String title, Anchorer.Text text) {
    }

    private final DocumentService documents;

    AnnotatedDocuments(DocumentService documents) {
        this.documents = documents;
    }

    @CacheResult(cacheName = "annotated-documents")
    public Doc find(String slug) {
        return documents.findBySlug(slug)
                .map(d -> new Doc(d.id, d.slug, d.title, Anchorer.Text.of(d.body)))
                .orElseThrow(() -> DomainError.notFound("No document has the slug '" + slug + "'."));
    }
}
