package io.geniejmeter.jmeter;

import io.geniejmeter.settings.GenieSettings;
import io.geniejmeter.settings.Setting;
import java.beans.PropertyDescriptor;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.apache.jmeter.testbeans.BeanInfoSupport;

/**
 * TestBean fields that stand for a setting of the catalogue: empty means "from the settings" (JMeter property,
 * environment, {@code .env}, default), anything else overrides them. The field-to-setting table of an element is
 * declared once, with this class, and gives both the GUI tooltip (the setting's own description and default) and the
 * overrides with their origin for messages.
 *
 * @param <E> the element type
 */
final class SettingFields<E> {

    private final String elementName;
    private final Map<String, Field<E>> fields = new LinkedHashMap<>();

    private record Field<E>(Setting<?> setting, String label, Function<E, String> getter) {
    }

    SettingFields(String elementName) {
        this.elementName = elementName;
    }

    /** Declares that field {@code property} (shown as {@code label}) stands for {@code setting}. */
    SettingFields<E> field(String property, String label, Setting<?> setting, Function<E, String> getter) {
        fields.put(property, new Field<>(setting, label, getter));
        return this;
    }

    /** The property names, in declaration order. */
    List<String> properties() {
        return List.copyOf(fields.keySet());
    }

    /** The setting that field {@code property} stands for. */
    Setting<?> setting(String property) {
        return fields.get(property).setting();
    }

    /** The tooltip of field {@code property}: the setting's description and default, and where an empty field looks. */
    String tooltip(String property) {
        Setting<?> s = setting(property);
        return s.help() + ". Empty: from " + s.property().map(p -> "JMeter property " + p + ", ").orElse("")
                + "environment variable or .env " + s.name() + ", else the default.";
    }

    /** Declares each field in {@code beanInfo}: not undefined, empty by default, the catalogue's tooltip. */
    void declare(BeanInfoSupport beanInfo, Function<String, PropertyDescriptor> property) {
        for (String name : fields.keySet()) {
            PropertyDescriptor p = property.apply(name);
            p.setValue(BeanInfoSupport.NOT_UNDEFINED, Boolean.TRUE);
            p.setValue(BeanInfoSupport.DEFAULT, "");
            p.setShortDescription(tooltip(name));
        }
    }

    /** The non-empty fields of {@code element} as overrides, each naming the field in messages. */
    List<GenieSettings.Given> given(E element, String instanceName) {
        List<GenieSettings.Given> given = new ArrayList<>();
        for (Field<E> f : fields.values()) {
            String value = f.getter().apply(element);
            if (value != null && !value.isBlank()) {
                given.add(new GenieSettings.Given(f.setting().name(), value, origin(f, instanceName)));
            }
        }
        return given;
    }

    /** {@code settings} with the non-empty fields of {@code element} over them. */
    GenieSettings over(GenieSettings settings, E element, String instanceName) {
        GenieSettings result = settings;
        for (Field<E> f : fields.values()) {
            result = result.with(f.setting(), f.getter().apply(element), origin(f, instanceName));
        }
        return result;
    }

    private String origin(Field<E> f, String instanceName) {
        return "the " + f.label() + " field of " + elementName + " '" + instanceName + "'";
    }
}
