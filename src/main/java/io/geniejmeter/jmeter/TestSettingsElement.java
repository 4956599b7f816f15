package io.geniejmeter.jmeter;

import io.geniejmeter.settings.GenieSettings;
import io.geniejmeter.settings.GenieSettingsException;
import java.util.List;
import org.apache.jmeter.config.ConfigTestElement;
import org.apache.jmeter.engine.util.NoConfigMerge;
import org.apache.jmeter.testbeans.TestBean;
import org.apache.jmeter.testelement.TestStateListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A plan-level config element whose fields are settings of the whole test (Genie Connection, the cache elements): at
 * test start it hands its non-empty fields to {@link TestSettings} (reconnecting a client made before they were known)
 * and checks them, so a bad field is reported at once, naming itself; at test end the settings are forgotten.
 *
 * <p>Its state is its properties (serialisable for jmeter-server); what it sets lasts one test.
 */
abstract class TestSettingsElement extends ConfigTestElement implements TestBean, TestStateListener, NoConfigMerge {

    private static final long serialVersionUID = 1L;
    private static final Logger log = LoggerFactory.getLogger(TestSettingsElement.class);

    /**
     * Hands {@code given} to the test's settings.
     *
     * @return whether they differ from what was in use
     */
    abstract boolean use(List<GenieSettings.Given> given);

    /** The element's field table. */
    abstract SettingFields<?> fields();

    /** The element's non-empty fields as overrides. */
    abstract List<GenieSettings.Given> given();

    /** What to log once the settings are known and valid (nothing by default). */
    void started(GenieSettings settings) {
    }

    @Override
    public void testStarted() {
        if (use(given())) {
            SharedGenie.close(); // a sampler connected before this element's fields were known
        }
        try {
            GenieSettings settings = TestSettings.current();
            for (String property : fields().properties()) {
                settings.optional(fields().setting(property)); // a bad field fails here, naming itself
            }
            started(settings);
        } catch (GenieSettingsException e) {
            log.error("{} '{}': {}", getClass().getSimpleName(), getName(), e.getMessage());
        }
    }

    @Override
    public void testStarted(String host) {
        testStarted();
    }

    @Override
    public void testEnded() {
        TestSettings.clear();
    }

    @Override
    public void testEnded(String host) {
        testEnded();
    }
}
