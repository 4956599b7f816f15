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
import java.sql.DriverManager;
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
 * {@code SELECT 1} over a connection of the same pool (the JDBC round trip); the bare search of the product's index
 * on the question bits for its {@value SemanticCacheTable#INDEX_CANDIDATES} candidates (what the lookup adds to it is
 * the rest); and the bare search of an HNSW index on the full question vectors for the 20 nearest, the index earlier
 * versions made (built beside the product's, only for this; searched over a connection of its own with the settings
 * those versions used: {@code hnsw.ef_search} 40, custom plans). Both bare searches take near queries and count how
 * often they found the row the query was made from, so the two indexes' recall is compared on the same queries.
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
    /** The index on the full vectors that earlier versions made: the baseline the product's index replaced. */
    private static final String VECTOR_INDEX = SemanticCacheTable.TABLE + "_bench_full_vectors";
    /** The 20 nearest ids by the full vectors' index, as earlier versions' lookup ordered them. */
    private static final String VECTOR_SEARCH = "SELECT id FROM " + SemanticCacheTable.TABLE
            + " ORDER BY question_embedding <=> ? LIMIT " + SemanticCacheTable.NEAREST_QUESTIONS;

    @Param({"10000", "100000"})
    int rows;
    @Param("1024")
    int dims;

    private TestPostgres server;
    private TestSchema schema;
    private boolean ownSchema;
    private CacheDatabase database;
    /** The earlier versions' search runs here: pgvector's default ef_search, as they left it. */
    private Connection vectorConnection;
    private PostgresSemanticCache cache;
    /** The candidates' ids by the product's index alone, as the lookup's innermost query orders them. */
    private String bitsSearch;
    private final List<SemanticQuery> near = new ArrayList<>();
    private final List<String> nearRows = new ArrayList<>();
    private final List<Long> nearIds = new ArrayList<>();
    private final List<PGvector> nearVectors = new ArrayList<>();
    private final List<SemanticQuery> far = new ArrayList<>();
    private final List<PGvector> farVectors = new ArrayList<>();
    private int next;
    private long nearCalls;
    private long nearOwnRow;
    private long farCalls;
    private long farHits;
    private long bitsCalls;
    private long bitsOwnRow;
    private long vectorCalls;
    private long vectorOwnRow;

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
        bitsSearch = "SELECT id FROM " + SemanticCacheTable.TABLE + " ORDER BY (binary_quantize(question_embedding)"
                + "::bit(" + dims + ")) <~> binary_quantize(?) LIMIT " + SemanticCacheTable.INDEX_CANDIDATES;
        if (table.count() != rows) {
            load();
        }
        makeQueries();
        vectorConnection = DriverManager.getConnection(schema.url());
        try (Statement st = vectorConnection.createStatement()) {
            st.execute("SET plan_cache_mode = force_custom_plan");
        }
        PGvector.addVectorType(vectorConnection);
        try (Connection c = database.dataSource().getConnection()) {
            checkSearchUses(c, bitsSearch, "Index Scan using " + SemanticCacheTable.TABLE + "_question_bits");
        }
        checkSearchUses(vectorConnection, VECTOR_SEARCH, "Index Scan using " + VECTOR_INDEX);
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
                if (!indexes.get(i - 1).equals(VECTOR_INDEX)) {
                    st.execute(indexes.get(i));
                }
            }
            double productSeconds = (System.nanoTime() - start) / 1e9;
            start = System.nanoTime();
            st.execute("CREATE INDEX " + VECTOR_INDEX + " ON " + table
                    + " USING hnsw (question_embedding vector_cosine_ops)");
            double vectorSeconds = (System.nanoTime() - start) / 1e9;
            st.execute("ANALYZE " + table);
            System.out.printf(Locale.ROOT, "%n%,d rows loaded in %.1f s; the product's index on the question bits"
                    + " built in %.1f s (%s), the baseline's on the full vectors in %.1f s (%s)%n", rows, loadSeconds,
                    productSeconds, size(st, SemanticCacheTable.TABLE + "_question_bits"), vectorSeconds,
                    size(st, VECTOR_INDEX));
        }
    }

    private static String size(Statement st, String index) throws SQLException {
        try (ResultSet rs = st.executeQuery("SELECT pg_size_pretty(pg_relation_size('" + index + "'))")) {
            rs.next();
            return rs.getString(1);
        }
    }

    private void makeQueries() throws SQLException {
        SplittableRandom random = new SplittableRandom(42);
        try (Connection c = server.admin(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT question, question_embedding::text, context_embedding::text, id"
                     + " FROM " + schema.name() + "." + SemanticCacheTable.TABLE
                     + " ORDER BY random() LIMIT " + QUERIES)) {
            while (rs.next()) {
                nearRows.add(rs.getString(1));
                nearIds.add(rs.getLong(4));
                float[] question = nudge(new PGvector(rs.getString(2)).toArray(), random);
                near.add(new SemanticQuery(SPACE, question, nudge(new PGvector(rs.getString(3)).toArray(), random),
                        0.85, 0.80));
                nearVectors.add(new PGvector(question));
            }
        }
        for (int i = 0; i < QUERIES; i++) {
            float[] question = randomUnit(random);
            far.add(new SemanticQuery(SPACE, question, randomUnit(random), 0.85, 0.80));
            farVectors.add(new PGvector(question));
        }
    }

    /** A baseline's bare search must run on the index it names, not scan. */
    private void checkSearchUses(Connection c, String search, String expected) throws SQLException {
        PGvector.addVectorType(c);
        try (PreparedStatement ps = c.prepareStatement("EXPLAIN " + search)) {
            ps.setObject(1, nearVectors.get(0));
            StringBuilder plan = new StringBuilder();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    plan.append(rs.getString(1)).append('\n');
                }
            }
            if (!plan.toString().contains(expected)) {
                throw new IllegalStateException("a baseline search does not use its index (" + expected + "): "
                        + plan);
            }
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        report("near lookups found their own row", nearOwnRow, nearCalls);
        report("far lookups hit", farHits, farCalls);
        report("bare searches of the product's index on the bits found the near query's row", bitsOwnRow, bitsCalls);
        report("bare searches of the full vectors' index found the near query's row", vectorOwnRow, vectorCalls);
        cache.close();
        try {
            vectorConnection.close();
        } catch (SQLException e) {
            System.out.println("closing the baseline's connection: " + e);
        }
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
    public boolean baselineBitsIndexSearch() throws SQLException {
        int i = nextIndex();
        boolean found;
        try (Connection c = database.dataSource().getConnection()) {
            PGvector.addVectorType(c); // binary, as the lookup sends its vectors
            found = search(c, bitsSearch, i);
        }
        bitsCalls++;
        bitsOwnRow += found ? 1 : 0;
        return found;
    }

    @Benchmark
    public boolean baselineVectorIndexSearch() throws SQLException {
        int i = nextIndex();
        boolean found = search(vectorConnection, VECTOR_SEARCH, i);
        vectorCalls++;
        vectorOwnRow += found ? 1 : 0;
        return found;
    }

    /** Runs a bare index search for near query {@code i}; whether it returned the row the query was made from. */
    private boolean search(Connection c, String sql, int i) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setObject(1, nearVectors.get(i));
            boolean found = false;
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    found |= rs.getLong(1) == nearIds.get(i);
                }
            }
            return found;
        }
    }

    private void report(String what, long count, long calls) {
        if (calls > 0) {
            System.out.printf(Locale.ROOT, "%n%,d rows: %,d of %,d %s (%.1f %%)%n", rows, count, calls, what,
                    100.0 * count / calls);
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
