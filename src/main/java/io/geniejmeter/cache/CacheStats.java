package io.geniejmeter.cache;

import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * A snapshot of a chain's counters. Every question is exactly one of: an LRU hit, a semantic hit, a miss (Genie was
 * asked, whatever Genie answered) or a failed re-run (a cache entry was found but its SQL failed on the warehouse:
 * a failed answer, not a hit). Questions cut off by the end of the test (INTERRUPTED) are not counted, as the
 * sampler does not record them. {@code cacheErrors} counts failures of the cache itself (embedding endpoint,
 * database), after which Genie was asked: those questions are also misses.
 *
 * @param totalRequests questions answered
 * @param lruHits       answered from the exact-match cache, re-run succeeded
 * @param semanticHits  answered from the semantic cache, re-run succeeded
 * @param misses        answered by Genie
 * @param failedReruns  a cache entry was found but re-running its SQL failed
 * @param cacheErrors   embedding or cache store failures (each fell back to Genie)
 */
public record CacheStats(long totalRequests, long lruHits, long semanticHits, long misses, long failedReruns,
                         long cacheErrors) {

    /**
     * The original tool's final line, same fields and format, with {@code cache_errors} and {@code failed_reruns}
     * appended: {@code test_complete total_requests=100 lru_hits=45 lru_hit_rate=45.0% semantic_hits=30
     * semantic_hit_rate=30.0% misses=25 miss_rate=25.0% cache_errors=0 failed_reruns=0}. Rates are percentages of
     * the total with one decimal, rounded as Python's {@code f"{x:.1f}"} does (half to even on the exact binary
     * value); 0.0% when nothing was asked.
     */
    public String testCompleteLine() {
        return "test_complete total_requests=" + totalRequests
                + " lru_hits=" + lruHits + " lru_hit_rate=" + rate(lruHits) + "%"
                + " semantic_hits=" + semanticHits + " semantic_hit_rate=" + rate(semanticHits) + "%"
                + " misses=" + misses + " miss_rate=" + rate(misses) + "%"
                + " cache_errors=" + cacheErrors + " failed_reruns=" + failedReruns;
    }

    private String rate(long count) {
        double percent = totalRequests == 0 ? 0.0 : count * 100.0 / totalRequests;
        return new BigDecimal(percent).setScale(1, RoundingMode.HALF_EVEN).toPlainString();
    }
}
