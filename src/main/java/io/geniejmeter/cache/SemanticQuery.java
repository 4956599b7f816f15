package io.geniejmeter.cache;

import java.util.Objects;

/**
 * What {@link SemanticCache#lookup} searches for.
 *
 * @param spaceId           only entries of this space are candidates
 * @param questionVector    unit-length embedding of the question asked
 * @param contextVector     unit-length embedding of its conversation context, or null when there is none
 * @param questionThreshold least question similarity of a hit (cosine, -1..1)
 * @param contextThreshold  least context similarity of a hit (cosine, see {@link Vectors#contextSimilarity})
 */
public record SemanticQuery(String spaceId, float[] questionVector, float[] contextVector, double questionThreshold,
                            double contextThreshold) {

    public SemanticQuery {
        Objects.requireNonNull(spaceId, "spaceId");
        Objects.requireNonNull(questionVector, "questionVector");
        if (contextVector != null && Vectors.isZero(contextVector)) {
            contextVector = null;
        }
    }
}
