package io.geniejmeter.settings;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.AlphaChars;
import net.jqwik.api.constraints.StringLength;
import net.jqwik.api.statistics.Statistics;

/**
 * The {@code .env} reader and the settings rules under random input: each file is read or refused with a
 * {@link GenieSettingsException} naming file and line (never showing the line, which may hold a secret); each value
 * of each setting is taken or refused with a message naming the setting; nothing else escapes, nothing hangs.
 */
class DotEnvProperties {

    private static final Path FILE = Path.of("/project/.env");
    private static final Duration LIMIT = Duration.ofSeconds(1);
    private static final String PLANTED = "planted-secret-1234";

    @Property(tries = 400)
    void aRandomFileIsReadOrRefusedNamingFileAndLine(@ForAll("envLines") List<String> lines) {
        String outcome = assertTimeoutPreemptively(LIMIT, () -> {
            try {
                DotEnvFile read = DotEnvFile.parse(FILE, lines, Map.of("HOME", "/home/u")::get);
                read.entries().forEach((k, v) -> assertTrue(v.line() >= 1 && v.line() <= lines.size(), k));
                return "read " + (read.entries().isEmpty() ? "(nothing)" : "(values)");
            } catch (GenieSettingsException e) {
                assertTrue(e.getMessage().startsWith(FILE + " line "), e.getMessage());
                assertFalse(e.getMessage().contains(PLANTED), "a refused line is not shown: " + e.getMessage());
                return "refused";
            }
        });
        Statistics.collect(outcome);
    }

    @Property(tries = 300)
    void everySettingTakesOrRefusesAnyTextNamingItself(@ForAll("settings") Setting<?> setting,
                                                       @ForAll("values") String text) {
        String outcome = assertTimeoutPreemptively(LIMIT, () -> {
            try {
                // GENIE_ENV_FILE is used while loading (it names the file to read); the others when asked for.
                GenieSettings.load(Map.of(setting.name(), text), Map.of(), Path.of("/project")).optional(setting);
                return "taken";
            } catch (GenieSettingsException e) {
                assertTrue(e.getMessage().startsWith(setting.name()), e.getMessage());
                assertTrue(e.getMessage().contains("(from override " + setting.name() + ")"), e.getMessage());
                return "refused";
            }
        });
        Statistics.collect(outcome);
    }

    @Property(tries = 100)
    void aSecretIsNeverInTheMessageThatRefusesIt(@ForAll @AlphaChars @StringLength(min = 1, max = 30) String tail) {
        String token = PLANTED + tail;
        GenieSettings settings = GenieSettings.load(Map.of("GENIE_PG_PASSWORD", token, "DATABRICKS_TOKEN", token),
                Map.of(), Path.of("/project"));

        assertFalse(settings.toString().contains(token), settings.toString());
        assertEquals(token, settings.raw("DATABRICKS_TOKEN").orElseThrow());
    }

    @Provide
    Arbitrary<List<String>> envLines() {
        Arbitrary<String> keys = Arbitraries.of("GENIE_MIN_WAIT", "DATABRICKS_TOKEN", "export GENIE_X", "1BAD",
                "BAD KEY", "", " ", "#", "A.B-C");
        Arbitrary<String> values = Arbitraries.oneOf(
                Arbitraries.strings().withChars("'\"\\$#{}: =\t-_aZ9\u00e9").ofMaxLength(20),
                Arbitraries.of("'" + PLANTED, "\"" + PLANTED, "\"" + PLANTED + "\" tail", "${HOME}",
                        "${MISSING:-x}", "${", "\"\\\"\"", "'a' # c", PLANTED + " # c"));
        Arbitrary<String> assignment = net.jqwik.api.Combinators.combine(keys, Arbitraries.of("=", "", " = ", "=="),
                values).as((k, eq, v) -> k + eq + v);
        Arbitrary<String> junk = Arbitraries.strings().ofMaxLength(40);
        return Arbitraries.frequencyOf(net.jqwik.api.Tuple.of(4, assignment), net.jqwik.api.Tuple.of(1, junk))
                .list().ofMaxSize(12);
    }

    @Provide
    Arbitrary<Setting<?>> settings() {
        return Arbitraries.of(Settings.ALL);
    }

    @Provide
    Arbitrary<String> values() {
        return Arbitraries.oneOf(Arbitraries.strings().ofMaxLength(30),
                Arbitraries.strings().withChars("0123456789.-_+eExX:/ hstp").ofMaxLength(15),
                Arbitraries.of("NaN", "Infinity", "-0", "1e309", "9223372036854775808", "0x10", "1_000", "_",
                        "https://", "http:// x", "https://h:99999", "ftp://h", "yes", "ON", "1.5", "-1"));
    }
}
