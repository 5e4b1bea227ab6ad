package org.scholion.documents;

import io.quarkus.cache.CacheResult;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.UUID;
import org.scholion.anchoring.Anchorer;
import org.scholion.domain.DomainError;

/** Revisions' texts as code points, kept in the bounded {@code revision-texts} cache: a revision never changes. */
@ApplicationScoped
public class RevisionTexts {
    private final DocumentService documents;

    RevisionTexts(DocumentService documents) {
        this.documents = documents;
    }

    /** The text of revision {@code n}; not found (never cached) when the document has no such revision. */
    @CacheResult(cacheName = "revision-texts")
    public Anchorer.Text text(UUID document, int n) {
        return documents.revision(document, n).map(r -> Anchorer.Text.of(r.body)).orElseThrow(DomainError::notFound);
    }
}
