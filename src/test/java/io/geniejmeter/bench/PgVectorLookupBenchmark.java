package io.geniejmeter.bench;

import com.pgvector.PGvector;
import io.geniejmeter.cache.SemanticMatch;
import io.geniejmeter.cache.SemanticQuery;
import io.geniejmeter.cache.Vectors;
import io.geniejmeter.lakebase.CacheDatabase;
import io.geniejmeter.lakebase.PoolOptions;
import io.geniejmeter.lakebase.PostgresSemanticCache;
import io.geniejmeter.lakebase.SemanticCacheTable;
import io.geniejmeter.lakebase.TestPostgres;
import io.geniejmeter.lakebase.TestSchema;
import io.geniejmeter.time.Clock;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.SplittableRandom;
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
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * How long the PostgreSQL semantic cache's lookup ({@link PostgresSemanticCache#lookup}: the table's nearest
 * candidates, ranked with their contexts, then the thresholds) takes on PostgreSQL with pgvector, from one thread over
 * one pooled connection as the chain makes it (JMH, {@link Mode#SampleTime}, so the report has percentiles). How to
 * run: docs/benchmarks.md.
 *
 * <p>The table holds {@code rows} rows of one space, question and context embeddings of {@code dims} random
 * components made by the server; the product's own {@code prepare} makes the table and its indexes, which are built
 * after the rows are loaded. "Near" lookups are stored rows' question and context moved slightly (a paraphrase in
 * the same conversation: cosine about 0.995, a hit), "far" ones new random vectors (a miss); the tear-down prints
 * how many near lookups found their own row (the index's recall). Baselines in the same run and conditions:
 * {@code SELECT 1} over a connection of the same pool (the JDBC round trip) and the bare index search for the 20
 * nearest ids (what the query adds to it is the rest).
 *
 * <p>Server: the one {@link Benchmarks} started for all forks ({@code -Dbench.pg.url}, {@code -Dbench.pg.schema}:
 * the loaded table is kept between forks and the runner drops it), else {@code GENIE_TEST_PG_URL} or a throwaway
 * cluster of this fork's own ({@link TestPostgres}); whatever this fork made it removes.
 */
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 5)
@Measurement(iterations = 5, time = 5)
@Fork(1)
@State(Scope.Benchmark)
public class PgVectorLookupBenchmark {

    /** Property naming the runner's server; absent: this fork starts its own. */
    static final String SERVER_PROPERTY = "bench.pg.url";
    /** Property naming the schema prefix of tables kept between forks; absent: a schema of this fork's own. */
    static final String SCHEMA_PROPERTY = "bench.pg.schema";
    private static final String SPACE = "space";
    private static final int QUERIES = 4096;
    private static final Duration TTL = Duration.ofDays(1);
    /** The 20 nearest ids by the index alone, as the lookup's inner query orders them. */
    private static final String INDEX_SEARCH = "SELECT id FROM " + SemanticCacheTable.TABLE
            + " ORDER BY question_embedding <=> ? LIMIT " + SemanticCacheTable.NEAREST_QUESTIONS;

    @Param({"10000", "100000"})
    int rows;
    @Param("1024")
    int dims;

    private TestPostgres server;
    private TestSchema schema;
    private boolean ownSchema;
    private CacheDatabase database;
    private PostgresSemanticCache cache;
    private final List<SemanticQuery> near = new ArrayList<>();
    private final List<String> nearRows = new ArrayList<>();
    private final List<SemanticQuery> far = new ArrayList<>();
    private final List<PGvector> farVectors = new ArrayList<>();
    private int next;
    private long nearCalls;
    private long nearOwnRow;
    private long farCalls;
    private long farHits;

    @Setup(Level.Trial)
    public void setUp() throws SQLException {
        String url = System.getProperty(SERVER_PROPERTY);
        server = url == null ? TestPostgres.start() : TestPostgres.attach(url);
        String prefix = System.getProperty(SCHEMA_PROPERTY);
        ownSchema = prefix == null;
        schema = ownSchema ? server.newSchema() : keptSchema(prefix + "_" + rows + "x" + dims);
        database = schema.database(new PoolOptions(1, Duration.ofSeconds(30), Duration.ofSeconds(30)));
        SemanticCacheTable table = new SemanticCacheTable(database, Clock.SYSTEM);
        cache = new PostgresSemanticCache(table, TTL, database);
        table.prepare(dims);
        if (table.count() != rows) {
            load();
        }
        makeQueries();
        checkBaselineUsesTheIndex();
    }

    private TestSchema keptSchema(String name) throws SQLException {
        try (Connection c = server.admin(); Statement st = c.createStatement()) {
            st.execute("CREATE SCHEMA IF NOT EXISTS " + name);
        }
        String separator = server.adminUrl().contains("?") ? "&" : "?";
        return new TestSchema(server, name, server.adminUrl() + separator + "currentSchema=" + name + ",public");
    }

    /** Fills the table with random rows made by the server, then builds the indexes the product made, anew. */
    private void load() throws SQLException {
        String table = SemanticCacheTable.TABLE;
        try (Connection c = server.admin(); Statement st = c.createStatement()) {
            st.execute("SET search_path = " + schema.name() + ", public");
            st.execute("SET maintenance_work_mem = '1GB'");
            List<String> indexes = new ArrayList<>();
            try (ResultSet rs = st.executeQuery("SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = '"
                    + schema.name() + "' AND tablename = '" + table + "' AND indexdef LIKE '% USING hnsw %'")) {
                while (rs.next()) {
                    indexes.add(rs.getString(1));
                    indexes.add(rs.getString(2));
                }
            }
            for (int i = 0; i < indexes.size(); i += 2) {
                st.execute("DROP INDEX " + indexes.get(i));
            }
            st.execute("TRUNCATE " + table);
            long start = System.nanoTime();
            String vector = "(SELECT array_agg(random() * 2 - 1)::vector FROM generate_series(1, " + dims + ")";
            st.execute("INSERT INTO " + table + " (genie_space_id, question, conversation_context,"
                    + " question_embedding, context_embedding, sql_query, created_at)"
                    + " SELECT '" + SPACE + "', 'question ' || i, 'Previous: question ' || (i - 1),"
                    + vector + " WHERE i > 0), " + vector + " WHERE i > -1), 'SELECT ' || i, now()"
                    + " FROM generate_series(1, " + rows + ") i");
            double loadSeconds = (System.nanoTime() - start) / 1e9;
            start = System.nanoTime();
            for (int i = 1; i < indexes.size(); i += 2) {
                st.execute(indexes.get(i));
            }
            st.execute("ANALYZE " + table);
            System.out.printf(Locale.ROOT, "%n%,d rows loaded in %.1f s, HNSW index built in %.1f s%n", rows,
                    loadSeconds, (System.nanoTime() - start) / 1e9);
        }
    }

    private void makeQueries() throws SQLException {
        SplittableRandom random = new SplittableRandom(42);
        try (Connection c = server.admin(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT question, question_embedding::text, context_embedding::text"
                     + " FROM " + schema.name() + "." + SemanticCacheTable.TABLE
                     + " ORDER BY random() LIMIT " + QUERIES)) {
            while (rs.next()) {
                nearRows.add(rs.getString(1));
                near.add(new SemanticQuery(SPACE, nudge(new PGvector(rs.getString(2)).toArray(), random),
                        nudge(new PGvector(rs.getString(3)).toArray(), random), 0.85, 0.80));
            }
        }
        for (int i = 0; i < QUERIES; i++) {
            float[] question = randomUnit(random);
            far.add(new SemanticQuery(SPACE, question, randomUnit(random), 0.85, 0.80));
            farVectors.add(new PGvector(question));
        }
    }

    /** The bare index search below must be what the product's lookup runs on: the HNSW index, not a scan. */
    private void checkBaselineUsesTheIndex() throws SQLException {
        try (Connection c = database.dataSource().getConnection();
             PreparedStatement ps = c.prepareStatement("EXPLAIN " + INDEX_SEARCH)) {
            ps.setObject(1, farVectors.get(0));
            StringBuilder plan = new StringBuilder();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    plan.append(rs.getString(1)).append('\n');
                }
            }
            if (!plan.toString().contains("hnsw")) {
                throw new IllegalStateException("the baseline's index search does not use the HNSW index: " + plan);
            }
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        System.out.printf(Locale.ROOT, "%n%,d rows: %,d of %,d near lookups found their own row (%.1f %%); %,d of %,d"
                + " far lookups hit%n", rows, nearOwnRow, nearCalls, 100.0 * nearOwnRow / Math.max(1, nearCalls),
                farHits, farCalls);
        cache.close();
        if (ownSchema) {
            schema.close();
        }
        server.close();
    }

    private int nextIndex() {
        next = next + 1 == QUERIES ? 0 : next + 1;
        return next;
    }

    @Benchmark
    public Optional<SemanticMatch> lookupNear() {
        int i = nextIndex();
        Optional<SemanticMatch> match = cache.lookup(near.get(i));
        nearCalls++;
        if (match.isPresent() && match.get().entry().question().equals(nearRows.get(i))) {
            nearOwnRow++;
        }
        return match;
    }

    @Benchmark
    public Optional<SemanticMatch> lookupFar() {
        Optional<SemanticMatch> match = cache.lookup(far.get(nextIndex()));
        farCalls++;
        if (match.isPresent()) {
            farHits++;
        }
        return match;
    }

    @Benchmark
    public int baselineRoundTrip() throws SQLException {
        try (Connection c = database.dataSource().getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT 1");
             ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getInt(1);
        }
    }

    @Benchmark
    public long baselineIndexSearch() throws SQLException {
        try (Connection c = database.dataSource().getConnection();
             PreparedStatement ps = c.prepareStatement(INDEX_SEARCH)) {
            PGvector.addVectorType(c); // binary, as the lookup sends its vectors
            ps.setObject(1, farVectors.get(nextIndex()));
            long last = 0;
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    last = rs.getLong(1);
                }
            }
            return last;
        }
    }

    /** A paraphrase: {@code v} with small noise added, of unit length as the embedder gives. */
    private static float[] nudge(float[] v, SplittableRandom random) {
        float[] out = v.clone();
        for (int i = 0; i < out.length; i++) {
            out[i] += (float) ((random.nextDouble() * 2 - 1) * 0.1);
        }
        return Vectors.normalised(out);
    }

    private float[] randomUnit(SplittableRandom random) {
        float[] v = new float[dims];
        for (int i = 0; i < dims; i++) {
            v[i] = (float) (random.nextDouble() * 2 - 1);
        }
        return Vectors.normalised(v);
    }
}
