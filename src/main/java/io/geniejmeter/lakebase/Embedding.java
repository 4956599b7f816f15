package io.geniejmeter.lakebase;

/** Checks of embedding vectors before they reach the database. */
final class Embedding {

    private Embedding() {
    }

    /** Both present, of one length, the question's not all zeros (its cosine similarity would be undefined). */
    static void checkPair(float[] question, float[] context) {
        if (question == null || context == null) {
            throw new IllegalArgumentException("both embeddings are required (a missing context is all zeros)");
        }
        if (question.length == 0 || question.length != context.length) {
            throw new IllegalArgumentException("question and context embeddings must have one length > 0, got "
                    + question.length + " and " + context.length);
        }
        if (isZero(question)) {
            throw new IllegalArgumentException("the question embedding is all zeros");
        }
    }

    static boolean isZero(float[] v) {
        for (float x : v) {
            if (x != 0) {
                return false;
            }
        }
        return true;
    }
}
