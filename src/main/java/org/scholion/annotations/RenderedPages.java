package org.scholion.annotations;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.LinkedHashMap;
import java.util.Map;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Container representations already rendered, keyed by their ETag. The ETag names the document's
 * write counter, the caller, the view, the page and the media type, so a write or a group change
 * simply makes new keys; the least recently used bytes are dropped past the size bound. Only the
 * container pages are kept: they are what readers fetch again and again.
 */
@ApplicationScoped
public class RenderedPages {
    private final long maxBytes;
    private long bytes;
    private final LinkedHashMap<String, byte[]> lru = new LinkedHashMap<>(256, 0.75f, true);

    RenderedPages(@ConfigProperty(name = "scholion.annotations.page-cache-bytes", defaultValue = "67108864") long maxBytes) {
        this.maxBytes = maxBytes;
    }

    synchronized byte[] get(String etag) {
        return lru.get(etag);
    }

    synchronized void put(String etag, byte[] page) {
        if (page.length > maxBytes / 4) {
            return;
        }
        byte[] old = lru.put(etag, page);
        bytes += page.length - (old == null ? 0 : old.length);
        var it = lru.entrySet().iterator();
        while (bytes > maxBytes && it.hasNext()) {
            Map.Entry<String, byte[]> eldest = it.next();
            bytes -= eldest.getValue().length;
            it.remove();
        }
    }
}
