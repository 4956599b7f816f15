package io.geniejmeter.jmeter;

import java.beans.PropertyDescriptor;

import org.apache.jmeter.testbeans.BeanInfoSupport;

/** GUI description of {@link GenieConversationSampler}; texts in GenieConversationSamplerResources. */
public class GenieConversationSamplerBeanInfo extends BeanInfoSupport {

    static final String MIN_WAIT = "minWait";
    static final String MAX_WAIT = "maxWait";

    public GenieConversationSamplerBeanInfo() {
        super(GenieConversationSampler.class);
        createPropertyGroup("thinkTime", new String[] {MIN_WAIT, MAX_WAIT});

        PropertyDescriptor p = property(MIN_WAIT);
        p.setValue(NOT_UNDEFINED, Boolean.TRUE);
        p.setValue(DEFAULT, "");

        p = property(MAX_WAIT);
        p.setValue(NOT_UNDEFINED, Boolean.TRUE);
        p.setValue(DEFAULT, "");
    }
}
