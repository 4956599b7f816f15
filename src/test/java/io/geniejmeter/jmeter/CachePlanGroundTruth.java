package io.geniejmeter.jmeter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.geniejmeter.genie.GenieSampleVariables;
import io.geniejmeter.simulator.GenieSimulator;
import io.geniejmeter.simulator.MessageTruth;
import io.geniejmeter.simulator.SimulatorConfig;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Runs a shipped cache plan in a real JMeter (plain {@code jmeter -n -t}) against a simulator in this JVM,
 * configured as a workspace so that its ground truth can be read after the run: all three request types appear, the
 * {@code test_complete} line is printed, every {@code GENIE_LIVE} sample is a question the simulator received and no
 * hit is one (hits re-run SQL on the warehouse; they never ask Genie).
 */
final class CachePlanGroundTruth {

    private static final Pattern COMMA = Pattern.compile(",(?=(?:[^\"]*\"[^\"]*\")*[^\"]*$)");
    private static final Pattern TEST_COMPLETE = Pattern.compile("test_complete total_requests=(\\d+)"
            + " lru_hits=(\\d+) lru_hit_rate=[\\d.]+% semantic_hits=(\\d+) semantic_hit_rate=[\\d.]+%"
            + " misses=(\\d+) miss_rate=[\\d.]+%");

    private CachePlanGroundTruth() {
    }

    /** One row of the JTL: start time (epoch ms), request type, Genie message id, success. */
    record Sample(long timeStamp, String type, String messageId, boolean success) {
    }

    /**
     * A finished run: its samples, {@code jmeter.log}, the console, the ids of the messages the simulator received
     * (its ground truth) and how many questions were cut off by the end of the test.
     */
    record Run(List<Sample> samples, String log, String console, Set<String> received, int cutOff,
               int cutOffAtGenie, int cutOffAcknowledged) {
    }

    /**
     * Runs {@code plan} in {@code work} with {@code extraEnv} lines added to its {@code .env}, runs {@code afterRun}
     * with the JMeter log, then checks the request types, the ground truth and the test_complete line.
     */
    static void check(Path work, String plan, List<String> extraEnv, Consumer<String> afterRun) throws Exception {
        Run run = run(work, plan, extraEnv, 12, () -> { });
        afterRun.accept(run.log());
        Set<String> types = new HashSet<>();
        for (Sample sample : run.samples()) {
            assertTrue(sample.success(), "every sample succeeded: " + sample);
            types.add(sample.type());
        }
        assertEquals(Set.of("GENIE_LIVE", "GENIE_LRU_HIT", "GENIE_SEMANTIC_HIT"), types, "request types; log:\n"
                + run.log().substring(Math.max(0, run.log().length() - 3000)));
        assertGroundTruth(run);
    }

    /**
     * Runs {@code plan} for {@code seconds} with 4 users against a new simulator (as a workspace), calling
     * {@code during} on this thread once JMeter has started (it may block; the test's end does not wait for it).
     * JMeter must end within two minutes with exit status 0.
     */
    static Run run(Path work, String plan, List<String> extraEnv, int seconds, Runnable during) throws Exception {
        SimulatorConfig config = SimulatorConfig.fromOptions(Map.of("time-scale", "0.02", "qpm", "0", "seed", "7",
                "text-only-rate", "0"));
        try (GenieSimulator sim = GenieSimulator.start(config)) {
            List<String> env = new ArrayList<>(List.of(
                    "DATABRICKS_HOST=" + sim.baseUrl(),
                    "DATABRICKS_TOKEN=" + sim.token(),
                    "DATABRICKS_AUTH_TYPE=pat",
                    "GENIE_SPACE_ID=" + sim.spaceId(),
                    "GENIE_WAREHOUSE_ID=" + sim.warehouseId(),
                    // the shipped sample (with paraphrases); on a workspace there is no fallback to it
                    "GENIE_CONVERSATIONS_FILE=" + Path.of("testplans/sample-conversations.yaml").toAbsolutePath(),
                    "GENIE_MIN_WAIT=0.2",
                    "GENIE_MAX_WAIT=0.4"));
            env.addAll(extraEnv);
            Files.writeString(work.resolve(".env"), String.join("\n", env) + "\n", StandardCharsets.UTF_8);
            Path jtl = work.resolve("results.jtl");
            Path log = work.resolve("jmeter.log");
            Path console = work.resolve("console.txt");
            Process jmeter = new ProcessBuilder(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                    .toString(), "-jar", PlainJMeterIT.jmeterHome().resolve("bin/ApacheJMeter-5.6.3.jar").toString(),
                    "-n", "-t", Path.of(plan).toAbsolutePath().toString(),
                    "-l", jtl.toString(), "-j", log.toString(), "-Jgenie.target=workspace",
                    "-Jgenie.users=4", "-Jgenie.rampup=1", "-Jgenie.duration=" + seconds, "-Jgenie.seed=3",
                    "-Jsample_variables=" + GenieSampleVariables.SAMPLE_VARIABLES,
                    "-Jjmeter.save.saveservice.output_format=csv"))
                    .directory(work.toFile()).redirectErrorStream(true).redirectOutput(console.toFile()).start();
            try {
                during.run();
                assertTrue(jmeter.waitFor(120, TimeUnit.SECONDS), "JMeter did not finish");
            } finally {
                jmeter.destroyForcibly();
            }
            String logText = Files.readString(log, StandardCharsets.UTF_8);
            String consoleText = Files.readString(console, StandardCharsets.UTF_8);
            assertEquals(0, jmeter.exitValue(), consoleText);

            List<String> lines = Files.readAllLines(jtl, StandardCharsets.UTF_8);
            List<String> header = List.of(COMMA.split(lines.get(0).replace("\"", "")));
            int type = header.indexOf(GenieSampleVariables.REQUEST_TYPE);
            int messageId = header.indexOf(GenieSampleVariables.MESSAGE_ID);
            int success = header.indexOf("success");
            int timeStamp = header.indexOf("timeStamp");
            List<Sample> samples = new ArrayList<>();
            for (String line : lines.subList(1, lines.size())) {
                String[] f = COMMA.split(line, -1);
                samples.add(new Sample(Long.parseLong(f[timeStamp]), f[type], f[messageId],
                        "true".equals(f[success])));
            }
            Set<String> received = new HashSet<>();
            for (MessageTruth truth : sim.groundTruth()) {
                received.add(truth.messageId());
            }
            return new Run(List.copyOf(samples), logText, consoleText, Set.copyOf(received), cutOff(logText),
                    cutOffFigure(logText, "at_genie"), cutOffFigure(logText, "acknowledged_by_genie"));
        }
    }

    /**
     * The simulator's ground truth against the samples: every {@code GENIE_LIVE} sample is a question it received,
     * no hit is, it received nothing else (but questions cut off at the end), and the test_complete line on the
     * console counts the hits of the JTL.
     */
    static void assertGroundTruth(Run run) {
        List<String> liveIds = new ArrayList<>();
        List<String> hitIds = new ArrayList<>();
        for (Sample sample : run.samples()) {
            (sample.type().equals("GENIE_LIVE") ? liveIds : hitIds).add(sample.messageId());
        }
        for (String id : liveIds) {
            assertTrue(run.received().contains(id), "a GENIE_LIVE sample Genie never received: " + id);
        }
        for (String id : hitIds) {
            assertFalse(run.received().contains(id), "a hit that asked Genie: " + id);
        }
        // Of the questions cut off at the end, cache hits cut off in their re-run never reached Genie, and one whose
        // POST was aborted in flight may or may not have: Genie received every GENIE_LIVE sample, every cut-off
        // question it acknowledged, and at most the cut-off questions on its path.
        assertTrue(run.cutOffAcknowledged() <= run.cutOffAtGenie() && run.cutOffAtGenie() <= run.cutOff(),
                "cut off " + run.cutOff() + " >= at Genie " + run.cutOffAtGenie() + " >= acknowledged "
                        + run.cutOffAcknowledged());
        int received = run.received().size();
        assertTrue(received >= liveIds.size() + run.cutOffAcknowledged()
                        && received <= liveIds.size() + run.cutOffAtGenie(),
                "questions Genie received (" + received + ") = GENIE_LIVE samples (" + liveIds.size()
                        + ") + cut-off questions it got (acknowledged " + run.cutOffAcknowledged() + ", at most "
                        + run.cutOffAtGenie() + " on its path; " + run.cutOff() + " cut off in all)");
        assertEquals(liveIds.size(), new HashSet<>(liveIds).size(), "GENIE_LIVE samples are distinct messages");
        Matcher m = TEST_COMPLETE.matcher(run.console());
        assertTrue(m.find(), "the test_complete line on the console: " + run.console());
        int hits = Integer.parseInt(m.group(2)) + Integer.parseInt(m.group(3));
        assertTrue(hits >= hitIds.size() && hits <= hitIds.size() + run.cutOff(),
                "hits in the line (" + hits + ") and in the JTL (" + hitIds.size() + ", " + run.cutOff()
                        + " cut off)");
    }

    /** {@code cache_errors} of the test_complete line on the console. */
    static int cacheErrors(Run run) {
        Matcher m = Pattern.compile("test_complete .* cache_errors=(\\d+)").matcher(run.console());
        assertTrue(m.find(), "cache_errors in the test_complete line: " + run.console());
        return Integer.parseInt(m.group(1));
    }

    /** A figure of the sampler's {@code questions_cut_off} line at test end (which must be there). */
    private static int cutOffFigure(String log, String name) {
        Matcher m = Pattern.compile("questions_cut_off=\\d+ .*\\b" + name + "=(\\d+)").matcher(log);
        assertTrue(m.find(), "the questions_cut_off line with " + name + " in jmeter.log");
        return Integer.parseInt(m.group(1));
    }

    /** Questions the sampler reported as cut off by the end of the test (not in the JTL). */
    private static int cutOff(String log) {
        Matcher m = Pattern.compile("(\\d+) questions were still being answered when the test ended").matcher(log);
        return m.find() ? Integer.parseInt(m.group(1)) : 0;
    }
}
