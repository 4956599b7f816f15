package io.geniejmeter.cache;

/**
 * An entry found by {@link SemanticCache#lookup} and how close it was.
 *
 * @param entry              the cached question, context and SQL
 * @param questionSimilarity cosine similarity of the questions
 * @param contextSimilarity  similarity of the contexts ({@link Vectors#contextSimilarity})
 */
public record SemanticMatch(SemanticEntry entry, double questionSimilarity, double contextSimilarity) {

    /** Weight of the question similarity in the ranking (the original's 0.6; the context has the rest). */
    public static final double QUESTION_WEIGHT = 0.6;

    /** The original's ranking of candidates: 0.6 x question similarity + 0.4 x context similarity. */
    public double score() {
        return score(questionSimilarity, contextSimilarity);
    }

    /** See {@link #score()}. */
    public static double score(double questionSimilarity, double contextSimilarity) {
        return QUESTION_WEIGHT * questionSimilarity + (1 - QUESTION_WEIGHT) * contextSimilarity;
    }
}
