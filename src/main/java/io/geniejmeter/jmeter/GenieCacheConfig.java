package io.geniejmeter.jmeter;

import io.geniejmeter.settings.Settings;

/**
 * What the two cache elements (Genie In-Memory Semantic Cache, Genie Lakebase Semantic Cache) share: the fields of the
 * cache settings both use, each standing for its setting of the catalogue (empty: the JMeter property, environment,
 * {@code .env} or default). Each element adds its own fields and mode.
 */
abstract class GenieCacheConfig extends TestSettingsElement {

    private static final long serialVersionUID = 1L;

    private String warehouseId = "";
    private String cacheTtl = "";
    private String lruCapacity = "";
    private String similarityThreshold = "";
    private String contextWindowSize = "";
    private String contextSimilarityThreshold = "";
    private String embeddingModel = "";
    private String scope = "";

    /** {@code fields} with the fields every cache element has, declared once. */
    static <E extends GenieCacheConfig> SettingFields<E> withCommonFields(SettingFields<E> fields) {
        return fields
                .field("warehouseId", "Warehouse id", Settings.GENIE_WAREHOUSE_ID, GenieCacheConfig::getWarehouseId)
                .field("cacheTtl", "Cache TTL", Settings.GENIE_CACHE_TTL, GenieCacheConfig::getCacheTtl)
                .field("lruCapacity", "LRU capacity", Settings.GENIE_LRU_CAPACITY, GenieCacheConfig::getLruCapacity)
                .field("similarityThreshold", "Similarity threshold", Settings.GENIE_SIMILARITY_THRESHOLD,
                        GenieCacheConfig::getSimilarityThreshold)
                .field("contextWindowSize", "Context window", Settings.GENIE_CONTEXT_WINDOW_SIZE,
                        GenieCacheConfig::getContextWindowSize)
                .field("contextSimilarityThreshold", "Context similarity threshold",
                        Settings.GENIE_CONTEXT_SIMILARITY_THRESHOLD, GenieCacheConfig::getContextSimilarityThreshold)
                .field("embeddingModel", "Embedding model", Settings.GENIE_EMBEDDING_MODEL,
                        GenieCacheConfig::getEmbeddingModel)
                .field("scope", "Scope", Settings.GENIE_CACHE_SCOPE, GenieCacheConfig::getScope);
    }

    /** SQL warehouse that re-runs cached SQL; empty: GENIE_WAREHOUSE_ID (on the simulator: its own warehouse). */
    public String getWarehouseId() {
        return warehouseId;
    }

    public void setWarehouseId(String warehouseId) {
        this.warehouseId = warehouseId;
    }

    /** Lifetime of an entry, seconds; empty: GENIE_CACHE_TTL. */
    public String getCacheTtl() {
        return cacheTtl;
    }

    public void setCacheTtl(String cacheTtl) {
        this.cacheTtl = cacheTtl;
    }

    /** Most entries of the exact-match cache; empty: GENIE_LRU_CAPACITY. */
    public String getLruCapacity() {
        return lruCapacity;
    }

    public void setLruCapacity(String lruCapacity) {
        this.lruCapacity = lruCapacity;
    }

    /** Least question similarity for a hit; empty: GENIE_SIMILARITY_THRESHOLD. */
    public String getSimilarityThreshold() {
        return similarityThreshold;
    }

    public void setSimilarityThreshold(String similarityThreshold) {
        this.similarityThreshold = similarityThreshold;
    }

    /** Previous messages that form the context; empty: GENIE_CONTEXT_WINDOW_SIZE. */
    public String getContextWindowSize() {
        return contextWindowSize;
    }

    public void setContextWindowSize(String contextWindowSize) {
        this.contextWindowSize = contextWindowSize;
    }

    /** Least context similarity for a hit; empty: GENIE_CONTEXT_SIMILARITY_THRESHOLD. */
    public String getContextSimilarityThreshold() {
        return contextSimilarityThreshold;
    }

    public void setContextSimilarityThreshold(String contextSimilarityThreshold) {
        this.contextSimilarityThreshold = contextSimilarityThreshold;
    }

    /** Serving endpoint that embeds questions; empty: GENIE_EMBEDDING_MODEL. */
    public String getEmbeddingModel() {
        return embeddingModel;
    }

    public void setEmbeddingModel(String embeddingModel) {
        this.embeddingModel = embeddingModel;
    }

    /** {@code shared} or {@code per-user}; empty: GENIE_CACHE_SCOPE. */
    public String getScope() {
        return scope;
    }

    public void setScope(String scope) {
        this.scope = scope;
    }
}
