package io.geniejmeter.target;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.databricks.sdk.service.dashboards.GenieStartConversationMessageRequest;
import io.geniejmeter.settings.GenieSettings;
import io.geniejmeter.settings.Settings;
import io.geniejmeter.simulator.EmbeddedSimulator;
import io.geniejmeter.simulator.GenieSimulator;
import io.geniejmeter.simulator.SimulatorConfig;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The nodes of a distributed run share one simulator: with {@code GENIE_SIMULATOR_URL} the target is that
 * simulator, and no embedded one is started in the node.
 */
class SharedSimulatorTest {

    private static GenieSettings settings(Map<String, String> given) {
        return GenieSettings.load(given, Map.of("HOME", "target"), Path.of("target"));
    }

    private static void ask(GenieTarget target, String question) {
        target.workspace().genie().startConversation(new GenieStartConversationMessageRequest()
                .setSpaceId(target.spaceId()).setContent(question)).getResponse();
    }

    @Test
    void twoNodesGivenTheSimulatorsUrlBothAskThatSimulatorAndStartNoneOfTheirOwn() throws Exception {
        try (GenieSimulator shared = GenieSimulator.start(SimulatorConfig.fromOptions(Map.of("time-scale",
                "0.01")))) {
            Map<String, String> node = Map.of(Settings.GENIE_TARGET.name(), "simulator",
                    Settings.GENIE_SIMULATOR_URL.name(), shared.baseUrl());
            try (GenieTarget first = GenieTargets.open(settings(node), Map.of("time-scale", "0.01"), 4);
                    GenieTarget second = GenieTargets.open(settings(node), Map.of("time-scale", "0.01"), 4)) {
                assertEquals(TargetKind.SIMULATOR, first.kind());
                assertTrue(first.description().startsWith("the shared Genie simulator at " + shared.baseUrl()),
                        first.description());
                assertEquals(0, EmbeddedSimulator.users(), "no embedded simulator in the node");
                ask(first, "How many flights were delayed?");
                ask(second, "How many flights were cancelled?");
            }
            assertEquals(2, shared.conversationCount(), "both nodes' questions reached the one simulator");
        }
    }

    @Test
    void theLaunchersSharedSimulatorListensUntilClosedAndCarriesTheAdvertisedName() throws Exception {
        GenieTargets.SharedSimulator sim = GenieTargets.startShared(Map.of("time-scale", "0.01"), "127.0.0.1");
        try (GenieTarget node = GenieTargets.open(settings(Map.of(Settings.GENIE_TARGET.name(), "simulator",
                Settings.GENIE_SIMULATOR_URL.name(), sim.url())), Map.of("time-scale", "0.01"), 2)) {
            assertTrue(sim.url().matches("http://127\\.0\\.0\\.1:\\d+"), sim.url());
            ask(node, "Show total repairs by month");
        } finally {
            sim.close();
        }
    }
}
