package io.geniejmeter.genie;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.geniejmeter.settings.GenieSettings;
import io.geniejmeter.settings.Settings;
import io.geniejmeter.simulator.GenieSimulator;
import io.geniejmeter.simulator.MessageTruth;
import io.geniejmeter.simulator.SimulatorConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The client against a simulator that fails single requests (HTTP 500, dropped connections), over real HTTP with the
 * real SDK, checked against the simulator's ground truth: a failed poll or result fetch no longer decides the
 * question; only the question's own lost POST is a failure, and then Genie never had the question.
 */
class GenieClientFaultsTest {

    @Test
    void shouldRecordEveryQuestionGenieAnsweredWithItsRealOutcomeAndTimeDespiteFailedPollsAndFetches()
            throws Exception {
        SimulatorConfig config = SimulatorConfig.builder().timeScale(0.1).qpm(0).seed(23).maxConnections(64)
                .warehouseSlots(100).http500Rate(0.03).dropRate(0.02).build();
        try (GenieSimulator sim = GenieSimulator.start(config)) {
            GenieSettings settings = SimulatorAccuracy.settingsFor(sim,
                    Map.of(Settings.GENIE_POLL_INTERVAL_MS.name(), "100"));
            GenieClient client = GenieClient.create(WorkspaceClients.create(settings, 45), settings);
            ConcurrentLinkedQueue<GenieAnswer> answers = new ConcurrentLinkedQueue<>();

            List<SimulatorAccuracy.Measured> measured = SimulatorAccuracy.run(45, 2, (question, conversation) -> {
                GenieAnswer a = client.ask(question, conversation);
                answers.add(a);
                return new SimulatorAccuracy.Measured(a.conversationId(), a.messageId(), a.timeToFinalMs(),
                        a.polls(), a.responseCode());
            });

            Map<String, MessageTruth> truth = sim.groundTruth().stream()
                    .collect(Collectors.toMap(MessageTruth::messageId, Function.identity()));
            List<String> wrong = new ArrayList<>();
            int pollErrors = 0;
            for (GenieAnswer a : answers) {
                pollErrors += a.pollErrors();
                MessageTruth t = a.messageId() == null ? null : truth.get(a.messageId());
                if (t == null) {
                    // the question's POST failed: Genie never had the question (the simulator fails it up front)
                    if (!a.responseCode().equals("500") && !a.responseCode().equals("CLIENT_LOST_RESPONSE")) {
                        wrong.add("POST failure " + a.responseCode() + ": " + a.responseMessage());
                    }
                    continue;
                }
                String expected = t.finalStatus().equals("FAILED") ? t.errorType() : t.finalStatus();
                if (!expected.equals(a.responseCode())) {
                    wrong.add(a.messageId() + " recorded " + a.responseCode() + " (" + a.responseMessage()
                            + ") but Genie's answer was " + expected);
                }
            }
            List<SimulatorAccuracy.Sample> samples = SimulatorAccuracy.join(measured, sim.groundTruth());
            SimulatorAccuracy.Summary summary = SimulatorAccuracy.summarise(samples, 0.1);
            System.out.println("With 3% HTTP 500 and 2% dropped connections: " + answers.size() + " questions, "
                    + truth.size() + " received by Genie, " + wrong.size() + " recorded wrongly, " + pollErrors
                    + " failed polls or fetches retried; timing " + summary);

            assertTrue(wrong.isEmpty(), wrong.size() + " of " + answers.size() + " recorded wrongly: " + wrong);
            assertEquals(truth.size(), answers.stream().filter(a -> truth.containsKey(a.messageId())).count(),
                    "every question Genie received was recorded once");
            assertTrue(pollErrors > 0, "the faults hit some polls or fetches, so the retry path ran");
            assertTrue(summary.p99AbsErrorMs() <= 50, "retried polls keep the timing true: " + summary);
        }
    }
}
