package io.geniejmeter.jmeter;

import io.geniejmeter.settings.Settings;

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
public class GenieInMemoryCacheConfig extends GenieCacheConfig<GenieInMemoryCacheConfig> {

    private static final long serialVersionUID = 1L;

    /** Field to setting, declared once for the GUI's tooltips and for the overrides. */
    static final SettingFields<GenieInMemoryCacheConfig> FIELDS = withCommonFields(
            new SettingFields<GenieInMemoryCacheConfig>("Genie In-Memory Semantic Cache"))
            .field("capacity", "Semantic capacity", Settings.GENIE_CACHE_CAPACITY,
                    GenieInMemoryCacheConfig::getCapacity);

    private String capacity = "";

    public GenieInMemoryCacheConfig() {
        super(CacheMode.IN_MEMORY, FIELDS);
    }

    /** Most entries of the semantic cache; empty: GENIE_CACHE_CAPACITY. */
    public String getCapacity() {
        return capacity;
    }

    public void setCapacity(String capacity) {
        this.capacity = capacity;
    }

}
