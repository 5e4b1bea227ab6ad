package org.scholion.system;

import com.github.benmanes.caffeine.cache.Expiry;
import java.util.function.ToLongFunction;

/**
 * A cache entry that leaves at a time its value carries (a token's {@code exp}, the end of a
 * refusal): {@code nanosLeft} says how long the value has from now; reading an entry does not
 * extend it.
 */
public final class ExpireAt<K, V> implements Expiry<K, V> {
    private final ToLongFunction<V> nanosLeft;

    public ExpireAt(ToLongFunction<V> nanosLeft) {
        this.nanosLeft = nanosLeft;
    }

    @Override
    public long expireAfterCreate(K key, V value, long currentTime) {
        return Math.max(0, nanosLeft.applyAsLong(value));
    }

    @Override
    public long expireAfterUpdate(K key, V value, long currentTime, long currentDuration) {
        return expireAfterCreate(key, value, currentTime);
    }

    @Override
    public long expireAfterRead(K key, V value, long currentTime, long currentDuration) {
        return currentDuration;
    }
}
