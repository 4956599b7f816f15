package io.geniejmeter.settings;

/**
 * A setting is missing, malformed or contradictory. The message names the variable, where its value came from
 * (command line / JMeter property, environment, or {@code .env} file and line) and what to write instead; it never
 * contains a secret value.
 */
public class GenieSettingsException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    public GenieSettingsException(String message) {
        super(message);
    }

    public GenieSettingsException(String message, Throwable cause) {
        super(message, cause);
    }
}
