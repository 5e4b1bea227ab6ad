package org.scholion.documents;

import io.quarkus.cache.CacheResult;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.OffsetDateTime;
import java.util.UUID;

/**
 * When each revision was published (its W3C {@code sourceDate}), kept in the bounded
 * {@code revision-dates} cache: a revision never changes.
 */
@ApplicationScoped
public class RevisionDates {
    private final DocumentService documents;

    RevisionDates(DocumentService documents) {
        this.documents = documents;
    }

    @CacheResult(cacheName = "revision-dates")
    public OffsetDateTime published(UUID document, int n) {
        return documents.revision(document, n).map(r -> r.createdAt).orElseThrow(() -> new IllegalStateException(
                "document " + document + " has no revision " + n));
    }
}
