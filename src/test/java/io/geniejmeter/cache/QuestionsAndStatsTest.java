package io.geniejmeter.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.geniejmeter.time.ManualClock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Keys, context text, the final line, vectors and the exact-match layer: pure rules. */
class QuestionsAndStatsTest {

    @Test
    void shouldKeyExactMatchesBySpaceContextAndStrippedLowerCaseQuestion() {
        String key = Questions.exactKey("s", List.of("Hello"), "  Total Repairs ");
        assertEquals(key, Questions.exactKey("s", List.of("  hello"), "total repairs"));
        assertNotEquals(key, Questions.exactKey("t", List.of("Hello"), "total repairs"), "another space");
        assertNotEquals(key, Questions.exactKey("s", List.of(), "total repairs"), "another context");
        assertNotEquals(Questions.exactKey("s", List.of("a b"), "c"), Questions.exactKey("s", List.of("a"), "b c"));
    }

    @Test
    void shouldFormatTheContextAsTheOriginalDid() {
        String long600 = "x".repeat(600);
        assertEquals("", Questions.contextText(List.of()));
        assertEquals("Previous: one\nPrevious: two", Questions.contextText(List.of("one", "two")));
        assertEquals("Previous: " + "x".repeat(500) + "...", Questions.contextText(List.of(long600)));
        String huge = Questions.contextText(java.util.Collections.nCopies(20, long600));
        assertEquals(8000, huge.length());
    }

    @Test
    void shouldPrintTheOriginalsFinalLinePlusCacheErrorsAndFailedReruns() {
        assertEquals("test_complete total_requests=100 lru_hits=45 lru_hit_rate=45.0% semantic_hits=30"
                + " semantic_hit_rate=30.0% misses=25 miss_rate=25.0% cache_errors=2 failed_reruns=0",
                new CacheStats(100, 45, 30, 25, 0, 2).testCompleteLine());
        assertEquals("test_complete total_requests=0 lru_hits=0 lru_hit_rate=0.0% semantic_hits=0"
                + " semantic_hit_rate=0.0% misses=0 miss_rate=0.0% cache_errors=0 failed_reruns=0",
                new CacheStats(0, 0, 0, 0, 0, 0).testCompleteLine());
        // 1/16 = 6.25% and 1/3 = 33.33%: rounded as Python's f"{x:.1f}" (6.2, 33.3)
        assertTrue(new CacheStats(16, 1, 0, 15, 0, 0).testCompleteLine().contains("lru_hit_rate=6.2%"));
        assertTrue(new CacheStats(3, 1, 1, 1, 0, 0).testCompleteLine().contains("miss_rate=33.3%"));
    }

    @Test
    void shouldNormaliseVectorsAndCompareZeroContextsAsDocumented() {
        float[] v = Vectors.normalised(new float[] {3, 4});
        assertEquals(0.6f, v[0], 1e-6);
        assertEquals(0.8f, v[1], 1e-6);
        assertEquals(1.0, Vectors.dot(v, v), 1e-6);
        assertTrue(Vectors.isZero(Vectors.normalised(new float[3])));
        assertEquals(1.0, Vectors.contextSimilarity(null, new float[3]));
        assertEquals(0.0, Vectors.contextSimilarity(null, new float[] {1, 0, 0}));
        float[] odd = Vectors.normalised(new float[] {1, 2, 3, 4, 5, 6, 7});
        double plain = 0;
        for (float x : odd) {
            plain += x * x;
        }
        assertEquals(plain, Vectors.dot(odd, odd), 1e-6, "the unrolled loop covers the tail");
    }

    @Test
    void shouldExpireExactEntriesOnTheClockAndStayWithinCapacity() {
        ManualClock clock = new ManualClock();
        ExactCache cache = new ExactCache(3, Duration.ofSeconds(10), clock);
        cache.put("a", new ExactCache.CachedQuery("a", "SELECT 1", null));
        clock.advanceMillis(9_999);
        assertEquals("SELECT 1", cache.get("a").sql());
        clock.advanceMillis(1);
        assertNull(cache.get("a"));
        for (int i = 0; i < 50; i++) {
            cache.put("k" + i, new ExactCache.CachedQuery("q", "SELECT " + i, null));
            cache.get("k0");
        }
        assertEquals(3, cache.size());
        assertEquals("SELECT 0", cache.get("k0").sql(), "the entry asked every time survives the one-offs");
    }
}
