package io.geniejmeter.cache;

import java.util.concurrent.atomic.LongAdder;

/**
 * The counters behind {@link CacheStats}, kept per chain (for every user of the chain, whatever the cache scope).
 * Thread-safe: {@link LongAdder}s, incremented by every asking thread.
 */
final class CacheCounters {

    private final LongAdder total = new LongAdder();
    private final LongAdder lruHits = new LongAdder();
    private final LongAdder semanticHits = new LongAdder();
    private final LongAdder misses = new LongAdder();
    private final LongAdder failedReruns = new LongAdder();
    private final LongAdder cacheErrors = new LongAdder();

    void lruHit() {
        total.increment();
        lruHits.increment();
    }

    void semanticHit() {
        total.increment();
        semanticHits.increment();
    }

    void miss() {
        total.increment();
        misses.increment();
    }

    void failedRerun() {
        total.increment();
        failedReruns.increment();
    }

    void cacheError() {
        cacheErrors.increment();
    }

    /** The counts now (not an atomic cut across counters while threads are asking). */
    CacheStats snapshot() {
        return new CacheStats(total.sum(), lruHits.sum(), semanticHits.sum(), misses.sum(), failedReruns.sum(),
                cacheErrors.sum());
    }

    void reset() {
        total.reset();
        lruHits.reset();
        semanticHits.reset();
        misses.reset();
        failedReruns.reset();
        cacheErrors.reset();
    }
}
