package io.geniejmeter.notebooks;

import static io.geniejmeter.notebooks.Python.JSON;
import static io.geniejmeter.notebooks.Python.NOTEBOOKS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.geniejmeter.conversation.Conversation;
import io.geniejmeter.conversation.ConversationFile;
import io.geniejmeter.conversation.ConversationFiles;
import io.geniejmeter.genie.GeniePhase;
import io.geniejmeter.lakebase.CacheDatabase;
import io.geniejmeter.lakebase.PoolOptions;
import io.geniejmeter.lakebase.PostgresExtension;
import io.geniejmeter.lakebase.SemanticCacheTable;
import io.geniejmeter.lakebase.TestPostgres;
import io.geniejmeter.lakebase.TestSchema;
import io.geniejmeter.simulator.GenieSimulator;
import io.geniejmeter.simulator.MessageTruth;
import io.geniejmeter.simulator.QueryHistoryRow;
import io.geniejmeter.simulator.SimulatorConfig;
import io.geniejmeter.settings.Setting;
import io.geniejmeter.settings.Settings;
import io.geniejmeter.time.Clock;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Databricks notebooks under {@code notebooks/}, run end to end: every cell in order, as Databricks runs them,
 * with the stand-ins for dbutils (widgets, secrets, notebook context), spark and display of
 * {@code src/test/resources/notebooks/run_notebook.py}, and the real {@code bin/} launchers (which build the project
 * and JMeter on first use). A Genie simulator started here plays the workspace, reached the way a notebook reaches
 * its workspace: through the notebook context, or through {@code .env} and a secret scope.
 *
 * <p>Also: the notebooks' format, their widgets against the one table in {@code genie_notebook.py}, and the launcher
 * options that table names against the launchers' {@code --help}. python3 is required (see {@link Python}).
 */
@ExtendWith(PostgresExtension.class)
class NotebooksTest {

    private static final Path BIN = Path.of("bin");
    /** Each notebook and the bin/ launcher it runs. */
    private static final Map<String, String> LAUNCHER_OF = Map.of(
            "export_conversations", "export-conversations",
            "load_test", "genie-loadtest",
            "load_test_in_memory_semantic", "genie-loadtest-in-memory-semantic",
            "load_test_cached", "genie-loadtest-cached");
    /** The notebooks that read result files (compare_runs may run bin/genie-compare, which takes no widget option). */
    private static final List<String> ANALYSIS_NOTEBOOKS = List.of("analyze_results", "compare_runs");
    private static final String CELL_SEPARATOR = "\n# COMMAND ----------\n";
    private static final Pattern MAIN_CLASS = Pattern.compile("(io\\.geniejmeter\\.[\\w.]+)\\s+\"\\$@\"");
    private static final Pattern OPTION_LITERAL = Pattern.compile("\"(--[a-z][a-z-]*)\"");
    /** The first run of a launcher on a fresh checkout builds the project and JMeter (Maven): minutes, not seconds. */
    private static final Duration NOTEBOOK_TIMEOUT = Duration.ofMinutes(8);
    private static final String SECRET_SCOPE = "genie-loadtest";

    @TempDir
    Path tmp;

    @Test
    void shipsTheNotebooksInDatabricksSourceFormatAndTheirSharedModule() throws IOException {
        try (var files = Files.list(NOTEBOOKS)) {
            assertEquals(Set.of("export_conversations.py", "load_test.py", "load_test_in_memory_semantic.py",
                    "load_test_cached.py", "analyze_results.py", "compare_runs.py", "genie_notebook.py"),
                    Set.copyOf(files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".py")).toList()),
                    "each notebook is tested here");
        }
        for (String name : allNotebooks()) {
            String text = notebook(name);
            assertTrue(text.startsWith("# Databricks notebook source\n"), name + " must start with the source header");
            assertTrue(codeCells(text) >= 5, name + " has too few code cells");
            assertFalse(text.contains("\r"), name + " must use LF line ends");
        }
        assertFalse(Files.readString(NOTEBOOKS.resolve("genie_notebook.py")).startsWith("# Databricks notebook"),
                "genie_notebook.py must stay a plain module: Databricks cannot import a notebook");
    }

    @Test
    void keepsEveryFunctionAndClassInTheSharedModule() throws IOException {
        Pattern definition = Pattern.compile("(?m)^\\s*(def|class) (\\w+)");
        for (String name : allNotebooks()) {
            Matcher m = definition.matcher(notebook(name));
            boolean defines = m.find();
            assertFalse(defines, () -> name + " defines " + m.group(2) + ": shared code belongs in genie_notebook.py");
        }
    }

    @Test
    void declaresEachOfTheOriginalsWidgetsOnceWithItsDefault() throws Exception {
        Map<String, Map<String, Object>> table = new LinkedHashMap<>();
        for (Map<String, Object> w : Python.widgetTable()) {
            assertEquals(null, table.put((String) w.get("name"), w), "widget " + w.get("name") + " declared twice");
        }
        Map<String, String> original = Map.of("conversations_file", "../conversations.yaml", "user_count", "10",
                "spawn_rate", "2", "run_time", "5m");
        original.forEach((name, value) -> assertEquals(value, table.get(name).get("default"), name));
        assertEquals("GENIE_MIN_WAIT", table.get("min_wait").get("env"));
        assertEquals("--space-id", table.get("space_id").get("option"));
        assertEquals(List.of("export_conversations", "load_test", "load_test_in_memory_semantic", "load_test_cached",
                "compare_runs"), table.get("install_tools").get("notebooks"));
        assertEquals(List.of("load_test", "load_test_in_memory_semantic", "load_test_cached"),
                table.get("run_time").get("notebooks"));
        for (Map<String, Object> w : table.values()) {
            String description = (String) w.get("description");
            assertTrue(description != null && !description.isBlank() && !description.contains("\n"), w.toString());
        }
    }

    /**
     * A widget that stands for a setting uses the setting's option, and its default is the catalogue's, or empty
     * (then the launcher reads the variable from .env or the environment, else the catalogue's default). The
     * conversation file widgets are the catalogue's file name, relative to the notebooks' folder.
     */
    @Test
    void widgetsThatStandForASettingFollowTheCatalogue() throws Exception {
        int checked = 0;
        for (Map<String, Object> w : Python.widgetTable()) {
            String env = (String) w.get("env");
            if (env == null) {
                continue;
            }
            checked++;
            Setting<?> setting = Settings.named(env).orElseThrow(() -> new AssertionError(w + ": no such setting"));
            assertEquals(setting.option().orElse(null), w.get("option"), w.toString());
            String widgetDefault = (String) w.get("default");
            if (widgetDefault.isEmpty()) {
                continue;
            }
            if (setting == Settings.GENIE_CONVERSATIONS_FILE) {
                assertEquals("../" + setting.defaultText(), widgetDefault, w.toString());
            } else {
                assertEquals(setting.defaultValue().orElseThrow(), setting.type().parse(widgetDefault), w.toString());
            }
            if (w.get("choices") instanceof List<?> choices) {
                for (Object choice : choices) {
                    setting.type().parse((String) choice); // every choice passes the setting's rule
                }
            }
        }
        assertTrue(checked >= 6, "widgets standing for settings: " + checked);
    }

    @Test
    void passesOnlyOptionsThatTheLaunchersHelpLists() throws Exception {
        String module = Files.readString(NOTEBOOKS.resolve("genie_notebook.py"), StandardCharsets.UTF_8);
        for (Map.Entry<String, String> e : LAUNCHER_OF.entrySet()) {
            Set<String> options = new LinkedHashSet<>();
            for (Map<String, Object> w : Python.widgetTable()) {
                if (w.get("option") != null && ((List<?>) w.get("notebooks")).contains(e.getKey())) {
                    options.add((String) w.get("option"));
                }
            }
            String builder = e.getKey().startsWith("load_test") ? "build_loadtest_args" : "build_export_args";
            Matcher m = OPTION_LITERAL.matcher(function(module, builder));
            while (m.find()) {
                options.add(m.group(1));
            }
            assertTrue(options.size() >= 5, e.getKey() + " passes suspiciously few options: " + options);
            String help = launcherHelp(e.getValue());
            for (String option : options) {
                assertTrue(listsOption(help, option), e.getKey() + " passes " + option + ", which bin/"
                        + e.getValue() + " --help does not list:\n" + help);
            }
        }
    }

    @Test
    void exportNotebookWritesTheSpacesConversationsWithTheNotebooksOwnWorkspaceToken() throws Exception {
        Path preload = Path.of(getClass().getResource("/conversation/original-export.yaml").toURI());
        SimulatorConfig config = SimulatorConfig.fromOptions(Map.of("conversations", preload.toString(), "qpm", "0"));
        try (GenieSimulator workspace = GenieSimulator.start(config)) {
            Path output = tmp.resolve("exports/conversations.yaml");
            Map<String, Object> widgets = Map.of("space_id", workspace.spaceId(), "output", output.toString(),
                    "install_tools", "false");
            // Nothing in .env: the workspace and its token come from the notebook context, as on Databricks.
            NotebookRun run = runNotebook("export_conversations", widgets, Map.of(),
                    context(workspace.baseUrl(), workspace.token()), "");

            ConversationFile exported = ConversationFiles.read(output);
            ConversationFile original = ConversationFiles.read(preload);
            assertEquals(workspace.spaceId(), exported.spaceId());
            assertEquals(byId(original), byId(exported));
            assertEquals(original.totalMessages(), exported.totalMessages());
            assertFalse(run.output().contains(workspace.token()), "the token was printed:\n" + run.output());
        }
    }

    @Test
    void loadTestNotebookRunsAShortTestAndShowsTheLaunchersSummaryAsTables() throws Exception {
        // Half of the questions end FAILED. The simulator draws that from (seed, arrival number): with seed 5 the
        // first question fails and the second is answered (then F C F C F C F F), so both tables get rows as soon as
        // two questions are answered, however fast this machine is.
        SimulatorConfig config = SimulatorConfig.fromOptions(Map.of("qpm", "0", "time-scale", "0.02",
                "fail-rate", "0.5", "seed", "5"));
        try (GenieSimulator workspace = GenieSimulator.start(config)) {
            Path conversations = Files.copy(
                    Path.of(getClass().getResource("/conversation/original-export.yaml").toURI()),
                    tmp.resolve("conversations.yaml"));
            Path results = tmp.resolve("results");
            Map<String, Object> widgets = new HashMap<>(Map.of("conversations_file", conversations.toString(),
                    "user_count", "2", "spawn_rate", "2", "run_time", "4s", "min_wait", "0", "max_wait", "0.2",
                    "seed", "7", "results_dir", results.toString(), "install_tools", "false"));
            widgets.put("secret_scope", SECRET_SCOPE);
            // Enriched from the workspace's query history, then exported to a Unity Catalog table.
            widgets.put("enrich", "true");
            widgets.put("results_table", "main.genie.load_tests");
            // The workspace is in .env, its token in a secret scope; the notebook context's token is not valid there
            // (the notebook must prefer what .env and the secrets chose).
            String dotenv = "DATABRICKS_HOST=" + workspace.baseUrl() + "\nGENIE_SPACE_ID=" + workspace.spaceId()
                    + "\nGENIE_WAREHOUSE_ID=" + workspace.warehouseId() + "\nGENIE_ENRICH_WAIT_SECONDS=20\n"
                    + "GENIE_ENRICH_RETRY_SECONDS=1\n";
            NotebookRun run = runNotebook("load_test", widgets,
                    Map.of(SECRET_SCOPE, Map.of("DATABRICKS_TOKEN", workspace.token(), "not-a-variable", "x")),
                    context(workspace.baseUrl(), "dapi-context-token-of-another-user"), dotenv);

            Path runFolder = onlyFolderIn(results);
            List<List<Object>> summary = summaryCsv(runFolder.resolve("summary.csv"));
            assertEquals(summary, run.view("genie_summary").get("rows"));
            assertEquals(List.of("Type", "Name", "Requests", "Failures", "Median ms", "95% ms", "Requests/s"),
                    columnNames(run.view("genie_summary")));
            List<Object> total = summary.get(summary.size() - 1);
            assertEquals("Aggregated", total.get(1));
            int requests = (Integer) total.get(2);
            int failures = (Integer) total.get(3);
            assertTrue(failures > 0 && failures < requests, "expected some failed and some answered questions: "
                    + summary + "\n" + run.output());
            List<MessageTruth> asked = workspace.groundTruth();
            assertTrue(asked.size() >= requests, "the workspace saw " + asked.size() + " questions, the JTL has "
                    + requests);

            // Failed samples: as many per label as summary.csv counts, none with an answer's response code.
            Map<String, Integer> failuresPerLabel = new TreeMap<>();
            for (List<Object> r : summary.subList(0, summary.size() - 1)) {
                if ((Integer) r.get(3) > 0) {
                    failuresPerLabel.put(r.get(0) + " " + r.get(1), (Integer) r.get(3));
                }
            }
            List<?> failed = (List<?>) run.view("genie_failed_samples").get("rows");
            Map<String, Integer> failedPerLabel = new TreeMap<>();
            for (Object row : failed) {
                failedPerLabel.merge((String) ((List<?>) row).get(1), 1, Integer::sum);
                Object code = ((List<?>) row).get(2);
                assertTrue(!"COMPLETED".equals(code) && !"".equals(code), "response code of a failed sample: " + row);
            }
            assertEquals(failuresPerLabel, failedPerLabel, "failed samples: " + failed);
            assertEquals(List.of("genie_summary", "genie_failed_samples"),
                    run.displayed().stream().map(d -> d.get("view")).toList());
            assertEquals(List.of(List.of(SECRET_SCOPE, "DATABRICKS_TOKEN")), run.report().get("secrets_read"));
            assertFalse(run.output().contains(workspace.token()), "the token was printed:\n" + run.output());
            assertTrue(Files.isRegularFile(runFolder.resolve("dashboard/index.html")), "no HTML dashboard");
            assertExportedEnriched(run, runFolder, workspace);
            assertAnalyzeResults(results, runFolder);
            assertCompareRuns(runFolder);
        }
    }

    /**
     * analyze_results on the folder of runs (it takes the newest, the only one): its tables are the JTL's and the
     * detail file's figures, computed here independently, and its charts are written into the run's folder.
     */
    @SuppressWarnings("unchecked")
    private void assertAnalyzeResults(Path results, Path runFolder) throws Exception {
        NotebookRun run = runNotebook("analyze_results", Map.of("run_dir", results.toString()), Map.of(),
                context(null, null), "");
        assertEquals(List.of("genie_latency", "genie_over_time", "genie_per_prompt", "genie_per_position",
                "genie_phases", "genie_failures"), run.displayed().stream().map(d -> d.get("view")).toList());
        List<Map<String, String>> jtl = csvRecords(runFolder.resolve("results.jtl"));
        List<Map<String, String>> detail = csvRecords(runFolder.resolve("detailed_metrics.csv"));

        // Genie's phases: per phase of the product's enum, the samples having it and their mean (one decimal).
        List<List<Object>> phases = (List<List<Object>>) run.view("genie_phases").get("rows");
        assertEquals(GeniePhase.values().length, phases.size(), "phase rows: " + phases);
        long observed = 0;
        for (int i = 0; i < GeniePhase.values().length; i++) {
            String column = GeniePhase.values()[i].variable();
            List<Long> values = jtl.stream().map(r -> r.getOrDefault(column, "")).filter(v -> !v.isBlank())
                    .map(Long::valueOf).toList();
            double mean = values.isEmpty() ? 0.0 : BigDecimal.valueOf(values.stream().mapToLong(v -> v).sum())
                    .divide(BigDecimal.valueOf(values.size()), 1, RoundingMode.HALF_EVEN).doubleValue();
            List<Object> row = phases.get(i);
            assertEquals(column, "genie_" + ((String) row.get(0)).toLowerCase() + "_ms", "phase order: " + phases);
            assertEquals(values.size(), ((Number) row.get(1)).intValue(), column + ": " + row);
            assertEquals(mean, ((Number) row.get(2)).doubleValue(), 0.051, column + ": " + row);
            observed += values.size();
        }
        assertTrue(observed > 0, "the run recorded no phase times: " + phases);

        // Failures by kind: the JTL's failed samples counted per response code.
        Map<String, Integer> failuresPerCode = new TreeMap<>();
        jtl.stream().filter(r -> !"true".equalsIgnoreCase(r.get("success")))
                .forEach(r -> failuresPerCode.merge(r.get("responseCode"), 1, Integer::sum));
        Map<String, Integer> shown = new TreeMap<>();
        for (List<Object> r : (List<List<Object>>) run.view("genie_failures").get("rows")) {
            shown.put((String) r.get(0), ((Number) r.get(1)).intValue());
        }
        assertFalse(failuresPerCode.isEmpty(), "the run (fail rate 0.5) had no failures");
        assertEquals(failuresPerCode, shown);

        // The distribution's "All" row, the over-time buckets and the per-position rows each cover every sample.
        List<List<Object>> latency = (List<List<Object>>) run.view("genie_latency").get("rows");
        List<Object> all = latency.get(latency.size() - 1);
        long maxElapsed = jtl.stream().mapToLong(r -> Long.parseLong(r.get("elapsed"))).max().orElseThrow();
        assertEquals(List.of("All", jtl.size(), maxElapsed), List.of(all.get(0), all.get(1),
                ((Number) all.get(8)).longValue()), "latency: " + latency);
        assertEquals(jtl.size(), sumOf(run, "genie_over_time", 1));
        assertEquals(detail.size(), sumOf(run, "genie_per_position", 1));
        assertEquals(detail.size(), sumOf(run, "genie_per_prompt", 1));
        Set<Object> positions = detail.stream().map(r -> Integer.valueOf(r.get("message_index")))
                .collect(Collectors.toSet());
        assertEquals(positions, ((List<List<Object>>) run.view("genie_per_position").get("rows")).stream()
                .map(r -> r.get(0)).collect(Collectors.toSet()));
        for (String chart : List.of("latency", "over_time", "per_position", "phases", "failures")) {
            Path svg = runFolder.resolve(chart + ".svg"); // no matplotlib here: the notebook draws SVG itself
            assertTrue(Files.isRegularFile(svg), "no chart " + svg + "\n" + run.output());
            String text = Files.readString(svg);
            assertTrue(text.startsWith("<svg") && (text.contains("<polyline") || text.contains("<rect x=")), chart);
        }
    }

    /**
     * compare_runs on a results folder: bin/genie-compare writes capacity.csv into a compare-... folder beside it, and
     * the notebook's table is that file's rows; run again on that folder, it reads the file without comparing again.
     */
    @SuppressWarnings("unchecked")
    private void assertCompareRuns(Path runFolder) throws Exception {
        NotebookRun run = runNotebook("compare_runs", Map.of("run_dirs", runFolder.toString(),
                "install_tools", "false"), Map.of(), context(null, null), "");
        Path compared;
        try (var files = Files.list(runFolder.getParent())) {
            compared = files.filter(p -> p.getFileName().toString().startsWith("compare-")).findFirst()
                    .orElseThrow(() -> new AssertionError("no compare- folder\n" + run.output()));
        }
        List<Map<String, String>> csv = csvRecords(compared.resolve("capacity.csv"));
        Map<String, Object> view = run.view("genie_capacity");
        assertEquals(new ArrayList<>(csv.get(0).keySet()), columnNames(view));
        List<List<Object>> rows = (List<List<Object>>) view.get("rows");
        assertEquals(csv.size(), rows.size());
        List<Object> names = columnNames(view);
        for (int i = 0; i < csv.size(); i++) {
            for (int c = 0; c < names.size(); c++) {
                String expected = csv.get(i).get((String) names.get(c));
                Object actual = rows.get(i).get(c);
                if (actual instanceof Number n) {
                    assertEquals(Double.parseDouble(expected), n.doubleValue(), 1e-9, names.get(c) + " " + rows);
                } else if (actual instanceof Boolean b) {
                    assertEquals(Boolean.parseBoolean(expected), b, names.get(c) + " " + rows);
                } else {
                    assertEquals(expected, actual == null ? "" : actual, names.get(c) + " " + rows);
                }
            }
        }
        for (String chart : List.of("compare_latency", "compare_throughput", "compare_errors", "compare_phases")) {
            assertTrue(Files.isRegularFile(compared.resolve(chart + ".svg")), chart + "\n" + run.output());
        }
        NotebookRun again = runNotebook("compare_runs", Map.of("run_dirs", compared.toString()), Map.of(),
                context(null, null), "");
        assertEquals(rows, again.view("genie_capacity").get("rows"));
        assertTrue(again.output().contains("nothing to run"), again.output());
    }

    @SuppressWarnings("unchecked")
    private static long sumOf(NotebookRun run, String view, int column) {
        return ((List<List<Object>>) run.view(view).get("rows")).stream().mapToLong(r -> ((Number) r.get(column))
                .longValue()).sum();
    }

    /** A CSV file (RFC 4180: quoted fields may hold commas, doubled quotes, line breaks) as maps by header name. */
    private static List<Map<String, String>> csvRecords(Path file) throws IOException {
        String text = Files.readString(file, StandardCharsets.UTF_8);
        List<List<String>> records = new ArrayList<>();
        List<String> record = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < text.length(); i++) {
            char ch = text.charAt(i);
            if (quoted) {
                if (ch == '"' && i + 1 < text.length() && text.charAt(i + 1) == '"') {
                    field.append('"');
                    i++;
                } else if (ch == '"') {
                    quoted = false;
                } else {
                    field.append(ch);
                }
            } else if (ch == '"') {
                quoted = true;
            } else if (ch == ',') {
                record.add(field.toString());
                field.setLength(0);
            } else if (ch == '\n') {
                record.add(field.toString().replaceAll("\r$", ""));
                field.setLength(0);
                records.add(record);
                record = new ArrayList<>();
            } else {
                field.append(ch);
            }
        }
        if (field.length() > 0 || !record.isEmpty()) {
            record.add(field.toString());
            records.add(record);
        }
        List<String> header = records.get(0);
        List<Map<String, String>> rows = new ArrayList<>();
        for (List<String> r : records.subList(1, records.size())) {
            Map<String, String> row = new LinkedHashMap<>();
            for (int c = 0; c < header.size(); c++) {
                row.put(header.get(c), c < r.size() ? r.get(c) : "");
            }
            rows.add(row);
        }
        return rows;
    }

    /**
     * The table the notebook exported to holds the run's detail file, one row per line, each statement's SQL history
     * columns filled (enrichment ran before the export) with the simulator's own figures.
     */
    @SuppressWarnings("unchecked")
    private static void assertExportedEnriched(NotebookRun run, Path runFolder, GenieSimulator workspace)
            throws IOException {
        Map<String, Object> tables = (Map<String, Object>) run.report().get("tables");
        Map<String, Object> table = (Map<String, Object>) tables.get("main.genie.load_tests");
        assertTrue(table != null, "no table main.genie.load_tests among " + tables.keySet() + "\n" + run.output());
        List<Map<String, Object>> rows = (List<Map<String, Object>>) table.get("rows");
        int detailRows = io.geniejmeter.results.DetailCsv.read(runFolder.resolve("detailed_metrics.csv")).size();
        assertTrue(rows.size() >= 2 && rows.stream().allMatch(r -> runFolder.getFileName().toString()
                .equals(r.get("run_id"))), "rows of this run: " + rows);
        Map<String, QueryHistoryRow> history = workspace.queryHistory().stream()
                .collect(Collectors.toMap(QueryHistoryRow::statementId, Function.identity()));
        int statements = 0;
        for (Map<String, Object> row : rows) {
            if (row.get("sql_statement_id") == null) {
                continue;
            }
            statements++;
            QueryHistoryRow truth = history.get((String) row.get("sql_statement_id"));
            assertEquals(truth.totalDurationMs(), ((Number) row.get("sql_total_duration_ms")).longValue(),
                    row.toString());
            assertEquals(truth.waitingAtCapacityMs(), ((Number) row.get("sql_queue_wait_ms")).longValue(),
                    row.toString());
            assertTrue(row.get("sql_bottleneck") instanceof String, row.toString());
        }
        assertTrue(statements > 0, "no statement in " + rows);
        assertEquals(detailRows, rows.size(), "every row of the detail file exported once");
        assertTrue(run.output().contains("Exported " + rows.size() + " rows of run " + runFolder.getFileName()),
                run.output());
    }

    /**
     * A short cached run on the simulator, reached as a workspace through .env (so the warehouse that re-runs cached
     * SQL comes from a cache widget). Which request types a few seconds produce depends on timing; what is checked
     * does not (see assertCacheTables).
     */
    @Test
    void inMemorySemanticNotebookShowsTheSummaryTheHitRatesAndTheTestCompleteFigures() throws Exception {
        SimulatorConfig config = SimulatorConfig.fromOptions(Map.of("qpm", "0", "time-scale", "0.02", "seed", "7",
                "text-only-rate", "0"));
        try (GenieSimulator workspace = GenieSimulator.start(config)) {
            Path results = tmp.resolve("results");
            int users = 3;
            Map<String, Object> widgets = new HashMap<>(Map.of("conversations_file",
                    Path.of("testplans/sample-conversations.yaml").toAbsolutePath().toString(),
                    "user_count", String.valueOf(users), "spawn_rate", "3", "run_time", "5s", "min_wait", "0",
                    "max_wait", "0.2", "seed", "3", "results_dir", results.toString(), "install_tools", "false"));
            widgets.putAll(Map.of("warehouse_id", workspace.warehouseId(), "lru_capacity", "50",
                    "cache_scope", "shared"));
            String dotenv = "DATABRICKS_HOST=" + workspace.baseUrl() + "\nDATABRICKS_TOKEN=" + workspace.token()
                    + "\nGENIE_SPACE_ID=" + workspace.spaceId() + "\n";
            NotebookRun run = runNotebook("load_test_in_memory_semantic", widgets, Map.of(),
                    context(workspace.baseUrl(), "dapi-context-token-of-another-user"), dotenv);

            assertCacheTables(run, results, users, workspace);
            assertFalse(run.output().contains(workspace.token()), "the token was printed:\n" + run.output());
        }
    }

    /**
     * The Lakebase notebook with its semantic cache in a schema of the tests' PostgreSQL (GENIE_PG_URL in .env) and a
     * workspace in .env. The Lakebase service principal's credentials are in the secret scope genie-loadtest, as the
     * original had them: read from there (a PostgreSQL URL does not need them, the notebook reads them all the same)
     * and never printed.
     */
    @Test
    void cachedNotebookKeepsTheSemanticCacheInPostgresAndReadsTheLakebaseCredentialsFromTheSecretScope(
            TestPostgres pg) throws Exception {
        SimulatorConfig config = SimulatorConfig.fromOptions(Map.of("qpm", "0", "time-scale", "0.02", "seed", "7",
                "text-only-rate", "0"));
        try (GenieSimulator workspace = GenieSimulator.start(config); TestSchema schema = pg.newSchema()) {
            Path results = tmp.resolve("results");
            int users = 3;
            Map<String, Object> widgets = new HashMap<>(Map.of("conversations_file",
                    Path.of("testplans/sample-conversations.yaml").toAbsolutePath().toString(),
                    "user_count", String.valueOf(users), "spawn_rate", "3", "run_time", "5s", "min_wait", "0",
                    "max_wait", "0.2", "seed", "3", "results_dir", results.toString(), "install_tools", "false"));
            widgets.putAll(Map.of("warehouse_id", workspace.warehouseId(), "cache_scope", "shared"));
            String dotenv = "DATABRICKS_HOST=" + workspace.baseUrl() + "\nDATABRICKS_TOKEN=" + workspace.token()
                    + "\nGENIE_SPACE_ID=" + workspace.spaceId() + "\n" + String.join("\n", schema.settingLines())
                    + "\nGENIE_LAKEBASE_CLIENT_SECRET=dotenv-secret-the-scope-overrides\n";
            String clientId = "lakebase-sp-application-id-1f2e";
            String clientSecret = "lakebase-sp-secret-9c8b7a";
            Map<String, Object> secrets = Map.of(SECRET_SCOPE,
                    Map.of("lakebase-client-id", clientId, "lakebase-client-secret", clientSecret));
            NotebookRun run = runNotebook("load_test_cached", widgets, secrets,
                    context(workspace.baseUrl(), "dapi-context-token-of-another-user"), dotenv);

            assertCacheTables(run, results, users, workspace);
            try (CacheDatabase db = schema.database(PoolOptions.DEFAULTS)) {
                assertTrue(new SemanticCacheTable(db, Clock.SYSTEM).count() > 0,
                        "the answers were stored in the schema of GENIE_PG_URL:\n" + run.output());
            }
            assertEquals(List.of(List.of(SECRET_SCOPE, "lakebase-client-id"),
                    List.of(SECRET_SCOPE, "lakebase-client-secret")), run.report().get("secrets_read"));
            for (String secret : List.of(clientId, clientSecret, workspace.token())) {
                assertFalse(run.output().contains(secret), "a secret was printed: " + secret + "\n" + run.output());
            }
        }
    }

    /**
     * What a cache notebook shows, against what does not depend on timing: the summary table is the launcher's
     * summary.csv, the hit table counts its rows by request type, the test_complete figures are the line the launcher
     * printed and add up, and they agree with summary.csv up to the questions in flight at the end (one per user).
     */
    private static void assertCacheTables(NotebookRun run, Path results, int users, GenieSimulator workspace)
            throws IOException {
        List<List<Object>> summary = summaryCsv(onlyFolderIn(results).resolve("summary.csv"));
        assertEquals(summary, run.view("genie_summary").get("rows"));
        Map<String, Integer> perType = new LinkedHashMap<>();
        for (String type : List.of("GENIE_LRU_HIT", "GENIE_SEMANTIC_HIT", "GENIE_LIVE")) {
            perType.put(type, 0);
        }
        for (List<Object> r : summary.subList(0, summary.size() - 1)) {
            assertTrue(perType.containsKey((String) r.get(0)), "a sample of no cache request type: " + r);
            perType.merge((String) r.get(0), (Integer) r.get(2), Integer::sum);
        }
        int requests = (Integer) summary.get(summary.size() - 1).get(2);
        assertTrue(requests > 0 && perType.get("GENIE_LIVE") > 0, "no live question in " + summary);

        Map<String, Object> hits = run.view("genie_cache_hits");
        assertEquals(List.of("Request type", "Requests", "Share %"), columnNames(hits));
        List<?> hitRows = (List<?>) hits.get("rows");
        assertEquals(perType.size(), hitRows.size(), "one row per request type: " + hitRows);
        for (Object row : hitRows) {
            List<?> r = (List<?>) row;
            int count = perType.get((String) r.get(0));
            assertEquals(count, r.get(1), "requests of " + r.get(0));
            assertEquals(count * 100.0 / requests, ((Number) r.get(2)).doubleValue(), 0.051, "share of " + r);
        }

        Map<String, Object> view = run.view("genie_cache_test_complete");
        List<?> rows = (List<?>) view.get("rows");
        assertEquals(1, rows.size(), "one test_complete line: " + rows);
        Map<String, Number> figures = new LinkedHashMap<>();
        List<Object> names = columnNames(view);
        for (int i = 0; i < names.size(); i++) {
            figures.put((String) names.get(i), (Number) ((List<?>) rows.get(0)).get(i));
        }
        String line = "test_complete total_requests=" + figures.get("total_requests")
                + " lru_hits=" + figures.get("lru_hits") + " lru_hit_rate=" + figures.get("lru_hit_rate") + "%"
                + " semantic_hits=" + figures.get("semantic_hits")
                + " semantic_hit_rate=" + figures.get("semantic_hit_rate") + "%"
                + " misses=" + figures.get("misses") + " miss_rate=" + figures.get("miss_rate") + "%"
                + " cache_errors=" + figures.get("cache_errors") + " failed_reruns=" + figures.get("failed_reruns");
        assertTrue(run.output().lines().anyMatch(l -> l.strip().equals(line)),
                "the table is not the line the launcher printed: " + line + "\n" + run.output());
        long total = figures.get("total_requests").longValue();
        long lru = figures.get("lru_hits").longValue();
        long semantic = figures.get("semantic_hits").longValue();
        long misses = figures.get("misses").longValue();
        assertEquals(total, lru + semantic + misses + figures.get("failed_reruns").longValue(), line);
        assertEquals(percent(lru, total), figures.get("lru_hit_rate").doubleValue(), 1e-9, line);
        assertEquals(percent(semantic, total), figures.get("semantic_hit_rate").doubleValue(), 1e-9, line);
        assertEquals(percent(misses, total), figures.get("miss_rate").doubleValue(), 1e-9, line);
        assertEquals(0, figures.get("cache_errors").longValue(), line);
        // Each user may have had one question answered as the test stopped: counted, but not in the JTL.
        assertTrue(total >= requests && total <= requests + users, line + " vs " + requests + " samples");
        // A hit whose SQL re-run failed is a hit sample but counts as failed_reruns.
        assertTrue(misses >= perType.get("GENIE_LIVE") && lru + semantic + figures.get("failed_reruns")
                .longValue() >= perType.get("GENIE_LRU_HIT") + perType.get("GENIE_SEMANTIC_HIT"),
                line + " vs " + perType);
        assertTrue(workspace.groundTruth().size() >= misses, "every miss asked Genie: " + line);
        assertEquals(List.of("genie_summary", "genie_failed_samples", "genie_cache_hits",
                "genie_cache_test_complete"), run.displayed().stream().map(d -> d.get("view")).toList());
    }

    /** A rate as the test_complete line has it: percent with one decimal, half to even on the exact value. */
    private static double percent(long count, long total) {
        double value = total == 0 ? 0.0 : count * 100.0 / total;
        return new BigDecimal(value).setScale(1, RoundingMode.HALF_EVEN).doubleValue();
    }

    // ---------------------------------------------------------------------------------------------------------

    /** What run_notebook.py reported and what the notebook printed. */
    private record NotebookRun(Map<String, Object> report, String output) {

        @SuppressWarnings("unchecked")
        Map<String, Object> view(String name) {
            Map<String, Object> views = (Map<String, Object>) report.get("views");
            assertTrue(views.containsKey(name), "no temp view " + name + " among " + views.keySet());
            return (Map<String, Object>) views.get(name);
        }

        @SuppressWarnings("unchecked")
        List<Map<String, Object>> displayed() {
            return (List<Map<String, Object>>) report.get("displayed");
        }
    }

    private static List<String> allNotebooks() {
        List<String> names = new ArrayList<>(LAUNCHER_OF.keySet());
        names.addAll(ANALYSIS_NOTEBOOKS);
        return names;
    }

    private static Map<String, Object> context(String apiUrl, String apiToken) {
        Map<String, Object> context = new HashMap<>();
        context.put("notebookPath", null); // a Databricks run finds its folder as the working directory
        context.put("apiUrl", apiUrl);
        context.put("apiToken", apiToken);
        return context;
    }

    /**
     * Runs a notebook with run_notebook.py in an environment cleared of the developer's Databricks and Genie settings:
     * {@code .env} is {@code dotenv} (through GENIE_ENV_FILE), the Databricks config file is empty. Asserts that every
     * code cell ran and that the notebook declared exactly its widgets of the table in genie_notebook.py.
     */
    @SuppressWarnings("unchecked")
    private NotebookRun runNotebook(String name, Map<String, Object> widgets, Map<String, Object> secrets,
            Map<String, Object> context, String dotenv) throws Exception {
        Path dotenvFile = Files.writeString(tmp.resolve(name + ".env"), dotenv);
        Path databricksCfg = Files.writeString(tmp.resolve("databrickscfg"), "");
        Path report = tmp.resolve(name + "-report.json");
        Map<String, Object> setup = new HashMap<>();
        setup.put("widgets", widgets);
        setup.put("secrets", secrets);
        setup.put("context", context);
        setup.put("report", report.toString());
        Path setupFile = tmp.resolve(name + "-setup.json");
        JSON.writeValue(setupFile.toFile(), setup);

        Path runner = Path.of(getClass().getResource("/notebooks/run_notebook.py").toURI());
        ProcessBuilder pb = Python.command(runner.toString(), NOTEBOOKS.resolve(name + ".py").toString(),
                setupFile.toString());
        pb.environment().keySet().removeIf(k -> k.startsWith("DATABRICKS_") || k.startsWith("GENIE_"));
        pb.environment().put("GENIE_ENV_FILE", dotenvFile.toString());
        pb.environment().put("DATABRICKS_CONFIG_FILE", databricksCfg.toString());
        Python.Result r = Python.run(pb, NOTEBOOK_TIMEOUT);
        assertEquals(0, r.exitCode(), name + " failed:\n" + r.output());

        NotebookRun run = new NotebookRun(JSON.readValue(report.toFile(), Map.class), r.output());
        assertEquals(codeCells(notebook(name)), run.report().get("code_cells"), "cells run of " + name);
        assertEquals(expectedWidgets(name), run.report().get("widgets"), "widgets of " + name);
        return run;
    }

    /** The widgets a notebook must declare, in the order of the table, as the dbutils stand-in records them. */
    private static List<Map<String, Object>> expectedWidgets(String notebook) throws Exception {
        List<Map<String, Object>> expected = new ArrayList<>();
        for (Map<String, Object> w : Python.widgetTable()) {
            if (((List<?>) w.get("notebooks")).contains(notebook)) {
                Map<String, Object> declared = new HashMap<>();
                declared.put("name", w.get("name"));
                declared.put("kind", w.get("choices") == null ? "text" : "dropdown");
                declared.put("default", w.get("default"));
                declared.put("label", w.get("description"));
                declared.put("choices", w.get("choices"));
                expected.add(declared);
            }
        }
        return expected;
    }

    private static int codeCells(String text) {
        String body = text.substring(text.indexOf('\n') + 1);
        int code = 0;
        for (String cell : body.split(Pattern.quote(CELL_SEPARATOR), -1)) {
            if (!cell.lines().filter(l -> !l.isBlank()).allMatch(l -> l.startsWith("# MAGIC"))) {
                code++;
            }
        }
        return code;
    }

    /** The launcher's summary.csv, typed as the notebook must show it (text, whole numbers, requests/s). */
    private static List<List<Object>> summaryCsv(Path csv) throws IOException {
        List<String> lines = Files.readAllLines(csv, StandardCharsets.UTF_8);
        assertEquals("Type,Name,Requests,Failures,Median ms,95% ms,Requests/s", lines.get(0));
        List<List<Object>> rows = new ArrayList<>();
        for (String line : lines.subList(1, lines.size())) {
            String[] f = line.split(",", -1);
            rows.add(Arrays.asList(f[0], f[1], Integer.valueOf(f[2]), Integer.valueOf(f[3]), Integer.valueOf(f[4]),
                    Integer.valueOf(f[5]), Double.valueOf(f[6])));
        }
        assertTrue(rows.size() >= 2, "summary.csv has no request rows: " + lines);
        return rows;
    }

    private static List<Object> columnNames(Map<String, Object> view) {
        return ((List<?>) view.get("columns")).stream().map(c -> ((List<?>) c).get(0)).collect(Collectors.toList());
    }

    private static Path onlyFolderIn(Path dir) throws IOException {
        try (var files = Files.list(dir)) {
            List<Path> folders = files.filter(Files::isDirectory).toList();
            assertEquals(1, folders.size(), "run folders in " + dir + ": " + folders);
            return folders.get(0);
        }
    }

    private static Map<String, Conversation> byId(ConversationFile file) {
        return file.conversations().stream().collect(Collectors.toMap(Conversation::id, Function.identity(),
                (a, b) -> a, TreeMap::new));
    }

    private static String notebook(String name) throws IOException {
        return Files.readString(NOTEBOOKS.resolve(name + ".py"), StandardCharsets.UTF_8);
    }

    /** A top-level function of a Python module, up to the next top-level line. */
    private static String function(String module, String name) {
        int start = module.indexOf("\ndef " + name + "(");
        assertTrue(start >= 0, "no function " + name);
        Matcher next = Pattern.compile("(?m)^\\S").matcher(module);
        return next.find(start + 5) ? module.substring(start, next.start()) : module.substring(start);
    }

    /** Runs the launcher's main class (read from its bin/ script) with --help on the test class path. */
    private static String launcherHelp(String launcher) throws Exception {
        String script = Files.readString(BIN.resolve(launcher), StandardCharsets.UTF_8);
        Matcher m = MAIN_CLASS.matcher(script);
        assertTrue(m.find(), "no 'exec java ... <MainClass> \"$@\"' line in bin/" + launcher);
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Python.Result r = Python.run(new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                m.group(1), "--help"), Duration.ofSeconds(60));
        assertEquals(0, r.exitCode(), "bin/" + launcher + " --help failed:\n" + r.output());
        return r.output();
    }

    /** An option as a help line lists it: "--users N", "-u, --users", "[--include-all]", "--space-id=ID". */
    private static boolean listsOption(String help, String option) {
        return Pattern.compile("(^|[\\s,\\[])" + Pattern.quote(option) + "([\\s=,\\]]|$)", Pattern.MULTILINE)
                .matcher(help).find();
    }
}
