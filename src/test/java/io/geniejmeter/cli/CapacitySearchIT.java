package io.geniejmeter.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.geniejmeter.genie.GeniePhase;
import io.geniejmeter.results.CsvRecords;
import io.geniejmeter.settings.Settings;
import io.geniejmeter.simulator.GenieSimulator;
import io.geniejmeter.simulator.SimulatorConfig;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * bin/genie-capacity against the embedded simulator, where the capacity is known, time-scaled (0.02: a 3-minute step
 * takes under 4 s plus JMeter's start): the questions-per-minute limit and a two-slot warehouse are found and named.
 * Runs in the integration-test phase of every build, on the JMeter the jmeter-maven-plugin configured, through the
 * launcher itself. CI-sized: two steps per case, one below and one above the known capacity, one-question
 * conversations (so that a conversation rate is a question rate); see docs/capacity.md for what it showed. The
 * throttling case runs on a simulator started here, so that the rate it admitted can be checked against its own count.
 */
class CapacitySearchIT {

    @TempDir
    Path work;

    private static final String CONVERSATIONS =
            Path.of("src/test/resources/capacity/one-question-conversations.yaml").toAbsolutePath().toString();

    private CapacityReport run(double p95, String stepTime, String... extra) throws Exception {
        List<String> args = new ArrayList<>(List.of("--simulator", "--time-scale", "0.02", "--step-time", stepTime,
                "--min-wait", "0", "--max-wait", "0", "-c", CONVERSATIONS, "--seed", "7", "--results-dir", "cap"));
        args.addAll(List.of(extra));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Map<String, String> env = Map.of("HOME", work.toString(), LoadTestLauncher.JMETER_HOME_ENV,
                jmeterHome().toString(), LoadTestLauncher.PROJECT_DIR_ENV, Path.of("").toAbsolutePath().toString());
        int status = new CapacityCommand(env, work, new PrintStream(out, true, StandardCharsets.UTF_8), System.err)
                .run(args);
        assertEquals(0, status, out.toString(StandardCharsets.UTF_8));
        Path dir = work.resolve("cap");
        List<CapacityStep> steps = new ArrayList<>();
        try (var folders = Files.list(dir)) {
            for (Path step : folders.filter(Files::isDirectory).toList()) {
                steps.add(CompareCommand.read(step));
            }
        }
        CapacityReport report = new CapacityReport(steps, new CapacityReport.Objective(p95, 0.01));
        System.out.println(report.sentence());
        System.out.println(Files.readString(dir.resolve("capacity.csv")));
        CapacityReportTest.CapacityPageCheck.assertPageMatchesCsv(Files.readString(dir.resolve("capacity.html")),
                Files.readAllLines(dir.resolve("capacity.csv")));
        return report;
    }

    @Test
    void findsTheQuestionsPerMinuteLimitAndNamesThrottling() throws Exception {
        // The simulator runs here (GENIE_SIMULATOR_URL), so that what it admitted can be counted. 5 minutes: 6 s
        // real, so that the step's window holds whole 60-second windows of the limit.
        try (GenieSimulator simulator = GenieSimulator.start(SimulatorConfig.fromOptions(Map.of("qpm", "5",
                "time-scale", "0.02", "seed", "7")))) {
            CapacityReport report = run(60, "5m", "--rates", "2.5/min,8/min", "-J",
                    Settings.GENIE_SIMULATOR_URL.property().orElseThrow() + "=" + simulator.baseUrl());

            assertEquals(2.5, report.answer().load(), report.sentence());
            CapacityStep throttled = report.firstFailure();
            assertEquals(CapacityReport.Limit.THROTTLING, report.limitOf(throttled), report.sentence());
            // At 8 per minute a question comes every 7.5 s; the limit admits 5 in any 60 s and the next question
            // after the oldest of them leaves the window, so a 300 s window admits 25 (4 more bursts of 5 after
            // the first, when each slot is reused exactly 60 s on) or 24 (when a question arrives a moment before
            // its slot frees, each burst starts 7.5 s later and the fifth holds 4): 5 or 4.8 per minute. One
            // question of a 5-minute window is 0.2 per minute, so 5 +- 0.25 allows 24 to 26 and no more; counted
            // by when the answers ended, the two or so still running as the window closed were lost (4.4, 4.6).
            assertEquals(5, report.capacity(), 0.25, report.sentence());
            assertTrue(report.sentence().contains("Capacity: " + CapacityReport.number(report.capacity())
                    + " questions per minute"), report.sentence());

            // the simulator's own count: the questions it admitted (and answered) within the step's window
            long first = firstQuestionMs(throttled.resultsDir().resolve("results.jtl"));
            long windowMs = 6_000;
            long admitted = simulator.groundTruth().stream().filter(t -> t.finalStatus().equals("COMPLETED"))
                    .filter(t -> t.createdMs() >= first && t.createdMs() < first + windowMs).count();
            System.out.println("The simulator admitted and answered " + admitted + " questions in the throttled step's"
                    + " 5 minutes; the step counted " + CapacityReport.number(throttled.accepted() * 5) + ".");
            assertEquals(5, admitted / 5.0, 0.25, admitted + " admitted in the 5 minutes of the throttled step");
            // the JTL stamps a question before the POST reaches the simulator: one may straddle the window's end
            assertEquals(admitted, throttled.accepted() * 5, 1.0, "the step's count of the questions asked in its"
                    + " window and answered, against the simulator's " + admitted);
        }
    }

    @Test
    void findsTheWarehouseKneeWithinAQuarterOfSlotsOverQueryTimeAndNamesQueueing() throws Exception {
        // two slots, queries of 1-10 s (mean 5.5 s), every answer with SQL: 2 / 5.5 s = 21.8 questions per minute
        CapacityReport report = run(45, "3m", "--qpm", "0", "--sim-warehouse-slots", "2", "--sim-text-only-rate", "0",
                "--rates", "18/min,36/min");

        double theoretical = 2 / 5.5 * 60;
        double answer = report.answer().load();
        assertTrue(Math.abs(answer - theoretical) <= 0.25 * theoretical, "answer " + answer + " vs " + theoretical
                + ": " + report.sentence());
        assertEquals(CapacityReport.Limit.WAREHOUSE_QUEUEING, report.limitOf(report.firstFailure()),
                report.sentence());
        // the queueing was observed by the polls (scaled with the time scale), not left in the unobserved time
        CapacityStep failed = report.firstFailure();
        assertTrue(failed.phase(GeniePhase.PENDING_WAREHOUSE) > failed.phase(GeniePhase.UNOBSERVED),
                "warehouse wait " + failed.phase(GeniePhase.PENDING_WAREHOUSE) + " s, unobserved "
                        + failed.phase(GeniePhase.UNOBSERVED) + " s");
        double most = report.steps().stream().mapToDouble(CapacityStep::throughput).max().orElse(0);
        assertTrue(Math.abs(most - theoretical) <= 0.25 * theoretical, "the warehouse answers at most "
                + theoretical + " per minute: " + most + ": " + report.sentence());
    }

    /** When the first Genie question of a step was asked (the JTL's sample start), epoch milliseconds. */
    private static long firstQuestionMs(Path jtl) throws Exception {
        List<List<String>> records;
        try (var in = Files.newBufferedReader(jtl, StandardCharsets.UTF_8)) {
            records = CsvRecords.parse(in);
        }
        int stamp = records.get(0).indexOf("timeStamp");
        int label = records.get(0).indexOf("label");
        return records.subList(1, records.size()).stream().filter(r -> r.get(label).startsWith("GENIE"))
                .mapToLong(r -> Long.parseLong(r.get(stamp))).min().orElseThrow();
    }

    /** Where the jmeter-maven-plugin installed JMeter (recorded in target/config.json). */
    static Path jmeterHome() throws Exception {
        Matcher m = Pattern.compile("\"jmeterDirectoryPath\":\"([^\"]+)\"")
                .matcher(Files.readString(Path.of("target/config.json"), StandardCharsets.UTF_8));
        assertTrue(m.find(), "target/config.json names no JMeter installation: run mvn verify");
        return Path.of(m.group(1));
    }
}
