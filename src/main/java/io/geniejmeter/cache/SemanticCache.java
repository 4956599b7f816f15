package io.geniejmeter.cache;

import java.util.Optional;

/**
 * A store of questions Genie answered with SQL, searched by meaning: the semantic layer of {@link CachingGenie}.
 * Implemented in memory by {@link InMemorySemanticCache}; a PostgreSQL/pgvector store implements the same contract.
 *
 * <p><b>Contract.</b>
 * <ul>
 *   <li>Vectors are unit length (the {@link Embedder} normalises them), so cosine similarity is their dot product.
 *       A context vector may be absent (null: a first message has no context); absent contexts compare as
 *       {@link Vectors#contextSimilarity} says (both absent: 1.0, one absent: 0.0).</li>
 *   <li>{@link #lookup} considers only live entries (younger than the store's TTL) of the query's space whose
 *       question similarity reaches {@link SemanticQuery#questionThreshold()} and whose context similarity reaches
 *       {@link SemanticQuery#contextThreshold()}; among them it returns the one with the highest
 *       {@link SemanticMatch#score()} (0.6 x question + 0.4 x context similarity, the original's ranking). A found
 *       entry counts as used (for eviction by last access). Expired entries are never returned.</li>
 *   <li>{@link #store} adds an entry; an entry with the same space, normalised question and context text replaces
 *       the older one. A store keeps at most its capacity, evicting the entry used longest ago.</li>
 *   <li>Embeddings of a different dimension than the stored ones: the store starts over with the new dimension
 *       (the model changed), never compares vectors of different lengths.</li>
 *   <li>Thread-safe: every method may be called by any number of threads at once.</li>
 *   <li>Failures (database down) are thrown as unchecked exceptions and must not hang: every call is bounded in
 *       time. {@link CachingGenie} counts them as cache errors and asks Genie instead.</li>
 * </ul>
 */
public interface SemanticCache extends AutoCloseable {

    /** The best live entry for {@code query} that reaches both thresholds, if any. */
    Optional<SemanticMatch> lookup(SemanticQuery query);

    /** Stores {@code entry} (replacing an entry for the same space, question and context). */
    void store(SemanticEntry entry);

    /** Live entries held (all spaces). */
    int size();

    /** Removes every entry. */
    void clear();

    /** Releases what the store holds (connections); the in-memory store holds nothing. */
    @Override
    default void close() {
    }
}
