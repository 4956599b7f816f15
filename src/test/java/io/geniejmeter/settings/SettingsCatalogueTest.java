package io.geniejmeter.settings;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The catalogue is the one place a setting is declared: the files users read are held equal to it (regenerate them
 * with {@link SettingsReference}), and the declarations themselves are consistent.
 */
class SettingsCatalogueTest {

    private static final String REGENERATE = " differs from the settings catalogue: run"
            + " 'mvn -q -o test-compile exec:java -Dexec.classpathScope=test"
            + " -Dexec.mainClass=io.geniejmeter.settings.SettingsReference' and commit the result";

    @Test
    void envExampleIsTheCatalogueWithEveryDefault() throws IOException {
        String text = Files.readString(SettingsReference.ENV_EXAMPLE, StandardCharsets.UTF_8);

        assertEquals(SettingsReference.envExample(), text, ".env.example" + REGENERATE);
        for (Setting<?> s : Settings.ALL) {
            assertTrue(text.contains("# " + s.name() + "=" + s.exampleText() + "\n"), s.name());
        }
    }

    @Test
    void copyingEnvExampleToDotEnvChangesNothingByItself() throws IOException {
        Path example = SettingsReference.ENV_EXAMPLE;
        DotEnvFile parsed = DotEnvFile.parse(example, Files.readAllLines(example), name -> null);

        assertTrue(parsed.entries().isEmpty(), parsed.entries().toString());
    }

    @Test
    void theDashboardPropertiesFileIsGenieDashboards() throws IOException {
        assertEquals(io.geniejmeter.results.GenieDashboard.propertiesFile(),
                Files.readString(SettingsReference.DASHBOARD_PROPERTIES, StandardCharsets.UTF_8),
                "regenerate with SettingsReference (see its javadoc)");
    }

    @Test
    void settingsPageTableIsTheCatalogue() throws IOException {
        String page = Files.readString(SettingsReference.SETTINGS_PAGE, StandardCharsets.UTF_8);

        assertEquals(SettingsReference.withTable(page), page, SettingsReference.SETTINGS_PAGE + REGENERATE);
        for (Setting<?> s : Settings.ALL) {
            assertTrue(page.contains("| `" + s.name() + "` |"), s.name());
        }
    }

    @Test
    void simulatorOptionsTableIsTheSimulatorsDeclarations() throws IOException {
        String page = Files.readString(SettingsReference.SIMULATOR_PAGE, StandardCharsets.UTF_8);

        assertEquals(SettingsReference.withSimulatorTable(page), page, SettingsReference.SIMULATOR_PAGE + REGENERATE);
        for (String option : io.geniejmeter.simulator.SimulatorConfig.options().keySet()) {
            assertTrue(page.contains("| `--" + option + "` |"), option);
        }
    }

    @Test
    void everyDefaultPassesItsOwnRule() {
        for (Setting<?> s : Settings.ALL) {
            if (s.defaultValue().isPresent()) {
                assertEquals(s.defaultValue().get(), s.type().parse(s.defaultText()), s.name());
            }
        }
    }

    @Test
    void namesPropertiesAndOptionsAreUniqueAndSecretsHaveNoPropertyOrOption() {
        Set<String> seen = new HashSet<>();
        for (Setting<?> s : Settings.ALL) {
            assertTrue(seen.add(s.name()), s.name());
            s.property().ifPresent(p -> assertTrue(seen.add(p), p));
            s.option().ifPresent(o -> assertTrue(seen.add(o), o));
            if (s.secret()) {
                assertFalse(s.property().isPresent() || s.option().isPresent(), s.name() + " must come from env");
            }
            assertEquals(s, Settings.named(s.name()).orElseThrow());
            s.property().ifPresent(p -> assertEquals(s, Settings.withProperty(p).orElseThrow()));
        }
    }

    @Test
    void aBadValueNamesTheSettingItsOriginAndWhatToWrite() {
        GenieSettings settings = GenieSettings.load(Map.of(), Map.of(), Path.of("target"))
                .with(Settings.GENIE_POLL_INTERVAL_MS, "10", "option --poll");

        GenieSettingsException e = assertThrows(GenieSettingsException.class,
                () -> settings.value(Settings.GENIE_POLL_INTERVAL_MS));

        assertEquals("GENIE_POLL_INTERVAL_MS=\"10\" (from option --poll) is out of range: expected a whole number of"
                + " milliseconds from 50 to 60000; e.g. GENIE_POLL_INTERVAL_MS=1000.", e.getMessage());
    }
}
