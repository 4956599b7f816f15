package io.geniejmeter.cli;

import static io.geniejmeter.cli.SettingOptions.addIfGiven;

import io.geniejmeter.results.DetailCsv;
import io.geniejmeter.results.EnrichmentException;
import io.geniejmeter.results.EnrichmentReport;
import io.geniejmeter.results.QueryHistoryLookup;
import io.geniejmeter.results.SqlHistoryEnricher;
import io.geniejmeter.settings.GenieSettings;
import io.geniejmeter.settings.Setting;
import io.geniejmeter.settings.Settings;
import io.geniejmeter.target.GenieTarget;
import io.geniejmeter.target.GenieTargets;
import io.geniejmeter.target.TargetKind;
import io.geniejmeter.time.Clock;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code bin/genie-enrich RESULTS_DIR}: adds the SQL warehouse's view of every statement of a run (queue, compute
 * start, compilation, execution, fetch, rows, bytes, bottleneck, speed) to the run's {@code detailed_metrics.csv},
 * from {@code system.query.history} through the Statement Execution API on {@code GENIE_WAREHOUSE_ID}
 * ({@link SqlHistoryEnricher}); also run by {@code bin/genie-loadtest --enrich} at the end of a run.
 *
 * <p>On the embedded simulator (a run with no workspace), the history is the one the run's simulator kept in the
 * results folder ({@value #SIMULATOR_HISTORY_FILE}), served by a new simulator started here.
 *
 * <p>Exit status: 0 every statement enriched, 3 some not in the history yet (saved; run again later), 1 failed,
 * 2 wrong options.
 */
@Command(name = "genie-enrich", sortOptions = false, usageHelpWidth = 115, mixinStandardHelpOptions = false,
        customSynopsis = {"bin/genie-enrich RESULTS_DIR [options]", ""},
        description = {"Adds the SQL warehouse's view of each statement of a load test (from system.query.history:"
                + " queue wait,", "compute wait, compilation, execution, result fetch, rows, bytes, bottleneck, speed)"
                + " to the run's", "detailed_metrics.csv, in place. Statements the history does not hold yet are"
                + " looked up again until", "they appear or --wait passes; what was found is saved, and a later call"
                + " fills in the rest.", ""},
        footer = {"", "      --sim-OPTION VALUE     a simulator option, when the run was on the embedded simulator"
                + " (see", "                             bin/genie-simulator --help), e.g. --sim-query-history-lag-ms"
                + " 5000", "",
                "Exit status: 0 every statement enriched, 3 some not in the query history yet (run again later),",
                "1 failed, 2 wrong options."})
public final class EnrichCommand implements Callable<Integer> {

    /** Where the embedded simulator of a headless run keeps its warehouse's query history, in the results folder. */
    public static final String SIMULATOR_HISTORY_FILE = "simulator-query-history.jsonl";
    /** Exit status when statements were still missing from the history at the deadline. */
    static final int INCOMPLETE = 3;
    private static final String SIMULATOR_PREFIX = "--sim-";

    /** The options that stand for settings (help texts and rules from the catalogue). */
    static final List<Setting<?>> SETTINGS = List.of(Settings.GENIE_TARGET, Settings.GENIE_WAREHOUSE_ID,
            Settings.SYSTEM_QUERY_HISTORY_TABLE, Settings.GENIE_ENRICH_WAIT_SECONDS,
            Settings.GENIE_ENRICH_RETRY_SECONDS);

    @Parameters(index = "0", paramLabel = "RESULTS_DIR",
            description = "results folder of a run (holding detailed_metrics.csv), or the detail file itself")
    Path results;

    @Option(names = "--target", paramLabel = "T")
    String target;

    @Option(names = "--warehouse-id", paramLabel = "ID")
    String warehouseId;

    @Option(names = "--query-history-table", paramLabel = "TABLE")
    String table;

    @Option(names = "--wait", paramLabel = "S")
    String waitSeconds;

    @Option(names = "--retry-every", paramLabel = "S")
    String retrySeconds;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "this help")
    boolean help;

    @Spec
    CommandLine.Model.CommandSpec spec;

    private Map<String, String> environment = System.getenv();
    private Path workingDirectory = Path.of("").toAbsolutePath();
    private PrintStream out = System.out;
    private Clock clock = Clock.SYSTEM;

    public static void main(String[] args) {
        System.exit(run(args, System.getenv(), Path.of("").toAbsolutePath(), System.out, System.err, Clock.SYSTEM));
    }

    /** Runs the command as {@code main} does, with the environment, folder, streams and clock given (for tests). */
    static int run(String[] args, Map<String, String> environment, Path workingDirectory, PrintStream out,
                   PrintStream err, Clock clock) {
        EnrichCommand command = new EnrichCommand();
        command.environment = environment;
        command.workingDirectory = workingDirectory;
        command.out = out;
        command.clock = clock;
        CommandLine cli = SettingOptions.commandLine(command, SETTINGS, out, err);
        SimulatorCommandLine.declare(cli.getCommandSpec(), SIMULATOR_PREFIX, true, Map.of());
        return cli.execute(args);
    }

    @Override
    public Integer call() throws Exception {
        List<GenieSettings.Given> given = new ArrayList<>();
        addIfGiven(given, Settings.GENIE_TARGET, "--target", target);
        addIfGiven(given, Settings.GENIE_WAREHOUSE_ID, "--warehouse-id", warehouseId);
        addIfGiven(given, Settings.SYSTEM_QUERY_HISTORY_TABLE, "--query-history-table", table);
        addIfGiven(given, Settings.GENIE_ENRICH_WAIT_SECONDS, "--wait", waitSeconds);
        addIfGiven(given, Settings.GENIE_ENRICH_RETRY_SECONDS, "--retry-every", retrySeconds);
        GenieSettings settings = GenieSettings.load(given, environment, workingDirectory);
        Map<String, String> simulator = SimulatorCommandLine.given(spec.commandLine().getParseResult(),
                SIMULATOR_PREFIX);
        EnrichmentReport report = enrich(settings, workingDirectory.resolve(results), simulator, out, clock);
        return report.complete() ? 0 : INCOMPLETE;
    }

    /**
     * Enriches the detail file of {@code results} (a results folder or the file) and prints the summary: the
     * launcher's {@code --enrich} and this command.
     *
     * @param simulatorOptions options of the simulator to start when the target is the simulator
     * @throws EnrichmentException when it cannot be done (no file, no warehouse, a failed lookup), in words
     */
    static EnrichmentReport enrich(GenieSettings settings, Path results, Map<String, String> simulatorOptions,
                                   PrintStream out, Clock clock)
            throws EnrichmentException, IOException, InterruptedException {
        Path file = Files.isDirectory(results) ? results.resolve(SqlHistoryEnricher.DETAIL_FILE) : results;
        if (!Files.isRegularFile(file)) {
            throw new EnrichmentException("No " + SqlHistoryEnricher.DETAIL_FILE + " in " + results
                    + ": give the results folder of a headless run");
        }
        String table = settings.value(Settings.SYSTEM_QUERY_HISTORY_TABLE);
        if (!QueryHistoryLookup.isTableName(table)) {
            throw new EnrichmentException("SYSTEM_QUERY_HISTORY_TABLE '" + table + "' (from "
                    + settings.originOf(Settings.SYSTEM_QUERY_HISTORY_TABLE) + ") is not a table name: use"
                    + " catalog.schema.table");
        }
        Map<String, String> simulator = new LinkedHashMap<>(simulatorOptions);
        GenieSettings withSpace = settings;
        if (GenieTargets.choose(settings) == TargetKind.SIMULATOR) {
            Path history = simulator.containsKey("query-history-file")
                    ? Path.of(simulator.get("query-history-file"))
                    : file.toAbsolutePath().getParent().resolve(SIMULATOR_HISTORY_FILE);
            if (!Files.isRegularFile(history)) {
                throw new EnrichmentException("No Databricks workspace is configured, and there is no query"
                        + " history of the embedded simulator at " + history + ": configure the workspace the run"
                        + " was made on (DATABRICKS_HOST, GENIE_WAREHOUSE_ID in .env)");
            }
            simulator.putIfAbsent("query-history-file", history.toString());
            simulator.putIfAbsent("query-history-table", table);
        } else if (settings.raw(Settings.GENIE_SPACE_ID.name()).isEmpty()) {
            // The workspace connection wants a space; enrichment does not use it: take the run's.
            withSpace = settings.with(Settings.GENIE_SPACE_ID, firstSpaceId(file), "the detail file");
        }
        try (GenieTarget target = GenieTargets.open(withSpace, simulator, 4)) {
            String warehouse = target.warehouseId();
            if (warehouse == null || warehouse.isBlank()) {
                throw new EnrichmentException("GENIE_WAREHOUSE_ID is not set: the query history is read through a SQL"
                        + " warehouse (set it in .env or give --warehouse-id)");
            }
            out.println("Looking up the statements of " + file + " in " + table + " on SQL warehouse " + warehouse
                    + " of " + target.description());
            QueryHistoryLookup lookup = new QueryHistoryLookup(target.workspace().statementExecution().impl(),
                    warehouse, table, clock);
            Duration wait = Duration.ofMillis(Math.round(settings.value(Settings.GENIE_ENRICH_WAIT_SECONDS) * 1000));
            Duration retry = Duration.ofMillis(Math.round(settings.value(Settings.GENIE_ENRICH_RETRY_SECONDS)
                    * 1000));
            EnrichmentReport report = new SqlHistoryEnricher(lookup::lookUp, table, clock, wait, retry,
                    line -> out.println("  " + line)).enrich(file);
            report.print(out);
            return report;
        }
    }

    private static String firstSpaceId(Path file) throws IOException, EnrichmentException {
        DetailCsv csv = DetailCsv.read(file);
        int column = csv.column("space_id");
        for (int row = 0; column >= 0 && row < csv.size(); row++) {
            if (!csv.get(row, column).isBlank()) {
                return csv.get(row, column).strip();
            }
        }
        throw new EnrichmentException("GENIE_SPACE_ID is not set and " + file + " names no space_id");
    }
}
