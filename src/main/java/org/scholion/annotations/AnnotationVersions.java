package org.scholion.annotations;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Per-document version counters, so a container GET with a current {@code If-None-Match} is
 * answered 304 without touching the database. A counter moves after every committed write to the
 * document's annotations; ETags also carry a random epoch (a restart invalidates them all).
 *
 * <p>Caveats, by design: the counters live in this instance, so with several app instances a
 * client can get a 304 from an instance that has not seen another's write; and a membership
 * change (joining or leaving a group) does not move them. {@link #BUCKET_MILLIS} bounds both: an
 * ETag is never current for more than a minute after such a change.
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

    /** For features that change who sees what (memberships): forget every container's validators. */
    public void invalidateAll() {
        versions.values().forEach(AtomicLong::incrementAndGet);
    }
}
