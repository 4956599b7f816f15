package io.geniejmeter.jmeter;

import io.geniejmeter.export.LogCapture;
import io.geniejmeter.genie.AbortableHttpClient;
import io.geniejmeter.genie.CutOffQuestions;
import io.geniejmeter.genie.GenieSampleVariables;
import io.geniejmeter.simulator.EmbeddedSimulator;
import io.geniejmeter.simulator.GenieSimulator;
import io.geniejmeter.simulator.MessageTruth;
import io.geniejmeter.simulator.SimulatorConfig;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import org.apache.jmeter.control.LoopController;
import org.apache.jmeter.engine.StandardJMeterEngine;
import org.apache.jmeter.engine.util.NoThreadClone;
import org.apache.jmeter.samplers.SampleEvent;
import org.apache.jmeter.samplers.SampleListener;
import org.apache.jmeter.testelement.AbstractTestElement;
import org.apache.jmeter.testelement.TestPlan;
import org.apache.jmeter.threads.JMeterContextService;
import org.apache.jmeter.threads.ThreadGroup;
import org.apache.jmeter.util.JMeterUtils;
import org.apache.jorphan.collections.HashTree;
import org.apache.jorphan.collections.ListedHashTree;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The elements in a real JMeter engine, in this JVM, against the embedded simulator with the real client. Tests that
 * touch JMeter's engine singletons run one after another (JUnit's default) and clean up after themselves.
 */
class GenieEngineTest {

    /** Every sample of the running test, shared by all threads (not cloned). */
    public static final class Collector extends AbstractTestElement implements SampleListener, NoThreadClone {
        private static final long serialVersionUID = 1L;
        final transient Queue<SampleEvent> events = new ConcurrentLinkedQueue<>();

        @Override
        public void sampleOccurred(SampleEvent e) {
            events.add(e);
        }

        @Override
        public void sampleStarted(SampleEvent e) {
        }

        @Override
        public void sampleStopped(SampleEvent e) {
        }
    }

    private final List<String> propertiesSet = new ArrayList<>();

    @BeforeAll
    static void jmeterProperties() {
        JMeterTestProperties.init();
    }

    @AfterEach
    void removeProperties() {
        Properties props = JMeterUtils.getJMeterProperties();
        propertiesSet.forEach(props::remove);
        SampleEvent.initSampleVariables(); // JMeter keeps the sample_variables list in a static: forget ours
        SharedGenie.close();
        TestSettings.clear();
    }

    private void property(String name, String value) {
        JMeterUtils.getJMeterProperties().setProperty(name, value);
        propertiesSet.add(name);
    }

    static HashTree plan(int users, int seconds, String conversations, Collector collector, String minWait,
                        String maxWait) {
        ListedHashTree tree = new ListedHashTree();
        HashTree planTree = tree.add(new TestPlan("engine test"));
        LoopController loop = new LoopController();
        loop.setLoops(LoopController.INFINITE_LOOP_COUNT);
        loop.setFirst(true);
        loop.initialize();
        ThreadGroup group = new ThreadGroup();
        group.setName("Users");
        group.setNumThreads(users);
        group.setRampUp(0);
        group.setSamplerController(loop);
        group.setScheduler(true);
        group.setDuration(seconds);
        HashTree groupTree = planTree.add(group);

        ConversationYamlConfigElement config = new ConversationYamlConfigElement();
        config.setName("Genie Conversations (YAML)");
        config.setProperty("filename", conversations);
        config.setProperty("seed", "42");
        config.setProperty("sampleSize", "");
        config.setProperty("shareMode", ConversationYamlConfigElement.SHARE_ALL);
        config.setProperty("order", ConversationYamlConfigElement.ORDER_RANDOM);
        config.setProperty("atEnd", ConversationYamlConfigElement.AT_END_RECYCLE);
        groupTree.add(config);
        GenieConversationSampler sampler = new GenieConversationSampler();
        sampler.setName("Genie Conversation Sampler");
        sampler.setProperty("minWait", minWait);
        sampler.setProperty("maxWait", maxWait);
        groupTree.add(sampler);
        planTree.add(collector);
        return tree;
    }

    static StandardJMeterEngine start(HashTree tree) throws Exception {
        StandardJMeterEngine engine = new StandardJMeterEngine();
        engine.configure(tree);
        engine.runTest();
        return engine;
    }

    static long waitForEnd(StandardJMeterEngine engine, long maxMs) throws InterruptedException {
        long start = System.nanoTime();
        while (engine.isActive() && TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start) < maxMs) {
            Thread.sleep(20);
        }
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
    }

    private static String fixture() {
        return ConversationYamlConfigElementTest.fixture("six-conversations.yaml").toString();
    }

    @Test
    void replaysConversationsAgainstTheSimulatorWithGenieColumns() throws Exception {
        property("genie.target", "simulator");
        property("genie.simulator.time-scale", "0.02");
        property("sample_variables", GenieSampleVariables.SAMPLE_VARIABLES);
        SampleEvent.initSampleVariables();
        Collector collector = new Collector();

        StandardJMeterEngine engine = start(plan(4, 4, fixture(), collector, "0.1", "0.3"));
        waitForEnd(engine, 30_000);

        assertFalse(engine.isActive());
        assertTrue(collector.events.size() >= 8, "samples: " + collector.events.size());
        for (SampleEvent e : collector.events) {
            assertTrue(e.getResult().isSuccessful(), e.getResult().getResponseMessage());
            assertTrue(e.getResult().getSampleLabel().matches("GENIE message_\\d+_of_\\d+"));
            assertEquals("GENIE", e.getVarValue(0));
            assertEquals("COMPLETED", e.getVarValue(3));
            assertFalse(e.getVarValue(1).isEmpty(), "conversation id");
        }
        assertEquals(0, JMeterContextService.getNumberOfThreads());
    }

    @Test
    void stopsThreeHundredUsersWaitingOnGenieAndCountsEachCutOffQuestion() throws Exception {
        property("genie.target", "simulator");
        property("genie.simulator.time-scale", "100"); // answers take 400 s or more: no one is answered in this test
        // Hold the embedded simulator the sampler will use (same options), to see the questions arrive.
        GenieSimulator simulator = EmbeddedSimulator.acquire(SimulatorConfig.fromOptions(
                Map.of("qpm", "0", "time-scale", "100")));
        try {
            Collector collector = new Collector();
            StandardJMeterEngine engine = start(plan(300, 120, fixture(), collector, "0", "0"));
            awaitTrue(() -> simulator.groundTruth().size() >= 300, 60_000, "300 users sent their first question");
            assertEquals(300, simulator.groundTruth().size(), "one question per user, none answered to follow up");
            assertTrue(simulator.groundTruth().stream().allMatch(t -> t.completedMs() == null), "none answered yet");

            engine.stopTest(true);
            long tookMs = waitForEnd(engine, 60_000);
            System.out.printf("stopped 300 users waiting on Genie in %d ms%n", tookMs);

            assertFalse(engine.isActive(), "Stop ends a test whose users are all waiting on Genie");
            assertTrue(collector.events.isEmpty(), "cut-off messages are not recorded: " + collector.events.size());
            assertEquals(300, GenieConversationSampler.cutOffQuestions(),
                    "but each is counted for the end-of-test warning");
        } finally {
            EmbeddedSimulator.release();
        }
    }

    @Test
    void stopsThreeHundredUsersWhoseHttpCallsHangWithinTwoSecondsAndRecordsNoneAsFailed() throws Exception {
        property("genie.target", "simulator");
        property("genie.simulator.hang-rate", "1"); // every Genie request hangs (600 s), the question's POST first
        // Hold the embedded simulator the sampler will use (same options), to stop it only after the test.
        GenieSimulator simulator = EmbeddedSimulator.acquire(SimulatorConfig.fromOptions(
                Map.of("qpm", "0", "hang-rate", "1")));
        try {
            Collector collector = new Collector();
            StandardJMeterEngine engine;
            long tookMs;
            String logged;
            try (LogCapture log = new LogCapture()) {
                engine = start(plan(300, 120, fixture(), collector, "0", "0"));
                awaitTrue(() -> AbortableHttpClient.inFlight() >= 300, 60_000,
                        "300 users have their question on the wire, hanging");
                assertTrue(simulator.groundTruth().isEmpty(), "no question got through the hang");

                engine.stopTest(true);
                tookMs = waitForEnd(engine, 60_000);
                logged = log.text();
            }
            System.out.printf("stopped 300 users with hanging HTTP calls in %d ms%n", tookMs);

            assertFalse(engine.isActive(), "Stop ends a test whose users all hang in HTTP calls");
            assertTrue(tookMs < 2000, "stop took " + tookMs + " ms");
            assertEquals(0, JMeterContextService.getNumberOfThreads(), "no JMeter thread left");
            assertEquals(0, AbortableHttpClient.inFlight(), "no HTTP call left in flight");
            assertTrue(collector.events.isEmpty(), "aborted questions are not failures of Genie: "
                    + collector.events.stream().map(e -> e.getResult().getResponseCode()).toList());
            assertEquals(300, GenieConversationSampler.cutOffQuestions(), "each aborted question is counted");
            assertTrue(logged.contains(CutOffQuestions.line(300)), "the count is logged for the launcher");
        } finally {
            EmbeddedSimulator.release();
        }
    }

    /**
     * JMeter's Shutdown (what the GUI's Shutdown, {@code shutdown.sh} and the UDP {@code Shutdown} command do:
     * {@code engine.stopTest(false)}) with 300 users of whom some have answers, some are polling and some hang in
     * HTTP calls: the run ends within 2 s, the questions in progress are cut off and counted, not failed, and every
     * question the simulator received is one sample or one cut-off question.
     */
    @Test
    void shutsDownThreeHundredUsersWaitingOrHangingWithinTwoSecondsAndAccountsForEveryQuestion() throws Exception {
        Map<String, String> options = Map.of("qpm", "0", "time-scale", "0.05", "hang-rate", "0.3");
        property("genie.target", "simulator");
        options.forEach((name, value) -> property("genie.simulator." + name, value));
        property("sample_variables", GenieSampleVariables.SAMPLE_VARIABLES);
        SampleEvent.initSampleVariables();
        int messageIdVariable = List.of(GenieSampleVariables.SAMPLE_VARIABLES.split(","))
                .indexOf(GenieSampleVariables.MESSAGE_ID);
        // Hold the embedded simulator the sampler will use (same options), to read its ground truth.
        GenieSimulator simulator = EmbeddedSimulator.acquire(SimulatorConfig.fromOptions(options));
        try {
            Collector collector = new Collector();
            StandardJMeterEngine engine;
            long tookMs;
            String logged;
            try (LogCapture log = new LogCapture()) {
                engine = start(plan(300, 120, fixture(), collector, "0", "0"));
                awaitTrue(() -> simulator.receivedQuestions() >= 300 && collector.events.size() >= 30
                        && AbortableHttpClient.inFlight() >= 30, 60_000,
                        "300 users asked, some were answered, some hang in HTTP calls");

                engine.stopTest(false); // Shutdown
                tookMs = waitForEnd(engine, 20_000);
                logged = log.text();
            }
            if (engine.isActive()) {
                engine.stopTest(true); // the Shutdown failed: end the test, so that the next one starts clean
                waitForEnd(engine, 10_000);
            }
            int samples = collector.events.size();
            int cutOff = GenieConversationSampler.cutOffQuestions();
            long received = simulator.receivedQuestions();
            System.out.printf("shut down 300 users (answered, polling or hanging) in %d ms: %d samples + %d cut off"
                    + " = %d received%n", tookMs, samples, cutOff, received);

            assertTrue(tookMs < 2000, "shutdown took " + tookMs + " ms");
            assertEquals(0, JMeterContextService.getNumberOfThreads(), "no JMeter thread left");
            assertEquals(0, AbortableHttpClient.inFlight(), "no HTTP call left in flight");
            assertTrue(cutOff >= 30, "the questions in progress were cut off: " + cutOff);
            assertEquals(received, samples + cutOff, "samples + cut off = questions the simulator received");
            Map<String, MessageTruth> truth = new java.util.HashMap<>();
            simulator.groundTruth().forEach(t -> truth.put(t.messageId(), t));
            for (SampleEvent e : collector.events) {
                MessageTruth t = truth.get(e.getVarValue(messageIdVariable));
                assertTrue(e.getResult().isSuccessful(), "no failure: the hangs outlast the test, and cut-off"
                        + " questions are not failures: " + e.getResult().getResponseCode() + " "
                        + e.getResult().getResponseMessage());
                assertTrue(t != null && "COMPLETED".equals(t.finalStatus()) && t.completedMs() != null,
                        "a success Genie completed: " + t);
            }
            assertTrue(logged.contains(CutOffQuestions.KEY + "=" + cutOff + " "), "the count is logged");
        } finally {
            EmbeddedSimulator.release();
        }
    }

    @Test
    void endsWhenTheDurationRunsOutWhileEveryHttpCallHangs() throws Exception {
        property("genie.target", "simulator");
        property("genie.simulator.hang-rate", "1");
        Collector collector = new Collector();

        long started = System.nanoTime();
        StandardJMeterEngine engine = start(plan(50, 3, fixture(), collector, "0", "0"));
        waitForEnd(engine, 60_000);
        long tookMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
        System.out.printf("a 3 s test with 50 hanging users ended after %d ms%n", tookMs);

        assertFalse(engine.isActive());
        assertTrue(tookMs < 10_000, "ended at its duration, not at the 60 s HTTP timeout: " + tookMs + " ms");
        assertTrue(collector.events.isEmpty(), "cut-off questions are not recorded: " + collector.events.size());
        assertEquals(50, GenieConversationSampler.cutOffQuestions());
        assertEquals(0, AbortableHttpClient.inFlight());
    }

    @Test
    void stopsAtStartWhenTheConversationFileIsMissing() throws Exception {
        property("genie.target", "simulator");
        Collector collector = new Collector();
        String missing = Path.of("no-such-dir", "conversations.yaml").toAbsolutePath().toString();

        String shown;
        StandardJMeterEngine engine;
        try (LogCapture log = new LogCapture()) {
            engine = start(plan(3, 60, missing, collector, "0", "0"));
            waitForEnd(engine, 40_000); // a 60 s test: still active then means it did not stop at start
            shown = log.text();
        }

        assertFalse(engine.isActive());
        assertTrue(shown.contains("Test stopped at start: Conversations file not found: " + missing), shown);
        // Stopped before the users started, as a rule; on a loaded machine a user may have started already, and then
        // it records only the configuration error naming the file, never a question.
        List<String> recorded = collector.events.stream().map(e -> e.getResult().getResponseMessage()).toList();
        assertTrue(recorded.size() < 3, "the users should not all have run: " + recorded);
        for (String message : recorded) {
            assertTrue(message.contains("Conversations file not found: " + missing), message);
        }
        assertFalse(ConversationYamlConfigElement.startFailed(), "reset when the test ended");
    }

    @Test
    void stopsAtStartWithTheMessageInTheLogWhenTheWorkspaceCannotBeReachedOrAValueIsBad() throws Exception {
        int closedPort;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
            closedPort = s.getLocalPort();
        }
        property("genie.target", "workspace");
        property("genie.host", "http://127.0.0.1:" + closedPort);
        property("genie.space_id", "01f0c482e842191587af6a40ad4044d8");
        String unreachable = runFor60sAndLog("0", "0");
        assertTrue(unreachable.contains("Stopping the test: Cannot connect to Genie: Cannot reach DATABRICKS_HOST"
                + " http://127.0.0.1:" + closedPort + " (from JMeter property genie.host): nothing accepts"
                + " connections on port " + closedPort), unreachable);
        removeProperties();

        property("genie.target", "simulator");
        property("genie.max_wait", "-1");
        String bad = runFor60sAndLog("", ""); // no field over the property
        assertTrue(bad.contains("GENIE_MAX_WAIT=\"-1\" (from JMeter property genie.max_wait) is out of range"), bad);
    }

    /**
     * Runs a 60 s test of 3 users with the sampler's wait fields; returns the log once it ended, failing when it did
     * not end at its start (and then stopping it, so the next test starts clean).
     */
    private String runFor60sAndLog(String minWait, String maxWait) throws Exception {
        try (LogCapture log = new LogCapture()) {
            StandardJMeterEngine engine = start(plan(3, 60, fixture(), new Collector(), minWait, maxWait));
            long took = waitForEnd(engine, 20_000);
            if (engine.isActive()) {
                engine.stopTest(true);
                waitForEnd(engine, 10_000);
            }
            assertTrue(took < 20_000, "stopped at its start: " + took + " ms");
            return log.text();
        }
    }

    /** Waits (checking every 20 ms) until the condition holds; fails saying what did not happen in time. */
    private static void awaitTrue(BooleanSupplier condition, long maxMs, String what) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(maxMs);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within " + maxMs + " ms: " + what);
            }
            Thread.sleep(20);
        }
    }
}
