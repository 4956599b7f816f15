package io.geniejmeter.jmeter;

import io.geniejmeter.settings.GenieSettings;
import io.geniejmeter.settings.Settings;
import java.io.IOException;
import java.io.InvalidClassException;
import java.io.ObjectInputStream;
import java.util.List;

/**
 * What the two cache elements (Genie In-Memory Semantic Cache, Genie Lakebase Semantic Cache) share: the fields of the
 * cache settings both use, each standing for its setting of the catalogue (empty: the JMeter property, environment,
 * {@code .env} or default), and handing them to the test with the element's cache mode. Each element adds its own
 * fields and names its mode and field table.
 *
 * @param <E> the element type
 */
abstract class GenieCacheConfig<E extends GenieCacheConfig<E>> extends TestSettingsElement {

    private static final long serialVersionUID = 1L;

    // The element's class decides both; transient because they are not state (only text fields travel to a
    // jmeter-server node), so readObject takes them again there.
    private transient CacheMode mode;
    private transient SettingFields<E> fields;

    private String warehouseId = "";
    private String cacheTtl = "";
    private String lruCapacity = "";
    private String similarityThreshold = "";
    private String contextWindowSize = "";
    private String contextSimilarityThreshold = "";
    private String embeddingModel = "";
    private String scope = "";

    /**
     * @param mode   the cache the element puts in front of Genie
     * @param fields the element's field table, {@link #withCommonFields} and its own
     */
    GenieCacheConfig(CacheMode mode, SettingFields<E> fields) {
        this.mode = mode;
        this.fields = fields;
    }

    @Override
    boolean use(List<GenieSettings.Given> given) {
        return TestSettings.useCache(mode, given);
    }

    @Override
    SettingFields<E> fields() {
        return fields;
    }

    @Override
    @SuppressWarnings("unchecked") // each element class declares itself as E
    List<GenieSettings.Given> given() {
        return fields.given((E) this, getName());
    }

    /**
     * A jmeter-server node gets the element serialised, which runs no constructor: the mode and field table come
     * from a new element of the same class.
     */
    private void readObject(ObjectInputStream in) throws IOException, ClassNotFoundException {
        in.defaultReadObject();
        GenieCacheConfig<?> fresh;
        try {
            fresh = getClass().getDeclaredConstructor().newInstance();
        } catch (ReflectiveOperationException e) {
            throw new InvalidClassException(getClass().getName(), "cannot make a new element: " + e);
        }
        mode = fresh.mode;
        @SuppressWarnings("unchecked") // same class as this element
        SettingFields<E> same = (SettingFields<E>) fresh.fields;
        fields = same;
    }

    /** {@code fields} with the fields every cache element has, declared once. */
    static <E extends GenieCacheConfig<E>> SettingFields<E> withCommonFields(SettingFields<E> fields) {
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
