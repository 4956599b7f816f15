package io.geniejmeter.simulator;

import java.nio.file.Path;

/**
 * What the simulator serves: the one Genie space, the seed of every random choice (answers, ids, faults), the
 * preloaded conversation history and the shape of answers and embeddings. Made by {@link SimulatorConfig} from
 * checked values.
 *
 * @param seed seed of every random choice, default 42: the same seed and inputs give the same answers
 * @param conversations conversations YAML to preload, or null (the default)
 * @param spaceId id of the one Genie space served
 * @param spaceTitle title of that space
 * @param textOnlyRate share of questions answered with text only, default 0.1
 * @param embeddingDimensions length of served embedding vectors, default 1024 (as databricks-gte-large-en)
 */
public record DataSettings(long seed, Path conversations, String spaceId, String spaceTitle, double textOnlyRate,
                           int embeddingDimensions) {

    /** The numeric id of the simulated user, who owns every conversation started through the API. */
    public static final long USER_ID = 4242424242424242L;
}
