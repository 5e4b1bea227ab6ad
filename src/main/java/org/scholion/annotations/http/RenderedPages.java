package org.scholion.annotations.http;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Container representations already rendered, keyed by their ETag. The ETag is made from the
 * container's validator (read from the database), the caller, the view, the page and the media
 * type, so a change simply makes new keys and nothing stale is ever served. Bounded by bytes:
 * a Caffeine cache (the library quarkus-cache uses) weighed by page size — quarkus-cache's own
 * configuration bounds caches by entry count only, and pages range from a few hundred bytes to
 * megabytes.
 */
@ApplicationScoped
public class RenderedPages {
    private final Cache<String, byte[]> pages;

    RenderedPages(@ConfigProperty(name = "scholion.annotations.page-cache-bytes", defaultValue = "67108864") long maxBytes) {
        this.pages = Caffeine.newBuilder().maximumWeight(maxBytes).weigher((String k, byte[] v) -> v.length + k.length()).build();
    }

    Optional<byte[]> get(String etag) {
        return Optional.ofNullable(pages.getIfPresent(etag));
    }

    void put(String etag, byte[] page) {
        pages.put(etag, page);
    }
}
