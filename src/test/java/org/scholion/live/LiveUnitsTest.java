package org.scholion.live;

import org.scholion.system.TokenBucket;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.pgclient.PgConnectOptions;
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
