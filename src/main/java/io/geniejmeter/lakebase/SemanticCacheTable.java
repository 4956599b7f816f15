package io.geniejmeter.lakebase;

import com.pgvector.PGvector;
import io.geniejmeter.time.Clock;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The semantic cache's table {@value #TABLE} in PostgreSQL with pgvector, as the original tool lays it out: space id,
 * question, conversation context, question and context embeddings ({@code vector(D)}), SQL, description,
 * conversation id, created_at. The dimension D comes from the first embedding written or looked up (or
 * {@link #prepare(int)}); the table is created if absent ({@code CREATE EXTENSION IF NOT EXISTS vector} first) and
 * dropped and created anew when its stored D differs, since embeddings of another model cannot be compared. An HNSW
 * index on the question embedding's binary quantisation ({@code binary_quantize(question_embedding)::bit(D)},
 * {@code bit_hamming_ops}: one bit a dimension, compared by Hamming distance) finds the
 * {@value #INDEX_CANDIDATES} likeliest rows, and their exact cosine similarity picks the {@value #NEAREST_QUESTIONS}
 * nearest. Against an HNSW index on the full vectors it is a nineteenth of the size (41 MB against 781 MB at 100,000
 * rows of 1,024 dimensions), so it stays in the server's memory, builds six times faster and takes up to 64,000
 * dimensions; a question similar enough to be a hit (cosine 0.85 or more) differs from its match in few bits, so
 * the coarse search keeps it (figures: docs/benchmarks.md). A table made by an earlier version, with an HNSW index on
 * the full vectors, gets the new index built once and the old one dropped.
 *
 * <p>Similarity is cosine similarity (1 - pgvector's {@code <=>}), which does not depend on the vectors' lengths
 * (the original's 1/(1+L2 distance) did). A context that is all zeros (no context) has similarity 1 with another
 * empty context and 0 with any other. Candidates are ranked by {@value #QUESTION_WEIGHT} x question similarity +
 * {@value #CONTEXT_WEIGHT} x context similarity, among the {@value #NEAREST_QUESTIONS} rows of the space whose
 * questions are nearest (the index's search; a hit needs a near question anyway).
 *
 * <p>Rows are scoped by space id; rows older than the TTL given to a lookup are not returned (an expired row is a
 * miss) and {@link #deleteOlderThan} removes them. Times are the injected clock's wall time. SQL is parameterised
 * throughout; every statement is bounded by the pool's {@code statement_timeout} and every failure is a
 * {@link CacheDatabaseException}.
 *
 * <p>Thread-safe: any number of threads may call any method; schema changes are serialised in this JVM and, with a
 * transaction-level advisory lock, across JVMs sharing the database.
 */
public final class SemanticCacheTable {

    /** The table's name, as the original tool's. */
    public static final String TABLE = "genie_semantic_cache";
    /** Weight of the question similarity in a candidate's rank. */
    public static final double QUESTION_WEIGHT = 0.6;
    /** Weight of the context similarity in a candidate's rank. */
    public static final double CONTEXT_WEIGHT = 0.4;
    /** How many rows nearest by question are ranked by the combined score. */
    public static final int NEAREST_QUESTIONS = 20;
    /**
     * How many rows the binary index's search hands to the exact ranking: twice the nearest kept, so that a row
     * whose bits happen to lie a little farther than its cosine does is still ranked exactly.
     */
    public static final int INDEX_CANDIDATES = 2 * NEAREST_QUESTIONS;
    /** The HNSW search's list size ({@code hnsw.ef_search}) the pool's connections set: twice the candidates. */
    public static final int EF_SEARCH = 2 * INDEX_CANDIDATES;
    /** pgvector's largest dimension for an HNSW index on {@code bit}: above it, lookups scan. */
    static final int HNSW_MAX_DIMENSIONS = 64_000;
    /** The index on the question embeddings' bits. */
    static final String QUESTION_INDEX = TABLE + "_question_bits";
    /** The HNSW index on the full question vectors that earlier versions made; dropped when found. */
    static final String OLD_QUESTION_INDEX = TABLE + "_question_hnsw";

    private static final Logger LOG = LoggerFactory.getLogger(SemanticCacheTable.class);
    /** Advisory lock serialising schema changes across JVMs: "genie" in ASCII. */
    private static final long SCHEMA_LOCK = 0x67656e6965L;

    private static final String STORED_DIMENSIONS = "SELECT a.atttypmod FROM pg_attribute a"
            + " WHERE a.attrelid = to_regclass(?) AND a.attname = 'question_embedding' AND NOT a.attisdropped";
    private static final String INSERT = "INSERT INTO " + TABLE + " (genie_space_id, question, conversation_context,"
            + " question_embedding, context_embedding, sql_query, description, conversation_id, created_at)"
            + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id";
    /**
     * The lookup for {@code dimensions}-long embeddings (the index's expression names the dimension). The likely rows
     * carry only their question vectors; the other columns, the context vector among them, are read for the nearest
     * only, by id, and each vector is read once ({@code OFFSET 0} keeps the planner from inlining the similarity into
     * the score and reading the context vector again): carrying both vectors through the ranking took 11 ms instead
     * of 1 ms at 100,000 rows.
     */
    static String nearestSql(int dimensions) {
        return "SELECT id, question, conversation_context, sql_query, description, conversation_id, created_at,"
            + " question_similarity, context_similarity,"
            + " " + QUESTION_WEIGHT + " * question_similarity + " + CONTEXT_WEIGHT + " * context_similarity AS score"
            + " FROM (SELECT cached.id, cached.question, cached.conversation_context, cached.sql_query,"
            + "         cached.description, cached.conversation_id, cached.created_at, nearest.question_similarity,"
            + "         CASE WHEN vector_norm(cached.context_embedding) = 0 THEN CASE WHEN ? THEN 1.0 ELSE 0.0 END"
            + "              WHEN ? THEN 0.0"
            + "              ELSE 1.0 - (cached.context_embedding <=> ?) END AS context_similarity"
            + "       FROM (SELECT id, 1.0 - (question_embedding <=> ?) AS question_similarity"
            + "             FROM (SELECT id, question_embedding FROM " + TABLE
            + "                   WHERE genie_space_id = ? AND created_at >= ?"
            + "                   ORDER BY " + questionBits(dimensions) + " <~> binary_quantize(?)"
            + "                   LIMIT " + INDEX_CANDIDATES + ") likely"
            + "             ORDER BY question_similarity DESC LIMIT " + NEAREST_QUESTIONS + ") nearest"
            + "       JOIN " + TABLE + " cached ON cached.id = nearest.id"
            + "       OFFSET 0) ranked"
            + " ORDER BY score DESC, id DESC LIMIT ?";
    }

    /** The indexed expression: the question embedding's sign bits, as pgvector's binary quantisation makes them. */
    private static String questionBits(int dimensions) {
        return "(binary_quantize(question_embedding)::bit(" + dimensions + "))";
    }

    private final DataSource dataSource;
    private final String database;
    private final Clock clock;
    /** The dimension the table has, 0 until prepared; written under this object's lock, read without. */
    private volatile int dimensions;
    /** {@link #nearestSql} for {@link #dimensions}; written before it. */
    private volatile String nearest;

    /** The table in {@code database}; nothing is sent until the first call. */
    public SemanticCacheTable(CacheDatabase database, Clock clock) {
        this(database.dataSource(), database.description(), clock);
    }

    SemanticCacheTable(DataSource dataSource, String database, Clock clock) {
        this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
        this.database = Objects.requireNonNull(database, "database");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * Makes sure the extension, the table for {@code dimensions}-long embeddings and its indexes exist; drops and
     * re-creates the table (losing its rows) when it was made for another dimension. Called by every other method
     * with the length of the embedding it is given, so calling it first is optional.
     */
    public synchronized void prepare(int dimensions) {
        if (dimensions < 1) {
            throw new IllegalArgumentException("dimensions must be at least 1, was " + dimensions);
        }
        if (this.dimensions == dimensions) {
            return;
        }
        run("preparing table " + TABLE + " for " + dimensions + " dimensions", connection -> {
            connection.setAutoCommit(false);
            try (Statement st = connection.createStatement()) {
                st.execute("SELECT pg_advisory_xact_lock(" + SCHEMA_LOCK + ")");
                st.execute("CREATE EXTENSION IF NOT EXISTS vector");
                int stored = storedDimensions(connection);
                if (stored != 0 && stored != dimensions) {
                    LOG.warn("Semantic cache table {} holds {}-dimensional embeddings, the model gives {}: dropping"
                            + " it and its rows and creating it anew", TABLE, stored, dimensions);
                    st.execute("DROP TABLE " + TABLE);
                }
                if (stored != dimensions) {
                    create(st, dimensions);
                } else {
                    replaceOldIndex(connection, st, dimensions);
                }
                connection.commit();
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            } finally {
                connection.setAutoCommit(true);
            }
            return null;
        });
        this.nearest = nearestSql(dimensions);
        this.dimensions = dimensions;
    }

    private static int storedDimensions(Connection connection) throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement(STORED_DIMENSIONS)) {
            ps.setString(1, TABLE);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getInt(1) : 0;
            }
        }
    }

    private static void create(Statement st, int dimensions) throws SQLException {
        st.execute("CREATE TABLE " + TABLE + " ("
                + "id BIGSERIAL PRIMARY KEY, "
                + "genie_space_id TEXT NOT NULL, "
                + "question TEXT NOT NULL, "
                + "conversation_context TEXT NOT NULL, "
                + "question_embedding vector(" + dimensions + ") NOT NULL, "
                + "context_embedding vector(" + dimensions + ") NOT NULL, "
                + "sql_query TEXT NOT NULL, "
                + "description TEXT, "
                + "conversation_id TEXT, "
                + "created_at TIMESTAMPTZ NOT NULL)");
        st.execute("CREATE INDEX " + TABLE + "_space_created ON " + TABLE + " (genie_space_id, created_at)");
        if (dimensions <= HNSW_MAX_DIMENSIONS) {
            createQuestionIndex(st, dimensions);
        } else {
            LOG.info("Semantic cache: {} dimensions is more than an HNSW index takes ({}); lookups scan the table",
                    dimensions, HNSW_MAX_DIMENSIONS);
        }
    }

    private static void createQuestionIndex(Statement st, int dimensions) throws SQLException {
        st.execute("CREATE INDEX " + QUESTION_INDEX + " ON " + TABLE + " USING hnsw (" + questionBits(dimensions)
                + " bit_hamming_ops)");
    }

    /** A table of an earlier version: builds the index on the bits once and drops the one on the full vectors. */
    private static void replaceOldIndex(Connection connection, Statement st, int dimensions) throws SQLException {
        if (dimensions > HNSW_MAX_DIMENSIONS || indexExists(connection, QUESTION_INDEX)) {
            return;
        }
        LOG.info("Semantic cache table {}: building the index on the question embeddings' bits (once; it replaces"
                + " {})", TABLE, OLD_QUESTION_INDEX);
        createQuestionIndex(st, dimensions);
        st.execute("DROP INDEX IF EXISTS " + OLD_QUESTION_INDEX);
    }

    private static boolean indexExists(Connection connection, String index) throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement("SELECT to_regclass(?) IS NOT NULL")) {
            ps.setString(1, index);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() && rs.getBoolean(1);
            }
        }
    }

    /** The dimension the table was prepared for, 0 before the first call. */
    public int dimensions() {
        return dimensions;
    }

    /** Stores {@code row}, stamped with the clock's wall time; returns its id. */
    public long insert(CacheRow row) {
        prepare(row.questionEmbedding().length);
        return run("storing a row", connection -> {
            sendVectorsInBinary(connection);
            try (PreparedStatement ps = connection.prepareStatement(INSERT)) {
                ps.setString(1, row.spaceId());
                ps.setString(2, row.question());
                ps.setString(3, row.context());
                ps.setObject(4, new PGvector(row.questionEmbedding()));
                ps.setObject(5, new PGvector(row.contextEmbedding()));
                ps.setString(6, row.sql());
                ps.setString(7, row.description());
                ps.setString(8, row.conversationId());
                ps.setObject(9, now());
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    return rs.getLong(1);
                }
            }
        });
    }

    /**
     * The best candidates of {@code spaceId} for a question, best first: at most {@code limit}, none stored more
     * than {@code ttl} ago.
     *
     * @param contextEmbedding all zeros when the question has no conversation context
     */
    public List<CacheCandidate> nearest(String spaceId, float[] questionEmbedding, float[] contextEmbedding,
                                        Duration ttl, int limit) {
        Objects.requireNonNull(spaceId, "spaceId");
        Embedding.checkPair(questionEmbedding, contextEmbedding);
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be at least 1, was " + limit);
        }
        prepare(questionEmbedding.length);
        boolean noContext = Embedding.isZero(contextEmbedding);
        PGvector question = new PGvector(questionEmbedding);
        return run("looking up the nearest questions", connection -> {
            sendVectorsInBinary(connection);
            try (PreparedStatement ps = connection.prepareStatement(nearest)) {
                ps.setBoolean(1, noContext);
                ps.setBoolean(2, noContext);
                ps.setObject(3, new PGvector(contextEmbedding));
                ps.setObject(4, question);
                ps.setString(5, spaceId);
                ps.setObject(6, cutoff(ttl));
                ps.setObject(7, question);
                ps.setInt(8, limit);
                List<CacheCandidate> out = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(new CacheCandidate(rs.getLong("id"), spaceId, rs.getString("question"),
                                rs.getString("conversation_context"), rs.getString("sql_query"),
                                rs.getString("description"), rs.getString("conversation_id"),
                                rs.getObject("created_at", OffsetDateTime.class).toInstant(),
                                rs.getDouble("question_similarity"), rs.getDouble("context_similarity"),
                                rs.getDouble("score")));
                    }
                }
                return out;
            }
        });
    }

    /** Deletes the rows of every space stored more than {@code ttl} ago; returns how many. */
    public int deleteOlderThan(Duration ttl) {
        if (!exists()) {
            return 0;
        }
        return run("deleting expired rows", connection -> {
            try (PreparedStatement ps = connection.prepareStatement("DELETE FROM " + TABLE
                    + " WHERE created_at < ?")) {
                ps.setObject(1, cutoff(ttl));
                return ps.executeUpdate();
            }
        });
    }

    /** How many rows the table holds (0 when it does not exist yet). */
    public long count() {
        return count("SELECT count(*) FROM " + TABLE, null);
    }

    /** How many rows {@code spaceId} has. */
    public long count(String spaceId) {
        return count("SELECT count(*) FROM " + TABLE + " WHERE genie_space_id = ?", Objects.requireNonNull(spaceId));
    }

    private long count(String sql, String spaceId) {
        if (!exists()) {
            return 0;
        }
        return run("counting rows", connection -> {
            try (PreparedStatement ps = connection.prepareStatement(sql)) {
                if (spaceId != null) {
                    ps.setString(1, spaceId);
                }
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    return rs.getLong(1);
                }
            }
        });
    }

    /** Deletes every row of every space; returns how many. */
    public int clearAll() {
        if (!exists()) {
            return 0;
        }
        return run("clearing " + TABLE, connection -> {
            try (PreparedStatement ps = connection.prepareStatement("DELETE FROM " + TABLE)) {
                return ps.executeUpdate();
            }
        });
    }

    /** Deletes every row of {@code spaceId}; returns how many. */
    public int clear(String spaceId) {
        Objects.requireNonNull(spaceId, "spaceId");
        if (!exists()) {
            return 0;
        }
        return run("clearing space " + spaceId, connection -> {
            try (PreparedStatement ps = connection.prepareStatement("DELETE FROM " + TABLE
                    + " WHERE genie_space_id = ?")) {
                ps.setString(1, spaceId);
                return ps.executeUpdate();
            }
        });
    }

    private boolean exists() {
        if (dimensions != 0) {
            return true;
        }
        return run("looking for table " + TABLE, connection -> storedDimensions(connection) != 0);
    }

    private OffsetDateTime now() {
        return OffsetDateTime.ofInstant(Instant.ofEpochMilli(clock.wallMillis()), ZoneOffset.UTC);
    }

    private OffsetDateTime cutoff(Duration ttl) {
        if (ttl.isNegative()) {
            throw new IllegalArgumentException("ttl must not be negative, was " + ttl);
        }
        return now().minus(ttl);
    }

    /**
     * Lets the driver send {@link PGvector}s in pgvector's binary form on {@code connection}: 4 bytes a component
     * instead of about 11 characters that the client formats and the server parses (three vectors a lookup). Only
     * after {@link #prepare}: the driver looks the type up once per connection and remembers a missing one.
     */
    private static void sendVectorsInBinary(Connection connection) throws SQLException {
        PGvector.addVectorType(connection);
    }

    /** Work on one pooled connection. */
    @FunctionalInterface
    private interface Work<T> {
        T on(Connection connection) throws SQLException;
    }

    private <T> T run(String what, Work<T> work) {
        try (Connection connection = dataSource.getConnection()) {
            return work.on(connection);
        } catch (SQLException e) {
            throw CacheDatabaseException.of(what, database, e);
        }
    }

    @Override
    public String toString() {
        return TABLE + " in " + database;
    }
}
