package io.geniejmeter.cache;

import java.util.List;

/**
 * Turns texts into unit-length embedding vectors, one per text in the same order. Thread-safe.
 * {@link ServingEndpointEmbedder} asks a Databricks model serving endpoint.
 */
@FunctionalInterface
public interface Embedder {

    /**
     * The unit-length embeddings of {@code texts} (an all-zero vector stays zero).
     *
     * @throws EmbeddingException when the endpoint fails, times out or answers something unusable
     */
    List<float[]> embed(List<String> texts);
}
