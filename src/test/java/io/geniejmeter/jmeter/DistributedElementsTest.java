package io.geniejmeter.jmeter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.geniejmeter.conversation.NodeShare;
import io.geniejmeter.settings.GenieSettings;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.Serializable;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.jmeter.testelement.AbstractTestElement;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What jmeter-server nodes need of the elements: the controller sends the plan to each node serialised, so every
 * element must travel with its settings and without runtime state (which lives in transient fields or in the
 * per-JVM holders {@link TestSettings} and {@link SharedGenie}, set up again on each node).
 */
class DistributedElementsTest {

    private static final List<Class<? extends AbstractTestElement>> ELEMENTS = List.of(
            GenieConversationSampler.class, ConversationYamlConfigElement.class, GenieConnectionConfig.class,
            GenieInMemoryCacheConfig.class, GenieLakebaseCacheConfig.class);

    @BeforeAll
    static void jmeter() {
        JMeterTestProperties.init();
    }

    @Test
    void everyElementKeepsOnlyItsFieldsAsTextAndItsRuntimeStateTransient() {
        List<String> offending = new ArrayList<>();
        for (Class<?> element : ELEMENTS) {
            for (Class<?> c = element; c.getName().startsWith("io.geniejmeter."); c = c.getSuperclass()) {
                for (Field f : c.getDeclaredFields()) {
                    int m = f.getModifiers();
                    if (Modifier.isStatic(m) || Modifier.isTransient(m)) {
                        continue;
                    }
                    if (f.getType() != String.class && !f.getType().isPrimitive()) {
                        offending.add(c.getSimpleName() + "." + f.getName() + " (" + f.getType().getSimpleName()
                                + ")");
                    }
                }
            }
        }
        assertEquals(List.of(), offending, "state that would travel to (or break on) a jmeter-server node");
    }

    @Test
    void everyElementTravelsToANodeWithItsPropertiesAfterItRan() throws Exception {
        for (Class<? extends AbstractTestElement> type : ELEMENTS) {
            AbstractTestElement element = type.getDeclaredConstructor().newInstance();
            assertTrue(element instanceof Serializable, type.getSimpleName());
            element.setName("my " + type.getSimpleName());
            element.setProperty("some.field", "value of " + type.getSimpleName());
            AbstractTestElement copy = roundTrip(element);
            assertEquals("my " + type.getSimpleName(), copy.getName());
            assertEquals("value of " + type.getSimpleName(), copy.getPropertyAsString("some.field"));
        }
    }

    @Test
    void aCacheElementStillKnowsItsCacheAndItsFieldsOnANode() throws Exception {
        Map<CacheMode, GenieCacheConfig<?>> elements = Map.of(CacheMode.IN_MEMORY, new GenieInMemoryCacheConfig(),
                CacheMode.LAKEBASE, new GenieLakebaseCacheConfig());
        for (Map.Entry<CacheMode, GenieCacheConfig<?>> e : elements.entrySet()) {
            GenieCacheConfig<?> element = e.getValue();
            element.setName("my cache");
            element.setWarehouseId("wh-on-the-node");
            GenieCacheConfig<?> copy = (GenieCacheConfig<?>) roundTrip(element);

            assertEquals(element.fields().properties(), copy.fields().properties());
            assertEquals(List.of(new GenieSettings.Given("GENIE_WAREHOUSE_ID", "wh-on-the-node",
                    element.given().get(0).origin())), copy.given());
            try {
                copy.use(copy.given());
                assertEquals(e.getKey(), TestSettings.cacheMode());
            } finally {
                TestSettings.clear();
            }
        }
    }

    private static AbstractTestElement roundTrip(AbstractTestElement element) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(element);
        }
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            return (AbstractTestElement) in.readObject();
        }
    }

    private static GenieSettings settings(Path dir, Map<String, String> env) {
        return GenieSettings.load(List.of(), env, dir);
    }

    @Test
    void theNodesShareComesFromItsIndexAndTheNodeCount(@TempDir Path dir) {
        assertEquals(NodeShare.WHOLE, ConversationYamlConfigElement.nodeShare(settings(dir, Map.of())));
        assertEquals(new NodeShare(1, 3), ConversationYamlConfigElement.nodeShare(
                settings(dir, Map.of("GENIE_NODE_INDEX", "1", "GENIE_NODE_COUNT", "3"))));
        IllegalArgumentException noIndex = assertThrows(IllegalArgumentException.class,
                () -> ConversationYamlConfigElement.nodeShare(settings(dir, Map.of("GENIE_NODE_COUNT", "2"))));
        assertTrue(noIndex.getMessage().contains("--node-index"), noIndex.getMessage());
        assertThrows(IllegalArgumentException.class, () -> ConversationYamlConfigElement.nodeShare(
                settings(dir, Map.of("GENIE_NODE_INDEX", "2", "GENIE_NODE_COUNT", "2"))));
    }
}
