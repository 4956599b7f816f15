package io.geniejmeter.jmeter;

import java.beans.PropertyDescriptor;
import org.apache.jmeter.testbeans.BeanInfoSupport;

/**
 * GUI description of {@link GenieInMemoryCacheConfig}: labels in GenieInMemoryCacheConfigResources, tooltips from the
 * settings catalogue.
 */
public class GenieInMemoryCacheConfigBeanInfo extends BeanInfoSupport {

    public GenieInMemoryCacheConfigBeanInfo() {
        super(GenieInMemoryCacheConfig.class);
        createPropertyGroup("rerun", new String[] {"warehouseId"});
        createPropertyGroup("caches", new String[] {"cacheTtl", "lruCapacity", "capacity", "scope"});
        createPropertyGroup("matching", new String[] {"similarityThreshold", "contextWindowSize",
            "contextSimilarityThreshold", "embeddingModel"});
        GenieInMemoryCacheConfig.FIELDS.declare(this, this::property);
        PropertyDescriptor scope = property("scope");
        scope.setValue(TAGS, new String[] {"shared", "per-user"});
        scope.setValue(NOT_OTHER, Boolean.FALSE);
    }
}
