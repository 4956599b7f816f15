package io.geniejmeter.cache;

import com.databricks.sdk.WorkspaceClient;
import com.databricks.sdk.service.serving.EmbeddingsV1ResponseEmbeddingElement;
import com.databricks.sdk.service.serving.QueryEndpointInput;
import com.databricks.sdk.service.serving.QueryEndpointResponse;
import com.databricks.sdk.service.serving.ServingEndpointsService;
import io.geniejmeter.genie.SdkFailure;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;

/**
 * Embeddings from a Databricks model serving endpoint ({@code POST /serving-endpoints/{name}/invocations} with
 * {@code {"input": [...]}}), in batches of {@value #BATCH} texts as the original tool sent them, normalised to unit
 * length here (some models, such as {@code databricks-gte-large-en}, return raw vectors).
 *
 * <p>Every call is bounded by the workspace client's HTTP timeout ({@code GENIE_HTTP_TIMEOUT_SECONDS}); the SDK's
 * retries are off, so a failing endpoint costs one request. Thread-safe: the SDK service is.
 */
public final class ServingEndpointEmbedder implements Embedder {

    /** Texts per request, as the original tool batched them. */
    public static final int BATCH = 20;

    private final ServingEndpointsService endpoints;
    private final String model;

    /** Embeds with serving endpoint {@code model} of {@code workspace}. */
    public ServingEndpointEmbedder(WorkspaceClient workspace, String model) {
        this(workspace.servingEndpoints().impl(), model);
    }

    /** Embeds with serving endpoint {@code model} through a bare SDK service (tests). */
    public ServingEndpointEmbedder(ServingEndpointsService endpoints, String model) {
        this.endpoints = Objects.requireNonNull(endpoints, "endpoints");
        this.model = Objects.requireNonNull(model, "model");
    }

    @Override
    public List<float[]> embed(List<String> texts) {
        List<float[]> out = new ArrayList<>(texts.size());
        for (int from = 0; from < texts.size(); from += BATCH) {
            out.addAll(batch(texts.subList(from, Math.min(texts.size(), from + BATCH))));
        }
        return out;
    }

    private List<float[]> batch(List<String> texts) {
        QueryEndpointResponse response;
        try {
            response = endpoints.query(new QueryEndpointInput().setName(model).setInput(new ArrayList<>(texts)));
        } catch (RuntimeException e) {
            SdkFailure failure = SdkFailure.classify(e);
            String kind = switch (failure.kind()) {
                case TIMEOUT, INTERRUPTED, CONNECTION, UNKNOWN_HOST, MALFORMED_RESPONSE, NO_CREDENTIALS, UNEXPECTED ->
                        failure.kind().name();
                default -> "HTTP " + failure.httpStatus();
            };
            throw new EmbeddingException(kind, "Embedding endpoint " + model + " failed: " + kind
                    + (failure.errorText() == null ? "" : " (" + failure.errorText() + ")"), e);
        }
        float[][] vectors = new float[texts.size()][];
        Collection<EmbeddingsV1ResponseEmbeddingElement> data = response == null ? null : response.getData();
        if (data == null) {
            throw malformed("no data");
        }
        int position = 0;
        for (EmbeddingsV1ResponseEmbeddingElement element : data) {
            int index = element.getIndex() == null ? position : element.getIndex().intValue();
            position++;
            if (index < 0 || index >= vectors.length || element.getEmbedding() == null) {
                throw malformed("embedding " + index + " of " + vectors.length);
            }
            float[] v = new float[element.getEmbedding().size()];
            int i = 0;
            for (Double x : element.getEmbedding()) {
                v[i++] = x == null ? 0f : x.floatValue();
            }
            vectors[index] = Vectors.normalised(v);
        }
        List<float[]> out = new ArrayList<>(vectors.length);
        for (float[] v : vectors) {
            if (v == null || v.length == 0 || v.length != vectors[0].length) {
                throw malformed(vectors.length + " texts but missing or uneven embeddings");
            }
            out.add(v);
        }
        return out;
    }

    private EmbeddingException malformed(String what) {
        return new EmbeddingException("MALFORMED_RESPONSE", "Embedding endpoint " + model
                + " answered without usable embeddings: " + what, null);
    }
}
