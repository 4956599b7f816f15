package io.geniejmeter.simulator;

import static io.geniejmeter.simulator.SimulatorTestSupport.client;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.databricks.sdk.WorkspaceClient;
import com.databricks.sdk.core.DatabricksError;
import com.databricks.sdk.service.dashboards.GenieCreateConversationMessageRequest;
import com.databricks.sdk.service.dashboards.GenieMessage;
import com.databricks.sdk.service.dashboards.GenieStartConversationMessageRequest;
import com.databricks.sdk.service.dashboards.GenieStartConversationResponse;
import com.databricks.sdk.service.dashboards.MessageStatus;
import io.geniejmeter.time.ManualClock;
import org.junit.jupiter.api.Test;

/** The workspace questions-per-minute limit, in both refusal styles, on a hand-moved clock. */
class RateLimitTest {

    private static final long T0 = 1_760_000_000_000L;

    private static GenieStartConversationResponse ask(WorkspaceClient w, GenieSimulator sim, String q) {
        return w.genie().startConversation(new GenieStartConversationMessageRequest().setSpaceId(sim.spaceId())
                .setContent(q)).getResponse();
    }

    @Test
    void shouldAnswer429WithRetryAfterWhenQuestionsExceedTheLimit() throws Exception {
        ManualClock clock = new ManualClock(T0);
        try (GenieSimulator sim = GenieSimulator.start(SimulatorConfig.builder().clock(clock).qpm(2).build())) {
            SimulatorTestSupport.RecordingHttpClient http = new SimulatorTestSupport.RecordingHttpClient();
            WorkspaceClient w = client(sim.baseUrl(), sim.token(), http);
            GenieStartConversationResponse first = ask(w, sim, "Count orders");
            clock.advanceMillis(20_000);
            ask(w, sim, "Count returns");
            clock.advanceMillis(10_000);

            DatabricksError e = assertThrows(DatabricksError.class, () -> ask(w, sim, "Count refunds"));
            assertEquals(429, e.getStatusCode());
            assertEquals("REQUEST_LIMIT_EXCEEDED", e.getErrorCode());
            assertEquals("30", http.lastHeader("Retry-After"), "the first question leaves the window in 30 s");
            DatabricksError followUp = assertThrows(DatabricksError.class, () -> w.genie().createMessage(
                    new GenieCreateConversationMessageRequest().setSpaceId(sim.spaceId())
                            .setConversationId(first.getConversationId()).setContent("and by month")));
            assertEquals(429, followUp.getStatusCode());
            assertEquals(2, sim.refusedQuestions());
            assertEquals(2, sim.groundTruth().size(), "refused questions create no message");

            clock.advanceMillis(30_000);
            assertNotNull(ask(w, sim, "Count refunds").getMessageId());
        }
    }

    @Test
    void shouldShrinkTheLimitWindowWithTheTimeScale() throws Exception {
        ManualClock clock = new ManualClock(T0);
        try (GenieSimulator sim = GenieSimulator.start(SimulatorConfig.builder().clock(clock).qpm(1)
                .timeScale(0.01).build())) {
            WorkspaceClient w = client(sim);
            ask(w, sim, "Count orders");
            clock.advanceMillis(599);

            assertEquals(429, assertThrows(DatabricksError.class, () -> ask(w, sim, "Count returns"))
                    .getStatusCode());
            clock.advanceMillis(1); // one minute at time scale 0.01 is 600 ms
            assertNotNull(ask(w, sim, "Count returns").getMessageId());
            assertEquals("{\"messages\":2,\"refused_questions\":1,\"received_questions\":3,\"conversations\":2}",
                    SimulatorTestSupport.adminGet(sim, "/_simulator/stats").body());
        }
    }

    @Test
    void shouldNotCountPollsWhenLimiting() throws Exception {
        ManualClock clock = new ManualClock(T0);
        try (GenieSimulator sim = GenieSimulator.start(SimulatorConfig.builder().clock(clock).qpm(2).build())) {
            WorkspaceClient w = client(sim);
            GenieStartConversationResponse first = ask(w, sim, "Count orders");
            for (int i = 0; i < 20; i++) {
                clock.advanceMillis(1_000);
                w.genie().getMessage(sim.spaceId(), first.getConversationId(), first.getMessageId());
            }

            // 20 s into the window: one question and 20 polls so far, so one more question must still be accepted.
            assertNotNull(assertDoesNotThrow(() -> ask(w, sim, "Count returns"), "polls were counted as questions")
                    .getMessageId());
            assertEquals(429, assertThrows(DatabricksError.class, () -> ask(w, sim, "Count refunds"))
                    .getStatusCode(), "the limit itself is still in force within the window");
            assertEquals(1, sim.refusedQuestions());
        }
    }

    @Test
    void shouldFailTheMessageWithRateLimitErrorWhenStyleIsFailedMessage() throws Exception {
        ManualClock clock = new ManualClock(T0);
        try (GenieSimulator sim = GenieSimulator.start(SimulatorConfig.builder().clock(clock).qpm(1)
                .rateLimitStyle(RateLimitStyle.FAILED_MESSAGE).build())) {
            WorkspaceClient w = client(sim);
            ask(w, sim, "Count orders");

            GenieStartConversationResponse limited = ask(w, sim, "Count returns");
            clock.advanceMillis(5_000);
            GenieMessage m = w.genie().getMessage(sim.spaceId(), limited.getConversationId(),
                    limited.getMessageId());

            assertEquals(MessageStatus.FAILED, m.getStatus());
            assertEquals("RATE_LIMIT_EXCEEDED_GENERIC_EXCEPTION", m.getError().getType().name());
            assertEquals("FAILED", sim.groundTruth().get(1).finalStatus());
            assertEquals(0, sim.refusedQuestions());
        }
    }
}
