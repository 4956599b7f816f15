package io.geniejmeter.lakebase;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.geniejmeter.cache.InMemorySemanticCache;
import io.geniejmeter.cache.SemanticCache;
import io.geniejmeter.cache.SemanticEntry;
import io.geniejmeter.cache.SemanticMatch;
import io.geniejmeter.cache.SemanticQuery;
import io.geniejmeter.time.ManualClock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The PostgreSQL semantic cache keeps the {@link SemanticCache} contract exactly as the in-memory one does: the same
 * entries and the same questions give the same hits, misses and similarities, on a real server.
 */
@ExtendWith(PostgresExtension.class)
class PostgresSemanticCacheTest {

    private static final int DIMS = 32;
    private static final Duration DAY = Duration.ofDays(1);
    private static final PoolOptions OPTIONS = new PoolOptions(4, Duration.ofSeconds(30), Duration.ofSeconds(30));

    private final ManualClock clock = new ManualClock();
    private TestSchema schema;
    private PostgresSemanticCache postgres;
    private InMemorySemanticCache memory;

    @BeforeEach
    void open(TestPostgres pg) {
        schema = pg.newSchema();
        CacheDatabase database = schema.database(OPTIONS);
        postgres = new PostgresSemanticCache(new SemanticCacheTable(database, clock), DAY, database);
        memory = new InMemorySemanticCache(1000, DAY, clock);
    }

    @AfterEach
    void close() {
        postgres.close();
        schema.close();
    }

    /** Unit length, as the chain's embedder hands vectors to the caches. */
    private static float[] unit(float[] v) {
        if (v == null) {
            return null;
        }
        double norm = Math.sqrt(dot(v, v));
        float[] u = new float[v.length];
        for (int i = 0; i < v.length; i++) {
            u[i] = (float) (v[i] / norm);
        }
        return u;
    }

    private static double dot(float[] a, float[] b) {
        double sum = 0;
        for (int i = 0; i < a.length; i++) {
            sum += (double) a[i] * b[i];
        }
        return sum;
    }

    private static SemanticEntry entry(String space, String question, float[] q, float[] ctx) {
        return new SemanticEntry(space, question, ctx == null ? "" : "Previous: before " + question, q, ctx,
                "SELECT '" + question + "'", "about " + question);
    }

    @Test
    void answersEveryQueryAsTheInMemoryCacheDoes() {
        List<float[]> questions = new ArrayList<>();
        List<float[]> contexts = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            questions.add(unit(Vectors.random(DIMS, 100 + i)));
            contexts.add(i % 3 == 0 ? null : unit(Vectors.random(DIMS, 200 + i)));
        }
        for (int i = 0; i < questions.size(); i++) {
            SemanticEntry e = entry(i % 4 == 3 ? "space-b" : "space-a", "question " + i, questions.get(i),
                    contexts.get(i));
            postgres.store(e);
            memory.store(e);
        }
        int hits = 0;
        int misses = 0;
        for (int i = 0; i < questions.size(); i++) {
            for (double nearness : new double[] {0.02, 0.2, 0.6}) {
                float[] q = unit(Vectors.blend(questions.get(i), Vectors.random(DIMS, 900 + i), nearness));
                float[] ctx = contexts.get(i) == null ? null
                        : unit(Vectors.blend(contexts.get(i), Vectors.random(DIMS, 700 + i), nearness));
                SemanticQuery query = new SemanticQuery("space-a", q, ctx, 0.85, 0.80);
                Optional<SemanticMatch> expected = memory.lookup(query);
                Optional<SemanticMatch> actual = postgres.lookup(query);
                assertEquals(expected.map(m -> m.entry().question()), actual.map(m -> m.entry().question()),
                        "question " + i + " at nearness " + nearness);
                if (expected.isPresent()) {
                    hits++;
                    assertEquals(expected.get().questionSimilarity(), actual.get().questionSimilarity(), 1e-4);
                    assertEquals(expected.get().contextSimilarity(), actual.get().contextSimilarity(), 1e-4);
                    assertEquals(expected.get().entry().sql(), actual.get().entry().sql());
                } else {
                    misses++;
                }
            }
        }
        assertTrue(hits >= 5 && misses >= 5, "both outcomes exercised: " + hits + " hits, " + misses + " misses");
        assertEquals(memory.size(), postgres.size());
    }

    @Test
    void forgetsRowsOlderThanTheTtlAndClearsEverySpace() {
        float[] q = unit(Vectors.random(DIMS, 1));
        postgres.store(entry("space-a", "old", q, null));
        postgres.store(entry("space-b", "other", unit(Vectors.random(DIMS, 2)), null));
        clock.advance(DAY.plusSeconds(1));

        assertTrue(postgres.lookup(new SemanticQuery("space-a", q, null, 0.85, 0.80)).isEmpty(), "expired: a miss");
        assertEquals(2, postgres.size());
        postgres.clear();
        assertEquals(0, postgres.size());
    }
}
