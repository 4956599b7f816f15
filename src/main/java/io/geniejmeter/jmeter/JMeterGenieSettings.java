package io.geniejmeter.jmeter;

import io.geniejmeter.genie.GenieSettings;
import io.geniejmeter.genie.GenieVariable;

import java.util.HashMap;
import java.util.Map;
import java.util.Properties;

import org.apache.jmeter.util.JMeterUtils;

/**
 * Settings as the JMeter elements see them: JMeter properties named like the settings' variables
 * ({@code -JGENIE_SPACE_ID=...}, {@code GENIE_MIN_WAIT=5} in {@code user.properties}) are the explicit overrides of
 * {@link GenieSettings}, over the environment, over {@code .env} in JMeter's working directory, over defaults.
 *
 * <p>Secrets are best kept in the environment or {@code .env}: JMeter logs the {@code -J} properties given on its
 * command line.
 */
final class JMeterGenieSettings {

    /** Prefix of the JMeter properties passed to the embedded simulator, e.g. {@code genie.simulator.time-scale}. */
    static final String SIMULATOR_PREFIX = "genie.simulator.";

    private JMeterGenieSettings() {
    }

    /** Loads settings with the JMeter properties as overrides, plus {@code extra} over those. */
    static GenieSettings load(Map<String, String> extra) {
        Map<String, String> overrides = new HashMap<>(jmeterOverrides());
        overrides.putAll(extra);
        return GenieSettings.load(overrides);
    }

    /** JMeter properties whose names are settings variables. */
    static Map<String, String> jmeterOverrides() {
        Map<String, String> overrides = new HashMap<>();
        Properties props = JMeterUtils.getJMeterProperties();
        if (props == null) {
            return overrides;
        }
        for (GenieVariable variable : GenieSettings.VARIABLES) {
            String value = props.getProperty(variable.name());
            if (value != null && !value.isBlank()) {
                overrides.put(variable.name(), value);
            }
        }
        return overrides;
    }

    /**
     * Options for the embedded simulator from JMeter properties {@code genie.simulator.<option>}, keyed as
     * {@code SimulatorConfig.fromOptions} expects ({@code time-scale}, {@code qpm}, ...).
     */
    static Map<String, String> simulatorOptions() {
        Map<String, String> options = new HashMap<>();
        Properties props = JMeterUtils.getJMeterProperties();
        if (props == null) {
            return options;
        }
        for (String name : props.stringPropertyNames()) {
            if (name.startsWith(SIMULATOR_PREFIX) && name.length() > SIMULATOR_PREFIX.length()) {
                String value = props.getProperty(name);
                if (value != null && !value.isBlank()) {
                    options.put(name.substring(SIMULATOR_PREFIX.length()), value.strip());
                }
            }
        }
        return options;
    }
}
