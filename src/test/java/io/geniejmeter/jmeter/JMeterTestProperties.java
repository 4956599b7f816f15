package io.geniejmeter.jmeter;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

import org.apache.jmeter.util.JMeterUtils;

/**
 * Gives JMeterUtils an (empty) property set, as a running JMeter has, without a JMeter installation. JMeter's
 * properties are a JVM-wide singleton: tests that set some remove them again.
 */
final class JMeterTestProperties {

    private JMeterTestProperties() {
    }

    static synchronized void init() {
        if (JMeterUtils.getJMeterProperties() != null) {
            return;
        }
        try {
            Path file = Files.createTempFile("jmeter", ".properties");
            file.toFile().deleteOnExit();
            JMeterUtils.loadJMeterProperties(file.toString());
            JMeterUtils.setLocale(Locale.ENGLISH); // TestBean GUIs read their texts for this locale
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
