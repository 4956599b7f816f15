package io.geniejmeter.simulator;

import static io.geniejmeter.simulator.SimulatorTestSupport.client;
import static io.geniejmeter.simulator.SimulatorTestSupport.pollUntilDone;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.databricks.sdk.WorkspaceClient;
import com.databricks.sdk.service.dashboards.GenieMessage;
import com.databricks.sdk.service.dashboards.GenieStartConversationMessageRequest;
import com.databricks.sdk.service.dashboards.GenieStartConversationResponse;
import com.databricks.sdk.service.dashboards.MessageStatus;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Many SDK users at once: every answer is accounted for and the warehouse never runs more queries than it has slots.
 */
class ConcurrencyTest {

    @Test
    void shouldNeverRunMoreQueriesThanSlotsWhenManyUsersAskAtOnce() throws Exception {
        int users = 12;
        int slots = 2;
        try (GenieSimulator sim = GenieSimulator.start(SimulatorConfig.builder().qpm(0).textOnlyRate(0)
                .timeScale(0.01).warehouseSlots(slots).seed(3).build())) {
            ExecutorService pool = Executors.newFixedThreadPool(users);
            try {
                List<Future<GenieMessage>> answers = new ArrayList<>();
                for (int u = 0; u < users; u++) {
                    int user = u;
                    answers.add(pool.submit(() -> {
                        WorkspaceClient w = client(sim);
                        GenieStartConversationResponse s = w.genie().startConversation(
                                new GenieStartConversationMessageRequest().setSpaceId(sim.spaceId())
                                        .setContent("Show total sales by month for store " + user)).getResponse();
                        return pollUntilDone(w, sim.spaceId(), s.getConversationId(), s.getMessageId());
                    }));
                }
                for (Future<GenieMessage> a : answers) {
                    assertEquals(MessageStatus.COMPLETED, a.get(30, TimeUnit.SECONDS).getStatus());
                }
            } finally {
                pool.shutdownNow();
            }

            List<MessageTruth> truth = sim.groundTruth();
            assertEquals(users, truth.size());
            List<long[]> runs = new ArrayList<>();
            for (MessageTruth t : truth) {
                long end = t.completedMs();
                runs.add(new long[] {end - t.phasesMs().get("EXECUTING_QUERY"), end});
            }
            int maxRunning = 0;
            for (long[] r : runs) {
                int running = 0;
                for (long[] other : runs) {
                    if (other[0] <= r[0] && r[0] < other[1]) {
                        running++;
                    }
                }
                maxRunning = Math.max(maxRunning, running);
            }
            assertTrue(maxRunning <= slots, maxRunning + " queries ran at once on " + slots + " slots");
            assertTrue(truth.stream().anyMatch(t -> t.phasesMs().get("PENDING_WAREHOUSE") > 5),
                    "with 12 users on 2 slots some queries queued beyond the nominal 0-5 ms");
        }
    }
}
