package io.geniejmeter.jmeter;

import org.apache.jmeter.testbeans.BeanInfoSupport;

/**
 * GUI description of {@link GenieConversationSampler}: labels in GenieConversationSamplerResources, tooltips from
 * the settings catalogue.
 */
public class GenieConversationSamplerBeanInfo extends BeanInfoSupport {

    public GenieConversationSamplerBeanInfo() {
        super(GenieConversationSampler.class);
        createPropertyGroup("thinkTime", GenieConversationSampler.FIELDS.properties().toArray(String[]::new));
        GenieConversationSampler.FIELDS.declare(this, this::property);
    }
}
