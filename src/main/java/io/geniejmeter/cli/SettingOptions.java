package io.geniejmeter.cli;

import io.geniejmeter.settings.GenieSettings;
import io.geniejmeter.settings.Setting;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.util.List;
import java.util.ListResourceBundle;
import java.util.ResourceBundle;
import picocli.CommandLine;

/**
 * Command-line options that stand for a setting of the catalogue ({@code --min-wait} for {@code GENIE_MIN_WAIT}):
 * their help text is the setting's own description and default, handed to picocli as a resource bundle keyed by the
 * option's long name, and their values go through the setting's one rule, with messages that name the option.
 */
final class SettingOptions {

    private SettingOptions() {
    }

    /** picocli's description texts for the options of {@code settings} (key: the long option name without "--"). */
    static ResourceBundle help(List<Setting<?>> settings) {
        Object[][] contents = settings.stream()
                .map(s -> new Object[] {s.option().orElseThrow().substring(2), s.help()})
                .toArray(Object[][]::new);
        return new ListResourceBundle() {
            @Override
            protected Object[][] getContents() {
                return contents;
            }
        };
    }

    /**
     * The command line of a picocli command of bin/ ({@code command}, annotated with {@code @Command}), wired as all of
     * them are: the options that stand for {@code settings} described by {@link #help}, help and picocli's messages on
     * {@code out} and {@code err}. Its {@code execute(args)} returns the command's status, 0 after {@code --help}, 2
     * for wrong options (with the usage), and 1 when the command throws, after printing "name: message": the
     * project's exceptions say what to do in words, so no stack trace.
     */
    static CommandLine commandLine(Object command, List<Setting<?>> settings, PrintStream out, PrintStream err) {
        CommandLine cli = new CommandLine(command);
        cli.setResourceBundle(help(settings));
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        cli.setExecutionExceptionHandler((e, line, parsed) -> {
            err.println(line.getCommandName() + ": " + e.getMessage());
            return 1;
        });
        return cli;
    }

    /**
     * {@code text}, given as option {@code typed} for {@code setting}, checked by the setting's rule.
     *
     * @throws IllegalArgumentException naming the option and what a valid value looks like
     */
    static GenieSettings.Given given(Setting<?> setting, String typed, String text) {
        try {
            setting.type().parse(text.strip());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(typed + " '" + text + "' " + e.getMessage());
        }
        return new GenieSettings.Given(setting.name(), text.strip(), "option " + typed);
    }

    /** Adds {@link #given} of {@code text} to {@code given} when the option was given ({@code text} not null). */
    static void addIfGiven(List<GenieSettings.Given> given, Setting<?> setting, String typed, String text) {
        if (text != null) {
            given.add(given(setting, typed, text));
        }
    }
}
