package io.geniejmeter.genie;

import io.geniejmeter.settings.GenieSettings;
import io.geniejmeter.settings.Settings;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.geniejmeter.simulator.GenieSimulator;
import io.geniejmeter.simulator.MessageTruth;
import io.geniejmeter.simulator.RateLimitStyle;
import io.geniejmeter.simulator.SimulatorConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The client against the embedded Genie simulator, over real HTTP with the real SDK: timing truth and outcomes. */
class GenieClientSimulatorTest {

    /** Ten times faster than real Genie (answers in 0.5-3 s); the poll budget is scaled the same way (100 ms). */
    private static final double TIME_SCALE = 0.1;
    private static final Map<String, String> SCALED_POLLING = Map.of(Settings.GENIE_POLL_INTERVAL_MS.name(), "100");

    private static SimulatorConfig.Builder scaled() {
        return SimulatorConfig.builder().timeScale(TIME_SCALE).qpm(0).seed(11).maxConnections(64).warehouseSlots(100);
    }

    private static GenieClient clientFor(GenieSimulator sim, int threads) {
        GenieSettings settings = SimulatorAccuracy.settingsFor(sim, SCALED_POLLING);
        return GenieClient.create(WorkspaceClients.create(settings, threads), settings);
    }

    @Test
    void shouldMatchTheGroundTruthWithin50MsAtP99WhilePollingAboutOncePerSecond() throws Exception {
        try (GenieSimulator sim = GenieSimulator.start(scaled().build())) {
            GenieClient client = clientFor(sim, 50);

            List<SimulatorAccuracy.Measured> measured =
                    SimulatorAccuracy.run(50, 2, SimulatorAccuracy.genieClient(client));
            List<SimulatorAccuracy.Sample> samples = SimulatorAccuracy.join(measured, sim.groundTruth());
            SimulatorAccuracy.Summary summary = SimulatorAccuracy.summarise(samples, TIME_SCALE);

            System.out.println("GenieClient vs simulator ground truth, 50 concurrent conversations: " + summary);
            assertEquals(100, samples.size(), "every message was measured and has a ground truth");
            assertTrue(measured.stream().allMatch(m -> m.outcome().equals("COMPLETED")), measured.toString());
            assertTrue(summary.p99AbsErrorMs() <= 50, summary.toString());
            assertTrue(summary.meanPollsPerSecond() <= 1.15, summary.toString());
        }
    }

    @Test
    void shouldPutTwoHundredConcurrentQuestionsOnTheWireWithoutQueueing() throws Exception {
        // The server holds every request 1 s before handling it, so a connection carries at most one request per
        // second: with the SDK's default of 20 connections, no 1 s window can see more than 40 questions created
        // (measured: the 200 spread over about 20 s). With one connection per thread they arrive together.
        SimulatorConfig config = scaled().maxConnections(256).slowRate(1.0).slowMs(10_000).build();
        try (GenieSimulator sim = GenieSimulator.start(config)) {
            GenieSettings settings = SimulatorAccuracy.settingsFor(sim, Map.of(
                    Settings.GENIE_POLL_INTERVAL_MS.name(), "100", Settings.GENIE_FETCH_QUERY_RESULT.name(), "false"));
            GenieClient client = GenieClient.create(WorkspaceClients.create(settings, 200), settings);

            List<SimulatorAccuracy.Measured> answers = SimulatorAccuracy.run(200, 1,
                    SimulatorAccuracy.genieClient(client));

            assertTrue(answers.stream().allMatch(a -> a.outcome().equals("COMPLETED")), answers.toString());
            long[] created = sim.groundTruth().stream().mapToLong(MessageTruth::createdMs).sorted().toArray();
            assertEquals(200, created.length);
            int densest = 0;
            for (int i = 0, j = 0; i < created.length; i++) {
                while (created[i] - created[j] >= 1000) {
                    j++;
                }
                densest = Math.max(densest, i - j + 1);
            }
            assertTrue(densest > 40, densest + " questions created within one second, spread "
                    + (created[created.length - 1] - created[0]) + " ms");
        }
    }

    @Test
    void shouldSplitTheTimeByStatusAsTheServerSpentIt() throws Exception {
        try (GenieSimulator sim = GenieSimulator.start(scaled().build())) {
            GenieClient client = clientFor(sim, 1);
            for (int i = 0; i < 5; i++) {
                GenieAnswer a = client.ask("How many repairs in month " + i + "?", null);
                MessageTruth truth = sim.groundTruth().stream()
                        .filter(t -> t.messageId().equals(a.messageId())).findFirst().orElseThrow();

                // a status seen by the client covers the server's phases from it up to the next status it saw
                Map<String, Long> expected = new java.util.LinkedHashMap<>();
                List<String> seen = new ArrayList<>(a.statusMs().keySet());
                String current = null;
                for (Map.Entry<String, Long> phase : truth.phasesMs().entrySet()) {
                    if (seen.contains(phase.getKey())) {
                        current = phase.getKey();
                    }
                    if (current != null && !phase.getKey().equals(truth.finalStatus())) {
                        expected.merge(current, phase.getValue(), Long::sum);
                    }
                }
                assertEquals(GenieOutcome.COMPLETED, a.outcome());
                assertFalse(a.statusMs().isEmpty(), "the client timed the statuses it saw");
                assertEquals(expected.keySet(), a.statusMs().keySet(), a.statusMs() + " vs " + truth.phasesMs());
                for (String status : expected.keySet()) {
                    assertEquals(expected.get(status), a.statusMs().get(status), 2.0, status + ": " + a.statusMs()
                            + " vs " + truth.phasesMs());
                }
                assertEquals(truth.completedMs() - truth.createdMs(), a.serverMs());
            }
        }
    }

    @Test
    void shouldPostFollowUpsIntoTheSameConversation() throws Exception {
        try (GenieSimulator sim = GenieSimulator.start(scaled().build())) {
            GenieClient client = clientFor(sim, 1);

            GenieAnswer first = client.ask("Show total repairs by month", null);
            GenieAnswer second = client.ask("Only for JetBlue", first.conversationId());

            assertEquals(GenieOutcome.COMPLETED, first.outcome());
            assertEquals(GenieOutcome.COMPLETED, second.outcome());
            assertEquals(first.conversationId(), second.conversationId());
            assertEquals(2, sim.groundTruth().stream()
                    .filter(t -> t.conversationId().equals(first.conversationId())).count());
            assertTrue(first.sql() != null || first.text() != null, "an answer was read");
        }
    }

    @Test
    void shouldReportFailedMessagesWithTheirErrorType() throws Exception {
        try (GenieSimulator sim = GenieSimulator.start(scaled().failRate(1.0).build())) {
            GenieAnswer a = clientFor(sim, 1).ask("q", null);

            assertEquals(GenieOutcome.FAILED, a.outcome());
            assertEquals("SQL_EXECUTION_EXCEPTION", a.responseCode());
            assertEquals("SQL_EXECUTION_EXCEPTION", a.errorType());
        }
    }

    @Test
    void shouldReportCancelledMessages() throws Exception {
        try (GenieSimulator sim = GenieSimulator.start(scaled().cancelRate(1.0).build())) {
            GenieAnswer a = clientFor(sim, 1).ask("q", null);

            assertEquals(GenieOutcome.CANCELLED, a.outcome());
        }
    }

    @ParameterizedTest
    @EnumSource(RateLimitStyle.class)
    void shouldCountThrottlingInEitherStyleAsRateLimited(RateLimitStyle style) throws Exception {
        try (GenieSimulator sim = GenieSimulator.start(scaled().qpm(2).timeScale(1.0).rateLimitStyle(style)
                .allPhases(new io.geniejmeter.simulator.LatencyRange(10, 20)).build())) {
            GenieClient client = clientFor(sim, 1);
            List<GenieAnswer> answers = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                answers.add(client.ask("question " + i, null));
            }

            long limited = answers.stream().filter(a -> a.outcome() == GenieOutcome.RATE_LIMITED).count();
            assertEquals(2, limited, answers.toString());
            GenieAnswer refused = answers.get(3);
            assertEquals(style == RateLimitStyle.HTTP_429 ? "429" : "RATE_LIMIT_EXCEEDED_GENERIC_EXCEPTION",
                    refused.responseCode());
        }
    }
}
