package io.geniejmeter.jmeter;

import java.beans.PropertyDescriptor;

import org.apache.jmeter.testbeans.BeanInfoSupport;
import org.apache.jmeter.testbeans.gui.FileEditor;
import org.apache.jmeter.testbeans.gui.TypeEditor;

/** GUI description of {@link ConversationYamlConfigElement}; texts in ConversationYamlConfigElementResources. */
public class ConversationYamlConfigElementBeanInfo extends BeanInfoSupport {

    static final String FILENAME = "filename";
    static final String SAMPLE_SIZE = "sampleSize";
    static final String SEED = "seed";
    static final String SHARE_MODE = "shareMode";
    static final String ORDER = "order";
    static final String AT_END = "atEnd";

    public ConversationYamlConfigElementBeanInfo() {
        super(ConversationYamlConfigElement.class);

        createPropertyGroup("conversations", new String[] {FILENAME, SAMPLE_SIZE, SEED});
        createPropertyGroup("handout", new String[] {SHARE_MODE, ORDER, AT_END});

        ConversationYamlConfigElement.FIELDS.declare(this, this::property);
        PropertyDescriptor p = property(FILENAME);
        p.setPropertyEditorClass(FileEditor.class);
        p.setShortDescription(p.getShortDescription() + " A relative name is looked up beside the test plan, then in"
                + " JMeter's working directory.");

        choice(SHARE_MODE, ConversationYamlConfigElement.SHARE_ALL, ConversationYamlConfigElement.SHARE_GROUP,
                ConversationYamlConfigElement.SHARE_THREAD);
        choice(ORDER, ConversationYamlConfigElement.ORDER_RANDOM, ConversationYamlConfigElement.ORDER_FILE);
        choice(AT_END, ConversationYamlConfigElement.AT_END_RECYCLE, ConversationYamlConfigElement.AT_END_STOP_THREAD);
    }

    /** A drop-down of resource keys (stored in the plan as the key, shown translated); the first is the default. */
    private void choice(String name, String... keys) {
        PropertyDescriptor p = property(name, TypeEditor.ComboStringEditor);
        p.setValue(RESOURCE_BUNDLE, getBeanDescriptor().getValue(RESOURCE_BUNDLE));
        p.setValue(NOT_UNDEFINED, Boolean.TRUE);
        p.setValue(DEFAULT, keys[0]);
        p.setValue(NOT_OTHER, Boolean.TRUE);
        p.setValue(TAGS, keys);
    }
}
