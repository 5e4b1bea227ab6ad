package org.scholion.annotations;

import io.quarkus.cache.CacheResult;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.UUID;
import org.scholion.anchoring.Reanchoring;
import org.scholion.documents.RevisionTexts;

/**
 * Two revisions of a document prepared for re-anchoring (their diff is the cost), kept in the small
 * {@code revision-pairs} cache: the job moves thousands of annotations across one pair, and POSTs
 * made on an older revision are carried forward across the same few.
 */
@ApplicationScoped
public class RevisionPairs {
    private final RevisionTexts texts;

    RevisionPairs(RevisionTexts texts) {
        this.texts = texts;
    }

    @CacheResult(cacheName = "revision-pairs")
    public Reanchoring between(UUID document, int from, int to) {
        return Reanchoring.between(texts.text(document, from), texts.text(document, to));
    }
}
