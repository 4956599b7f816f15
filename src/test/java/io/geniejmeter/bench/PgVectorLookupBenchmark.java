package io.geniejmeter.bench;

import io.geniejmeter.lakebase.CacheCandidate;
import io.geniejmeter.lakebase.CacheDatabase;
import io.geniejmeter.lakebase.PoolOptions;
import io.geniejmeter.lakebase.SemanticCacheTable;
import io.geniejmeter.lakebase.TestPostgres;
import io.geniejmeter.lakebase.TestSchema;
import io.geniejmeter.time.Clock;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * How long the semantic cache's nearest-candidate lookup ({@link SemanticCacheTable#nearest}) takes on PostgreSQL
 * with pgvector, at 10,000 and 100,000 rows of 1,024 dimensions; not a test.
 *
 * <p>Run: {@code mvn -q -DskipTests test-compile exec:java -Dexec.classpathScope=test
 * -Dexec.mainClass=io.geniejmeter.bench.PgVectorLookupBenchmark} (optional {@code -Dbench.rows=10000,100000},
 * {@code -Dbench.lookups=2000}, {@code -Dbench.dims=1024}, {@code -Dbench.efSearch=100}: pgvector's
 * {@code hnsw.ef_search}, default 40, set for the database before the pool connects). Uses
 * {@code GENIE_TEST_PG_URL} or a throwaway cluster, as the tests do.
 *
 * <p>Rows are random vectors made by the server (no transfer), all in one space, then the HNSW index is built; the
 * lookups are made from one thread over one pooled connection, as a cache lookup is: "near" lookups are stored
 * questions moved slightly (a paraphrase: a hit), "far" ones are new random vectors (a miss). Each call's latency,
 * the JDBC round trip included, is recorded after 200 warm-up calls.
 */
public final class PgVectorLookupBenchmark {

    private PgVectorLookupBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int dims = Integer.getInteger("bench.dims", 1024);
        int lookups = Integer.getInteger("bench.lookups", 2000);
        String rowsText = System.getProperty("bench.rows", "10000,100000");
        System.out.printf(Locale.ROOT, "PgVectorLookupBenchmark: %d dimensions, %d lookups per kind, %d cores%n",
                dims, lookups, Runtime.getRuntime().availableProcessors());
        try (TestPostgres pg = TestPostgres.start()) {
            String efSearch = System.getProperty("bench.efSearch");
            if (efSearch != null) {
                try (Connection c = pg.admin(); Statement st = c.createStatement()) {
                    st.execute("ALTER DATABASE " + c.getCatalog() + " SET hnsw.ef_search = "
                            + Integer.parseInt(efSearch));
                }
                System.out.printf(Locale.ROOT, "hnsw.ef_search = %s%n", efSearch);
            }
            for (String r : rowsText.split(",")) {
                int rows = Integer.parseInt(r.strip());
                try (TestSchema schema = pg.newSchema();
                     CacheDatabase db = schema.database(new PoolOptions(1, Duration.ofSeconds(30),
                             Duration.ofMinutes(30)))) {
                    run(pg, schema, db, rows, dims, lookups);
                }
            }
        }
    }

    private static void run(TestPostgres pg, TestSchema schema, CacheDatabase db, int rows, int dims, int lookups)
            throws Exception {
        SemanticCacheTable table = new SemanticCacheTable(db, Clock.SYSTEM);
        table.prepare(dims);
        long loadStart = System.nanoTime();
        List<float[]> stored = new ArrayList<>();
        try (Connection c = pg.admin(); Statement st = c.createStatement()) {
            st.execute("SET search_path = " + schema.name() + ", public");
            st.execute("SET maintenance_work_mem = '1GB'");
            st.execute("DROP INDEX " + SemanticCacheTable.TABLE + "_question_hnsw");
            st.execute("INSERT INTO " + SemanticCacheTable.TABLE + " (genie_space_id, question, conversation_context,"
                    + " question_embedding, context_embedding, sql_query, created_at)"
                    + " SELECT 'space', 'question ' || i, '',"
                    + " (SELECT array_agg(random() * 2 - 1)::vector FROM generate_series(1, " + dims + ") WHERE i > 0),"
                    + " array_fill(0::real, ARRAY[" + dims + "])::vector, 'SELECT ' || i, now()"
                    + " FROM generate_series(1, " + rows + ") i");
            double loadS = (System.nanoTime() - loadStart) / 1e9;
            long indexStart = System.nanoTime();
            st.execute("CREATE INDEX " + SemanticCacheTable.TABLE + "_question_hnsw ON " + SemanticCacheTable.TABLE
                    + " USING hnsw (question_embedding vector_cosine_ops)");
            st.execute("ANALYZE " + SemanticCacheTable.TABLE);
            System.out.printf(Locale.ROOT, "%,d rows: loaded in %.1f s, HNSW index built in %.1f s%n", rows, loadS,
                    (System.nanoTime() - indexStart) / 1e9);
            try (ResultSet rs = st.executeQuery("SELECT question_embedding::text FROM " + SemanticCacheTable.TABLE
                    + " ORDER BY random() LIMIT 500")) {
                while (rs.next()) {
                    stored.add(parse(rs.getString(1)));
                }
            }
        }
        SplittableRandom random = new SplittableRandom(42);
        float[] noContext = new float[dims];
        measure("near (hit)", rows, lookups, i -> nudge(stored.get(i % stored.size()), random), table, noContext);
        measure("far (miss)", rows, lookups, i -> randomVector(dims, random), table, noContext);
    }

    private interface Query {
        float[] make(int i);
    }

    private static void measure(String kind, int rows, int lookups, Query query, SemanticCacheTable table,
                                float[] noContext) {
        int warmUp = 200;
        long[] nanos = new long[lookups];
        int found = 0;
        double bestSimilarity = 0;
        for (int i = 0; i < warmUp + lookups; i++) {
            float[] q = query.make(i);
            long start = System.nanoTime();
            List<CacheCandidate> best = table.nearest("space", q, noContext, Duration.ofDays(1), 1);
            long took = System.nanoTime() - start;
            if (i >= warmUp) {
                nanos[i - warmUp] = took;
                if (!best.isEmpty()) {
                    found++;
                    bestSimilarity += best.get(0).questionSimilarity();
                }
            }
        }
        Arrays.sort(nanos);
        System.out.printf(Locale.ROOT, "%,d rows, %s: p50 %.2f ms, p99 %.2f ms, max %.2f ms; mean best question"
                        + " similarity %.3f over %d answers%n", rows, kind, nanos[lookups / 2] / 1e6,
                nanos[(int) Math.ceil(lookups * 0.99) - 1] / 1e6, nanos[lookups - 1] / 1e6,
                found == 0 ? 0 : bestSimilarity / found, found);
    }

    private static float[] parse(String text) {
        String[] parts = text.substring(1, text.length() - 1).split(",");
        float[] v = new float[parts.length];
        for (int i = 0; i < v.length; i++) {
            v[i] = Float.parseFloat(parts[i]);
        }
        return v;
    }

    /** A paraphrase: the stored vector with small noise added. */
    private static float[] nudge(float[] v, SplittableRandom random) {
        float[] out = v.clone();
        for (int i = 0; i < out.length; i++) {
            out[i] += (float) ((random.nextDouble() * 2 - 1) * 0.1);
        }
        return out;
    }

    private static float[] randomVector(int dims, SplittableRandom random) {
        float[] v = new float[dims];
        for (int i = 0; i < dims; i++) {
            v[i] = (float) (random.nextDouble() * 2 - 1);
        }
        return v;
    }
}
