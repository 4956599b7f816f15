package io.geniejmeter.cache;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.geniejmeter.time.Clock;
import java.time.Duration;

/**
 * The exact-match layer: SQL by {@link Questions#exactKey} (space, conversation context, normalised question), at
 * most {@code capacity} entries, each living {@code ttl} from when it was stored, on the given {@link Clock}.
 *
 * <p>Backed by Caffeine. Its size eviction is not strict LRU but W-TinyLFU: a small LRU window for new entries and
 * a main area that, when full, keeps whichever of the least recently used entry and the newcomer was asked more often
 * (so a burst of one-off questions does not flush the popular ones). Eviction runs on the calling thread, so tests
 * see it at once. Thread-safe (Caffeine's concurrent map).
 */
public final class ExactCache {

    /**
     * What the exact-match layer keeps: never rows.
     *
     * @param question    the question as first asked
     * @param sql         the SQL Genie generated
     * @param description Genie's description of the query, or null
     */
    public record CachedQuery(String question, String sql, String description) {
    }

    private final Cache<String, CachedQuery> cache;

    /**
     * An empty cache.
     *
     * @param capacity most entries ({@code GENIE_LRU_CAPACITY})
     * @param ttl      lifetime of an entry ({@code GENIE_CACHE_TTL})
     */
    public ExactCache(int capacity, Duration ttl, Clock clock) {
        this.cache = Caffeine.newBuilder().maximumSize(capacity).expireAfterWrite(ttl)
                .ticker(new ClockTicker(clock)).executor(Runnable::run).build();
    }

    /** The entry for {@code key} if present and not expired. */
    public CachedQuery get(String key) {
        return cache.getIfPresent(key);
    }

    /** Stores {@code value} under {@code key}, replacing any older entry. */
    public void put(String key, CachedQuery value) {
        cache.put(key, value);
    }

    /** Entries held, after pending evictions and expiries are applied. */
    public long size() {
        cache.cleanUp();
        return cache.estimatedSize();
    }

    /** Removes every entry. */
    public void clear() {
        cache.invalidateAll();
    }
}
