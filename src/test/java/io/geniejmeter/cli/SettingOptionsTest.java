package io.geniejmeter.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.geniejmeter.settings.GenieSettings;
import io.geniejmeter.settings.Setting;
import io.geniejmeter.settings.Settings;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.Test;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** The commands' options that stand for settings say what the catalogue says, and check values by its rules. */
class SettingOptionsTest {

    /** picocli wraps and indents long lines: compare the words only. */
    private static String words(String text) {
        return text.replaceAll("\\s+", " ");
    }

    @Test
    void loadTestHelpShowsEachSettingsDescriptionDefaultAndVariable() {
        String help = words(LoadTestOptions.usage(Scenario.STANDARD));

        assertFalse(LoadTestOptions.SETTINGS.isEmpty());
        for (Setting<?> s : LoadTestOptions.SETTINGS) {
            assertTrue(help.contains(s.option().orElseThrow()), s.name());
            assertTrue(help.contains(words(s.help())), s.name() + " in --help: " + s.help());
        }
    }

    @Test
    void inMemorySemanticHelpShowsEveryCacheSettingsOptionAndItsCatalogueText() throws Exception {
        String help = words(LoadTestOptions.usage(Scenario.IN_MEMORY_SEMANTIC));

        assertTrue(help.contains("bin/genie-loadtest-in-memory-semantic "), help);
        assertTrue(Scenario.IN_MEMORY_SEMANTIC.settings().size() >= 4);
        for (Setting<?> s : Scenario.IN_MEMORY_SEMANTIC.settings()) {
            assertTrue(help.contains(words(s.help())), s.name() + " in --help: " + s.help());
        }
        LoadTestOptions o = LoadTestOptions.parse(Scenario.IN_MEMORY_SEMANTIC,
                List.of("--capacity", "2000", "--context-window-size", "5", "--headless"));
        assertEquals(List.of(new GenieSettings.Given("GENIE_CACHE_CAPACITY", "2000", "option --capacity"),
                new GenieSettings.Given("GENIE_CONTEXT_WINDOW_SIZE", "5", "option --context-window-size")),
                o.settings);
        assertEquals(Path.of("testplans/genie-in-memory-semantic.jmx"), o.plan);
        assertThrows(LoadTestOptions.UsageException.class,
                () -> LoadTestOptions.parse(Scenario.STANDARD, List.of("--capacity", "2000")));
    }

    @Test
    void exportHelpShowsTheSpaceIdSettingsDescription() {
        PrintStream saved = System.out;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        try {
            assertEquals(0, ExportConversationsCommand.run(new String[] {"--help"}, Map.of(), Path.of("target"),
                    Clock.systemUTC()));
        } finally {
            System.setOut(saved);
        }

        assertTrue(words(out.toString(StandardCharsets.UTF_8)).contains(words(Settings.GENIE_SPACE_ID.help())),
                out.toString(StandardCharsets.UTF_8));
    }

    /** A command as bin/ has them: one option for a setting; the status it returns or the mistake it throws. */
    @Command(name = "genie-example")
    static final class ExampleCommand implements Callable<Integer> {
        @Option(names = "--sample-size", paramLabel = "N")
        String sampleSize;

        @Option(names = {"-h", "--help"}, usageHelp = true)
        boolean help;

        @Override
        public Integer call() {
            SettingOptions.given(Settings.GENIE_SAMPLE_SIZE, "--sample-size", sampleSize);
            return 3;
        }
    }

    /** The status of {@link ExampleCommand} run on {@code args}, printing to {@code out} and {@code err}. */
    private static int runExample(ByteArrayOutputStream out, ByteArrayOutputStream err, String... args) {
        return SettingOptions.commandLine(new ExampleCommand(), List.of(Settings.GENIE_SAMPLE_SIZE),
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8)).execute(args);
    }

    @Test
    void aCommandsLineShowsTheCatalogueHelpAndMapsHelpMistakesAndFailuresToTheirStatus() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        assertEquals(0, runExample(out, err, "--help"));
        assertTrue(words(out.toString(StandardCharsets.UTF_8)).contains(words(Settings.GENIE_SAMPLE_SIZE.help())),
                out.toString(StandardCharsets.UTF_8));
        assertEquals("", err.toString(StandardCharsets.UTF_8));

        out.reset();
        assertEquals(3, runExample(out, err, "--sample-size", "5"), "the command's own status");
        assertEquals("", out.toString(StandardCharsets.UTF_8) + err.toString(StandardCharsets.UTF_8));

        assertEquals(2, runExample(out, err, "--bogus"));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("--bogus"), err.toString(StandardCharsets.UTF_8));
        assertEquals("", out.toString(StandardCharsets.UTF_8), "a mistake and its usage go to err");

        err.reset();
        assertEquals(1, runExample(out, err, "--sample-size", "-3"));
        assertEquals("genie-example: --sample-size '-3' is out of range: expected a whole number of conversations,"
                + " 0 or more" + System.lineSeparator(), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void eachCommandOnItNamesItselfAsItsBinScriptAsTheOtherLaunchersDo() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrintStream print = new PrintStream(out, true, StandardCharsets.UTF_8);
        String[] help = {"--help"};
        Map<String, Runnable> commands = Map.of(
                "genie-cache-whatif", () -> CacheWhatIfCommand.run(help, Map.of(), Path.of("target"), print, print),
                "genie-postgres", () -> LocalPostgresCommand.run(help, Map.of(), Path.of("target"), print, print),
                "genie-enrich", () -> EnrichCommand.run(help, Map.of(), Path.of("target"), print, print,
                        io.geniejmeter.time.Clock.SYSTEM),
                "export-conversations", () -> {
                    PrintStream saved = System.out;
                    System.setOut(print);
                    try {
                        ExportConversationsCommand.run(help, Map.of(), Path.of("target"), Clock.systemUTC());
                    } finally {
                        System.setOut(saved);
                    }
                });
        for (Map.Entry<String, Runnable> c : commands.entrySet()) {
            out.reset();
            c.getValue().run();
            assertTrue(Files.isRegularFile(Path.of("bin", c.getKey())), "no bin/" + c.getKey());
            assertTrue(out.toString(StandardCharsets.UTF_8).startsWith("Usage: bin/" + c.getKey() + " "),
                    out.toString(StandardCharsets.UTF_8));
        }
    }

    @Test
    void anOptionValueIsCheckedByItsSettingsRuleAndNamesTheOption() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> SettingOptions.given(Settings.GENIE_SAMPLE_SIZE, "--sample-size", "-3"));

        assertEquals("--sample-size '-3' is out of range: expected a whole number of conversations, 0 or more",
                e.getMessage());
        assertEquals(new GenieSettings.Given("GENIE_SAMPLE_SIZE", "0", "option --sample-size"),
                SettingOptions.given(Settings.GENIE_SAMPLE_SIZE, "--sample-size", " 0 "));

        List<GenieSettings.Given> given = new ArrayList<>();
        SettingOptions.addIfGiven(given, Settings.GENIE_SAMPLE_SIZE, "--sample-size", null);
        SettingOptions.addIfGiven(given, Settings.GENIE_SAMPLE_SEED, "--seed", "7");
        assertEquals(List.of(new GenieSettings.Given("GENIE_SAMPLE_SEED", "7", "option --seed")), given,
                "an option not given adds nothing");
    }

    @Test
    void everyLoadTestOptionThatStandsForASettingIsPassedToJMeterAsItsProperty() throws Exception {
        LoadTestOptions o = LoadTestOptions.parse(List.of("--target", "simulator", "-c", "x.yaml", "--min-wait",
                "1", "--max-wait", "2", "--sample-size", "0", "--seed", "7"));

        assertEquals(LoadTestOptions.SETTINGS.size(), o.settings.size());
        for (GenieSettings.Given g : o.settings) {
            assertTrue(Settings.named(g.name()).orElseThrow().property().isPresent(), g.name());
        }
    }
}
