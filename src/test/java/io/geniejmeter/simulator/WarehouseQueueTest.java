package io.geniejmeter.simulator;

import static io.geniejmeter.simulator.SimulatorTestSupport.client;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.databricks.sdk.WorkspaceClient;
import com.databricks.sdk.service.dashboards.GenieStartConversationMessageRequest;
import com.databricks.sdk.service.dashboards.GenieStartConversationResponse;
import com.databricks.sdk.service.dashboards.MessageStatus;
import io.geniejmeter.time.ManualClock;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The SQL warehouse has a fixed number of query slots; questions beyond them wait in PENDING_WAREHOUSE. */
class WarehouseQueueTest {

    private static final long T0 = 1_760_000_000_000L;

    private static SimulatorConfig.Builder oneSecondPhases(ManualClock clock, int slots) {
        return SimulatorConfig.builder().clock(clock).qpm(0).textOnlyRate(0).warehouseSlots(slots)
                .allPhases(LatencyRange.fixed(1_000));
    }

    @Test
    void shouldGrowPendingWarehouseWhenEverySlotIsBusy() {
        ManualClock clock = new ManualClock(T0);
        GenieEngine engine = new GenieEngine(oneSecondPhases(clock, 2).build());

        List<Long> pending = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            SimMessage m = engine.startConversation("Count orders in shop " + i).message();
            pending.add(m.truth(T0 + 60_000).phasesMs().get("PENDING_WAREHOUSE"));
        }

        // two slots, 1 s per query, all ready at the same moment: 1 s nominal wait, then queues of 1 s per round
        assertEquals(List.of(1_000L, 1_000L, 2_000L, 2_000L, 3_000L), pending);
    }

    @Test
    void shouldNotQueueWhenQueriesDoNotOverlap() {
        ManualClock clock = new ManualClock(T0);
        GenieEngine engine = new GenieEngine(oneSecondPhases(clock, 1).build());

        List<Long> pending = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            SimMessage m = engine.startConversation("Count orders in shop " + i).message();
            clock.advanceMillis(1_000); // one question a second; each query runs 1 s: the slot is always free again
            pending.add(m.truth(T0 + 60_000).phasesMs().get("PENDING_WAREHOUSE"));
        }

        assertEquals(List.of(1_000L, 1_000L, 1_000L), pending);
    }

    @Test
    void shouldShowTheQueueToAPollingClient() throws Exception {
        ManualClock clock = new ManualClock(T0);
        try (GenieSimulator sim = GenieSimulator.start(oneSecondPhases(clock, 1).build())) {
            WorkspaceClient w = client(sim);
            List<GenieStartConversationResponse> asked = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                asked.add(w.genie().startConversation(new GenieStartConversationMessageRequest()
                        .setSpaceId(sim.spaceId()).setContent("Count orders in shop " + i)).getResponse());
            }

            // first query done at 6 s; the second runs 6-7 s; the third waits until 7 s
            clock.setWallMillis(T0 + 6_500);
            List<MessageStatus> statuses = new ArrayList<>();
            for (GenieStartConversationResponse s : asked) {
                statuses.add(w.genie().getMessage(sim.spaceId(), s.getConversationId(), s.getMessageId())
                        .getStatus());
            }

            assertEquals(List.of(MessageStatus.COMPLETED, MessageStatus.EXECUTING_QUERY,
                    MessageStatus.PENDING_WAREHOUSE), statuses);
        }
    }
}
