package io.geniejmeter.jmeter;

import java.beans.PropertyDescriptor;
import org.apache.jmeter.testbeans.BeanInfoSupport;

/**
 * GUI description of {@link GenieConnectionConfig}: labels in GenieConnectionConfigResources, tooltips from the
 * settings catalogue (so they state each setting's default exactly as the CLIs and docs do).
 */
public class GenieConnectionConfigBeanInfo extends BeanInfoSupport {

    public GenieConnectionConfigBeanInfo() {
        super(GenieConnectionConfig.class);
        createPropertyGroup("connection", new String[] {"target", "host", "spaceId", "profile", "authType"});
        createPropertyGroup("client", new String[] {"timeoutSeconds", "httpTimeoutSeconds", "pollIntervalMs",
                "fetchQueryResult", "maxConnections"});
        GenieConnectionConfig.FIELDS.declare(this, this::property);
        PropertyDescriptor target = property("target");
        target.setValue(TAGS, new String[] {"auto", "workspace", "simulator"});
        target.setValue(NOT_OTHER, Boolean.FALSE);
    }
}
