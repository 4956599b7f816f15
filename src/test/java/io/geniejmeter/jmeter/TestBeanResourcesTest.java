package io.geniejmeter.jmeter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.beans.BeanInfo;
import java.beans.PropertyDescriptor;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.ResourceBundle;
import java.util.stream.Stream;

import org.apache.jmeter.testbeans.BeanInfoSupport;
import org.apache.jmeter.testbeans.TestBean;
import org.apache.jmeter.testbeans.gui.GenericTestBeanCustomizer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Walks every TestBean of the plugin (found on the class path, so a new element cannot be forgotten) and fails on a
 * missing GUI text: the element's display name, each property's display name and description, each group's name and
 * each choice's label, all from the element's Resources bundle.
 */
class TestBeanResourcesTest {

    @BeforeAll
    static void jmeterProperties() {
        JMeterTestProperties.init();
    }

    static Stream<Class<?>> testBeans() throws IOException, URISyntaxException, ClassNotFoundException {
        Path dir = Path.of(GenieConversationSampler.class.getProtectionDomain().getCodeSource().getLocation().toURI())
                .resolve(GenieConversationSampler.class.getPackageName().replace('.', '/'));
        List<Class<?>> beans = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path file : files.toList()) {
                String name = file.getFileName().toString();
                if (name.endsWith(".class") && !name.contains("$")) {
                    Class<?> type = Class.forName(GenieConversationSampler.class.getPackageName() + "."
                            + name.substring(0, name.length() - ".class".length()));
                    if (TestBean.class.isAssignableFrom(type)
                            && !java.lang.reflect.Modifier.isAbstract(type.getModifiers())) {
                        beans.add(type);
                    }
                }
            }
        }
        assertTrue(beans.size() >= 2, "found " + beans);
        return beans.stream();
    }

    @ParameterizedTest
    @MethodSource("testBeans")
    void everyTestBeanHasADisplayNameAndATextForEveryPropertyGroupAndChoice(Class<?> bean) throws Exception {
        ResourceBundle texts = ResourceBundle.getBundle(bean.getName() + "Resources", Locale.ENGLISH);
        Class<?> beanInfo = Class.forName(bean.getName() + "BeanInfo");
        assertTrue(BeanInfoSupport.class.isAssignableFrom(beanInfo), beanInfo + " is no BeanInfoSupport");
        BeanInfo info = (BeanInfo) beanInfo.getDeclaredConstructor().newInstance();
        assertFalse(texts.getString("displayName").isBlank());
        assertEquals(texts.getString("displayName"), info.getBeanDescriptor().getDisplayName());

        int shown = 0;
        for (PropertyDescriptor p : info.getPropertyDescriptors()) {
            if (p.getValue(GenericTestBeanCustomizer.GROUP) == null) {
                continue; // not shown: inherited plumbing such as "props"
            }
            shown++;
            String name = p.getName();
            assertTrue(texts.containsKey(name + ".displayName"), bean.getSimpleName() + "." + name + " displayName");
            // A tooltip from the bundle, or (fields that stand for a setting) from the catalogue, never missing:
            // without one, java.beans shows the display name again.
            assertTrue(texts.containsKey(name + ".shortDescription") || settingField(bean, name),
                    bean.getSimpleName() + "." + name + " shortDescription");
            assertNotEquals(p.getDisplayName(), p.getShortDescription(), bean.getSimpleName() + "." + name);
            assertEquals(texts.getString(name + ".displayName"), p.getDisplayName());
            Object group = p.getValue(GenericTestBeanCustomizer.GROUP);
            assertTrue(texts.containsKey(group + ".displayName"), "group " + group + " displayName");
            Object tags = p.getValue(GenericTestBeanCustomizer.TAGS);
            if (tags instanceof String[] choices) {
                for (String choice : choices) {
                    assertTrue(texts.containsKey(choice), bean.getSimpleName() + " choice " + choice);
                }
            }
        }
        assertTrue(shown > 0, bean + " shows no property");
    }

    private static boolean settingField(Class<?> bean, String property) throws ReflectiveOperationException {
        for (java.lang.reflect.Field f : bean.getDeclaredFields()) {
            if (f.getType() == SettingFields.class) {
                f.setAccessible(true);
                return ((SettingFields<?>) f.get(null)).properties().contains(property);
            }
        }
        return false;
    }

    @ParameterizedTest
    @MethodSource("testBeans")
    void everyFieldThatStandsForASettingShowsTheCataloguesDescriptionAndDefault(Class<?> bean) throws Exception {
        BeanInfo info = (BeanInfo) Class.forName(bean.getName() + "BeanInfo").getDeclaredConstructor().newInstance();
        int checked = 0;
        for (PropertyDescriptor p : info.getPropertyDescriptors()) {
            if (settingField(bean, p.getName())) {
                checked++;
                java.lang.reflect.Field f = java.util.Arrays.stream(bean.getDeclaredFields())
                        .filter(d -> d.getType() == SettingFields.class).findFirst().orElseThrow();
                SettingFields<?> fields = (SettingFields<?>) f.get(null);
                assertTrue(p.getShortDescription().startsWith(fields.setting(p.getName()).help()),
                        bean.getSimpleName() + "." + p.getName() + ": " + p.getShortDescription());
                assertEquals("", p.getValue(GenericTestBeanCustomizer.DEFAULT), "empty: from the settings");
            }
        }
        assertTrue(checked > 0, bean.getSimpleName() + " has no field that stands for a setting");
    }
}
