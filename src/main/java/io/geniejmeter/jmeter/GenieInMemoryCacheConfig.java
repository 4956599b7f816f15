package io.geniejmeter.jmeter;

import io.geniejmeter.settings.GenieSettings;
import io.geniejmeter.settings.Settings;
import java.util.List;

/**
 * "Genie In-Memory Semantic Cache": puts the original tool's in-memory cache chain in front of Genie for the whole
 * test: an exact-match LRU cache, then a semantic cache held in memory, then live Genie. Every hit re-runs the cached
 * SQL on the SQL warehouse, so each sample still measures a fresh answer; samples are labelled
 * {@code GENIE_LRU_HIT}, {@code GENIE_SEMANTIC_HIT} or {@code GENIE_LIVE}, and the test ends with the original's
 * {@code test_complete ...} line. Every field is optional: empty means the setting's JMeter property, environment
 * variable, {@code .env} line or default (see {@code docs/settings.md}).
 *
 * <p>One per plan, at the test plan level. Its state is its properties (serialisable for jmeter-server); what it
 * sets lasts one test ({@link TestSettings}).
 */
public class GenieInMemoryCacheConfig extends TestSettingsElement {

    private static final long serialVersionUID = 1L;

    /** Field to setting, declared once for the GUI's tooltips and for the overrides. */
    static final SettingFields<GenieInMemoryCacheConfig> FIELDS = new SettingFields<GenieInMemoryCacheConfig>(
            "Genie In-Memory Semantic Cache")
            .field("warehouseId", "Warehouse id", Settings.GENIE_WAREHOUSE_ID,
                    GenieInMemoryCacheConfig::getWarehouseId)
            .field("cacheTtl", "Cache TTL", Settings.GENIE_CACHE_TTL, GenieInMemoryCacheConfig::getCacheTtl)
            .field("lruCapacity", "LRU capacity", Settings.GENIE_LRU_CAPACITY,
                    GenieInMemoryCacheConfig::getLruCapacity)
            .field("capacity", "Semantic capacity", Settings.GENIE_CACHE_CAPACITY,
                    GenieInMemoryCacheConfig::getCapacity)
            .field("similarityThreshold", "Similarity threshold", Settings.GENIE_SIMILARITY_THRESHOLD,
                    GenieInMemoryCacheConfig::getSimilarityThreshold)
            .field("contextWindowSize", "Context window", Settings.GENIE_CONTEXT_WINDOW_SIZE,
                    GenieInMemoryCacheConfig::getContextWindowSize)
            .field("contextSimilarityThreshold", "Context similarity threshold",
                    Settings.GENIE_CONTEXT_SIMILARITY_THRESHOLD,
                    GenieInMemoryCacheConfig::getContextSimilarityThreshold)
            .field("embeddingModel", "Embedding model", Settings.GENIE_EMBEDDING_MODEL,
                    GenieInMemoryCacheConfig::getEmbeddingModel)
            .field("scope", "Scope", Settings.GENIE_CACHE_SCOPE, GenieInMemoryCacheConfig::getScope);

    private String warehouseId = "";
    private String cacheTtl = "";
    private String lruCapacity = "";
    private String capacity = "";
    private String similarityThreshold = "";
    private String contextWindowSize = "";
    private String contextSimilarityThreshold = "";
    private String embeddingModel = "";
    private String scope = "";

    @Override
    boolean use(List<GenieSettings.Given> given) {
        return TestSettings.useCache(CacheMode.IN_MEMORY, given);
    }

    @Override
    SettingFields<?> fields() {
        return FIELDS;
    }

    @Override
    List<GenieSettings.Given> given() {
        return FIELDS.given(this, getName());
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

    /** Most entries of the semantic cache; empty: GENIE_CACHE_CAPACITY. */
    public String getCapacity() {
        return capacity;
    }

    public void setCapacity(String capacity) {
        this.capacity = capacity;
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
