package io.geniejmeter.lakebase;

import io.geniejmeter.cache.SemanticCache;
import io.geniejmeter.cache.SemanticEntry;
import io.geniejmeter.cache.SemanticMatch;
import io.geniejmeter.cache.SemanticQuery;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The cache chain's semantic cache in PostgreSQL with pgvector (a Lakebase instance or any server with the extension):
 * entries are rows of {@link SemanticCacheTable}, so every JVM and machine that uses the same database shares them.
 * Matching keeps {@link SemanticCache}'s contract: the table ranks the rows of the space whose questions are nearest
 * by the original's score (0.6 x question + 0.4 x context cosine similarity, an empty context matching only an empty
 * one), this class keeps the best one that reaches both thresholds; rows older than the TTL are never returned (a
 * miss). A failing database throws {@link CacheDatabaseException}, which the chain counts as a cache error before it
 * asks Genie.
 *
 * <p>Thread-safe, as the table and its pool are. The entry of a match carries the query's vectors, not the stored
 * row's (the chain uses only its question, SQL and description).
 */
public final class PostgresSemanticCache implements SemanticCache {

    private final SemanticCacheTable table;
    private final Duration ttl;
    private final AutoCloseable owned;

    /**
     * A cache over {@code table}, rows living {@code ttl}; {@code owned} (the pool, say) is closed with it, may be
     * null.
     */
    public PostgresSemanticCache(SemanticCacheTable table, Duration ttl, AutoCloseable owned) {
        this.table = Objects.requireNonNull(table, "table");
        this.ttl = Objects.requireNonNull(ttl, "ttl");
        this.owned = owned;
    }

    @Override
    public Optional<SemanticMatch> lookup(SemanticQuery query) {
        float[] question = query.questionVector();
        float[] context = query.contextVector() == null ? new float[question.length] : query.contextVector();
        List<CacheCandidate> candidates = table.nearest(query.spaceId(), question, context, ttl,
                SemanticCacheTable.NEAREST_QUESTIONS);
        return candidates.stream()
                .filter(c -> c.questionSimilarity() >= query.questionThreshold()
                        && c.contextSimilarity() >= query.contextThreshold())
                .max(Comparator.comparingDouble(CacheCandidate::score))
                .map(c -> new SemanticMatch(new SemanticEntry(c.spaceId(), c.question(), c.context(), question,
                        query.contextVector(), c.sql(), c.description()), c.questionSimilarity(),
                        c.contextSimilarity()));
    }

    @Override
    public void store(SemanticEntry entry) {
        float[] question = entry.questionVector();
        float[] context = entry.contextVector() == null ? new float[question.length] : entry.contextVector();
        table.insert(new CacheRow(entry.spaceId(), entry.question(), entry.context(), question, context, entry.sql(),
                entry.description(), null));
    }

    @Override
    public int size() {
        return (int) Math.min(Integer.MAX_VALUE, table.count());
    }

    @Override
    public void clear() {
        table.clearAll();
    }

    @Override
    public void close() {
        if (owned != null) {
            try {
                owned.close();
            } catch (Exception e) {
                throw new IllegalStateException("closing the semantic cache's database failed: " + e.getMessage(), e);
            }
        }
    }
}
