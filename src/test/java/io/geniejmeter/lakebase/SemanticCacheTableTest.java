package io.geniejmeter.lakebase;

import static io.geniejmeter.lakebase.Vectors.blend;
import static io.geniejmeter.lakebase.Vectors.cosine;
import static io.geniejmeter.lakebase.Vectors.random;
import static io.geniejmeter.lakebase.Vectors.zeros;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.geniejmeter.time.ManualClock;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The vector table against a real PostgreSQL with pgvector ({@link TestPostgres}). */
@ExtendWith(PostgresExtension.class)
class SemanticCacheTableTest {

    private static final Duration DAY = Duration.ofDays(1);
    /** Generous waits: the machine may be loaded, and these tests are about results, not speed. */
    private static final PoolOptions OPTIONS = new PoolOptions(4, Duration.ofSeconds(30), Duration.ofSeconds(30));
    /** For the timeout test: a lock wait must end after one second. */
    private static final PoolOptions ONE_SECOND = new PoolOptions(2, Duration.ofSeconds(30), Duration.ofSeconds(1));

    private final ManualClock clock = new ManualClock();
    private TestSchema schema;
    private CacheDatabase database;
    private SemanticCacheTable table;

    @BeforeEach
    void openSchema(TestPostgres pg) {
        schema = pg.newSchema();
        database = schema.database(OPTIONS);
        table = new SemanticCacheTable(database, clock);
    }

    @AfterEach
    void dropSchema() {
        database.close();
        schema.close();
    }

    private static CacheRow row(String space, String question, float[] q, float[] ctx) {
        return new CacheRow(space, question, "", q, ctx, "SELECT '" + question + "'", "about " + question, "conv-1");
    }

    private String scalar(String sql) throws SQLException {
        try (Connection c = database.dataSource().getConnection(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery(sql)) {
            return rs.next() ? rs.getString(1) : null;
        }
    }

    @Test
    void shouldCreateTheExtensionTheTableAndAnHnswIndexOnTheQuestionBitsInAnEmptyDatabase(TestPostgres pg)
            throws Exception {
        try (CacheDatabase fresh = CacheDatabase.plain(pg.newDatabase(), null, null, OPTIONS)) {
            SemanticCacheTable empty = new SemanticCacheTable(fresh, clock);
            assertEquals(0, empty.count(), "no table yet, nothing counted");

            empty.prepare(8);

            try (Connection c = fresh.dataSource().getConnection(); Statement st = c.createStatement()) {
                ResultSet ext = st.executeQuery("SELECT count(*) FROM pg_extension WHERE extname = 'vector'");
                ext.next();
                assertEquals(1, ext.getInt(1), "CREATE EXTENSION vector ran");
                ResultSet idx = st.executeQuery("SELECT indexdef FROM pg_indexes WHERE tablename = '"
                        + SemanticCacheTable.TABLE + "' AND indexdef LIKE '%hnsw%'");
                assertTrue(idx.next(), "an HNSW index exists");
                String def = idx.getString(1);
                assertTrue(def.contains("binary_quantize(question_embedding)") && def.contains("bit(8)")
                        && def.contains("bit_hamming_ops"), def);
                assertFalse(idx.next(), "one HNSW index only: " + def);
            }
            assertEquals(8, empty.dimensions());
        }
    }

    @Test
    void shouldReplaceAnEarlierVersionsIndexOnTheFullVectorsAndKeepTheRows(TestPostgres pg) throws Exception {
        try (TestSchema own = pg.newSchema(); CacheDatabase db = own.database(OPTIONS)) {
            SemanticCacheTable earlier = new SemanticCacheTable(db, clock);
            earlier.insert(row("s", "kept", random(8, 1), zeros(8)));
            try (Connection c = db.dataSource().getConnection(); Statement st = c.createStatement()) {
                // The table as an earlier version left it: an HNSW index on the full question vectors.
                st.execute("DROP INDEX " + SemanticCacheTable.QUESTION_INDEX);
                st.execute("CREATE INDEX " + SemanticCacheTable.OLD_QUESTION_INDEX + " ON "
                        + SemanticCacheTable.TABLE + " USING hnsw (question_embedding vector_cosine_ops)");
            }

            SemanticCacheTable now = new SemanticCacheTable(db, clock);
            now.prepare(8);

            try (Connection c = db.dataSource().getConnection(); Statement st = c.createStatement();
                 ResultSet rs = st.executeQuery("SELECT string_agg(indexname, ',' ORDER BY indexname)"
                         + " FROM pg_indexes WHERE tablename = '" + SemanticCacheTable.TABLE
                         + "' AND indexdef LIKE '%hnsw%'")) {
                rs.next();
                assertEquals(SemanticCacheTable.QUESTION_INDEX, rs.getString(1), "old index dropped, new one built");
            }
            assertEquals(1, now.count(), "the rows stay");
            assertEquals("kept", now.nearest("s", random(8, 1), zeros(8), DAY, 1).get(0).question());
        }
    }

    @Test
    void shouldDropAndRecreateTheTableWhenTheStoredDimensionDiffers() throws Exception {
        table.insert(row("s", "old model", random(8, 1), zeros(8)));
        SemanticCacheTable sameModel = new SemanticCacheTable(database, clock);
        sameModel.prepare(8);
        assertEquals(1, sameModel.count(), "the same dimension keeps the rows");

        SemanticCacheTable newModel = new SemanticCacheTable(database, clock);
        newModel.insert(row("s", "new model", random(12, 2), zeros(12)));

        assertEquals(1, newModel.count(), "the 8-dimensional row is gone, the 12-dimensional one is there");
        assertEquals("12", scalar("SELECT atttypmod FROM pg_attribute WHERE attrelid = '"
                + SemanticCacheTable.TABLE + "'::regclass AND attname = 'context_embedding'"));
        assertEquals("new model", newModel.nearest("s", random(12, 2), zeros(12), DAY, 1).get(0).question());
    }

    @Test
    void shouldKeepSpacesApart() {
        float[] q = random(16, 3);
        table.insert(row("space-a", "revenue by month", q, zeros(16)));
        table.insert(row("space-b", "revenue by month", q, zeros(16)));
        table.insert(row("space-b", "orders by region", random(16, 4), zeros(16)));

        List<CacheCandidate> a = table.nearest("space-a", q, zeros(16), DAY, 10);
        assertEquals(1, a.size(), "space-b's identical question is not a candidate of space-a");
        assertEquals("space-a", a.get(0).spaceId());
        assertEquals(List.of(), table.nearest("space-c", q, zeros(16), DAY, 10));

        assertEquals(1, table.clear("space-a"));
        assertEquals(0, table.count("space-a"));
        assertEquals(2, table.count("space-b"), "clearing space-a leaves space-b's rows");
    }

    @Test
    void shouldPlanEveryLookupForItsOwnParametersEvenAfterTheDriverPreparedItOnTheServer(TestPostgres pg)
            throws Exception {
        // A generic plan guesses the space's size: at 100,000 rows it sorted the whole space by distance (1.7 s).
        try (TestSchema own = pg.newSchema(); CacheDatabase one = own.database(OPTIONS.withMaxConnections(1))) {
            SemanticCacheTable single = new SemanticCacheTable(one, clock);
            for (int i = 0; i < 30; i++) {
                single.insert(row(i % 3 == 0 ? "space-a" : "space-b", "question " + i, random(16, 100 + i),
                        zeros(16)));
            }
            for (int i = 0; i < 20; i++) {
                assertEquals(5, single.nearest("space-a", random(16, 500 + i), zeros(16), DAY, 5).size());
            }
            try (Connection c = one.dataSource().getConnection(); Statement st = c.createStatement();
                 ResultSet rs = st.executeQuery("SELECT generic_plans, custom_plans FROM pg_prepared_statements"
                         + " WHERE statement LIKE '%<~> binary_quantize(%'")) {
                assertTrue(rs.next(), "the driver prepared the lookup on the server (the pool's one connection)");
                assertEquals(0, rs.getLong("generic_plans"), "lookups planned without their parameters");
                assertTrue(rs.getLong("custom_plans") >= 10, "custom plans: " + rs.getLong("custom_plans"));
            }
        }
    }

    @Test
    void shouldSearchWithTheListSizeAndScanModeTheLookupIsMeasuredWithOnEveryPooledConnection() throws Exception {
        table.prepare(8); // loads pgvector, whose settings are only placeholders before
        assertEquals(String.valueOf(SemanticCacheTable.EF_SEARCH), scalar("SHOW hnsw.ef_search"));
        assertEquals("80", scalar("SHOW hnsw.ef_search"), "twice the 40 candidates, as docs/benchmarks.md measured");
        assertEquals("strict_order", scalar("SHOW hnsw.iterative_scan"));
        assertEquals("force_custom_plan", scalar("SHOW plan_cache_mode"));
    }

    @Test
    void shouldRankByPointSixQuestionPlusPointFourContextSimilarityAsComputedInJava() {
        int dims = 64;
        float[] q = random(dims, 10);
        float[] ctx = random(dims, 11);
        List<CacheRow> rows = new ArrayList<>();
        // Question nearest but context far, and the reverse: the weights decide which one ranks first.
        rows.add(new CacheRow("s", "near question, other context", "c1", blend(q, random(dims, 20), 0.1),
                random(dims, 21), "SELECT 1", null, null));
        rows.add(new CacheRow("s", "fairly near question, same context", "c2", blend(q, random(dims, 22), 0.3),
                blend(ctx, random(dims, 23), 0.05), "SELECT 2", null, null));
        rows.add(new CacheRow("s", "far question", "c3", random(dims, 24), ctx, "SELECT 3", null, null));
        rows.add(new CacheRow("s", "halfway", "c4", blend(q, random(dims, 25), 0.5),
                blend(ctx, random(dims, 26), 0.5), "SELECT 4", null, null));
        rows.forEach(table::insert);

        List<CacheCandidate> found = table.nearest("s", q, ctx, DAY, 10);

        record Expected(String question, double qs, double cs, double score) {
        }
        List<Expected> expected = new ArrayList<>();
        for (CacheRow r : rows) {
            double qs = cosine(q, r.questionEmbedding());
            double cs = cosine(ctx, r.contextEmbedding());
            expected.add(new Expected(r.question(), qs, cs, 0.6 * qs + 0.4 * cs));
        }
        expected.sort(Comparator.comparingDouble(Expected::score).reversed());
        assertEquals(expected.stream().map(Expected::question).toList(),
                found.stream().map(CacheCandidate::question).toList());
        assertEquals("fairly near question, same context", found.get(0).question(),
                "the context weight outranks the slightly nearer question");
        for (int i = 0; i < expected.size(); i++) {
            assertEquals(expected.get(i).qs(), found.get(i).questionSimilarity(), 1e-5, "question similarity " + i);
            assertEquals(expected.get(i).cs(), found.get(i).contextSimilarity(), 1e-5, "context similarity " + i);
            assertEquals(expected.get(i).score(), found.get(i).score(), 1e-5, "score " + i);
        }
        assertEquals(2, table.nearest("s", q, ctx, DAY, 2).size(), "the limit holds");
    }

    @Test
    void shouldGiveContextSimilarityOneBetweenTwoEmptyContextsAndZeroAgainstAnyContext() {
        float[] q = random(8, 30);
        table.insert(row("s", "no context", q, zeros(8)));
        table.insert(new CacheRow("s", "with context", "Previous: x", q, random(8, 31), "SELECT 1", null, null));

        List<CacheCandidate> found = table.nearest("s", q, zeros(8), DAY, 10);

        assertEquals("no context", found.get(0).question());
        assertEquals(1.0, found.get(0).contextSimilarity(), 1e-9);
        assertEquals(0.0, found.get(1).contextSimilarity(), 1e-9);
        assertEquals(0.0, table.nearest("s", q, random(8, 32), DAY, 10).stream()
                .filter(c -> c.question().equals("no context")).findFirst().orElseThrow().contextSimilarity(), 1e-9);
    }

    @Test
    void shouldTreatRowsOlderThanTheTtlAsAbsentAndDeleteThem() {
        float[] q = random(8, 40);
        table.insert(row("s", "old", q, zeros(8)));
        clock.advance(Duration.ofHours(2));
        table.insert(row("s", "new", q, zeros(8)));

        List<CacheCandidate> found = table.nearest("s", q, zeros(8), Duration.ofHours(1), 10);
        assertEquals(List.of("new"), found.stream().map(CacheCandidate::question).toList(),
                "the two-hour-old row is a miss with a one-hour TTL");
        assertEquals(2, table.nearest("s", q, zeros(8), Duration.ofHours(3), 10).size());

        assertEquals(1, table.deleteOlderThan(Duration.ofHours(1)));
        assertEquals(1, table.count());
        clock.advance(Duration.ofHours(2));
        assertEquals(List.of(), table.nearest("s", q, zeros(8), Duration.ofHours(1), 10));
    }

    @Test
    void shouldStoreEveryRowOfConcurrentWritersWhoAlsoRaceToCreateTheTable() throws Exception {
        int writers = 6;
        int each = 40;
        ExecutorService threads = Executors.newFixedThreadPool(writers);
        CyclicBarrier together = new CyclicBarrier(writers);
        List<CacheDatabase> pools = new ArrayList<>();
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int w = 0; w < writers; w++) {
                int writer = w;
                // A pool and a table object per writer, as separate JVMs have: only the database's schema lock
                // keeps them from creating the table twice.
                CacheDatabase own = schema.database(OPTIONS.withMaxConnections(1));
                pools.add(own);
                SemanticCacheTable ownTable = new SemanticCacheTable(own, clock);
                done.add(threads.submit(() -> {
                    ownTable.count();
                    together.await();
                    for (int i = 0; i < each; i++) {
                        ownTable.insert(row("s", "q" + writer + "-" + i, random(8, writer * 1000L + i), zeros(8)));
                    }
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get(60, TimeUnit.SECONDS);
            }
        } finally {
            threads.shutdownNow();
            pools.forEach(CacheDatabase::close);
        }
        assertEquals(writers * each, table.count());
        assertEquals(String.valueOf(writers * each), scalar("SELECT count(DISTINCT question) FROM "
                + SemanticCacheTable.TABLE));
    }

    @Test
    void shouldFailWithATimeoutInsteadOfWaitingOnALockedTable(TestPostgres pg) throws Exception {
        table.insert(row("s", "x", random(8, 50), zeros(8)));
        try (CacheDatabase impatient = schema.database(ONE_SECOND); Connection locker = pg.admin();
             Statement st = locker.createStatement()) {
            locker.setAutoCommit(false);
            st.execute("SET search_path = " + schema.name());
            st.execute("LOCK TABLE " + SemanticCacheTable.TABLE + " IN ACCESS EXCLUSIVE MODE");
            long start = System.nanoTime();

            SemanticCacheTable waiting = new SemanticCacheTable(impatient, clock);
            CacheDatabaseException e = assertThrows(CacheDatabaseException.class,
                    () -> waiting.nearest("s", random(8, 50), zeros(8), DAY, 1));

            long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            assertEquals(CacheDatabaseException.Kind.TIMEOUT, e.kind(), e.getMessage());
            assertTrue(ms < 8_000, "gave up after " + ms + " ms; the statement timeout is 1 s");
            locker.rollback();
        }
    }
}
