package io.geniejmeter.jmeter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.geniejmeter.cli.CsvForTests;
import io.geniejmeter.genie.GeniePhase;
import io.geniejmeter.genie.GenieSampleVariables;
import io.geniejmeter.results.DetailColumns;
import io.geniejmeter.simulator.GenieSimulator;
import io.geniejmeter.simulator.MessageTruth;
import io.geniejmeter.simulator.SimulatorConfig;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The standard plan in a real headless JMeter ({@code jmeter -n -t ... -l out/results.jtl -e -o out/dashboard}, no
 * launcher) against a simulator in this JVM configured as a workspace, so that its ground truth can be read: the
 * detail file appears beside the JTL in the original's columns, one row per JTL sample and the same sample; the
 * phase columns add up to the server time and are the phases the simulator really went through; the JTL carries
 * the phase columns and the dashboard draws them.
 */
class DetailMetricsIT {

    /** Each phase is rounded to the millisecond on its own: six roundings, plus one for the server time. */
    private static final long SUM_TOLERANCE_MS = 4;
    /** A phase as the client placed it against the server's own: both come from the server's time stamps. */
    private static final long TRUTH_TOLERANCE_MS = 3;

    @TempDir
    Path work;

    @Test
    void theDetailFileHasOneRowPerSampleWithPhasesThatAreTheSimulatorsOwn() throws Exception {
        SimulatorConfig config = SimulatorConfig.fromOptions(Map.of("time-scale", "0.25", "qpm", "0", "seed", "11"));
        try (GenieSimulator sim = GenieSimulator.start(config)) {
            Files.writeString(work.resolve(".env"), String.join("\n",
                    "DATABRICKS_HOST=" + sim.baseUrl(),
                    "DATABRICKS_TOKEN=" + sim.token(),
                    "DATABRICKS_AUTH_TYPE=pat",
                    "GENIE_SPACE_ID=" + sim.spaceId(),
                    "GENIE_CONVERSATIONS_FILE=" + Path.of("testplans/sample-conversations.yaml").toAbsolutePath(),
                    "GENIE_MIN_WAIT=0.2",
                    "GENIE_MAX_WAIT=0.6",
                    "GENIE_POLL_INTERVAL_MS=50", ""), StandardCharsets.UTF_8);
            Path out = Files.createDirectories(work.resolve("out"));
            Path jtl = out.resolve("results.jtl");
            Path console = work.resolve("console.txt");
            Process jmeter = new ProcessBuilder(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                    .toString(), "-jar", PlainJMeterIT.jmeterHome().resolve("bin/ApacheJMeter-5.6.3.jar").toString(),
                    "-n", "-t", Path.of("testplans/genie-standard.jmx").toAbsolutePath().toString(),
                    "-l", jtl.toString(), "-j", work.resolve("jmeter.log").toString(),
                    "-e", "-o", out.resolve("dashboard").toString(),
                    "-q", Path.of("src/jmeter-conf/genie-dashboard.properties").toAbsolutePath().toString(),
                    "-Jgenie.target=workspace", "-Jgenie.users=6", "-Jgenie.rampup=1", "-Jgenie.duration=15",
                    "-Jgenie.seed=3", "-Jjmeter.save.saveservice.output_format=csv"))
                    .directory(work.toFile()).redirectErrorStream(true).redirectOutput(console.toFile()).start();
            assertTrue(jmeter.waitFor(150, TimeUnit.SECONDS), "JMeter did not finish");
            assertEquals(0, jmeter.exitValue(), Files.readString(console, StandardCharsets.UTF_8) + "\n"
                    + (Files.exists(work.resolve("jmeter.log")) ? Files.readString(work.resolve("jmeter.log"),
                    StandardCharsets.UTF_8) : "no jmeter.log"));

            Path detailFile = out.resolve("detailed_metrics.csv");
            assertTrue(Files.isRegularFile(detailFile), "beside the JTL given with -l");
            List<List<String>> detail = CsvForTests.parse(Files.readString(detailFile, StandardCharsets.UTF_8));
            List<List<String>> samples = CsvForTests.parse(Files.readString(jtl, StandardCharsets.UTF_8));
            assertEquals(DetailColumns.ORIGINAL, detail.get(0).subList(0, 18), "the original's columns first");
            assertEquals(DetailColumns.ALL, detail.get(0));
            assertEquals(samples.size(), detail.size(), "one row per JTL sample");
            assertTrue(detail.size() > 10, "a run of 15 s with six users: " + (detail.size() - 1) + " samples");

            Map<String, MessageTruth> truths = new HashMap<>();
            for (MessageTruth t : sim.groundTruth()) {
                truths.put(t.messageId(), t);
            }
            Map<String, List<String>> jtlByMessage = byColumn(samples, GenieSampleVariables.MESSAGE_ID);
            List<String> header = detail.get(0);
            int checkedAgainstTruth = 0;
            int fullyObserved = 0;
            for (List<String> row : detail.subList(1, detail.size())) {
                Map<String, String> r = named(header, row);
                List<String> sample = jtlByMessage.get(r.get(DetailColumns.GENIE_MESSAGE_ID));
                assertNotNull(sample, "the row's sample is in the JTL: " + r);
                Map<String, String> s = named(samples.get(0), sample);
                assertEquals("out", r.get(DetailColumns.RUN_ID), "the results folder names the run");
                assertEquals(sim.spaceId(), r.get(DetailColumns.SPACE_ID));
                assertEquals(s.get("elapsed"), r.get(DetailColumns.DURATION_MS));
                long start = OffsetDateTime.parse(r.get(DetailColumns.REQUEST_STARTED_AT)).toInstant().toEpochMilli();
                long end = OffsetDateTime.parse(r.get(DetailColumns.REQUEST_COMPLETED_AT)).toInstant().toEpochMilli();
                assertEquals(Long.parseLong(s.get("elapsed")), end - start);
                assertEquals(s.get("success").equals("true") ? "True" : "False", r.get(DetailColumns.SUCCESS));
                assertEquals(s.get("allThreads"), r.get(DetailColumns.CONCURRENT_USERS), "active users then");
                int users = Integer.parseInt(r.get(DetailColumns.CONCURRENT_USERS));
                assertTrue(users >= 1 && users <= 6, r.toString());
                assertTrue(r.get(DetailColumns.USER).matches("user_[1-6]"), r.toString());
                assertFalse(r.get(DetailColumns.PROMPT).isBlank());
                assertFalse(r.get(DetailColumns.SOURCE_CONVERSATION_ID).isBlank());
                assertTrue(r.get(DetailColumns.MESSAGE_INDEX).matches("\\d+"));
                assertEquals(s.get(GenieSampleVariables.STATEMENT_ID), r.get(DetailColumns.SQL_STATEMENT_ID));
                if (!r.get(DetailColumns.SQL_STATEMENT_ID).isEmpty()) {
                    assertFalse(r.get(DetailColumns.SQL).isBlank(), "a statement has its SQL: " + r);
                }
                for (GeniePhase phase : GeniePhase.values()) {
                    assertEquals(s.get(phase.variable()), r.get(phase.columnName()), "the JTL's phase column");
                }
                if (!"COMPLETED".equals(r.get(DetailColumns.STATUS))) {
                    continue;
                }
                long sum = 0;
                for (GeniePhase phase : GeniePhase.values()) {
                    if (phase != GeniePhase.RESULT_FETCH) {
                        sum += Long.parseLong(r.get(phase.columnName()));
                    }
                }
                long server = Long.parseLong(r.get(DetailColumns.SERVER_MS));
                assertTrue(Math.abs(sum - server) <= SUM_TOLERANCE_MS, "phases " + sum + " ms, server " + server
                        + " ms: " + r);
                MessageTruth truth = truths.get(r.get(DetailColumns.GENIE_MESSAGE_ID));
                assertNotNull(truth, "a message the simulator created");
                // Each status is either the simulator's own time or, when the polls skipped past it, in UNOBSERVED.
                long skipped = 0;
                for (GeniePhase phase : GeniePhase.values()) {
                    if (phase.status() == null) {
                        continue;
                    }
                    long ours = Long.parseLong(r.get(phase.columnName()));
                    long real = truth.phasesMs().getOrDefault(phase.status(), 0L);
                    if (ours == 0 && real > TRUTH_TOLERANCE_MS) {
                        skipped += real;
                    } else {
                        assertTrue(Math.abs(ours - real) <= TRUTH_TOLERANCE_MS, phase + ": measured " + ours
                                + " ms, the simulator spent " + real + " ms; " + r);
                    }
                }
                long unobserved = Long.parseLong(r.get(GeniePhase.UNOBSERVED.columnName()));
                assertTrue(Math.abs(unobserved - skipped) <= SUM_TOLERANCE_MS, "unobserved " + unobserved
                        + " ms, the statuses the polls skipped took " + skipped + " ms; " + r);
                fullyObserved += unobserved == 0 ? 1 : 0;
                checkedAgainstTruth++;
            }
            assertTrue(checkedAgainstTruth >= 10, "answers checked against the ground truth: " + checkedAgainstTruth);
            assertTrue(fullyObserved * 2 >= checkedAgainstTruth, "with polls every 50-100 ms most answers are seen"
                    + " status by status: " + fullyObserved + " of " + checkedAgainstTruth);

            String graphs = Files.readString(out.resolve("dashboard/content/js/customGraph.js"),
                    StandardCharsets.UTF_8);
            for (GeniePhase phase : GeniePhase.values()) {
                assertTrue(graphs.contains(phase.variable()), "a custom graph of " + phase.variable());
            }
            assertTrue(graphs.contains(GenieSampleVariables.SERVER_MS) && graphs.contains(GenieSampleVariables.POLLS));
            String dashboard = Files.readString(out.resolve("dashboard/content/js/dashboard.js"),
                    StandardCharsets.UTF_8);
            assertTrue(dashboard.matches("(?s).*\\[[0-9.]+, 30000, 60000, \"Total\"\\].*"),
                    "APDEX with T = 30 s and F = 60 s");
        }
    }

    private static Map<String, String> named(List<String> header, List<String> row) {
        Map<String, String> named = new HashMap<>();
        for (int i = 0; i < header.size() && i < row.size(); i++) {
            named.put(header.get(i), row.get(i));
        }
        return named;
    }

    private static Map<String, List<String>> byColumn(List<List<String>> records, String column) {
        int i = records.get(0).indexOf(column);
        assertTrue(i >= 0, column + " in " + records.get(0));
        Map<String, List<String>> by = new HashMap<>();
        for (List<String> r : new ArrayList<>(records.subList(1, records.size()))) {
            by.put(r.get(i), r);
        }
        return by;
    }
}
