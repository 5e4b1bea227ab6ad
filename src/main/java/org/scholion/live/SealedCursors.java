package org.scholion.live;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.regex.Pattern;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * What clients see of a cursor: a position in live_event, sealed. A position is a number from
 * one sequence that every write of the instance takes, so in the clear two cursors of one user
 * would tell how many writes everyone made in between (issue 17). Sealed, a cursor is opaque: each
 * one is encrypted with a fresh random IV (two cursors for the same position differ too, so not
 * even "nobody wrote" shows) and authenticated, so a client can neither read nor make one.
 * <p>
 * Encrypt-then-MAC from JDK primitives: AES-256-CTR over the 8-byte position with a random 16-byte
 * IV, then HMAC-SHA256 over version, IV and ciphertext, truncated to 16 bytes. Random 128-bit IVs
 * are chosen rather than AES-GCM's 96-bit nonces because an instance seals a cursor per event, and
 * random 96-bit nonces are only good for 2^32 seals per key (NIST SP 800-38D, 8.3).
 * <p>
 * Every instance must open every other's cursors (a client resumes anywhere), so the keys come from
 * a secret they already share: {@code SCHOLION_SESSION_SECRET} when set, else the OIDC client
 * secret, as for the session cookie (and a production start already refuses the demo's). Changing
 * that secret only makes open cursors unknown: their clients are told to reload.
 */
@ApplicationScoped
class SealedCursors {
    private static final byte VERSION = 1;
    private static final int IV = 16;
    private static final int TAG = 16;
    private static final int LENGTH = 1 + IV + Long.BYTES + TAG;
    /** A sealed cursor in base64url without padding. */
    static final Pattern FORM = Pattern.compile("[A-Za-z0-9_-]{" + encodedLength() + "}");

    private final SecretKeySpec encryption;
    private final SecretKeySpec authentication;
    private final SecureRandom random = new SecureRandom();

    @Inject
    SealedCursors(@ConfigProperty(name = "quarkus.oidc.credentials.secret") String clientSecret,
            @ConfigProperty(name = "quarkus.oidc.token-state-manager.encryption-secret") Optional<String> sessionSecret) {
        this(sessionSecret.filter(s -> !s.isBlank()).orElse(clientSecret));
    }

    SealedCursors(String secret) {
        byte[] s = secret.getBytes(StandardCharsets.UTF_8);
        this.encryption = new SecretKeySpec(derive(s, "scholion live cursor encryption v1"), "AES");
        this.authentication = new SecretKeySpec(derive(s, "scholion live cursor authentication v1"), "HmacSHA256");
    }

    /** The cursor a client is given for this position. */
    String seal(long position) {
        byte[] out = new byte[LENGTH];
        out[0] = VERSION;
        byte[] iv = new byte[IV];
        random.nextBytes(iv);
        System.arraycopy(iv, 0, out, 1, IV);
        try {
            Cipher c = Cipher.getInstance("AES/CTR/NoPadding");
            c.init(Cipher.ENCRYPT_MODE, encryption, new IvParameterSpec(iv));
            c.doFinal(ByteBuffer.allocate(Long.BYTES).putLong(position).array(), 0, Long.BYTES, out, 1 + IV);
            System.arraycopy(tag(out), 0, out, 1 + IV + Long.BYTES, TAG);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("sealing a cursor failed", e);
        }
        return Base64.getUrlEncoder().withoutPadding().encodeToString(out);
    }

    /** The position a client's cursor stands for; empty when it was not sealed with this secret or was changed. */
    OptionalLong open(String cursor) {
        if (cursor == null || !FORM.matcher(cursor).matches()) {
            return OptionalLong.empty();
        }
        byte[] in = Base64.getUrlDecoder().decode(cursor);
        if (in.length != LENGTH || in[0] != VERSION) {
            return OptionalLong.empty();
        }
        try {
            byte[] expected = tag(in);
            if (!MessageDigest.isEqual(expected, Arrays.copyOfRange(in, 1 + IV + Long.BYTES, LENGTH))) {
                return OptionalLong.empty();
            }
            Cipher c = Cipher.getInstance("AES/CTR/NoPadding");
            c.init(Cipher.DECRYPT_MODE, encryption, new IvParameterSpec(in, 1, IV));
            long position = ByteBuffer.wrap(c.doFinal(in, 1 + IV, Long.BYTES)).getLong();
            return position < 0 ? OptionalLong.empty() : OptionalLong.of(position);
        } catch (GeneralSecurityException e) {
            return OptionalLong.empty();
        }
    }

    /** HMAC over version, IV and ciphertext, truncated. */
    private byte[] tag(byte[] sealed) throws GeneralSecurityException {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(authentication);
        mac.update(sealed, 0, 1 + IV + Long.BYTES);
        return Arrays.copyOf(mac.doFinal(), TAG);
    }

    /** A key for one purpose from the shared secret (HMAC-SHA256 as a PRF, one label per key). */
    private static byte[] derive(byte[] secret, String label) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret, "HmacSHA256"));
            return mac.doFinal(label.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static int encodedLength() {
        return (LENGTH * 8 + 5) / 6;
    }
}
