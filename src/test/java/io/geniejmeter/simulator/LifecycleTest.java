package io.geniejmeter.simulator;

import static io.geniejmeter.simulator.SimulatorTestSupport.client;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.databricks.sdk.WorkspaceClient;
import com.databricks.sdk.service.dashboards.GenieStartConversationMessageRequest;
import com.databricks.sdk.service.dashboards.GenieStartConversationResponse;
import com.databricks.sdk.service.dashboards.MessageStatus;
import io.geniejmeter.time.ManualClock;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The status lifecycle, walked on a hand-moved clock so that the test never sleeps. */
class LifecycleTest {

    private static final long T0 = 1_760_000_000_000L;

    @Test
    void shouldWalkEveryPhaseInOrderWhenTheClockMovesThroughTheSchedule() throws Exception {
        ManualClock clock = new ManualClock(T0);
        SimulatorConfig config = SimulatorConfig.builder().clock(clock).qpm(0).textOnlyRate(0)
                .allPhases(LatencyRange.fixed(1_000)).build();
        try (GenieSimulator sim = GenieSimulator.start(config)) {
            WorkspaceClient w = client(sim);
            GenieStartConversationResponse started = w.genie().startConversation(
                    new GenieStartConversationMessageRequest().setSpaceId(sim.spaceId())
                            .setContent("Count tickets by month")).getResponse();

            List<MessageStatus> seen = new ArrayList<>();
            for (int second = 0; second <= 6; second++) {
                clock.setWallMillis(T0 + second * 1_000L);
                seen.add(w.genie().getMessage(sim.spaceId(), started.getConversationId(), started.getMessageId())
                        .getStatus());
            }

            assertEquals(List.of(MessageStatus.SUBMITTED, MessageStatus.FETCHING_METADATA,
                    MessageStatus.FILTERING_CONTEXT, MessageStatus.ASKING_AI, MessageStatus.PENDING_WAREHOUSE,
                    MessageStatus.EXECUTING_QUERY, MessageStatus.COMPLETED), seen);
            MessageTruth truth = sim.groundTruth().get(0);
            assertEquals(T0, truth.createdMs());
            assertEquals(T0 + 6_000, truth.completedMs());
            assertEquals(List.of("SUBMITTED", "FETCHING_METADATA", "FILTERING_CONTEXT", "ASKING_AI",
                    "PENDING_WAREHOUSE", "EXECUTING_QUERY"), new ArrayList<>(truth.phasesMs().keySet()));
            truth.phasesMs().values().forEach(ms -> assertEquals(1_000L, ms));
        }
    }

    @Test
    void shouldSkipTheWarehousePhasesWhenTheAnswerIsTextOnly() {
        ManualClock clock = new ManualClock(T0);
        GenieEngine engine = new GenieEngine(SimulatorConfig.builder().clock(clock).qpm(0).textOnlyRate(1)
                .allPhases(LatencyRange.fixed(1_000)).build());

        SimMessage m = engine.startConversation("Show total sales by month").message();

        assertEquals(List.of("SUBMITTED", "FETCHING_METADATA", "FILTERING_CONTEXT", "ASKING_AI"), List.of(m.phases));
        assertEquals("COMPLETED", m.status(m.statusIndex(T0 + 4_000)));
        assertTrue(m.hasText(m.statusIndex(T0 + 4_000)));
        assertEquals(false, m.hasQuery(m.statusIndex(T0 + 4_000)));
    }

    @Test
    void shouldShowTheQueryOnlyOnceTheWarehousePhasesStart() {
        ManualClock clock = new ManualClock(T0);
        GenieEngine engine = new GenieEngine(SimulatorConfig.builder().clock(clock).qpm(0).textOnlyRate(0)
                .allPhases(LatencyRange.fixed(1_000)).build());
        SimMessage m = engine.startConversation("Show total sales by month").message();

        assertEquals(false, m.hasQuery(m.statusIndex(T0 + 3_999)));
        assertTrue(m.hasQuery(m.statusIndex(T0 + 4_000)));
        String json = new String(GenieJson.message(m, m.statusIndex(T0 + 6_000)),
                java.nio.charset.StandardCharsets.UTF_8);
        assertTrue(json.contains("\"query_result_metadata\""), json);
        assertNull(m.truth(T0 + 1_000).completedMs());
    }

    @Test
    void shouldTakeFiveToThirtySecondsForSqlAnswersWhenLatenciesAreDefault() {
        ManualClock clock = new ManualClock(T0);
        GenieEngine engine = new GenieEngine(SimulatorConfig.builder().clock(clock).qpm(0).textOnlyRate(0)
                .warehouseSlots(1_000).build());
        long min = Long.MAX_VALUE;
        long max = 0;
        for (int i = 0; i < 300; i++) {
            SimMessage m = engine.startConversation("Show total sales for store " + i).message();
            long took = m.completedAtMs() - m.createdMs;
            min = Math.min(min, took);
            max = Math.max(max, took);
        }
        assertTrue(min >= 5_000, "fastest answer " + min + " ms");
        assertTrue(max <= 30_000, "slowest answer " + max + " ms");
        assertTrue(max - min > 10_000, "answers vary: " + min + ".." + max + " ms");
    }
}
