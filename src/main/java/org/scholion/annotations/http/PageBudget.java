package org.scholion.annotations.http;

import io.quarkus.runtime.StartupEvent;
import io.quarkus.runtime.configuration.ConfigurationException;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * How many bytes a container page may hold, and so how many annotations: the page size a client
 * asks for is lowered to what the budget allows for the heaviest annotation of the listing (the
 * whole listing, not the page, so that every page of it has the same size and the W3C paging —
 * {@code startIndex}, {@code prev}/{@code next}/{@code last}, {@code total} — stays consistent, and
 * the page IRIs, which say the size, stay the same while the listing does). A page holds at least one
 * annotation, so one heavier than the budget (at most about the 1 MB a request may send) is a page of
 * its own. Every page fits the rendered-page cache ({@link RenderedPages}), which a start with a
 * cache smaller than the budget refuses.
 */
@ApplicationScoped
public class PageBudget {
    private final long bytes;
    private final long cacheBytes;

    PageBudget(@ConfigProperty(name = "scholion.annotations.page-bytes") long bytes,
            @ConfigProperty(name = "scholion.annotations.page-cache-bytes") long cacheBytes) {
        this.bytes = bytes;
        this.cacheBytes = cacheBytes;
    }

    /** Before the other start-up checks: a configuration mistake needs no database to be told. */
    void check(@Observes @Priority(0) StartupEvent start) {
        refusal(bytes, cacheBytes).ifPresent(sentence -> {
            throw new ConfigurationException(sentence);
        });
    }

    /** Why these settings cannot work, in one sentence; empty when they can. */
    static Optional<String> refusal(long bytes, long cacheBytes) {
        if (bytes < 1) {
            return Optional.of("Scholion cannot start: SCHOLION_PAGE_BYTES must be a positive number of bytes.");
        }
        if (bytes > cacheBytes) {
            return Optional.of("Scholion cannot start: SCHOLION_PAGE_BYTES (" + bytes + ") is larger than SCHOLION_PAGE_CACHE_BYTES ("
                    + cacheBytes + "), so the largest pages could never be kept and would be rendered anew on every read;"
                    + " raise the cache or lower the page budget.");
        }
        return Optional.empty();
    }

    /**
     * The page size to serve: the one asked for, or fewer so that a page of items of at most
     * {@code itemBytes} each, inside an envelope of at most {@code envelopeBytes}, stays within the
     * budget; at least 1.
     */
    int pageSize(int requested, long itemBytes, long envelopeBytes) {
        long fits = (bytes - envelopeBytes) / Math.max(1, itemBytes);
        return (int) Math.max(1, Math.min(requested, fits));
    }

    long bytes() {
        return bytes;
    }
}
