package org.scholion.live;

import org.scholion.system.TokenBucket;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.smallrye.config.WithDefault;
import io.vertx.pgclient.PgConnectOptions;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.UUID;
import org.scholion.security.UserRef;
import org.junit.jupiter.api.Test;

/** The small pure parts of live/. */
class LiveUnitsTest {

    @Test
    void theRateLimitAllowsABurstThenTheRate() {
        TokenBucket r = new TokenBucket(3, 2, 0);
        assertTrue(r.take(0));
        assertTrue(r.take(0));
        assertTrue(r.take(0));
        assertFalse(r.take(0), "the burst is spent");
        assertTrue(r.take(500_000_000L), "half a second at 2/s refills one");
        assertFalse(r.take(500_000_000L));
        assertTrue(r.take(10_000_000_000L));
        assertTrue(r.take(10_000_000_000L));
        assertTrue(r.take(10_000_000_000L));
        assertFalse(r.take(10_000_000_000L), "never more than the burst, however long the pause");
    }

    @Test
    void onlyAnExactPingIsAPing() {
        assertTrue(LiveProtocol.isPing("{\"type\":\"ping\"}"));
        assertTrue(LiveProtocol.isPing(" { \"type\" : \"ping\" } "));
        assertFalse(LiveProtocol.isPing("{\"type\":\"ping\",\"x\":1}"));
        assertFalse(LiveProtocol.isPing("ping"));
        assertFalse(LiveProtocol.isPing("{"));
        assertFalse(LiveProtocol.isPing(""));
    }

    @Test
    void theSubprotocolCarrierMustHaveThreePartsAndACompanion() {
        assertNull(LiveHandshakeFilter.problem("scholion-live, quarkus-http-upgrade%23Authorization%23Bearer%20abc"));
        assertNotNull(LiveHandshakeFilter.problem("scholion-live, quarkus-http-upgrade%23Authorization"));
        assertNotNull(LiveHandshakeFilter.problem("scholion-live, quarkus-http-upgrade%23Authorization%23Bearer%20a%23b"));
        assertNotNull(LiveHandshakeFilter.problem("quarkus-http-upgrade%23Authorization%23Bearer%20abc"));
        assertNotNull(LiveHandshakeFilter.problem("scholion-live, quarkus-http-upgrade%ZZ"));
    }

    // ---- sealed cursors ----------------------------------------------------------------------

    @Test
    void aSealedCursorOpensToItsPositionAndTwoSealsOfOnePositionDiffer() {
        SealedCursors c = new SealedCursors("a-secret-of-at-least-thirty-two-characters");
        String one = c.seal(4711);
        String two = c.seal(4711);
        assertEquals(4711, c.open(one).getAsLong());
        assertEquals(4711, c.open(two).getAsLong());
        assertNotEquals(one, two, "a fresh IV each time: equal cursors would tell that nobody wrote in between");
        assertEquals(one.length(), c.seal(Long.MAX_VALUE).length(), "every cursor has the same length, whatever its position");
        assertTrue(SealedCursors.FORM.matcher(one).matches());
        assertEquals(0, c.open(c.seal(0)).getAsLong());
    }

    /** Authenticated: any change to a sealed cursor, in any bit, makes it unknown (never another position). */
    @Test
    void aChangedCursorDoesNotOpen() {
        SealedCursors c = new SealedCursors("a-secret-of-at-least-thirty-two-characters");
        byte[] sealed = Base64.getUrlDecoder().decode(c.seal(123_456));
        for (int i = 0; i < sealed.length; i++) {
            for (int bit = 0; bit < 8; bit++) {
                byte[] changed = sealed.clone();
                changed[i] ^= (byte) (1 << bit);
                String cursor = Base64.getUrlEncoder().withoutPadding().encodeToString(changed);
                assertTrue(c.open(cursor).isEmpty(), "byte " + i + " bit " + bit);
            }
        }
    }

    @Test
    void onlyCursorsSealedWithTheSameSecretOpen() {
        SealedCursors ours = new SealedCursors("a-secret-of-at-least-thirty-two-characters");
        SealedCursors theirs = new SealedCursors("another-secret-of-at-least-thirty-two-chars");
        assertTrue(theirs.open(ours.seal(42)).isEmpty());
        assertTrue(ours.open("42").isEmpty(), "a cursor from before cursors were sealed");
        assertTrue(ours.open("").isEmpty());
        assertTrue(ours.open(null).isEmpty());
        assertTrue(ours.open("!".repeat(55)).isEmpty());
    }

    /** The position must not be readable from the cursor: its bytes do not appear in it, in either byte order. */
    @Test
    void theCursorDoesNotCarryThePositionInTheClear() {
        SealedCursors c = new SealedCursors("a-secret-of-at-least-thirty-two-characters");
        long position = 0x0102030405060708L;
        byte[] sealed = Base64.getUrlDecoder().decode(c.seal(position));
        byte[] big = java.nio.ByteBuffer.allocate(8).putLong(position).array();
        byte[] little = java.nio.ByteBuffer.allocate(8).order(java.nio.ByteOrder.LITTLE_ENDIAN).putLong(position).array();
        String hex = java.util.HexFormat.of().formatHex(sealed);
        assertFalse(hex.contains(java.util.HexFormat.of().formatHex(big)));
        assertFalse(hex.contains(java.util.HexFormat.of().formatHex(little)));
    }

    // ---- helpers for unit tests of the hub ---------------------------------------------------

    /** A LiveConfig with its documented defaults, some of them overridden (by method name). */
    static LiveConfig config(Map<String, Object> overrides) {
        return (LiveConfig) Proxy.newProxyInstance(LiveConfig.class.getClassLoader(), new Class<?>[] { LiveConfig.class },
                (proxy, method, args) -> {
                    if (method.isDefault()) {
                        return InvocationHandler.invokeDefault(proxy, method, args);
                    }
                    if (overrides.containsKey(method.getName())) {
                        return overrides.get(method.getName());
                    }
                    WithDefault d = method.getAnnotation(WithDefault.class);
                    if (method.getReturnType() == OptionalInt.class) {
                        return OptionalInt.empty();
                    }
                    if (method.getReturnType() == Optional.class) {
                        return Optional.empty();
                    }
                    String v = d.value();
                    Class<?> t = method.getReturnType();
                    return t == int.class ? Integer.valueOf(v) : t == double.class ? Double.valueOf(v)
                            : t == Duration.class ? Duration.parse(v) : v;
                });
    }

    static Subscription subscription(String username) {
        return subscription(new UserRef(UUID.randomUUID(), username, username, username, Set.of()));
    }

    static Subscription subscription(UserRef user) {
        return new Subscription(null, new Subscription.Subscribe(user, "essay", UUID.randomUUID(), UUID.randomUUID(), null, false,
                Long.MAX_VALUE), null, null);
    }

    @Test
    void theListenConnectionIsMadeFromTheJdbcUrl() {
        PgConnectOptions o = LiveListener.connectOptions("jdbc:postgresql://db.internal:6543/scholion?sslmode=require", "u", "p");
        assertEquals("db.internal", o.getHost());
        assertEquals(6543, o.getPort());
        assertEquals("scholion", o.getDatabase());
        assertEquals("u", o.getUser());
        assertEquals(5432, LiveListener.connectOptions("jdbc:postgresql://localhost/x", "u", "p").getPort());
        PgConnectOptions direct = LiveListener.connectOptions("postgresql://listener:secret@pg-0:5432/scholion", "u", "p");
        assertEquals("listener", direct.getUser(), "a listen URL may carry its own credentials");
        assertEquals("pg-0", direct.getHost());
    }
}
