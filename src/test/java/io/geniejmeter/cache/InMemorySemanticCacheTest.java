package io.geniejmeter.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.geniejmeter.time.ManualClock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** The in-memory semantic cache on hand-made unit vectors. */
class InMemorySemanticCacheTest {

    private static final Duration TTL = Duration.ofHours(1);
    private final ManualClock clock = new ManualClock();

    /** A unit vector at angle {@code degrees} from e0 towards e1 (cosine to e0 = cos(degrees)). */
    static float[] at(double degrees, int dims) {
        float[] v = new float[dims];
        v[0] = (float) Math.cos(Math.toRadians(degrees));
        v[1] = (float) Math.sin(Math.toRadians(degrees));
        return v;
    }

    static float[] unit(int axis, int dims) {
        float[] v = new float[dims];
        v[axis] = 1;
        return v;
    }

    private static SemanticEntry entry(String space, String question, float[] q, float[] c) {
        return new SemanticEntry(space, question, c == null ? "" : "Previous: x", q, c, "SELECT '" + question + "'",
                null);
    }

    private static SemanticQuery query(String space, float[] q, float[] c) {
        return new SemanticQuery(space, q, c, 0.85, 0.80);
    }

    @Test
    void shouldFindAnEntryAtTheThresholdAndNotBelowIt() {
        InMemorySemanticCache cache = new InMemorySemanticCache(10, TTL, clock);
        cache.store(entry("s", "a", unit(0, 8), null));
        float[] q = at(30, 8); // cosine 0.866
        double cos = Vectors.dot(q, unit(0, 8));

        assertTrue(cache.lookup(new SemanticQuery("s", q, null, cos, 0.8)).isPresent());
        assertFalse(cache.lookup(new SemanticQuery("s", q, null, Math.nextUp(cos), 0.8)).isPresent());
        assertFalse(cache.lookup(query("s", at(32, 8), null)).isPresent(), "cos 32 degrees = 0.848 < 0.85");
    }

    @Test
    void shouldCompareAbsentContextsAsEqualAndAbsentWithPresentAsUnrelated() {
        InMemorySemanticCache cache = new InMemorySemanticCache(10, TTL, clock);
        cache.store(entry("s", "first", unit(0, 8), null));
        cache.store(entry("s", "follow-up", unit(1, 8), unit(2, 8)));

        SemanticMatch first = cache.lookup(query("s", unit(0, 8), null)).orElseThrow();
        assertEquals(1.0, first.contextSimilarity());
        assertFalse(cache.lookup(query("s", unit(0, 8), unit(2, 8))).isPresent(), "a follow-up vs a first message");
        assertFalse(cache.lookup(query("s", unit(1, 8), null)).isPresent(), "a first message vs a follow-up");
        assertFalse(cache.lookup(query("s", unit(1, 8), unit(3, 8))).isPresent(), "another context");
        SemanticMatch followUp = cache.lookup(query("s", unit(1, 8), unit(2, 8))).orElseThrow();
        assertEquals("follow-up", followUp.entry().question());
        assertEquals(1.0, followUp.contextSimilarity(), 1e-6);
    }

    @Test
    void shouldRankCandidatesBySixTenthsQuestionAndFourTenthsContext() {
        InMemorySemanticCache cache = new InMemorySemanticCache(10, TTL, clock);
        float[] context = unit(2, 8);
        // question 0.95 / context 0.81 -> 0.894; question 0.90 / context 0.99 -> 0.936
        cache.store(entry("s", "close question", mix(0.95, 0, 1), mix(0.81, 2, 3)));
        cache.store(entry("s", "close context", mix(0.90, 0, 4), mix(0.99, 2, 5)));

        SemanticMatch best = cache.lookup(query("s", unit(0, 8), context)).orElseThrow();

        assertEquals("close context", best.entry().question());
        assertEquals(0.90, best.questionSimilarity(), 1e-6);
        assertEquals(0.99, best.contextSimilarity(), 1e-6);
        assertEquals(0.6 * 0.90 + 0.4 * 0.99, best.score(), 1e-6);
    }

    /** A unit vector with cosine {@code cos} to axis {@code axis}, the rest along {@code other}. */
    private static float[] mix(double cos, int axis, int other) {
        float[] v = new float[8];
        v[axis] = (float) cos;
        v[other] = (float) Math.sqrt(1 - cos * cos);
        return v;
    }

    @Test
    void shouldForgetEntriesAtTheTtl() {
        InMemorySemanticCache cache = new InMemorySemanticCache(10, TTL, clock);
        cache.store(entry("s", "a", unit(0, 8), null));
        clock.advance(TTL.minusNanos(1));
        assertTrue(cache.lookup(query("s", unit(0, 8), null)).isPresent());
        assertEquals(1, cache.size());
        clock.advanceNanos(1);
        assertFalse(cache.lookup(query("s", unit(0, 8), null)).isPresent());
        assertEquals(0, cache.size());
    }

    @Test
    void shouldEvictTheEntryUsedLongestAgoWhenFull() {
        InMemorySemanticCache cache = new InMemorySemanticCache(2, TTL, clock);
        cache.store(entry("s", "a", unit(0, 8), null));
        clock.advanceMillis(1);
        cache.store(entry("s", "b", unit(1, 8), null));
        clock.advanceMillis(1);
        cache.lookup(query("s", unit(0, 8), null)); // a used after b
        clock.advanceMillis(1);
        cache.store(entry("s", "c", unit(2, 8), null));

        assertTrue(cache.lookup(query("s", unit(0, 8), null)).isPresent(), "a was used last: kept");
        assertFalse(cache.lookup(query("s", unit(1, 8), null)).isPresent(), "b was used longest ago: evicted");
        assertTrue(cache.lookup(query("s", unit(2, 8), null)).isPresent());
        assertEquals(2, cache.size());
    }

    @Test
    void shouldReuseExpiredSlotsBeforeEvictingLiveEntries() {
        InMemorySemanticCache cache = new InMemorySemanticCache(2, TTL, clock);
        cache.store(entry("s", "old", unit(0, 8), null));
        clock.advance(TTL.dividedBy(2));
        cache.store(entry("s", "live", unit(1, 8), null));
        clock.advance(TTL.dividedBy(2));
        cache.store(entry("s", "new", unit(2, 8), null));

        assertEquals(2, cache.size());
        assertTrue(cache.lookup(query("s", unit(1, 8), null)).isPresent());
    }

    @Test
    void shouldKeepSpacesApart() {
        InMemorySemanticCache cache = new InMemorySemanticCache(10, TTL, clock);
        cache.store(entry("space-a", "q", unit(0, 8), null));

        assertTrue(cache.lookup(query("space-a", unit(0, 8), null)).isPresent());
        assertFalse(cache.lookup(query("space-b", unit(0, 8), null)).isPresent());
        cache.store(entry("space-b", "q", unit(0, 8), null));
        assertEquals(2, cache.size(), "the same question in two spaces is two entries");
        cache.store(entry("space-b", "other", unit(1, 8), null));
        assertFalse(cache.lookup(query("space-a", unit(1, 8), null)).isPresent(), "space b's entry is not a's");
    }

    @Test
    void shouldReplaceTheEntryForTheSameQuestionAndContext() {
        InMemorySemanticCache cache = new InMemorySemanticCache(10, TTL, clock);
        cache.store(new SemanticEntry("s", "Q", "", unit(0, 8), null, "SELECT 1", null));
        cache.store(new SemanticEntry("s", " q ", "", unit(0, 8), null, "SELECT 2", null));

        assertEquals(1, cache.size());
        assertEquals("SELECT 2", cache.lookup(query("s", unit(0, 8), null)).orElseThrow().entry().sql());
    }

    @Test
    void shouldStartOverWhenTheEmbeddingDimensionChanges() {
        InMemorySemanticCache cache = new InMemorySemanticCache(10, TTL, clock);
        cache.store(entry("s", "a", unit(0, 8), null));
        assertFalse(cache.lookup(query("s", unit(0, 16), null)).isPresent(), "never compares other lengths");
        cache.store(entry("s", "b", unit(0, 16), null));

        assertEquals(1, cache.size());
        assertFalse(cache.lookup(query("s", unit(0, 8), null)).isPresent());
        assertEquals("b", cache.lookup(query("s", unit(0, 16), null)).orElseThrow().entry().question());
    }

    @Test
    void shouldStayConsistentUnderConcurrentWritersAndReaders() throws Exception {
        int dims = 64;
        int threads = 8;
        int perThread = 300;
        InMemorySemanticCache cache = new InMemorySemanticCache(1_000, TTL, clock);
        List<float[]> vectors = new ArrayList<>();
        SplittableRandom random = new SplittableRandom(3);
        for (int i = 0; i < threads * perThread; i++) {
            float[] v = new float[dims];
            for (int d = 0; d < dims; d++) {
                v[d] = (float) random.nextGaussian();
            }
            vectors.add(Vectors.normalised(v));
        }
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<Integer>> wrong = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int first = t * perThread;
            wrong.add(pool.submit(() -> {
                go.await();
                int mismatches = 0;
                for (int i = first; i < first + perThread; i++) {
                    cache.store(new SemanticEntry("s", "q" + i, "", vectors.get(i), null, "SELECT " + i, null));
                    Optional<SemanticMatch> m = cache.lookup(new SemanticQuery("s", vectors.get(i), null, 0.99, 0));
                    // evicted by another writer is allowed; another entry's SQL is not
                    if (m.isPresent() && !m.get().entry().sql().equals("SELECT " + i)) {
                        mismatches++;
                    }
                }
                return mismatches;
            }));
        }
        go.countDown();
        int mismatches = 0;
        for (Future<Integer> f : wrong) {
            mismatches += f.get();
        }
        pool.shutdown();

        assertEquals(0, mismatches);
        assertEquals(1_000, cache.size(), "full, never over capacity");
        int found = 0;
        for (int i = 0; i < vectors.size(); i++) {
            Optional<SemanticMatch> m = cache.lookup(new SemanticQuery("s", vectors.get(i), null, 0.99, 0));
            if (m.isPresent()) {
                assertEquals("SELECT " + i, m.get().entry().sql());
                found++;
            }
        }
        assertEquals(1_000, found, "every kept entry is found by its own vector");
    }
}
