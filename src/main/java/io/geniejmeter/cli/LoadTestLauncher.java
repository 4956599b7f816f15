package io.geniejmeter.cli;

import io.geniejmeter.cache.CacheStats;
import io.geniejmeter.conversation.ConversationFileException;
import io.geniejmeter.conversation.ConversationFileLocator;
import io.geniejmeter.conversation.ConversationFiles;
import io.geniejmeter.genie.CutOffQuestions;
import io.geniejmeter.genie.GenieSampleVariables;
import io.geniejmeter.results.DetailCsvWriter;
import io.geniejmeter.results.EnrichmentException;
import io.geniejmeter.results.GenieDashboard;
import io.geniejmeter.settings.GenieSettings;
import io.geniejmeter.settings.Setting;
import io.geniejmeter.settings.Settings;
import io.geniejmeter.target.GenieTargets;
import io.geniejmeter.target.TargetKind;
import io.geniejmeter.time.Clock;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.stream.Stream;

/**
 * {@code bin/genie-loadtest}: runs a Genie load test in JMeter with the original tool's command line.
 *
 * <p>The bash script builds the project and the JMeter installation (jmeter-maven-plugin {@code configure}) on first
 * use and passes its location in {@code GENIE_JMETER_HOME}; this class turns the options into JMeter properties of
 * {@code testplans/genie-standard.jmx} ({@code -Jgenie.users=...}), starts JMeter in the current directory (so
 * {@code .env} and relative paths work as in the original) and, when headless, prints the per-request summary and
 * the dashboard's path. Secrets are never put on JMeter's command line (JMeter logs it): JMeter reads them from the
 * environment and {@code .env} itself.
 *
 * <p>JMeter-free on purpose: it runs on the project's own class path, where JMeter is not.
 */
public final class LoadTestLauncher {

    static final String JMETER_HOME_ENV = "GENIE_JMETER_HOME";
    static final String PROJECT_DIR_ENV = "GENIE_PROJECT_DIR";
    /** JMeter properties of testplans/genie-arrival-rate.jmx (the sampler reads the second). */
    static final String ARRIVAL_SCHEDULE_PROPERTY = "genie.arrival_schedule";
    static final String MAX_IN_FLIGHT_PROPERTY = "genie.arrivals.max_in_flight";
    /** Label of the samples of arrivals refused for want of capacity (written by the sampler). */
    static final String NO_CAPACITY_LABEL = "ARRIVAL no_capacity";

    private final Scenario scenario;
    private final Map<String, String> env;
    private final Path workingDir;
    private final PrintStream out;
    private final PrintStream err;
    /** The local PostgreSQL this run started or found ({@link LocalCacheDatabase#needed}), or null. */
    private LocalCacheDatabase localDatabase;
    /** The simulator this distributed run started for its nodes to share, or null. */
    private GenieTargets.SharedSimulator sharedSimulator;
    /** How many {@code --remote} nodes run the test; 0 when it runs in one JMeter. */
    private int remoteNodes;

    LoadTestLauncher(Map<String, String> env, Path workingDir, PrintStream out, PrintStream err) {
        this(Scenario.STANDARD, env, workingDir, out, err);
    }

    LoadTestLauncher(Scenario scenario, Map<String, String> env, Path workingDir, PrintStream out, PrintStream err) {
        this.scenario = scenario;
        this.env = env;
        this.workingDir = workingDir;
        this.out = out;
        this.err = err;
    }

    public static void main(String[] args) {
        main(Scenario.STANDARD, args);
    }

    /** Runs {@code scenario}'s command and exits with its status. */
    static void main(Scenario scenario, String[] args) {
        LoadTestLauncher launcher = new LoadTestLauncher(scenario, System.getenv(), Path.of("").toAbsolutePath(),
                System.out, System.err);
        System.exit(launcher.run(List.of(args)));
    }

    /**
     * Runs the command; returns the exit status: 0 ran, 1 could not start or recorded nothing, 2 bad input (an
     * option, a setting, the conversation file, an unreachable workspace), and
     * {@code --exit-code-on-error} (default 1, as Locust) when a headless run had failed requests.
     */
    int run(List<String> args) {
        LoadTestOptions options;
        try {
            options = LoadTestOptions.parse(scenario, args);
        } catch (LoadTestOptions.UsageException e) {
            err.println(scenario.command() + ": " + e.getMessage());
            err.println("Run bin/genie-loadtest --help for the options.");
            return 2;
        }
        if (options.help) {
            out.print(LoadTestOptions.usage(scenario));
            return 0;
        }
        try {
            Path jmeterHome = Path.of(required(JMETER_HOME_ENV));
            Path projectDir = Path.of(required(PROJECT_DIR_ENV));
            Invocation invocation = prepare(options, jmeterHome, projectDir, LocalDateTime.now());
            preflight(options);
            return execute(options, invocation);
        } catch (LaunchException e) {
            err.println(scenario.command() + ": " + e.getMessage());
            return e.badInput ? 2 : 1;
        } finally {
            stopStarted();
        }
    }

    /** Stops what this run started beside JMeter: the local PostgreSQL and the nodes' shared simulator. */
    void stopStarted() {
        if (localDatabase != null) {
            localDatabase.close();
        }
        if (sharedSimulator != null) {
            sharedSimulator.close();
            sharedSimulator = null;
        }
    }

    /** Why the test cannot start, in words; {@code badInput} when the user's input is at fault (exit status 2). */
    static final class LaunchException extends Exception {
        private static final long serialVersionUID = 1L;

        final boolean badInput;

        LaunchException(String message) {
            this(message, false);
        }

        LaunchException(String message, boolean badInput) {
            super(message);
            this.badInput = badInput;
        }
    }

    /**
     * The checks that reach out, after {@link #prepare}: a workspace's host must accept a connection, so that a
     * wrong or unreachable host is one message now rather than a test of failed samples.
     */
    void preflight(LoadTestOptions options) throws LaunchException {
        try {
            GenieSettings settings = GenieSettings.load(given(options), env, workingDir);
            if (GenieTargets.choose(settings) == TargetKind.WORKSPACE) {
                GenieTargets.checkReachable(settings);
            }
        } catch (IllegalArgumentException e) {
            throw new LaunchException(e.getMessage(), true);
        }
    }

    /** The JMeter command and where its output goes. */
    record Invocation(List<String> command, Path resultsDir, Path jtl, Path dashboard, Path log) {
    }

    Invocation prepare(LoadTestOptions options, Path jmeterHome, Path projectDir, LocalDateTime now)
            throws LaunchException {
        Path jar = jmeterHome.resolve("bin").resolve("ApacheJMeter-5.6.3.jar");
        if (!Files.isRegularFile(jar)) {
            throw new LaunchException("JMeter is not installed at " + jmeterHome + ": run 'mvn -Dmaven.test.skip=true"
                    + " package jmeter:configure@configuration' in " + projectDir + " (bin/genie-loadtest does this on"
                    + " first use).");
        }
        Path plan = projectDir.resolve(options.plan).normalize();
        if (!options.plan.isAbsolute() && !Files.isRegularFile(plan)) {
            plan = workingDir.resolve(options.plan).normalize();
        }
        if (!Files.isRegularFile(plan)) {
            throw new LaunchException("Test plan not found: " + options.plan);
        }

        // Every setting the run uses is read and checked here, once, so that a bad value stops the launch with a
        // message naming its option or .env line; JMeter then reads the same sources (it starts in this directory).
        GenieSettings settings;
        TargetKind target;
        ConversationFileLocator.Located conversations;
        try {
            settings = GenieSettings.load(given(options), env, workingDir).checkAll();
            target = GenieTargets.choose(settings);
            conversations = ConversationFileLocator.locate(settings, List.of(workingDir),
                    target == TargetKind.SIMULATOR);
            if (!conversations.sample()) {
                // The whole file, now: a mistake in it is one message here, not a test that stops in jmeter.log.
                ConversationFiles.read(conversations.file());
            }
        } catch (IllegalArgumentException | ConversationFileException e) {
            throw new LaunchException(e.getMessage(), true);
        }
        boolean simulator = target == TargetKind.SIMULATOR;
        remoteNodes = options.remote.size();
        if (LocalCacheDatabase.needed(scenario, settings, simulator) && remoteNodes > 0) {
            throw new LaunchException(LocalCacheDatabase.notForRemoteNodes(options.remote,
                    options.remote.stream().allMatch(LoadTestLauncher::isLoopback)), true);
        }
        if (LocalCacheDatabase.needed(scenario, settings, simulator)) {
            localDatabase = LocalCacheDatabase.start(settings, env, workingDir, projectDir, options.keepPostgres, out);
        }
        if (remoteNodes > 0) {
            // The nodes read the file in their own folders; what the controller has is not what they replay.
            out.println("Conversations: each node replays " + settings.value(Settings.GENIE_CONVERSATIONS_FILE)
                    + " from the folder it runs in, its share of them (docs/distributed.md).");
        } else if (conversations.sample()) {
            out.println("No " + settings.value(Settings.GENIE_CONVERSATIONS_FILE) + " here: replaying the sample"
                    + " conversations on the embedded simulator (export your own with bin/export-conversations).");
        }

        Map<String, String> props = new LinkedHashMap<>();
        props.put("genie.users", String.valueOf(options.users));
        props.put("genie.rampup", String.valueOf(options.rampUpSeconds()));
        props.put("genie.duration", String.valueOf(options.runTimeSeconds));
        for (GenieSettings.Given given : options.settings) {
            Settings.named(given.name()).flatMap(Setting::property).ifPresent(p -> props.put(p, given.value()));
        }
        boolean distributed = !options.remote.isEmpty();
        if (!conversations.sample() && !distributed) {
            // On a distributed run each node finds the file (as given, or its default) in its own working directory.
            props.put(Settings.GENIE_CONVERSATIONS_FILE.property().orElseThrow(), conversations.file().toString());
        }
        if (options.seed != null) {
            props.put(GenieTargets.SIMULATOR_PROPERTY_PREFIX + "seed", options.seed);
        }
        options.simulator.forEach((k, v) -> props.put(GenieTargets.SIMULATOR_PROPERTY_PREFIX + k, v));
        if (localDatabase != null) {
            props.putAll(localDatabase.properties());
        }
        props.put("sample_variables", GenieSampleVariables.SAMPLE_VARIABLES);
        // The dashboard made for Genie: APDEX thresholds of seconds, custom graphs of server time, phases and polls.
        props.putAll(GenieDashboard.properties());
        props.put("jmeter.save.saveservice.output_format", "csv");
        // Dashboard graphs: one point per second for short tests, per minute for long ones.
        props.put("jmeter.reportgenerator.overall_granularity",
                options.runTimeSeconds <= 600 ? "1000" : options.runTimeSeconds <= 3600 ? "10000" : "60000");
        if (options.arrivalSchedule != null) {
            props.put(ARRIVAL_SCHEDULE_PROPERTY, options.arrivalSchedule);
            props.put(MAX_IN_FLIGHT_PROPERTY, String.valueOf(options.maxInFlight));
            // JMeter 5.6.3's Open Model Thread Group keeps an idle, non-daemon thread-starter thread for 60 s after
            // the test, so a headless JMeter lingered a minute after its dashboard; end it once the test is done.
            props.put("jmeterengine.force.system.exit", "true");
        }
        props.putAll(options.jmeterProperties);
        if (distributed) {
            distribute(options, settings, simulator, props);
        }

        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmArguments());
        // The build's JMeter carries a java.util.logging configuration that keeps the JDK's notices off the console.
        Path julConfig = jmeterHome.resolve("bin").resolve("logging.properties");
        if (Files.isRegularFile(julConfig)) {
            command.add("-Djava.util.logging.config.file=" + julConfig);
        }
        if (distributed && options.remote.stream().allMatch(LoadTestLauncher::isLoopback)
                && command.stream().noneMatch(a -> a.startsWith("-Djava.rmi.server.hostname="))) {
            // JMeter's RMI (with SSL) refuses a loopback callback address unless it is named: nodes on this machine.
            command.add("-Djava.rmi.server.hostname=127.0.0.1");
        }
        command.add("-jar");
        command.add(jar.toString());
        command.add("-t");
        command.add(plan.toString());
        Path resultsDir = null;
        Path jtl = null;
        Path dashboard = null;
        Path log;
        if (options.headless) {
            // --results-dir, else GENIE_RESULTS_DIR (the original's variable), else results/<time>
            Path chosen = options.resultsDir != null ? options.resultsDir
                    : settings.optional(Settings.GENIE_RESULTS_DIR).map(Path::of).orElse(null);
            resultsDir = chosen != null ? workingDir.resolve(chosen)
                    : workingDir.resolve("results").resolve(now.format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));
            jtl = resultsDir.resolve("results.jtl");
            // detailed_metrics.csv beside the JTL, its folder's name the run id (unless the user chose a folder)
            props.put(Settings.GENIE_RESULTS_DIR.property().orElseThrow(), resultsDir.toString());
            dashboard = resultsDir.resolve("dashboard");
            log = resultsDir.resolve("jmeter.log");
            command.add("-n");
            command.addAll(List.of("-l", jtl.toString(), "-j", log.toString(), "-e", "-o", dashboard.toString()));
        } else {
            log = workingDir.resolve("jmeter.log");
            command.addAll(List.of("-j", log.toString()));
        }
        if (options.enrich && !options.headless) {
            throw new LaunchException("--enrich works on the results of a headless run: add --headless");
        }
        if (options.enrich && !simulator && settings.raw(Settings.GENIE_WAREHOUSE_ID.name()).isEmpty()) {
            throw new LaunchException("--enrich reads the SQL query history through a SQL warehouse: set"
                    + " GENIE_WAREHOUSE_ID in .env or the environment");
        }
        if (simulator && resultsDir != null) {
            // The simulator keeps its warehouse's query history beside the results, for --enrich and bin/genie-enrich.
            props.putIfAbsent(GenieTargets.SIMULATOR_PROPERTY_PREFIX + "query-history-file",
                    resultsDir.resolve(EnrichCommand.SIMULATOR_HISTORY_FILE).toString());
        }
        props.forEach((k, v) -> command.add("-J" + k + "=" + v));
        if (distributed) {
            // -G: the same properties for every node (the plan's ${__P(...)} are evaluated there); -R: the nodes.
            props.forEach((k, v) -> command.add("-G" + k + "=" + v));
            command.addAll(List.of("-R", String.join(",", options.remote)));
        }
        String load = options.arrivalSchedule != null ? "conversations arriving " + options.arrivalSchedule
                : String.format("%d users%s, %s users/s, %d s", options.users,
                        distributed ? " on each of " + options.remote.size() + " nodes" : "",
                        trim(options.spawnRate), options.runTimeSeconds);
        out.printf("%s: %s, conversations %s%s%n",
                !simulator ? "Databricks workspace" : distributed ? "Shared Genie simulator"
                        : "Embedded Genie simulator", load,
                conversations.sample() ? "(the sample)" : conversations.file(),
                !simulator ? "" : distributed && sharedSimulator == null ? " (the simulator at "
                        + props.getOrDefault(Settings.GENIE_SIMULATOR_URL.property().orElseThrow(),
                                settings.optional(Settings.GENIE_SIMULATOR_URL).orElse("GENIE_SIMULATOR_URL"))
                        + ", with its own options)"
                        : " (" + GenieTargets.simulatorSummary(simulatorOptions(props)) + ")");
        return new Invocation(List.copyOf(command), resultsDir, jtl, dashboard, log);
    }

    /**
     * The settings given on the command line: the options, then the {@code -J} properties that are settings (JMeter
     * applies those last, so they win), each with its origin for messages.
     */
    private static List<GenieSettings.Given> given(LoadTestOptions options) {
        List<GenieSettings.Given> given = new ArrayList<>(options.settings);
        options.jmeterProperties.forEach((name, value) -> Settings.withProperty(name).ifPresent(
                setting -> given.add(new GenieSettings.Given(setting.name(), value, "option -J " + name))));
        return given;
    }

    /**
     * What a distributed run adds for its nodes: their number (each replays its share of the conversations), one
     * seed for all (so they draw the same sample), and on the simulator one simulator for all, started here unless
     * {@code GENIE_SIMULATOR_URL} names one, so that its limits apply to the fleet as a workspace's would.
     */
    private void distribute(LoadTestOptions options, GenieSettings settings, boolean simulator,
            Map<String, String> props) throws LaunchException {
        props.put(Settings.GENIE_NODE_COUNT.property().orElseThrow(), String.valueOf(options.remote.size()));
        if (scenario == Scenario.IN_MEMORY_SEMANTIC) {
            out.println(perNodeCaches(options.remote.size()));
        }
        String seedProperty = Settings.GENIE_SAMPLE_SEED.property().orElseThrow();
        if (settings.optional(Settings.GENIE_SAMPLE_SEED).isEmpty() && !props.containsKey(seedProperty)) {
            long seed = java.util.concurrent.ThreadLocalRandom.current().nextLong(1, Long.MAX_VALUE);
            props.put(seedProperty, String.valueOf(seed));
            out.println("Distributed run: seed " + seed + " for every node (--seed repeats it)");
        }
        String urlProperty = Settings.GENIE_SIMULATOR_URL.property().orElseThrow();
        if (simulator && settings.optional(Settings.GENIE_SIMULATOR_URL).isEmpty() && !props.containsKey(urlProperty)) {
            Map<String, String> simOptions = new LinkedHashMap<>(simulatorOptions(props));
            boolean loopback = options.remote.stream().allMatch(LoadTestLauncher::isLoopback);
            String advertised = loopback ? "127.0.0.1" : localHostName();
            simOptions.putIfAbsent("host", loopback ? "127.0.0.1" : "0.0.0.0");
            try {
                sharedSimulator = GenieTargets.startShared(simOptions, advertised);
            } catch (RuntimeException e) {
                throw new LaunchException(e.getMessage());
            }
            props.put(urlProperty, sharedSimulator.url());
            out.println("Shared Genie simulator for the " + options.remote.size() + " nodes at "
                    + sharedSimulator.url() + " (" + sharedSimulator.summary() + ")");
        }
    }

    /** What an in-memory cache test on {@code nodes} nodes says: each node has its own caches. */
    static String perNodeCaches(int nodes) {
        return "In-memory caches are per node: each of the " + nodes + " nodes keeps its own, so a question answered"
                + " on one node is a miss on the others and hit rates are lower than one shared cache would give"
                + " (bin/genie-loadtest-cached shares one semantic cache in PostgreSQL).";
    }

    /** Whether a {@code --remote} node is on this machine's loopback. */
    static boolean isLoopback(String node) {
        String host = node.startsWith("[") ? node.substring(1, node.indexOf(']'))
                : node.contains(":") ? node.substring(0, node.indexOf(':')) : node;
        return host.equals("localhost") || host.startsWith("127.") || host.equals("::1");
    }

    private static String localHostName() throws LaunchException {
        try {
            return java.net.InetAddress.getLocalHost().getCanonicalHostName();
        } catch (java.net.UnknownHostException e) {
            throw new LaunchException("cannot tell the nodes where the shared simulator is (" + e.getMessage()
                    + "): start bin/genie-simulator --host 0.0.0.0 yourself and set GENIE_SIMULATOR_URL");
        }
    }

    /** The simulator options among the JMeter properties, by their simulator names. */
    private static Map<String, String> simulatorOptions(Map<String, String> props) {
        Map<String, String> options = new LinkedHashMap<>();
        props.forEach((k, v) -> {
            if (k.startsWith(GenieTargets.SIMULATOR_PROPERTY_PREFIX)) {
                options.put(k.substring(GenieTargets.SIMULATOR_PROPERTY_PREFIX.length()), v);
            }
        });
        return options;
    }

    /** Heap and module flags as JMeter's own bin/jmeter script sets them; JVM_ARGS adds or overrides. */
    private List<String> jvmArguments() {
        List<String> args = new ArrayList<>(List.of("-Xms1g", "-Xmx1g", "-XX:MaxMetaspaceSize=256m",
                "--add-opens=java.desktop/sun.awt=ALL-UNNAMED", "--add-opens=java.desktop/sun.swing=ALL-UNNAMED",
                "--add-opens=java.desktop/javax.swing.text.html=ALL-UNNAMED",
                "--add-opens=java.desktop/java.awt=ALL-UNNAMED", "--add-opens=java.desktop/java.awt.font=ALL-UNNAMED",
                "--add-opens=java.base/java.lang=ALL-UNNAMED", "--add-opens=java.base/java.lang.invoke=ALL-UNNAMED",
                "--add-opens=java.base/java.lang.reflect=ALL-UNNAMED", "--add-opens=java.base/java.util=ALL-UNNAMED",
                "--add-opens=java.base/java.text=ALL-UNNAMED", "--add-opens=java.desktop/sun.awt.shell=ALL-UNNAMED"));
        String extra = env.get("JVM_ARGS");
        if (extra != null && !extra.isBlank()) {
            args.addAll(List.of(extra.strip().split("\\s+")));
        }
        return args;
    }

    private int execute(LoadTestOptions options, Invocation invocation) throws LaunchException {
        try {
            if (invocation.resultsDir() != null) {
                if (Files.exists(invocation.dashboard())) {
                    try (Stream<Path> content = Files.list(invocation.dashboard())) {
                        if (content.findAny().isPresent()) {
                            throw new LaunchException("The results folder " + invocation.resultsDir() + " already"
                                    + " holds a dashboard: choose another --results-dir or remove it.");
                        }
                    }
                }
                Files.createDirectories(invocation.resultsDir());
            }
            ProcessBuilder builder = new ProcessBuilder(invocation.command()).directory(workingDir.toFile())
                    .inheritIO();
            if (localDatabase != null) {
                builder.environment().putAll(localDatabase.environment());
            }
            Process jmeter = builder.start();
            int status = jmeter.waitFor();
            if (!options.headless) {
                return status == 0 ? 0 : 1;
            }
            int reported = report(invocation, status, options.exitCodeOnError);
            return options.enrich ? enrich(options, invocation, reported) : reported;
        } catch (IOException e) {
            throw new LaunchException("could not start JMeter: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LaunchException("interrupted while JMeter was running");
        }
    }

    /** {@code --enrich}: the run's detail file from the query history; a failure turns a clean exit into 1. */
    private int enrich(LoadTestOptions options, Invocation invocation, int status) throws InterruptedException {
        out.println();
        try {
            GenieSettings settings = GenieSettings.load(options.settings, env, workingDir);
            EnrichCommand.enrich(settings, invocation.resultsDir(), options.simulator, out, Clock.SYSTEM);
            return status;
        } catch (EnrichmentException | IOException | IllegalArgumentException e) {
            err.println(scenario.command() + ": --enrich: " + e.getMessage());
            return status == 0 ? 1 : status;
        }
    }

    int report(Invocation invocation, int status, int exitCodeOnError) throws IOException {
        JtlSummary summary = Files.isRegularFile(invocation.jtl()) ? JtlSummary.read(invocation.jtl()) : null;
        if (summary == null || summary.total().requests() == 0) {
            err.println(scenario.command() + ": the test recorded no request (JMeter exit status " + status + ").");
            OptionalInt cutOff = CutOffQuestions.read(invocation.log());
            if (cutOff.isPresent() && cutOff.getAsInt() > 0) {
                err.println("  " + cutOff.getAsInt() + " question(s) were still being answered when the test ended:"
                        + " Genie's answers take longer than the test ran. Run longer (-t), or, on the simulator,"
                        + " answer faster with --time-scale.");
            }
            for (String line : errorLines(invocation.log())) {
                // JMeter's dashboard generator fails on a results file without samples; that is no extra problem.
                if (!line.contains("Error generating the report")) {
                    err.println("  " + line);
                }
            }
            err.println("Full log: " + invocation.log());
            return 1;
        }
        out.println();
        summary.print(out);
        summary.writeCsv(invocation.resultsDir().resolve("summary.csv"));
        if (remoteNodes > 0) {
            // The controller's JMeter runs no sampler, so no chain counted anything here: the figures of the whole
            // run are the collected samples'. Each node prints its own line, labelled with the node.
            Optional<CacheStats> cache = JtlCacheStats.read(invocation.jtl());
            if (cache.isPresent()) {
                out.println();
                out.println("The caches of all " + remoteNodes + " nodes, from the collected results"
                        + " (each node's own line is in its console and jmeter-server.log):");
                out.println(cache.get().testCompleteLine());
            }
        }
        out.println();
        out.println("Results (JTL):   " + invocation.jtl());
        out.println("Summary (CSV):   " + invocation.resultsDir().resolve("summary.csv"));
        Path detail = invocation.resultsDir().resolve(DetailCsvWriter.FILE_NAME);
        if (Files.isRegularFile(detail)) {
            out.println("Detail (CSV):    " + detail);
        }
        Path index = invocation.dashboard().resolve("index.html");
        out.println("HTML dashboard:  " + (Files.isRegularFile(index) ? index
                : "not generated, see " + invocation.log()));
        out.println("JMeter log:      " + invocation.log());
        OptionalInt cutOff = CutOffQuestions.read(invocation.log());
        if (cutOff.isPresent() && cutOff.getAsInt() > 0) {
            out.println("Cut off at end:  " + cutOff.getAsInt() + " questions still being answered when the test"
                    + " ended, not in the results");
        }
        long refused = summary.rows().stream().filter(r -> NO_CAPACITY_LABEL.equals(r.type() + " " + r.name()))
                .mapToLong(JtlSummary.Row::requests).sum();
        if (refused > 0) {
            out.println("No capacity:     " + refused + " arrivals were refused because --max-in-flight"
                    + " conversations were already in flight (not replayed; failed 'ARRIVAL no_capacity' samples)");
        }
        long failures = summary.total().failures();
        if (failures > 0 && exitCodeOnError != 0) {
            err.println(scenario.command() + ": " + failures + " of " + summary.total().requests() + " requests failed"
                    + " (exit status " + exitCodeOnError + "; --exit-code-on-error 0 reports them and exits 0)");
            return exitCodeOnError;
        }
        return 0;
    }

    /** The ERROR lines of jmeter.log (the last 10), where a start-up failure is explained. */
    static List<String> errorLines(Path log) {
        if (!Files.isRegularFile(log)) {
            return List.of();
        }
        try (Stream<String> lines = Files.lines(log, StandardCharsets.UTF_8)) {
            List<String> errors = lines.filter(l -> l.contains(" ERROR ")).toList();
            return errors.subList(Math.max(0, errors.size() - 10), errors.size());
        } catch (IOException | java.io.UncheckedIOException e) {
            return List.of();
        }
    }

    private String required(String name) throws LaunchException {
        String value = env.get(name);
        if (value == null || value.isBlank()) {
            throw new LaunchException(name + " is not set: start this through bin/genie-loadtest, which builds"
                    + " JMeter and sets it.");
        }
        return value;
    }

    private static String trim(double d) {
        return d == Math.rint(d) ? String.valueOf((long) d) : String.valueOf(d);
    }
}
