package org.scholion.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class ExpireAtTest {
    @Test
    void anEntryLeavesAtTheTimeItsValueCarriesAndReadingDoesNotExtendIt() {
        AtomicLong now = new AtomicLong();
        Cache<String, Long> c = Caffeine.newBuilder().ticker(now::get).executor(Runnable::run)
                .expireAfter(new ExpireAt<String, Long>(until -> until - now.get())).build();
        c.put("a", 100L);
        c.put("gone", -5L);
        assertNull(c.getIfPresent("gone"), "a time already past leaves at once");
        now.set(60);
        assertEquals(100L, c.getIfPresent("a"));
        now.set(99);
        assertEquals(100L, c.getIfPresent("a"), "still there just before its time, though read at 60");
        now.set(100);
        assertNull(c.getIfPresent("a"));
    }
}
