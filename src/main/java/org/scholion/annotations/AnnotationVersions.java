package org.scholion.annotations;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import java.security.SecureRandom;
import org.scholion.groups.GroupChanged;
import java.util.HexFormat;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Per-document version counters, so a container GET with a current {@code If-None-Match} is
 * answered 304 without touching the database. A counter moves after every committed write to the
 * document's annotations; ETags also carry a random epoch (a restart invalidates them all).
 *
 * <p>A committed group change (joining, leaving, roles, archiving) moves every counter, since it
 * changes who sees what. Caveat, by design: the counters live in this instance, so with several
 * app instances a client can get a 304 from an instance that has not seen another's write;
 * {@link #BUCKET_MILLIS} bounds that: an ETag is never current for more than a minute after it.
 */
@ApplicationScoped
public class AnnotationVersions {
    static final long BUCKET_MILLIS = 60_000;
    private final String epoch = HexFormat.of().formatHex(new SecureRandom().generateSeed(6));
    private final ConcurrentHashMap<String, AtomicLong> versions = new ConcurrentHashMap<>();

    /** Something in the document's container changed and was committed. */
    public record Changed(String slug) {
    }

    long current(String slug) {
        AtomicLong v = versions.get(slug);
        return v == null ? 0 : v.get();
    }

    String tag(String slug) {
        return epoch + "." + current(slug) + "." + System.currentTimeMillis() / BUCKET_MILLIS;
    }

    void onChanged(@Observes(during = TransactionPhase.AFTER_SUCCESS) Changed changed) {
        versions.computeIfAbsent(changed.slug(), s -> new AtomicLong()).incrementAndGet();
    }

    void onGroupChanged(@Observes(during = TransactionPhase.AFTER_SUCCESS) GroupChanged changed) {
        invalidateAll();
    }

    /** Something changed who sees what: forget every container's validators. */
    public void invalidateAll() {
        versions.values().forEach(AtomicLong::incrementAndGet);
    }
}
