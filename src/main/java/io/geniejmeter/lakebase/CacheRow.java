package io.geniejmeter.lakebase;

import java.util.Objects;

/**
 * One answer to keep in the semantic cache: the question and its conversation context with their embeddings, and
 * the SQL Genie generated for them (never the result rows: a hit re-runs the SQL).
 *
 * @param spaceId             Genie space the answer belongs to; rows of other spaces are never matched
 * @param question            the question as asked
 * @param context             the conversation context it was asked in ("" for a first message)
 * @param questionEmbedding   embedding of the question; not all zeros
 * @param contextEmbedding    embedding of the context, same length; all zeros when there is no context
 * @param sql                 the SQL Genie generated
 * @param description         Genie's description of the query, may be null
 * @param conversationId      the conversation the answer came from, may be null
 */
public record CacheRow(String spaceId, String question, String context, float[] questionEmbedding,
                       float[] contextEmbedding, String sql, String description, String conversationId) {

    public CacheRow {
        Objects.requireNonNull(spaceId, "spaceId");
        Objects.requireNonNull(question, "question");
        Objects.requireNonNull(sql, "sql");
        context = context == null ? "" : context;
        Embedding.checkPair(questionEmbedding, contextEmbedding);
    }
}
