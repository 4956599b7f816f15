package io.geniejmeter.bench;

import io.geniejmeter.cache.ExactCache;
import io.geniejmeter.cache.InMemorySemanticCache;
import io.geniejmeter.cache.Questions;
import io.geniejmeter.cache.SemanticEntry;
import io.geniejmeter.cache.SemanticQuery;
import io.geniejmeter.cache.Vectors;
import io.geniejmeter.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;

/**
 * How long the cache layers take to look up, on one thread; not a test.
 *
 * <p>Run: {@code mvn -q -DskipTests test-compile exec:java -Dexec.classpathScope=test
 * -Dexec.mainClass=io.geniejmeter.bench.CacheBenchmark} (optional {@code -Dbench.rounds=5},
 * {@code -Dbench.lookups=200}, {@code -Dbench.dims=1024}).
 *
 * <p><b>LRU lookup</b>: {@link ExactCache#get} of the key {@link Questions#exactKey} builds (space, two previous
 * questions, the question), on a full cache of 1,000 entries, every lookup timed alone; baseline in the same run: the
 * same key built and looked up in a {@link ConcurrentHashMap}.
 *
 * <p><b>Semantic lookup</b>: {@link InMemorySemanticCache#lookup} with random unit vectors (a miss: the whole
 * question block is scanned, which is the cost of every question that is not a hit) at 1,000 and 10,000 entries of
 * {@code bench.dims} dimensions. Baseline in the same run: the sum of a {@code float[]} as large as the scanned
 * question block, which is what the machine's memory bandwidth allows for the same bytes on one thread.
 */
public final class CacheBenchmark {

    private CacheBenchmark() {
    }

    public static void main(String[] args) {
        int rounds = Integer.getInteger("bench.rounds", 5);
        int lookups = Integer.getInteger("bench.lookups", 200);
        int dims = Integer.getInteger("bench.dims", 1024);
        System.out.printf(Locale.ROOT, "CacheBenchmark: %d rounds, %d semantic lookups per round, %d dimensions,"
                + " %d cores, %s%n", rounds, lookups, dims, Runtime.getRuntime().availableProcessors(),
                System.getProperty("java.vm.name") + " " + System.getProperty("java.version"));
        lru(rounds);
        for (int entries : new int[] {1_000, 10_000}) {
            semantic(entries, dims, rounds, lookups);
        }
    }

    private static void lru(int rounds) {
        ExactCache cache = new ExactCache(1_000, Duration.ofDays(1), Clock.SYSTEM);
        ConcurrentHashMap<String, ExactCache.CachedQuery> map = new ConcurrentHashMap<>();
        List<String> window = List.of("Show total repairs by month for JetBlue airline", "Only for 2024");
        String[] questions = new String[1_000];
        for (int i = 0; i < questions.length; i++) {
            questions[i] = "How many repairs of aircraft type " + i + " were there last quarter?";
            ExactCache.CachedQuery q = new ExactCache.CachedQuery(questions[i], "SELECT " + i, null);
            cache.put(Questions.exactKey("space", window, questions[i]), q);
            map.put(Questions.exactKey("space", window, questions[i]), q);
        }
        int n = 200_000;
        long[] lru = new long[n];
        long[] base = new long[n];
        long sink = 0;
        for (int round = 0; round <= rounds; round++) {
            for (int i = 0; i < n; i++) {
                String question = questions[i % questions.length];
                long t0 = System.nanoTime();
                sink += cache.get(Questions.exactKey("space", window, question)).sql().length();
                long t1 = System.nanoTime();
                sink += map.get(Questions.exactKey("space", window, question)).sql().length();
                long t2 = System.nanoTime();
                lru[i] = t1 - t0;
                base[i] = t2 - t1;
            }
            if (round > 0) { // round 0 warms the JIT up
                System.out.printf(Locale.ROOT, "LRU lookup (key built + get), 1,000 entries, round %d:"
                        + " p50 %.2f us, p99 %.2f us | baseline ConcurrentHashMap: p50 %.2f us, p99 %.2f us%n",
                        round, pct(lru, 50) / 1e3, pct(lru, 99) / 1e3, pct(base, 50) / 1e3, pct(base, 99) / 1e3);
            }
        }
        if (sink == 42) {
            System.out.println();
        }
    }

    private static void semantic(int entries, int dims, int rounds, int lookups) {
        SplittableRandom random = new SplittableRandom(5);
        InMemorySemanticCache cache = new InMemorySemanticCache(entries, Duration.ofDays(1), Clock.SYSTEM);
        for (int i = 0; i < entries; i++) {
            cache.store(new SemanticEntry("space", "question " + i, "Previous: x", randomUnit(random, dims),
                    randomUnit(random, dims), "SELECT " + i, null));
        }
        float[] block = new float[entries * dims];
        for (int i = 0; i < block.length; i++) {
            block[i] = (float) random.nextDouble();
        }
        List<float[]> queries = new ArrayList<>();
        for (int i = 0; i < lookups; i++) {
            queries.add(randomUnit(random, dims));
        }
        float[] context = randomUnit(random, dims);
        long[] scan = new long[lookups];
        long[] read = new long[lookups];
        double sink = 0;
        double mb = entries * (double) dims * Float.BYTES / 1e6;
        for (int round = 0; round <= rounds; round++) {
            for (int i = 0; i < lookups; i++) {
                long t0 = System.nanoTime();
                sink += cache.lookup(new SemanticQuery("space", queries.get(i), context, 0.85, 0.80)).isPresent()
                        ? 1 : 0;
                long t1 = System.nanoTime();
                sink += sum(block);
                long t2 = System.nanoTime();
                scan[i] = t1 - t0;
                read[i] = t2 - t1;
            }
            if (round > 0) {
                System.out.printf(Locale.ROOT, "Semantic lookup, %,d entries x %d dims (%.0f MB of question"
                        + " vectors), round %d: p50 %.2f ms, p99 %.2f ms (%.1f GB/s) | baseline sum of the same"
                        + " bytes: p50 %.2f ms, p99 %.2f ms (%.1f GB/s)%n", entries, dims, mb, round,
                        pct(scan, 50) / 1e6, pct(scan, 99) / 1e6, mb * 1e6 / pct(scan, 50), pct(read, 50) / 1e6,
                        pct(read, 99) / 1e6, mb * 1e6 / pct(read, 50));
            }
        }
        if (sink == 42) {
            System.out.println();
        }
    }

    /** A plain sequential read of {@code block}: the memory bandwidth baseline (eight sums, as the scan has). */
    private static double sum(float[] block) {
        float s0 = 0;
        float s1 = 0;
        float s2 = 0;
        float s3 = 0;
        float s4 = 0;
        float s5 = 0;
        float s6 = 0;
        float s7 = 0;
        for (int i = 0; i + 7 < block.length; i += 8) {
            s0 += block[i];
            s1 += block[i + 1];
            s2 += block[i + 2];
            s3 += block[i + 3];
            s4 += block[i + 4];
            s5 += block[i + 5];
            s6 += block[i + 6];
            s7 += block[i + 7];
        }
        return (double) s0 + s1 + s2 + s3 + s4 + s5 + s6 + s7;
    }

    private static float[] randomUnit(SplittableRandom random, int dims) {
        float[] v = new float[dims];
        for (int i = 0; i < dims; i++) {
            v[i] = (float) random.nextGaussian();
        }
        return Vectors.normalised(v);
    }

    private static double pct(long[] values, int percentile) {
        long[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(percentile / 100.0 * sorted.length) - 1)];
    }
}
