package org.scholion.annotations.http;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The ETag of a container listing: a keyed digest (HMAC-SHA256) of its validator and of whom and
 * what it was made for.
 *
 * <p>Why keyed (issue 17): the validator is made of numbers from the instance-wide change sequence
 * (counts, highest and sum, access and group numbers). A plain digest of such low-entropy input can
 * be reversed by trying numbers: a student whose listing holds one private note of theirs knows
 * every part but that note's number, finds it in a few hundred million tries, and, doing it twice,
 * counts everyone's writes in between. With a secret key no guess can be checked. The key is kept
 * in the database (migration V10), so every app instance gives the same ETag for the same state.
 */
@ApplicationScoped
class ContainerTags {
    private static final String ALGORITHM = "HmacSHA256";

    private final EntityManager em;
    /** Read once: the key never changes (it would only make every client download its pages again). */
    private volatile SecretKeySpec key;

    ContainerTags(EntityManager em) {
        this.em = em;
    }

    /**
     * One initialised Mac per thread: {@code Mac.getInstance} and {@code init} on every request were
     * a tenth of a 304's cost in Scholion's own code (issue 20's profile); {@code doFinal} resets it.
     */
    private final ThreadLocal<Mac> macs = ThreadLocal.withInitial(() -> {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(key());
            return mac;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    });

    /** The first 128 bits of the keyed digest, in hex. */
    String of(String input) {
        return HexFormat.of().formatHex(macs.get().doFinal(input.getBytes(StandardCharsets.UTF_8)), 0, 16);
    }

    private SecretKeySpec key() {
        SecretKeySpec k = key;
        if (k == null) {
            String secret = (String) em.createNativeQuery("SELECT secret FROM validator_key").getSingleResult();
            k = new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), ALGORITHM);
            key = k;
        }
        return k;
    }
}
