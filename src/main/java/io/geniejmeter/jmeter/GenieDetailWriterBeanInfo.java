package io.geniejmeter.jmeter;

import org.apache.jmeter.testbeans.BeanInfoSupport;

/** GUI description of {@link GenieDetailWriter}: labels in GenieDetailWriterResources, tooltip from the catalogue. */
public class GenieDetailWriterBeanInfo extends BeanInfoSupport {

    public GenieDetailWriterBeanInfo() {
        super(GenieDetailWriter.class);
        createPropertyGroup("file", new String[] {"resultsDir"});
        GenieDetailWriter.FIELDS.declare(this, this::property);
    }
}
