package io.geniejmeter.cache;

import java.util.Objects;

/**
 * One question Genie answered with SQL, as the semantic cache keeps it: never result rows.
 *
 * @param spaceId          the Genie space that answered; entries are only found for the same space
 * @param question         the question as asked
 * @param context          the conversation context text ({@link Questions#contextText}); empty for a first message
 * @param questionVector   unit-length embedding of the question
 * @param contextVector    unit-length embedding of the context, or null when there is no context
 * @param sql              the SQL Genie generated
 * @param description      Genie's description of the query, or null
 */
public record SemanticEntry(String spaceId, String question, String context, float[] questionVector,
                            float[] contextVector, String sql, String description) {

    public SemanticEntry {
        Objects.requireNonNull(spaceId, "spaceId");
        Objects.requireNonNull(question, "question");
        context = context == null ? "" : context;
        Objects.requireNonNull(questionVector, "questionVector");
        if (contextVector != null && contextVector.length != questionVector.length) {
            throw new IllegalArgumentException("question and context vectors differ in dimension");
        }
        if (contextVector != null && Vectors.isZero(contextVector)) {
            contextVector = null;
        }
        if (sql == null || sql.isBlank()) {
            throw new IllegalArgumentException("a cache entry needs SQL");
        }
    }

    /** Dimensions of the embeddings. */
    public int dimensions() {
        return questionVector.length;
    }

    /** The identity of an entry: a newer entry with the same key replaces the older. */
    String key() {
        return spaceId + '\u001f' + Questions.normalise(question) + '\u001f' + context;
    }
}
