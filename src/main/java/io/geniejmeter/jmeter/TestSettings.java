package io.geniejmeter.jmeter;

import io.geniejmeter.settings.GenieSettings;
import io.geniejmeter.settings.Setting;
import io.geniejmeter.settings.Settings;
import io.geniejmeter.target.GenieTargets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.jmeter.util.JMeterUtils;

/**
 * The settings of the running test, as every Genie element sees them, read once per test: the fields of the
 * {@link GenieConnectionConfig} in the plan, over JMeter properties ({@code -Jgenie.min_wait=5}, the property of
 * each setting in {@link Settings}), over the environment, over {@code .env} in JMeter's working directory, over
 * defaults. Elements layer their own fields on top with {@link GenieSettings#with}.
 *
 * <p>Threads: written by the engine thread in the elements' {@code testStarted}/{@code testEnded}, read by every
 * sampler thread; all access is synchronised on this class.
 */
final class TestSettings {

    /** Guarded by TestSettings.class: the settings of the current test, null until first asked for. */
    private static GenieSettings current;
    /** Guarded by TestSettings.class: the fields of the plan's Genie Connection element, if it has one. */
    private static List<GenieSettings.Given> connectionFields = List.of();
    /** Guarded by TestSettings.class: the cache the plan's cache element asks for, and that element's fields. */
    private static CacheMode cacheMode = CacheMode.NONE;
    private static List<GenieSettings.Given> cacheFields = List.of();

    private TestSettings() {
    }

    /**
     * The settings of the current test, read on first use.
     *
     * @throws io.geniejmeter.settings.GenieSettingsException when {@code .env} is malformed or missing
     */
    static synchronized GenieSettings current() {
        if (current == null) {
            List<GenieSettings.Given> given = new ArrayList<>(jmeterProperties());
            given.addAll(connectionFields);
            given.addAll(cacheFields);
            current = GenieSettings.load(given, System.getenv(), Path.of(System.getProperty("user.dir")));
        }
        return current;
    }

    /**
     * Takes the Genie Connection element's fields for this test.
     *
     * @return whether they differ from what was in use (settings read before are then read again)
     */
    static synchronized boolean useConnection(List<GenieSettings.Given> fields) {
        if (connectionFields.equals(fields)) {
            return false;
        }
        connectionFields = List.copyOf(fields);
        current = null;
        return true;
    }

    /**
     * Takes the plan's cache element: its mode and fields for this test.
     *
     * @return whether they differ from what was in use (a client made before must then be made again)
     */
    static synchronized boolean useCache(CacheMode mode, List<GenieSettings.Given> fields) {
        if (cacheMode == mode && cacheFields.equals(fields)) {
            return false;
        }
        cacheMode = mode;
        cacheFields = List.copyOf(fields);
        current = null;
        return true;
    }

    /** The cache the current test puts in front of Genie. */
    static synchronized CacheMode cacheMode() {
        return cacheMode;
    }

    /** Forgets this test's settings, so the next test reads an edited {@code .env} or plan. */
    static synchronized void clear() {
        current = null;
        connectionFields = List.of();
        cacheMode = CacheMode.NONE;
        cacheFields = List.of();
    }

    /** The JMeter properties that are settings, each with its origin for messages. */
    static List<GenieSettings.Given> jmeterProperties() {
        List<GenieSettings.Given> given = new ArrayList<>();
        Properties props = JMeterUtils.getJMeterProperties();
        if (props == null) {
            return given;
        }
        for (Setting<?> setting : Settings.ALL) {
            setting.property().ifPresent(name -> {
                String value = props.getProperty(name);
                if (value != null && !value.isBlank()) {
                    given.add(new GenieSettings.Given(setting.name(), value, "JMeter property " + name));
                }
            });
        }
        return given;
    }

    /**
     * Options for the embedded simulator from JMeter properties {@code genie.simulator.<option>}, keyed as
     * {@code bin/genie-simulator} names them ({@code time-scale}, {@code qpm}, ...).
     */
    static Map<String, String> simulatorOptions() {
        Map<String, String> options = new HashMap<>();
        Properties props = JMeterUtils.getJMeterProperties();
        if (props == null) {
            return options;
        }
        String prefix = GenieTargets.SIMULATOR_PROPERTY_PREFIX;
        for (String name : props.stringPropertyNames()) {
            if (name.startsWith(prefix) && name.length() > prefix.length()) {
                String value = props.getProperty(name);
                if (value != null && !value.isBlank()) {
                    options.put(name.substring(prefix.length()), value.strip());
                }
            }
        }
        return options;
    }
}
