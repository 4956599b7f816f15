package io.geniejmeter.jmeter;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The command line of {@code bin/genie-loadtest}: the original tool's options ({@code --headless -u -r -t -c
 * --sample-size --min-wait --max-wait}) plus ours. Parsed by hand (a dozen options do not need a library, and this
 * class ends up in JMeter's lib/ext, where a parser library would have to follow). Immutable once parsed.
 */
final class LoadTestOptions {

    /** Simulator options that have a short form here; every other one is given as {@code --sim-<option>}. */
    static final Set<String> SIMULATOR_SHORTCUTS = Set.of("time-scale", "qpm", "rate-limit-style");

    static final String USAGE = String.join("\n",
            "Usage: bin/genie-loadtest [--headless] [-u USERS] [-r RATE] [-t TIME] [-c FILE] [options]",
            "",
            "Replays recorded Genie conversations as simulated users in Apache JMeter. Without --headless it opens",
            "the JMeter GUI with the plan loaded (press the green Start button); with --headless it runs the test,",
            "writes the results (JTL) and JMeter's HTML dashboard, and prints a summary per request.",
            "",
            "The original tool's options:",
            "  --headless            run without the GUI",
            "  -u, --users N         simulated users (default 1)",
            "  -r, --spawn-rate N    users started per second (default 1; may be a fraction, e.g. 0.5)",
            "  -t, --run-time TIME   test duration: 30s, 5m, 1h, 1h30m, or seconds (default 10m)",
            "  -c, --conversations FILE",
            "                        conversations YAML from bin/export-conversations (default GENIE_CONVERSATIONS_FILE,",
            "                        else conversations.yaml; on the simulator, if that does not exist, the sample file",
            "                        testplans/sample-conversations.yaml)",
            "  --sample-size N       replay only N conversations, chosen once with the seed (default GENIE_SAMPLE_SIZE,",
            "                        else all)",
            "  --min-wait S          shortest think time between conversations, seconds (default GENIE_MIN_WAIT, else 8);",
            "                        between the messages of one conversation half of it",
            "  --max-wait S          longest think time, seconds (default GENIE_MAX_WAIT, else 30)",
            "",
            "Ours:",
            "  --seed N              seed of the sample, the order and the think times; same seed, same run (default",
            "                        GENIE_SAMPLE_SEED, else a new one, logged); also seeds the simulator",
            "  --results-dir DIR     where the JTL, the dashboard, jmeter.log and summary.csv go (default",
            "                        results/<yyyyMMdd-HHmmss>, a new folder each run)",
            "  --plan FILE           JMeter plan to run (default testplans/genie-standard.jmx)",
            "  --simulator           use the embedded Genie simulator even when a workspace is configured",
            "  -J NAME=VALUE         any other JMeter property, passed on to JMeter (e.g. -J genie.max_connections=500)",
            "  -h, --help            this help",
            "",
            "Embedded Genie simulator (used when no workspace is configured: no DATABRICKS_HOST, no",
            "DATABRICKS_CONFIG_PROFILE, no ~/.databrickscfg):",
            "  --time-scale X        simulated durations times X (default 1: answers take 5-30 s as on real Genie;",
            "                        0.1 runs ten times faster)",
            "  --qpm N               workspace questions-per-minute limit (default 0 = none, so a first run succeeds;",
            "                        --qpm 5 gives the free tier's throttling)",
            "  --rate-limit-style S  how throttled questions fail: http-429 or failed-message",
            "  --sim-OPTION VALUE    any other simulator option (see bin/genie-simulator --help), e.g.",
            "                        --sim-fail-rate 0.05, --sim-warehouse-slots 2",
            "",
            "Workspace settings (DATABRICKS_HOST, DATABRICKS_TOKEN, GENIE_SPACE_ID, ...) come from the environment",
            "or from .env in the current directory, as in the original tool.",
            "",
            "Exit status: 0 when the test ran (failed requests are reported, not an error), 1 when it could not",
            "start or recorded nothing, 2 for bad options.");

    private static final Pattern DURATION = Pattern.compile("(?:(\\d+)h)?(?:(\\d+)m)?(?:(\\d+)s)?");

    final boolean headless;
    final int users;
    final double spawnRate;
    final long runTimeSeconds;
    final String conversations;
    final String sampleSize;
    final String minWait;
    final String maxWait;
    final String seed;
    final Path resultsDir;
    final Path plan;
    final boolean forceSimulator;
    final boolean help;
    /** Simulator options by their {@code bin/genie-simulator} long name. */
    final Map<String, String> simulator;
    /** Extra JMeter properties from {@code -J}. */
    final Map<String, String> jmeterProperties;

    private LoadTestOptions(Builder b) {
        headless = b.headless;
        users = b.users;
        spawnRate = b.spawnRate;
        runTimeSeconds = b.runTimeSeconds;
        conversations = b.conversations;
        sampleSize = b.sampleSize;
        minWait = b.minWait;
        maxWait = b.maxWait;
        seed = b.seed;
        resultsDir = b.resultsDir;
        plan = b.plan;
        forceSimulator = b.forceSimulator;
        help = b.help;
        simulator = Collections.unmodifiableMap(new LinkedHashMap<>(b.simulator));
        jmeterProperties = Collections.unmodifiableMap(new LinkedHashMap<>(b.jmeterProperties));
    }

    /** A command-line mistake, with a message that names the option and says what is expected. */
    static final class UsageException extends Exception {
        private static final long serialVersionUID = 1L;

        UsageException(String message) {
            super(message);
        }
    }

    private static final class Builder {
        boolean headless;
        int users = 1;
        double spawnRate = 1;
        long runTimeSeconds = 600;
        String conversations;
        String sampleSize;
        String minWait;
        String maxWait;
        String seed;
        Path resultsDir;
        Path plan;
        boolean forceSimulator;
        boolean help;
        final Map<String, String> simulator = new LinkedHashMap<>();
        final Map<String, String> jmeterProperties = new LinkedHashMap<>();
    }

    static LoadTestOptions parse(List<String> args) throws UsageException {
        Builder b = new Builder();
        List<String> rest = new ArrayList<>(args);
        for (int i = 0; i < rest.size(); i++) {
            String arg = rest.get(i);
            String inlineValue = null;
            if (arg.startsWith("--") && arg.contains("=")) {
                inlineValue = arg.substring(arg.indexOf('=') + 1);
                arg = arg.substring(0, arg.indexOf('='));
            }
            switch (arg) {
                case "--headless" -> b.headless = true;
                case "--simulator" -> b.forceSimulator = true;
                case "-h", "--help" -> b.help = true;
                default -> {
                    String value = inlineValue;
                    if (value == null) {
                        if (arg.startsWith("-J") && arg.length() > 2) {
                            value = arg.substring(2);
                            arg = "-J";
                        } else {
                            if (i + 1 >= rest.size()) {
                                throw new UsageException(arg.startsWith("-") ? "option " + arg + " needs a value"
                                        : "unexpected argument '" + arg + "' (options start with - or --)");
                            }
                            value = rest.get(++i);
                        }
                    }
                    option(b, arg, value);
                }
            }
        }
        if (b.plan == null) {
            b.plan = Path.of("testplans", "genie-standard.jmx");
        }
        return new LoadTestOptions(b);
    }

    private static void option(Builder b, String name, String value) throws UsageException {
        switch (name) {
            case "-u", "--users" -> b.users = positiveInt(name, value);
            case "-r", "--spawn-rate" -> b.spawnRate = positiveNumber(name, value);
            case "-t", "--run-time" -> b.runTimeSeconds = durationSeconds(name, value);
            case "-c", "--conversations" -> b.conversations = value;
            case "--sample-size" -> b.sampleSize = String.valueOf(nonNegativeInt(name, value));
            case "--min-wait" -> b.minWait = seconds(name, value);
            case "--max-wait" -> b.maxWait = seconds(name, value);
            case "--seed" -> b.seed = String.valueOf(longValue(name, value));
            case "--results-dir" -> b.resultsDir = Path.of(value);
            case "--plan" -> b.plan = Path.of(value);
            case "-J" -> {
                int eq = value.indexOf('=');
                if (eq <= 0) {
                    throw new UsageException("-J needs NAME=VALUE, e.g. -J genie.max_connections=500 (got '" + value
                            + "')");
                }
                b.jmeterProperties.put(value.substring(0, eq), value.substring(eq + 1));
            }
            default -> {
                if (name.startsWith("--sim-") && name.length() > "--sim-".length()) {
                    b.simulator.put(name.substring("--sim-".length()), value);
                } else if (name.startsWith("--") && SIMULATOR_SHORTCUTS.contains(name.substring(2))) {
                    b.simulator.put(name.substring(2), value);
                } else {
                    throw new UsageException("unknown option " + name + " (see --help)");
                }
            }
        }
        if (b.minWait != null && b.maxWait != null
                && Double.parseDouble(b.maxWait) < Double.parseDouble(b.minWait)) {
            throw new UsageException("--max-wait " + b.maxWait + " is less than --min-wait " + b.minWait);
        }
    }

    /**
     * Parses the original's run times: {@code 30s}, {@code 5m}, {@code 1h}, combinations such as {@code 1h30m}, or
     * plain seconds.
     */
    static long durationSeconds(String option, String text) throws UsageException {
        String t = text.strip().toLowerCase(Locale.ROOT);
        if (t.matches("\\d+")) {
            return positive(option, text, Long.parseLong(t));
        }
        Matcher m = DURATION.matcher(t);
        if (t.isEmpty() || !m.matches()) {
            throw new UsageException(option + " '" + text + "' is not a duration: use e.g. 30s, 5m, 1h or 1h30m");
        }
        long seconds = group(m, 1) * 3600 + group(m, 2) * 60 + group(m, 3);
        return positive(option, text, seconds);
    }

    private static long group(Matcher m, int i) {
        return m.group(i) == null ? 0 : Long.parseLong(m.group(i));
    }

    private static long positive(String option, String text, long value) throws UsageException {
        if (value <= 0) {
            throw new UsageException(option + " '" + text + "' must be longer than 0 seconds");
        }
        return value;
    }

    private static int positiveInt(String option, String text) throws UsageException {
        int value = nonNegativeInt(option, text);
        if (value == 0) {
            throw new UsageException(option + " must be at least 1 (got " + text + ")");
        }
        return value;
    }

    private static int nonNegativeInt(String option, String text) throws UsageException {
        try {
            int value = Integer.parseInt(text.strip());
            if (value < 0) {
                throw new NumberFormatException();
            }
            return value;
        } catch (NumberFormatException e) {
            throw new UsageException(option + " '" + text + "' is not a whole number of 0 or more");
        }
    }

    private static long longValue(String option, String text) throws UsageException {
        try {
            return Long.parseLong(text.strip());
        } catch (NumberFormatException e) {
            throw new UsageException(option + " '" + text + "' is not a whole number");
        }
    }

    private static double positiveNumber(String option, String text) throws UsageException {
        try {
            double value = Double.parseDouble(text.strip());
            if (!(value > 0) || Double.isInfinite(value)) {
                throw new NumberFormatException();
            }
            return value;
        } catch (NumberFormatException e) {
            throw new UsageException(option + " '" + text + "' is not a number above 0 (users per second)");
        }
    }

    private static String seconds(String option, String text) throws UsageException {
        try {
            double value = Double.parseDouble(text.strip());
            if (value < 0 || Double.isNaN(value) || Double.isInfinite(value)) {
                throw new NumberFormatException();
            }
            return text.strip();
        } catch (NumberFormatException e) {
            throw new UsageException(option + " '" + text + "' is not a number of seconds (0 or more)");
        }
    }

    /**
     * JMeter's ramp-up for the spawn rate, whole seconds: JMeter starts thread i at i * rampUp / users, so
     * users / rate starts one user every 1 / rate seconds from the start, as the original did.
     */
    long rampUpSeconds() {
        return Math.round(users / spawnRate);
    }
}
