package io.geniejmeter.cli;

import static io.geniejmeter.cli.SettingOptions.addIfGiven;

import io.geniejmeter.settings.GenieSettings;
import io.geniejmeter.settings.Setting;
import io.geniejmeter.settings.Settings;
import io.geniejmeter.simulator.SimulatorConfig;
import io.geniejmeter.simulator.SimulatorConfigException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The command line of {@code bin/genie-loadtest}: the original tool's options ({@code --headless -u -r -t -c
 * --sample-size --min-wait --max-wait}) plus ours, parsed by picocli as the other bin/ commands are. picocli splits
 * names, aliases and {@code --name=value}; the values are checked here after parsing so that every message names the
 * option as it was typed. Only {@link LoadTestLauncher} (project class path) uses this class, never JMeter, where
 * picocli is not installed. Not changed after {@link #parse}.
 */
@Command(name = "genie-loadtest", sortOptions = false, usageHelpWidth = 115,
        customSynopsis = {"bin/genie-loadtest [--headless] [-u USERS] [-r RATE] [-t TIME] [-c FILE]"
                + " [-J NAME=VALUE]... [options]", ""},
        description = {"Replays recorded Genie conversations as simulated users in Apache JMeter. Without --headless it"
                + " opens", "the JMeter GUI with the plan loaded (press the green Start button); with"
                        + " --headless it runs"
                + " the test,", "writes the results (JTL) and JMeter's HTML dashboard, and prints a summary per"
                + " request.", ""},
        footer = {"      --sim-OPTION VALUE     any other simulator option (see bin/genie-simulator --help"
                + " for each one",
                "                             and its default), e.g. --sim-fail-rate 0.05, --sim-warehouse-slots 2", "",
                "Workspace settings (DATABRICKS_HOST, DATABRICKS_TOKEN, GENIE_SPACE_ID, ...) come from the environment",
                "or from .env in the current directory, as in the original tool.", "",
                "Exit status: 0 when the test ran and no request failed, --exit-code-on-error (default 1) when",
                "requests failed, 1 when it could not start or recorded nothing, 2 for bad options, settings or",
                "conversation file, or a workspace that cannot be reached."})
final class LoadTestOptions {

    /** Prefix of the simulator options without a shortcut here: {@code --sim-fail-rate 0.05}. */
    static final String SIMULATOR_PREFIX = "--sim-";
    /** The cached test's option that leaves its local PostgreSQL running. */
    static final String KEEP_POSTGRES = "--keep-postgres";

    /** The options that stand for settings of the catalogue, in {@code .env.example} order. */
    static final List<Setting<?>> SETTINGS = List.of(Settings.GENIE_TARGET, Settings.GENIE_CONVERSATIONS_FILE,
            Settings.GENIE_MIN_WAIT, Settings.GENIE_MAX_WAIT, Settings.GENIE_SAMPLE_SIZE, Settings.GENIE_SAMPLE_SEED);

    /** The {@code --help} text of {@code scenario}'s command. */
    static String usage(Scenario scenario) {
        return SimulatorCommandLine.usage(commandLine(new LoadTestOptions(), scenario))
                .replace("bin/genie-loadtest ", "bin/" + scenario.command() + " ");
    }

    private static final Pattern DURATION = Pattern.compile("(?:(\\d+)h)?(?:(\\d+)m)?(?:(\\d+)s)?");

    @ArgGroup(exclusive = false, validate = false, order = 1, heading = "The original tool's options:%n")
    private Original original = new Original();

    @ArgGroup(exclusive = false, validate = false, order = 2, heading = "%nOurs:%n")
    private Ours ours = new Ours();

    @ArgGroup(exclusive = false, validate = false, order = 3, heading = "%nEmbedded Genie simulator (used when no"
            + " workspace is configured: no DATABRICKS_HOST, no%nDATABRICKS_CONFIG_PROFILE, no ~/.databrickscfg):%n")
    private Simulator simulatorShortcuts = new Simulator();

    boolean headless;
    int users;
    double spawnRate;
    long runTimeSeconds;
    /** Settings given as options, each checked by its setting's rule and naming its option. */
    List<GenieSettings.Given> settings;
    /** The seed given with --seed (it also seeds the simulator), or null. */
    String seed;
    Path resultsDir;
    /** Exit status of a headless run with failed requests (Locust's --exit-code-on-error, default 1). */
    int exitCodeOnError;
    Path plan;
    boolean help;
    /** Whether to enrich the detail file from the SQL query history after a headless run (--enrich). */
    boolean enrich;
    /** Simulator options by their {@code bin/genie-simulator} long name. */
    Map<String, String> simulator;
    /** Extra JMeter properties from {@code -J}. */
    Map<String, String> jmeterProperties;
    /** Leave the local PostgreSQL that the cached test started running after it ({@code --keep-postgres}). */
    boolean keepPostgres;
    /**
     * The Open Model Thread Group schedule of an arrival-rate test ({@code --arrival-rate} or
     * {@code --arrival-schedule}), or null for the closed model of {@code -u} users.
     */
    String arrivalSchedule;
    /** Most conversations in flight in an arrival-rate test before new arrivals are refused and counted. */
    int maxInFlight;

    /** The plan an arrival-rate test runs unless {@code --plan} says otherwise. */
    static final String ARRIVAL_RATE_PLAN = "testplans/genie-arrival-rate.jmx";
    /**
     * Leads the schedule built for {@code --arrival-rate}: JMeter 5.6.3 times the arrivals from the test's start,
     * before the elements' start-up (connecting to Genie or starting the simulator takes seconds), so without it the
     * arrivals due meanwhile would all start at once, a burst the rate does not describe.
     */
    static final String START_PAUSE = "pause(5 sec)";
    private static final Pattern RATE = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*/\\s*(s|sec|m|min|h|hour|d|day)");
    /** The jmeter-server nodes of a distributed run ({@code --remote}), as {@code host[:port]}; empty: local. */
    List<String> remote;

    static final class Original {
        @Option(names = "--headless", order = 1, description = "run without the GUI")
        boolean headless;

        @Option(names = {"-u", "--users"}, order = 2, paramLabel = "N", defaultValue = "1",
                description = "simulated users (default ${DEFAULT-VALUE})")
        String users;

        @Option(names = {"-r", "--spawn-rate"}, order = 3, paramLabel = "N", defaultValue = "1",
                description = "users started per second (default ${DEFAULT-VALUE}; may be a fraction, e.g. 0.5)")
        String spawnRate;

        @Option(names = {"-t", "--run-time"}, order = 4, paramLabel = "TIME", defaultValue = "10m",
                description = "test duration: 30s, 5m, 1h, 1h30m, or seconds (default ${DEFAULT-VALUE})")
        String runTime;

        // Descriptions of the options that stand for settings come from the catalogue (SettingOptions.help).
        @Option(names = {"-c", "--conversations"}, order = 5, paramLabel = "FILE")
        String conversations;

        @Option(names = "--sample-size", order = 6, paramLabel = "N")
        String sampleSize;

        @Option(names = "--min-wait", order = 7, paramLabel = "S")
        String minWait;

        @Option(names = "--max-wait", order = 8, paramLabel = "S")
        String maxWait;
    }

    static final class Ours {
        @Option(names = "--seed", order = 11, paramLabel = "N")
        String seed;

        @Option(names = "--results-dir", order = 12, paramLabel = "DIR",
                description = {"where the JTL, the dashboard, jmeter.log and summary.csv go (default",
                        "results/<yyyyMMdd-HHmmss>, a new folder each run)"})
        Path resultsDir;

        @Option(names = "--exit-code-on-error", order = 12, paramLabel = "N", defaultValue = "1",
                description = {"exit status of a headless run in which any request failed, as the original's Locust",
                        "(default ${DEFAULT-VALUE}; 0 = report failures but exit 0)"})
        String exitCodeOnError;

        @Option(names = "--plan", order = 13, paramLabel = "FILE",
                description = "JMeter plan to run (default: the command's shipped plan under testplans/)")
        Path plan;

        @Option(names = "--target", order = 14, paramLabel = "T")
        String target;

        @Option(names = "--simulator", order = 14, description = "same as --target simulator")
        boolean forceSimulator;

        @Option(names = "-J", order = 15, paramLabel = "NAME=VALUE",
                description = "any other JMeter property, passed on to JMeter (e.g. -J genie.max_connections=500)")
        List<String> jmeterProperties = new ArrayList<>();

        @Option(names = "--enrich", order = 15, description = {"after a headless run, add the SQL warehouse's view"
                + " of each statement to its", "detailed_metrics.csv from system.query.history (as bin/genie-enrich;"
                + " needs", "GENIE_WAREHOUSE_ID on a workspace)"})
        boolean enrich;

        @Option(names = {"-h", "--help"}, order = 16, usageHelp = true, description = "this help")
        boolean help;

        @Option(names = "--arrival-rate", order = 17, paramLabel = "RATE",
                description = {"an open model instead of -u users: new conversations arrive at RATE (5/min, 0.5/s,",
                        "300/hour) for --run-time, each replaying one whole conversation (runs",
                        ARRIVAL_RATE_PLAN + ")"})
        String arrivalRate;

        @Option(names = "--arrival-schedule", order = 18, paramLabel = "S",
                description = {"the arrivals as a JMeter Open Model schedule instead, with ramps and steps, e.g.",
                        "'rate(0) random_arrivals(2 min) rate(10/min) random_arrivals(5 min) pause(1 min)'"})
        String arrivalSchedule;

        @Option(names = "--max-in-flight", order = 19, paramLabel = "N", defaultValue = "1000",
                description = {"arrival-rate tests: most conversations in flight at once; later arrivals are",
                        "refused and counted as failed 'ARRIVAL no_capacity' samples (default ${DEFAULT-VALUE})"})
        String maxInFlight;
        @Option(names = "--remote", order = 20, paramLabel = "HOSTS", split = ",",
                description = {"run distributed on these jmeter-server nodes (host[:port],host[:port], JMeter's -R;",
                        "start each with bin/genie-jmeter-server); one JTL and dashboard here (docs/distributed.md)"})
        List<String> remote = new ArrayList<>();
    }

    /** The simulator options with a shortcut here; their defaults differ from bin/genie-simulator's. */
    static final class Simulator {
        @Option(names = "--time-scale", order = 21, paramLabel = "X",
                description = {"simulated durations times X (default 1: answers take 5-30 s as on real Genie;",
                        "0.1 runs ten times faster)"})
        String timeScale;

        @Option(names = "--qpm", order = 22, paramLabel = "N",
                description = {"workspace questions-per-minute limit (default 0 = none, so a first run succeeds;",
                        "--qpm 5 gives the free tier's throttling)"})
        String qpm;

        @Option(names = "--rate-limit-style", order = 23, paramLabel = "S",
                description = "how throttled questions fail: http-429 or failed-message (default http-429)")
        String rateLimitStyle;
    }

    /** A command-line mistake, with a message that names the option and says what is expected. */
    static final class UsageException extends Exception {
        private static final long serialVersionUID = 1L;

        UsageException(String message) {
            super(message);
        }
    }

    /** Our options plus every simulator option as a hidden {@code --sim-NAME} (listed by bin/genie-simulator). */
    private static CommandLine commandLine(LoadTestOptions options, Scenario scenario) {
        CommandLine cli = new CommandLine(options);
        List<Setting<?>> withOptions = new ArrayList<>(SETTINGS);
        withOptions.addAll(scenario.settings());
        cli.setResourceBundle(SettingOptions.help(withOptions));
        for (Setting<?> setting : scenario.settings()) {
            // The scenario's own settings, declared from the catalogue (name, help and rule come from there).
            cli.getCommandSpec().addOption(CommandLine.Model.OptionSpec.builder(setting.option().orElseThrow())
                    .type(String.class).paramLabel("VALUE").description(setting.help()).build());
        }
        if (scenario == Scenario.CACHED) {
            cli.getCommandSpec().addOption(CommandLine.Model.OptionSpec.builder(KEEP_POSTGRES).arity("0")
                    .type(boolean.class).description("leave the local PostgreSQL (started on the simulator when no"
                            + " database is configured) running after the test; 'bin/genie-postgres stop' stops it")
                    .build());
        }
        SimulatorCommandLine.declare(cli.getCommandSpec(), SIMULATOR_PREFIX, true, Map.of());
        cli.setUnmatchedOptionsAllowedAsOptionParameters(false);
        return cli;
    }

    /** The {@code --remote} nodes, checked: each {@code host} or {@code host:port}, no duplicates. */
    private static List<String> remoteHosts(List<String> given) throws UsageException {
        List<String> hosts = new ArrayList<>();
        for (String raw : given) {
            String host = raw.strip();
            if (!host.matches("[A-Za-z0-9._-]+(:\\d{1,5})?|\\[[0-9A-Fa-f:]+\\](:\\d{1,5})?")) {
                throw new UsageException("option --remote: '" + raw + "' is not host or host:port (e.g. --remote"
                        + " 10.0.0.5,10.0.0.6:1100)");
            }
            if (hosts.contains(host)) {
                throw new UsageException("option --remote: " + host + " is listed twice; each node runs once");
            }
            hosts.add(host);
        }
        return List.copyOf(hosts);
    }

    /** The options of {@code bin/genie-loadtest}. */
    static LoadTestOptions parse(List<String> args) throws UsageException {
        return parse(Scenario.STANDARD, args);
    }

    /** The options of {@code scenario}'s command. */
    static LoadTestOptions parse(Scenario scenario, List<String> args) throws UsageException {
        LoadTestOptions o = new LoadTestOptions();
        CommandLine.ParseResult parsed;
        try {
            parsed = commandLine(o, scenario).parseArgs(args.toArray(String[]::new));
        } catch (CommandLine.ParameterException e) {
            throw new UsageException(SimulatorCommandLine.describe(e, args));
        }
        Original a = o.original;
        o.headless = a.headless;
        o.users = positiveInt(SimulatorCommandLine.typed(args, "-u", "--users"), a.users);
        o.spawnRate = positiveNumber(SimulatorCommandLine.typed(args, "-r", "--spawn-rate"), a.spawnRate);
        o.runTimeSeconds = durationSeconds(SimulatorCommandLine.typed(args, "-t", "--run-time"), a.runTime);
        List<GenieSettings.Given> given = new ArrayList<>();
        try {
            addIfGiven(given, Settings.GENIE_TARGET, "--target", o.ours.target);
            if (o.ours.forceSimulator) {
                given.add(new GenieSettings.Given(Settings.GENIE_TARGET.name(), "simulator", "option --simulator"));
            }
            addIfGiven(given, Settings.GENIE_CONVERSATIONS_FILE,
                    SimulatorCommandLine.typed(args, "-c", "--conversations"), a.conversations);
            addIfGiven(given, Settings.GENIE_SAMPLE_SIZE, "--sample-size", a.sampleSize);
            addIfGiven(given, Settings.GENIE_MIN_WAIT, "--min-wait", a.minWait);
            addIfGiven(given, Settings.GENIE_MAX_WAIT, "--max-wait", a.maxWait);
            addIfGiven(given, Settings.GENIE_SAMPLE_SEED, "--seed", o.ours.seed);
            for (Setting<?> setting : scenario.settings()) {
                String option = setting.option().orElseThrow();
                addIfGiven(given, setting, option, parsed.matchedOptionValue(option, (String) null));
            }
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
        o.settings = List.copyOf(given);
        o.seed = o.ours.seed == null ? null : o.ours.seed.strip();
        o.resultsDir = o.ours.resultsDir;
        o.exitCodeOnError = nonNegativeInt("--exit-code-on-error", o.ours.exitCodeOnError);
        o.arrivalSchedule = arrivalSchedule(o.ours.arrivalRate, o.ours.arrivalSchedule, o.runTimeSeconds);
        o.maxInFlight = positiveInt("--max-in-flight", o.ours.maxInFlight);
        if (o.arrivalSchedule != null && parsed.hasMatchedOption("--users")) {
            throw new UsageException("-u sets users of a closed model; an arrival-rate test has no fixed users:"
                    + " give either -u or --arrival-rate/--arrival-schedule");
        }
        if (o.arrivalSchedule != null && o.ours.plan == null && scenario != Scenario.STANDARD) {
            throw new UsageException("--arrival-rate runs " + ARRIVAL_RATE_PLAN + " (bin/genie-loadtest); with "
                    + scenario.command() + " give --plan with an Open Model Thread Group too");
        }
        o.plan = o.ours.plan != null ? o.ours.plan
                : Path.of(o.arrivalSchedule != null ? ARRIVAL_RATE_PLAN : scenario.plan());
        o.help = o.ours.help;
        o.keepPostgres = parsed.hasMatchedOption(KEEP_POSTGRES);
        o.enrich = o.ours.enrich;
        o.remote = remoteHosts(o.ours.remote);
        o.jmeterProperties = Collections.unmodifiableMap(jmeterProperties(o.ours.jmeterProperties));
        Map<String, String> sim = new LinkedHashMap<>();
        putIfGiven(sim, "time-scale", o.simulatorShortcuts.timeScale);
        putIfGiven(sim, "qpm", o.simulatorShortcuts.qpm);
        putIfGiven(sim, "rate-limit-style", o.simulatorShortcuts.rateLimitStyle);
        sim.putAll(SimulatorCommandLine.given(parsed, SIMULATOR_PREFIX));
        o.simulator = Collections.unmodifiableMap(sim);
        try {
            SimulatorConfig.fromOptions(sim); // the simulator's own rule, now rather than when JMeter starts the test
        } catch (SimulatorConfigException e) {
            throw new UsageException(SimulatorCommandLine.describe(e, args, SIMULATOR_PREFIX));
        }
        return o;
    }

    /**
     * The Open Model schedule: {@code --arrival-schedule} as given, or {@code pause(5 sec) rate(R)
     * random_arrivals(T sec)} for {@code --arrival-rate R} over the run time; null when neither is given.
     */
    static String arrivalSchedule(String rate, String schedule, long runTimeSeconds) throws UsageException {
        if (rate != null && schedule != null) {
            throw new UsageException("give either --arrival-rate or --arrival-schedule, not both");
        }
        if (schedule != null) {
            String s = schedule.strip();
            if (!s.matches("(?s).*\\b(random_arrivals|even_arrivals)\\s*\\(.*")) {
                throw new UsageException("--arrival-schedule '" + schedule + "' has no random_arrivals(...) step:"
                        + " use e.g. 'rate(5/min) random_arrivals(10 min)'");
            }
            return s;
        }
        if (rate == null) {
            return null;
        }
        return START_PAUSE + " rate(" + jmeterRate("--arrival-rate", rate) + ") random_arrivals(" + runTimeSeconds
                + " sec)";
    }

    /** {@code 5/min} in JMeter's schedule units ({@code sec}, {@code min}, {@code hour}, {@code day}). */
    static String jmeterRate(String option, String text) throws UsageException {
        Matcher m = RATE.matcher(text.strip().toLowerCase(Locale.ROOT));
        if (!m.matches() || !(Double.parseDouble(m.group(1)) > 0)) {
            throw new UsageException(option + " '" + text + "' is not a rate above 0: use e.g. 5/min, 0.5/s or"
                    + " 300/hour");
        }
        String unit = switch (m.group(2)) {
            case "s", "sec" -> "sec";
            case "m", "min" -> "min";
            case "h", "hour" -> "hour";
            default -> "day";
        };
        return m.group(1) + "/" + unit;
    }

    private static void putIfGiven(Map<String, String> map, String name, String value) {
        if (value != null) {
            map.put(name, value);
        }
    }

    private static Map<String, String> jmeterProperties(List<String> values) throws UsageException {
        Map<String, String> props = new LinkedHashMap<>();
        for (String value : values) {
            int eq = value.indexOf('=');
            if (eq <= 0) {
                // The value is not echoed: it may be a secret typed without its name.
                throw new UsageException("-J needs NAME=VALUE, e.g. -J genie.max_connections=500");
            }
            String name = value.substring(0, eq);
            if (GenieSettings.isSecret(name)) {
                // A -J value lands on JMeter's command line (visible to other users) and in jmeter.log.
                throw new UsageException("-J " + name + " would put a secret on the command line and in jmeter.log;"
                        + " set " + name + " in .env or in the environment instead");
            }
            props.put(name, value.substring(eq + 1));
        }
        return props;
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
        int value;
        try {
            value = nonNegativeInt(option, text);
        } catch (UsageException e) {
            throw new UsageException(option + " '" + text + "' is not a whole number of 1 or more");
        }
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

    /** {@code text} as a finite number above 0, or a usage error naming {@code option} (bin/genie-capacity too). */
    static double positiveNumber(String option, String text) throws UsageException {
        try {
            double value = Double.parseDouble(text.strip());
            if (!(value > 0) || Double.isInfinite(value)) {
                throw new NumberFormatException();
            }
            return value;
        } catch (NumberFormatException e) {
            throw new UsageException(option + " '" + text + "' is not a number above 0");
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
