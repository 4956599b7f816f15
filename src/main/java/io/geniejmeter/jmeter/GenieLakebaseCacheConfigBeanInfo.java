package io.geniejmeter.jmeter;

import java.beans.PropertyDescriptor;
import org.apache.jmeter.testbeans.BeanInfoSupport;

/**
 * GUI description of {@link GenieLakebaseCacheConfig}: labels in GenieLakebaseCacheConfigResources, tooltips from the
 * settings catalogue.
 */
public class GenieLakebaseCacheConfigBeanInfo extends BeanInfoSupport {

    public GenieLakebaseCacheConfigBeanInfo() {
        super(GenieLakebaseCacheConfig.class);
        createPropertyGroup("rerun", new String[] {"warehouseId"});
        createPropertyGroup("database", new String[] {"lakebaseInstance", "lakebaseClientId", "pgUrl", "pgUser"});
        createPropertyGroup("caches", new String[] {"cacheTtl", "lruCapacity", "scope"});
        createPropertyGroup("matching", new String[] {"similarityThreshold", "contextWindowSize",
            "contextSimilarityThreshold", "embeddingModel"});
        GenieLakebaseCacheConfig.FIELDS.declare(this, this::property);
        PropertyDescriptor scope = property("scope");
        scope.setValue(TAGS, new String[] {"shared", "per-user"});
        scope.setValue(NOT_OTHER, Boolean.FALSE);
    }
}
