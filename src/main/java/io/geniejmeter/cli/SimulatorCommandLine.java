package io.geniejmeter.cli;

import io.geniejmeter.simulator.SimulatorConfig;
import io.geniejmeter.simulator.SimulatorConfigException;
import io.geniejmeter.simulator.SimulatorOption;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParameterException;

/**
 * The simulator's options on a picocli command line, declared from the one table {@link SimulatorConfig#options()}
 * and handed back as the map {@link SimulatorConfig#fromOptions(Map)} reads, so {@code bin/genie-simulator},
 * {@code bin/genie-loadtest --sim-OPTION} and the JMeter properties {@code genie.simulator.<name>} stay one to one.
 * Also the wording of command-line mistakes shared by both commands.
 *
 * <p>Kept apart from {@link SimulatorConfig} on purpose: SimulatorConfig is loaded inside JMeter, where picocli is not
 * on the class path.
 */
public final class SimulatorCommandLine {

    private SimulatorCommandLine() {
    }

    /**
     * Declares every simulator option on {@code spec} as {@code prefix + name}, taking a text value that
     * {@link SimulatorConfig#fromOptions} checks; the help line shows the allowed range, if any, and the default, or
     * {@code defaults.get(name)} where the command has its own.
     */
    public static void declare(CommandSpec spec, String prefix, boolean hidden, Map<String, String> defaults) {
        for (SimulatorOption<?> o : SimulatorConfig.options().values()) {
            spec.addOption(OptionSpec.builder(prefix + o.name()).type(String.class).paramLabel(o.valueHint())
                    .hidden(hidden).description(helpLine(o, defaults.getOrDefault(o.name(), o.defaultText())))
                    .build());
        }
    }

    /** "what it does; between 0 and 1 [default: 0]". */
    static String helpLine(SimulatorOption<?> o, String defaultText) {
        String range = o.allowed() == null ? "" : "; " + o.allowed();
        return o.description() + range + " [default: " + defaultText + "]";
    }

    /** The options declared by {@link #declare} that were given, keyed by simulator option name, in command order. */
    public static Map<String, String> given(CommandLine.ParseResult result, String prefix) {
        Map<String, String> options = new LinkedHashMap<>();
        for (OptionSpec o : result.matchedOptions()) {
            String name = o.longestName();
            if (name.startsWith(prefix) && SimulatorConfig.options().containsKey(name.substring(prefix.length()))) {
                options.put(name.substring(prefix.length()), o.getValue());
            }
        }
        return options;
    }

    /**
     * A parse error in the project's words, naming the option as the user typed it: "option -c needs a value",
     * "unknown option --qmp (see --help)", "unexpected argument 'x' (options start with - or --)".
     */
    public static String describe(ParameterException e, List<String> args) {
        if (e instanceof CommandLine.MissingParameterException m && !m.getMissing().isEmpty()
                && m.getMissing().get(0) instanceof OptionSpec o) {
            return "option " + typed(args, o.names()) + " needs a value";
        }
        if (e instanceof CommandLine.UnmatchedArgumentException u && !u.getUnmatched().isEmpty()) {
            String arg = u.getUnmatched().get(0);
            return arg.startsWith("-") ? "unknown option " + arg.split("=", 2)[0] + " (see --help)"
                    : "unexpected argument '" + arg + "' (options start with - or --)";
        }
        return e.getMessage();
    }

    /**
     * A simulator value refused by {@link SimulatorConfig#fromOptions}, naming the option as the user typed it:
     * "option --sim-fail-rate must be between 0 and 1, got 2" where the simulator itself says --fail-rate.
     */
    public static String describe(SimulatorConfigException e, List<String> args, String prefix) {
        String spelled = typed(args, prefix + e.option(), "--" + e.option());
        return e.getMessage().replaceFirst(Pattern.quote("option --" + e.option()),
                Matcher.quoteReplacement("option " + spelled));
    }

    /**
     * Which of {@code names} the user typed last in {@code args} ({@code -u}, {@code --users}, {@code --users=5},
     * {@code -u5}), so messages repeat their spelling; the first name when none matches.
     */
    public static String typed(List<String> args, String... names) {
        for (int i = args.size() - 1; i >= 0; i--) {
            String a = args.get(i);
            for (String n : names) {
                boolean attachedShort = n.length() == 2 && !a.startsWith("--") && a.startsWith(n);
                if (a.equals(n) || a.startsWith(n + "=") || attachedShort) {
                    return n;
                }
            }
        }
        return names[0];
    }

    /** The usage help with options shown as {@code --name VALUE}, as documented; parsing also takes --name=VALUE. */
    public static String usage(CommandLine cli) {
        String separator = cli.getSeparator();
        cli.setSeparator(" ");
        try {
            return cli.getUsageMessage();
        } finally {
            cli.setSeparator(separator);
        }
    }
}
