package io.geniejmeter.bench;

import io.geniejmeter.cache.ExactCache;
import io.geniejmeter.cache.InMemorySemanticCache;
import io.geniejmeter.cache.Questions;
import io.geniejmeter.cache.SemanticEntry;
import io.geniejmeter.cache.SemanticMatch;
import io.geniejmeter.cache.SemanticQuery;
import io.geniejmeter.cache.Vectors;
import io.geniejmeter.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * How long one lookup in the in-JVM cache layers takes, on one thread (JMH, {@link Mode#SampleTime}: every sampled
 * call timed alone, so the report has percentiles); each beside a baseline measured in the same run. How to run:
 * docs/benchmarks.md.
 *
 * <p><b>LRU</b>: {@link ExactCache#get} of the key {@link Questions#exactKey} builds (space, two previous questions,
 * the question) on a full cache of 1,000 entries; baseline: the same key built and looked up in a
 * {@link ConcurrentHashMap}.
 *
 * <p><b>Semantic</b>: {@link InMemorySemanticCache#lookup} with random unit vectors at {@code entries} entries of
 * {@code dims} dimensions. A random query is a miss, so the whole question block is scanned: the cost of every
 * question that is not a hit, and the most a lookup costs. Baseline: a plain sum over a {@code float[]} as large as
 * that block, i.e. what this machine's memory bandwidth allows for the same bytes on one thread.
 */
@BenchmarkMode(Mode.SampleTime)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
public class CacheBenchmark {

    private static final int LRU_ENTRIES = 1_000;
    private static final List<String> WINDOW = List.of("Show total repairs by month for JetBlue airline",
            "Only for 2024");

    /** A full LRU of 1,000 questions and a plain map of the same keys and values. */
    @State(Scope.Thread)
    public static class Lru {
        final ExactCache cache = new ExactCache(LRU_ENTRIES, Duration.ofDays(1), Clock.SYSTEM);
        final ConcurrentHashMap<String, ExactCache.CachedQuery> map = new ConcurrentHashMap<>();
        final String[] questions = new String[LRU_ENTRIES];
        int next;

        @Setup(Level.Trial)
        public void fill() {
            for (int i = 0; i < questions.length; i++) {
                questions[i] = "How many repairs of aircraft type " + i + " were there last quarter?";
                ExactCache.CachedQuery q = new ExactCache.CachedQuery(questions[i], "SELECT " + i, null);
                cache.put(Questions.exactKey("space", WINDOW, questions[i]), q);
                map.put(Questions.exactKey("space", WINDOW, questions[i]), q);
            }
        }

        String nextQuestion() {
            next = next + 1 == questions.length ? 0 : next + 1;
            return questions[next];
        }
    }

    /** An in-memory semantic cache of {@code entries} random entries, and a block of as many floats to sum. */
    @State(Scope.Thread)
    public static class Semantic {
        @Param({"1000", "10000"})
        int entries;
        @Param("1024")
        int dims;

        InMemorySemanticCache cache;
        float[] block;
        SemanticQuery[] queries;
        int next;

        @Setup(Level.Trial)
        public void fill() {
            SplittableRandom random = new SplittableRandom(5);
            cache = new InMemorySemanticCache(entries, Duration.ofDays(1), Clock.SYSTEM);
            for (int i = 0; i < entries; i++) {
                cache.store(new SemanticEntry("space", "question " + i, "Previous: x", randomUnit(random, dims),
                        randomUnit(random, dims), "SELECT " + i, null));
            }
            block = new float[entries * dims];
            for (int i = 0; i < block.length; i++) {
                block[i] = (float) random.nextDouble();
            }
            float[] context = randomUnit(random, dims);
            queries = new SemanticQuery[256];
            for (int i = 0; i < queries.length; i++) {
                queries[i] = new SemanticQuery("space", randomUnit(random, dims), context, 0.85, 0.80);
            }
            if (cache.lookup(queries[0]).isPresent() || cache.size() != entries) {
                throw new IllegalStateException("the benchmark's random queries must miss a full cache");
            }
        }

        SemanticQuery nextQuery() {
            next = next + 1 == queries.length ? 0 : next + 1;
            return queries[next];
        }
    }

    @Benchmark
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    public ExactCache.CachedQuery lruLookup(Lru lru) {
        return lru.cache.get(Questions.exactKey("space", WINDOW, lru.nextQuestion()));
    }

    @Benchmark
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    public ExactCache.CachedQuery lruBaselineConcurrentHashMap(Lru lru) {
        return lru.map.get(Questions.exactKey("space", WINDOW, lru.nextQuestion()));
    }

    @Benchmark
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    public Optional<SemanticMatch> semanticLookup(Semantic semantic) {
        return semantic.cache.lookup(semantic.nextQuery());
    }

    @Benchmark
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    public double semanticBaselineSumOfSameBytes(Semantic semantic) {
        return bandwidthBaselineSum(semantic.block);
    }

    /**
     * The baseline of {@link #semanticLookup}: a plain sequential read of {@code block}, the bytes the scan reads, to
     * time what this machine's memory bandwidth allows on one thread. Deliberately not {@link Vectors#dot}: a dot
     * product multiplies and loads a second vector, which is the scan's own work that the comparison is meant to
     * show; it keeps dot's eight independent sums, so the two loops differ in that work and not in their shape.
     */
    private static double bandwidthBaselineSum(float[] block) {
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
}
