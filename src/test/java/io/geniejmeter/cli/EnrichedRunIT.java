package io.geniejmeter.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.geniejmeter.results.DetailCsv;
import io.geniejmeter.simulator.QueryHistoryRow;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bin/genie-loadtest --headless --enrich} for real: the launcher runs the standard plan in the build's JMeter
 * on the embedded simulator with a one-slot SQL warehouse and four users, then enriches the run's
 * {@code detailed_metrics.csv} from the query history that simulator kept in the results folder. Every statement's
 * columns must be the simulator's record of it, and the run must come out queue-bound.
 */
class EnrichedRunIT {

    @TempDir
    Path work;

    @Test
    void aHeadlessRunOnAOneSlotWarehouseIsEnrichedFromTheSimulatorAndQueueBound() throws Exception {
        Map<String, String> env = new HashMap<>();
        env.put("HOME", work.toString());
        env.put("DATABRICKS_CONFIG_FILE", Files.writeString(work.resolve("databrickscfg"), "").toString());
        env.put(LoadTestLauncher.JMETER_HOME_ENV, jmeterHome().toString());
        env.put(LoadTestLauncher.PROJECT_DIR_ENV, Path.of("").toAbsolutePath().toString());
        env.put("GENIE_ENRICH_WAIT_SECONDS", "30");
        env.put("GENIE_ENRICH_RETRY_SECONDS", "1");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        LoadTestLauncher launcher = new LoadTestLauncher(env, work, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));

        int status = launcher.run(List.of("--headless", "-u", "4", "-r", "4", "-t", "20s", "--simulator",
                "--time-scale", "0.1", "--min-wait", "0", "--max-wait", "0.2", "--seed", "3",
                "--sim-warehouse-slots", "1", "--sim-text-only-rate", "0",
                "--sim-latency-executing-query", "15000-25000", "--results-dir", "results/run", "--enrich",
                "--exit-code-on-error", "0"));

        String console = out.toString(StandardCharsets.UTF_8) + err.toString(StandardCharsets.UTF_8);
        assertEquals(0, status, console);
        Path results = work.resolve("results/run");
        Map<String, QueryHistoryRow> truth = new HashMap<>();
        ObjectMapper json = new ObjectMapper();
        for (String line : Files.readAllLines(results.resolve(EnrichCommand.SIMULATOR_HISTORY_FILE))) {
            QueryHistoryRow row = json.readValue(line, QueryHistoryRow.class);
            truth.put(row.statementId(), row);
        }
        DetailCsv detail = DetailCsv.read(results.resolve("detailed_metrics.csv"));
        int id = detail.column("sql_statement_id");
        int statements = 0;
        int queueBound = 0;
        for (int r = 0; r < detail.size(); r++) {
            String statement = detail.get(r, id);
            if (statement.isEmpty()) {
                continue;
            }
            statements++;
            QueryHistoryRow t = truth.get(statement);
            assertNotNull(t, "a statement the run's simulator did not record: " + statement);
            assertEquals(Long.toString(t.totalDurationMs()), detail.get(r, detail.column("sql_total_duration_ms")));
            assertEquals(Long.toString(t.waitingAtCapacityMs()), detail.get(r, detail.column("sql_queue_wait_ms")));
            assertEquals(Long.toString(t.executionMs()), detail.get(r, detail.column("sql_execution_time_ms")));
            assertEquals(Long.toString(t.producedRows()), detail.get(r, detail.column("sql_rows_produced")));
            if (detail.get(r, detail.column("sql_bottleneck")).equals("QUEUE_WAIT")) {
                queueBound++;
            }
        }
        console.lines().filter(l -> l.contains("enriched") || l.contains("Bottlenecks") || l.contains("Speed:"))
                .forEach(System.out::println); // the run's figures, for the build log
        assertTrue(statements >= 4, "statements in the run: " + statements + "\n" + console);
        assertTrue(queueBound * 2 > statements, queueBound + " of " + statements + " queue-bound\n" + console);
        Matcher m = Pattern.compile("Bottlenecks: (.*)").matcher(console);
        assertTrue(m.find() && m.group(1).contains("QUEUE_WAIT " + queueBound), console);
    }

    private static Path jmeterHome() throws Exception {
        Matcher m = Pattern.compile("\"jmeterDirectoryPath\":\"([^\"]+)\"")
                .matcher(Files.readString(Path.of("target/config.json"), StandardCharsets.UTF_8));
        assertTrue(m.find(), "target/config.json names no JMeter installation: run mvn verify");
        return Path.of(m.group(1));
    }
}
