package io.geniejmeter.lakebase;

import java.time.Instant;

/**
 * A cached answer found near a question, with both similarities so that the cache can apply its two thresholds and
 * users can judge false hits.
 *
 * @param id                  the row's id
 * @param spaceId             Genie space of the row (always the space asked about)
 * @param question            the cached question it matched
 * @param context             the cached conversation context
 * @param sql                 the cached SQL
 * @param description         the cached query description, may be null
 * @param conversationId      the conversation the cached answer came from, may be null
 * @param createdAt           when the row was stored
 * @param questionSimilarity  cosine similarity of the two questions' embeddings, -1..1
 * @param contextSimilarity   cosine similarity of the two contexts' embeddings; 1 when neither has a context, 0
 *                            when only one has
 * @param score               the rank: {@link SemanticCacheTable#QUESTION_WEIGHT} x question similarity +
 *                            {@link SemanticCacheTable#CONTEXT_WEIGHT} x context similarity
 */
public record CacheCandidate(long id, String spaceId, String question, String context, String sql,
                             String description, String conversationId, Instant createdAt, double questionSimilarity,
                             double contextSimilarity, double score) {
}
