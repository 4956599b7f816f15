package io.geniejmeter.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.geniejmeter.genie.GenieAnswer;
import io.geniejmeter.results.DetailCsv;
import io.geniejmeter.results.EnrichmentReport;
import io.geniejmeter.results.QueryHistoryLookup;
import io.geniejmeter.results.SimulatorDetailFile;
import io.geniejmeter.results.SqlHistoryEnricher;
import io.geniejmeter.simulator.GenieSimulator;
import io.geniejmeter.simulator.LatencyRange;
import io.geniejmeter.simulator.MessageTruth;
import io.geniejmeter.simulator.QueryHistoryRow;
import io.geniejmeter.simulator.SimulatorConfig;
import io.geniejmeter.simulator.SimulatorTestSupport;
import io.geniejmeter.time.Clock;
import io.geniejmeter.time.ManualClock;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BrokenBarrierException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SQL history enrichment end to end, offline: detail files written from questions really asked of a Genie simulator
 * (its time on a {@link ManualClock} shared with the enrichment, so minutes of ingestion lag pass instantly), then
 * {@code bin/genie-enrich}'s command against the same simulator's warehouse, checked against the simulator's ground
 * truth: its query history ({@link GenieSimulator#queryHistory()}) and its messages' phases.
 */
class SqlHistoryEnrichmentTest {

    private static final String FILE = SqlHistoryEnricher.DETAIL_FILE;
    private static final long LAG_MS = 10 * 60_000;

    @TempDir
    Path dir;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private final ManualClock clock = new ManualClock();

    private SimulatorConfig.Builder simulator() {
        return SimulatorConfig.builder().qpm(0).seed(11).textOnlyRate(0).clock(clock);
    }

    private Map<String, String> workspace(GenieSimulator sim) throws Exception {
        Map<String, String> env = new HashMap<>();
        env.put("DATABRICKS_HOST", sim.baseUrl());
        env.put("DATABRICKS_TOKEN", sim.token());
        env.put("GENIE_WAREHOUSE_ID", sim.warehouseId());
        env.put("HOME", dir.toString());
        env.put("DATABRICKS_CONFIG_FILE", Files.writeString(dir.resolve("databrickscfg"), "").toString());
        return env;
    }

    private int enrich(Map<String, String> env, String... options) {
        List<String> args = new ArrayList<>(List.of(dir.toString()));
        args.addAll(List.of(options));
        return EnrichCommand.run(args.toArray(String[]::new), env, dir, new PrintStream(out, true,
                StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8), clock);
    }

    private String output() {
        return out.toString(StandardCharsets.UTF_8) + err.toString(StandardCharsets.UTF_8);
    }

    /** The detail file's rows as maps of column to value. */
    private List<Map<String, String>> rows() throws Exception {
        DetailCsv csv = DetailCsv.read(dir.resolve(FILE));
        List<Map<String, String>> rows = new ArrayList<>();
        for (int r = 0; r < csv.size(); r++) {
            Map<String, String> row = new LinkedHashMap<>();
            for (int c = 0; c < csv.header().size(); c++) {
                row.put(csv.header().get(c), csv.get(r, c));
            }
            rows.add(row);
        }
        return rows;
    }

    private static Map<String, QueryHistoryRow> byId(List<QueryHistoryRow> rows) {
        return rows.stream().collect(Collectors.toMap(QueryHistoryRow::statementId, Function.identity()));
    }

    /** The columns of one statement as the ground truth says they must be. */
    private static void assertFilledFrom(QueryHistoryRow truth, Map<String, String> row) {
        String id = truth.statementId();
        assertEquals(Long.toString(truth.totalDurationMs()), row.get("sql_total_duration_ms"), id);
        assertEquals(Long.toString(truth.executionMs()), row.get("sql_execution_time_ms"), id);
        assertEquals(Long.toString(truth.compilationMs()), row.get("sql_compilation_time_ms"), id);
        assertEquals(Long.toString(truth.waitingAtCapacityMs()), row.get("sql_queue_wait_ms"), id);
        assertEquals(Long.toString(truth.waitingForComputeMs()), row.get("sql_compute_wait_ms"), id);
        assertEquals(Long.toString(truth.resultFetchMs()), row.get("sql_result_fetch_ms"), id);
        assertEquals(Long.toString(truth.producedRows()), row.get("sql_rows_produced"), id);
        assertEquals(Long.toString(truth.readBytes()), row.get("sql_bytes_read"), id);
        assertEquals(Long.toString(truth.readRows()), row.get("sql_rows_read"), id);
        assertEquals(truth.errorMessage() == null ? "" : truth.errorMessage(), row.get("sql_error_message"), id);
        assertEquals(truth.warehouseId(), row.get("sql_warehouse_id"), id);
        long total = truth.totalDurationMs();
        String speed = total < 5_000 ? "FAST" : total < 10_000 ? "MODERATE" : total < 30_000 ? "SLOW" : "CRITICAL";
        assertEquals(speed, row.get("sql_speed_category"), id);
    }

    @Test
    void fillsEveryStatementsColumnsWithTheSimulatorsGroundTruth() throws Exception {
        try (GenieSimulator sim = GenieSimulator.start(simulator().build())) {
            List<GenieAnswer> answers = SimulatorDetailFile.ask(sim, clock, 3, 3, "How many", dir.resolve(FILE));
            assertEquals(9, answers.stream().filter(a -> a.statementId() != null).count(), answers.toString());

            assertEquals(0, enrich(workspace(sim), "--wait", "0"), output());

            List<String> header = DetailCsv.read(dir.resolve(FILE)).header();
            List<String> expected = new ArrayList<>(SimulatorDetailFile.ORIGINAL_COLUMNS);
            expected.add("request_type");
            expected.addAll(SqlHistoryEnricher.COLUMNS);
            assertEquals(expected, header, "the original's 18 columns, ours, then the enrichment's");
            Map<String, QueryHistoryRow> history = byId(sim.queryHistory());
            Map<String, MessageTruth> messages = sim.groundTruth().stream()
                    .collect(Collectors.toMap(MessageTruth::messageId, Function.identity()));
            for (Map<String, String> row : rows()) {
                QueryHistoryRow truth = history.get(row.get("sql_statement_id"));
                assertNotNull(truth, "a statement the simulator never ran: " + row);
                assertFilledFrom(truth, row);
                // The warehouse's time is the message's two warehouse phases, to the millisecond.
                Map<String, Long> phases = messages.get(row.get("genie_message_id")).phasesMs();
                assertEquals(phases.get("PENDING_WAREHOUSE") + phases.get("EXECUTING_QUERY"),
                        Long.parseLong(row.get("sql_total_duration_ms")), row.toString());
                // Ten free slots: nobody queued; a short PENDING_WAREHOUSE and seconds of execution are NORMAL.
                assertEquals("0", row.get("sql_queue_wait_ms"), row.toString());
                assertEquals("NORMAL", row.get("sql_bottleneck"), row.toString());
                assertTrue(row.get("prompt").contains("\"repairs\", by month"), "prompt passed through: " + row);
                assertEquals("GENIE", row.get("request_type"));
            }
            assertTrue(output().contains("9 rows, 9 with a statement id: 9 enriched, 0 not in the query history"
                    + " yet (1 lookup)"), output());
            assertTrue(output().contains("Bottlenecks: NORMAL 9"), output());
        }
    }

    @Test
    void classifiesConcurrentUsersOnAOneSlotWarehouseAsQueueBound() throws Exception {
        // All four questions are asked at the same moment (AskTogether), reach the warehouse within a second of each
        // other and run for 60-90 s each. Without it the shared ManualClock, which moves on with every poll of every
        // user, let one user's thread finish its whole answer before another had asked (CI: 2 of 4 queued).
        SimulatorConfig.Builder quick = simulator().allPhases(new LatencyRange(100, 300))
                .phaseLatency("EXECUTING_QUERY", new LatencyRange(60_000, 90_000));
        Map<String, Integer> bottlenecks = new HashMap<>();
        try (GenieSimulator sim = GenieSimulator.start(quick.warehouseSlots(1).build())) {
            SimulatorDetailFile.ask(sim, new AskTogether(clock, 4), 4, 1, "Queue", dir.resolve(FILE));
            assertEquals(0, enrich(workspace(sim), "--wait", "0"), output());

            Map<String, QueryHistoryRow> history = byId(sim.queryHistory());
            for (Map<String, String> row : rows()) {
                QueryHistoryRow truth = history.get(row.get("sql_statement_id"));
                assertFilledFrom(truth, row);
                bottlenecks.merge(row.get("sql_bottleneck"), 1, Integer::sum);
            }
        }
        // Four questions reach one slot close together and run 60-90 s each: all but the first wait for at least
        // one other query, most of the first's 60 s (> 30 % of their own total). One question per user: follow-ups
        // arrive staggered by the queue itself (3 of 8 queued seen once; 2 of 4 with 4-6 s queries under load).
        // The first, unqueued, is SLOW_EXECUTION (a minute's query), the others QUEUE_WAIT.
        assertEquals(Map.of("SLOW_EXECUTION", 1, "QUEUE_WAIT", 3), bottlenecks, "queue-bound");
        assertTrue(output().contains("Bottlenecks: QUEUE_WAIT"), output());

        Files.delete(dir.resolve(FILE));
        try (GenieSimulator sim = GenieSimulator.start(quick.warehouseSlots(10).build())) {
            SimulatorDetailFile.ask(sim, clock, 4, 1, "Queue", dir.resolve(FILE));
            assertEquals(0, enrich(workspace(sim), "--wait", "0"), output());
            assertTrue(rows().stream().noneMatch(r -> r.get("sql_bottleneck").equals("QUEUE_WAIT")),
                    "ten slots for four users: no queue " + rows());
        }
    }

    @Test
    void looksAgainUntilTheIngestionLagHasPassedThenFillsEveryStatement() throws Exception {
        try (GenieSimulator sim = GenieSimulator.start(simulator().queryHistoryLagMs(LAG_MS).build())) {
            SimulatorDetailFile.ask(sim, clock, 2, 2, "Lag", dir.resolve(FILE));
            long lastEnd = sim.queryHistory().stream().mapToLong(QueryHistoryRow::endMs).max().orElseThrow();

            assertEquals(0, enrich(workspace(sim), "--wait", "1800", "--retry-every", "60"), output());

            assertTrue(output().contains("4 statements are not in system.query.history yet; looking again in 60 s"),
                    output());
            assertTrue(clock.wallMillis() >= lastEnd + LAG_MS, "enrichment ended before the rows could appear");
            assertTrue(clock.wallMillis() < lastEnd + LAG_MS + 61_000, "waited longer than one retry past the lag");
            Map<String, QueryHistoryRow> history = byId(sim.queryHistory());
            for (Map<String, String> row : rows()) {
                assertFilledFrom(history.get(row.get("sql_statement_id")), row);
            }
        }
    }

    @Test
    void savesAPartialEnrichmentWhenTheDeadlinePassesAndAnotherCallResumesIt() throws Exception {
        try (GenieSimulator sim = GenieSimulator.start(simulator().queryHistoryLagMs(LAG_MS).build())) {
            Path file = dir.resolve(FILE);
            List<GenieAnswer> early = SimulatorDetailFile.ask(sim, clock, 2, 1, "Early", file);
            clock.advanceMillis(LAG_MS + 60_000);
            List<GenieAnswer> late = SimulatorDetailFile.ask(sim, clock, 2, 1, "Late", file);

            // Two minutes of retries are not enough for the late ones: the early ones are saved, exit status 3.
            assertEquals(EnrichCommand.INCOMPLETE, enrich(workspace(sim), "--wait", "120", "--retry-every", "60"),
                    output());
            assertTrue(output().contains("4 rows, 4 with a statement id: 2 enriched, 2 not in the query history yet"
                    + " (3 lookups)"), output());
            Set<String> earlyIds = ids(early);
            Map<String, Map<String, String>> saved = new HashMap<>();
            for (Map<String, String> row : rows()) {
                boolean isEarly = earlyIds.contains(row.get("sql_statement_id"));
                assertEquals(isEarly, !row.get("sql_total_duration_ms").isEmpty(), row.toString());
                saved.put(row.get("sql_statement_id"), row);
            }

            // Later, a second call looks up only what is missing, and leaves the rest as it was.
            clock.advanceMillis(LAG_MS);
            List<List<String>> asked = new ArrayList<>();
            QueryHistoryLookup lookup = new QueryHistoryLookup(SimulatorTestSupport.client(sim).statementExecution()
                    .impl(), sim.warehouseId(), "system.query.history", clock);
            EnrichmentReport report = new SqlHistoryEnricher(ids -> {
                asked.add(List.copyOf(ids));
                return lookup.lookUp(ids);
            }, "system.query.history", clock, Duration.ZERO, Duration.ofSeconds(60), line -> { }).enrich(file);

            assertEquals(List.of(Set.copyOf(ids(late))), asked.stream().map(Set::copyOf).toList());
            assertTrue(report.complete(), report.toString());
            Map<String, QueryHistoryRow> history = byId(sim.queryHistory());
            for (Map<String, String> row : rows()) {
                assertFilledFrom(history.get(row.get("sql_statement_id")), row);
                if (earlyIds.contains(row.get("sql_statement_id"))) {
                    assertEquals(saved.get(row.get("sql_statement_id")), row, "an enriched row was rewritten");
                }
            }
        }
    }

    @Test
    void enrichesASimulatorRunFromTheHistoryItsSimulatorKeptInTheResultsFolder() throws Exception {
        Path history = dir.resolve(EnrichCommand.SIMULATOR_HISTORY_FILE);
        List<QueryHistoryRow> truth;
        try (GenieSimulator run = GenieSimulator.start(simulator().queryHistoryFile(history).build())) {
            SimulatorDetailFile.ask(run, clock, 2, 2, "Kept", dir.resolve(FILE));
            truth = run.queryHistory();
        }
        assertTrue(Files.isRegularFile(history), "the run's simulator wrote no history file");

        // No workspace: bin/genie-enrich starts the embedded simulator on the run's history.
        Map<String, String> env = new HashMap<>(Map.of("HOME", dir.toString(), "GENIE_TARGET", "simulator",
                "DATABRICKS_CONFIG_FILE", Files.writeString(dir.resolve("databrickscfg"), "").toString()));
        assertEquals(0, enrich(env, "--wait", "0"), output());

        Map<String, QueryHistoryRow> byId = byId(truth);
        List<Map<String, String>> rows = rows();
        assertEquals(4, rows.size());
        for (Map<String, String> row : rows) {
            assertFilledFrom(byId.get(row.get("sql_statement_id")), row);
        }
        assertTrue(output().contains("the embedded Genie simulator"), output());
    }

    @Test
    void readsTheConfiguredHistoryTableAndNamesAMissingOne() throws Exception {
        try (GenieSimulator sim = GenieSimulator.start(simulator().queryHistoryTable("ops.genie.query_history")
                .build())) {
            SimulatorDetailFile.ask(sim, clock, 1, 2, "Table", dir.resolve(FILE));
            Map<String, String> env = workspace(sim);

            assertEquals(1, enrich(env, "--wait", "0"), output());
            assertTrue(output().contains("TABLE_OR_VIEW_NOT_FOUND") && output().contains("system.query.history"),
                    output());
            assertEquals(1, enrich(env, "--query-history-table", "system.query.history; DROP TABLE x"), output());
            assertTrue(output().contains("is not a table name"), output());

            env.put("SYSTEM_QUERY_HISTORY_TABLE", "ops.genie.query_history");
            out.reset();
            err.reset();
            assertEquals(0, enrich(env, "--wait", "0"), output());
            assertTrue(rows().stream().noneMatch(r -> r.get("sql_total_duration_ms").isEmpty()), rows().toString());
            assertFalse(output().contains("TABLE_OR_VIEW_NOT_FOUND"), output());
        }
    }

    @Test
    void helpListsEachSettingsCatalogueTextAndABadOptionIsAUsageError() {
        assertEquals(0, EnrichCommand.run(new String[] {"--help"}, Map.of(), dir, new PrintStream(out, true,
                StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8), clock));
        String help = out.toString(StandardCharsets.UTF_8).replaceAll("\\s+", " ");
        for (var setting : EnrichCommand.SETTINGS) {
            assertTrue(help.contains(setting.option().orElseThrow()), setting.name());
            assertTrue(help.contains(setting.help().replaceAll("\\s+", " ")), setting.name() + " in " + help);
        }
        assertTrue(help.contains("bin/genie-enrich RESULTS_DIR"), help);
        assertEquals(2, EnrichCommand.run(new String[] {dir.toString(), "--wiat", "5"}, Map.of(), dir,
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true,
                StandardCharsets.UTF_8), clock));
        assertEquals(1, enrich(Map.of("HOME", dir.toString(), "GENIE_TARGET", "simulator")), output());
        assertTrue(output().contains("No detailed_metrics.csv in " + dir), output());
    }

    private static Set<String> ids(List<GenieAnswer> answers) {
        return answers.stream().map(GenieAnswer::statementId).collect(Collectors.toSet());
    }

    /**
     * The ManualClock, except that each asking thread's first sleep (after its question is posted) waits until all
     * {@code users} have posted theirs: the questions are then asked at one and the same moment of the clock, however
     * the threads are scheduled.
     */
    private static final class AskTogether implements Clock {
        private final ManualClock clock;
        private final CyclicBarrier asked;
        private final Set<Thread> waited = ConcurrentHashMap.newKeySet();

        AskTogether(ManualClock clock, int users) {
            this.clock = clock;
            this.asked = new CyclicBarrier(users);
        }

        @Override
        public long nanoTime() {
            return clock.nanoTime();
        }

        @Override
        public long wallMillis() {
            return clock.wallMillis();
        }

        @Override
        public void sleep(long nanos) throws InterruptedException {
            if (waited.add(Thread.currentThread())) {
                try {
                    asked.await(30, TimeUnit.SECONDS);
                } catch (BrokenBarrierException | TimeoutException e) {
                    throw new IllegalStateException("not every user asked", e);
                }
            }
            clock.sleep(nanos);
        }
    }
}
