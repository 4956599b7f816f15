package io.geniejmeter.simulator;

import static io.geniejmeter.simulator.SimulatorTestSupport.client;
import static io.geniejmeter.simulator.SimulatorTestSupport.fast;
import static io.geniejmeter.simulator.SimulatorTestSupport.pollUntilDone;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.databricks.sdk.WorkspaceClient;
import com.databricks.sdk.core.DatabricksException;
import com.databricks.sdk.core.error.platform.InternalError;
import com.databricks.sdk.core.error.platform.TemporarilyUnavailable;
import com.databricks.sdk.service.dashboards.GenieAttachment;
import com.databricks.sdk.service.dashboards.GenieExecuteMessageAttachmentQueryRequest;
import com.databricks.sdk.service.dashboards.GenieMessage;
import com.databricks.sdk.service.dashboards.GenieStartConversationMessageRequest;
import com.databricks.sdk.service.dashboards.GenieStartConversationResponse;
import com.databricks.sdk.service.dashboards.MessageStatus;
import com.databricks.sdk.service.sql.StatementState;
import io.geniejmeter.time.ManualClock;
import org.junit.jupiter.api.Test;

/** One test per injected fault kind, each with the rate at 1 so the fault always happens. Loopback, bounded. */
class FaultInjectionTest {

    private static final long T0 = 1_760_000_000_000L;

    private static GenieStartConversationResponse ask(WorkspaceClient w, GenieSimulator sim, String q) {
        return w.genie().startConversation(new GenieStartConversationMessageRequest().setSpaceId(sim.spaceId())
                .setContent(q)).getResponse();
    }

    @Test
    void shouldEndFailedWithTheChosenErrorTypeWhenFailRateIsOne() throws Exception {
        try (GenieSimulator sim = GenieSimulator.start(fast().textOnlyRate(0).failRate(1)
                .failErrorType("REPLY_PROCESS_TIMEOUT_EXCEPTION").build())) {
            WorkspaceClient w = client(sim);
            GenieStartConversationResponse s = ask(w, sim, "Count orders by month");

            GenieMessage m = pollUntilDone(w, sim.spaceId(), s.getConversationId(), s.getMessageId());

            assertEquals(MessageStatus.FAILED, m.getStatus());
            assertEquals("REPLY_PROCESS_TIMEOUT_EXCEPTION", m.getError().getType().name());
            assertNotNull(m.getError().getError());
            assertNull(m.getAttachments(), "the AI never produced SQL");
            assertEquals("REPLY_PROCESS_TIMEOUT_EXCEPTION", sim.groundTruth().get(0).errorType());
        }
    }

    @Test
    void shouldFailOnTheWarehouseWithAQueryAttachmentWhenTheErrorIsSql() throws Exception {
        try (GenieSimulator sim = GenieSimulator.start(fast().textOnlyRate(0).failRate(1).build())) {
            WorkspaceClient w = client(sim);
            GenieStartConversationResponse s = ask(w, sim, "Count orders by month");

            GenieMessage m = pollUntilDone(w, sim.spaceId(), s.getConversationId(), s.getMessageId());

            assertEquals(MessageStatus.FAILED, m.getStatus());
            assertEquals("SQL_EXECUTION_EXCEPTION", m.getError().getType().name());
            GenieAttachment a = m.getAttachments().iterator().next();
            assertEquals(StatementState.FAILED, w.genie().getMessageAttachmentQueryResult(sim.spaceId(),
                    m.getConversationId(), m.getMessageId(), a.getAttachmentId()).getStatementResponse()
                    .getStatus().getState());
            assertTrue(sim.groundTruth().get(0).phasesMs().containsKey("EXECUTING_QUERY"));
        }
    }

    @Test
    void shouldEndCancelledWhenCancelRateIsOne() throws Exception {
        try (GenieSimulator sim = GenieSimulator.start(fast().cancelRate(1).build())) {
            WorkspaceClient w = client(sim);
            GenieStartConversationResponse s = ask(w, sim, "Count orders by month");

            GenieMessage m = pollUntilDone(w, sim.spaceId(), s.getConversationId(), s.getMessageId());

            assertEquals(MessageStatus.CANCELLED, m.getStatus());
            assertEquals("CANCELLED", sim.groundTruth().get(0).finalStatus());
        }
    }

    @Test
    void shouldExpireTheResultAfterTheDelayAndRenewItOnExecuteQuery() throws Exception {
        ManualClock clock = new ManualClock(T0);
        try (GenieSimulator sim = GenieSimulator.start(SimulatorConfig.builder().clock(clock).qpm(0)
                .textOnlyRate(0).allPhases(LatencyRange.fixed(100)).expireRate(1).expireAfterMs(60_000).build())) {
            WorkspaceClient w = client(sim);
            GenieStartConversationResponse s = ask(w, sim, "Count orders by month");
            clock.setWallMillis(T0 + 600);
            GenieMessage done = w.genie().getMessage(sim.spaceId(), s.getConversationId(), s.getMessageId());
            assertEquals(MessageStatus.COMPLETED, done.getStatus());

            clock.setWallMillis(T0 + 600 + 60_000);
            GenieMessage expired = w.genie().getMessage(sim.spaceId(), s.getConversationId(), s.getMessageId());
            assertEquals(MessageStatus.QUERY_RESULT_EXPIRED, expired.getStatus());

            String attachment = done.getAttachments().iterator().next().getAttachmentId();
            assertEquals(StatementState.SUCCEEDED, w.genie().executeMessageAttachmentQuery(
                    new GenieExecuteMessageAttachmentQueryRequest().setSpaceId(sim.spaceId())
                            .setConversationId(s.getConversationId()).setMessageId(s.getMessageId())
                            .setAttachmentId(attachment)).getStatementResponse().getStatus().getState());
            assertEquals(MessageStatus.COMPLETED,
                    w.genie().getMessage(sim.spaceId(), s.getConversationId(), s.getMessageId()).getStatus());
        }
    }

    @Test
    void shouldAnswer500WhenTheHttp500RateIsOne() throws Exception {
        try (GenieSimulator sim = GenieSimulator.start(fast().http500Rate(1).build())) {
            InternalError e = assertThrows(InternalError.class, () -> client(sim).genie().getSpace(sim.spaceId()));
            assertEquals(500, e.getStatusCode());
        }
    }

    @Test
    void shouldAnswer503WhenTheHttp503RateIsOne() throws Exception {
        try (GenieSimulator sim = GenieSimulator.start(fast().http503Rate(1).build())) {
            TemporarilyUnavailable e = assertThrows(TemporarilyUnavailable.class,
                    () -> client(sim).genie().getSpace(sim.spaceId()));
            assertEquals(503, e.getStatusCode());
            assertEquals("TEMPORARILY_UNAVAILABLE", e.getErrorCode());
        }
    }

    @Test
    void shouldDelayTheAnswerWhenTheSlowRateIsOne() throws Exception {
        try (GenieSimulator sim = GenieSimulator.start(fast().timeScale(1).slowRate(1).slowMs(300).build())) {
            WorkspaceClient w = client(sim);
            long start = System.nanoTime();

            w.genie().getSpace(sim.spaceId());

            long tookMs = (System.nanoTime() - start) / 1_000_000;
            assertTrue(tookMs >= 300, "took " + tookMs + " ms");
        }
    }

    @Test
    void shouldHangThenDropTheConnectionWhenTheHangRateIsOne() throws Exception {
        try (GenieSimulator sim = GenieSimulator.start(fast().timeScale(1).hangRate(1).hangMs(400).build())) {
            WorkspaceClient w = client(sim);
            long start = System.nanoTime();

            DatabricksException e = assertThrows(DatabricksException.class, () -> w.genie().getSpace(sim.spaceId()));

            long tookMs = (System.nanoTime() - start) / 1_000_000;
            assertTrue(tookMs >= 400, "gave up after " + tookMs + " ms");
            assertTrue(e.getCause() instanceof java.io.IOException, "no HTTP answer, a connection error: " + e);
        }
    }

    @Test
    void shouldDropTheConnectionWithoutAnAnswerWhenTheDropRateIsOne() throws Exception {
        try (GenieSimulator sim = GenieSimulator.start(fast().dropRate(1).build())) {
            WorkspaceClient w = client(sim);

            DatabricksException e = assertThrows(DatabricksException.class, () -> w.genie().getSpace(sim.spaceId()));

            assertTrue(e.getCause() instanceof java.io.IOException, "no HTTP answer, a connection error: " + e);
            assertTrue(sim.groundTruth().isEmpty());
        }
    }

    @Test
    void shouldLeaveMessagesInAskingAiForEverWhenTheStuckRateIsOne() throws Exception {
        try (GenieSimulator sim = GenieSimulator.start(fast().stuckRate(1).build())) {
            WorkspaceClient w = client(sim);
            GenieStartConversationResponse s = ask(w, sim, "Count orders by month");
            Thread.sleep(200); // 40 times the longest nominal answer at this time scale

            GenieMessage m = w.genie().getMessage(sim.spaceId(), s.getConversationId(), s.getMessageId());

            assertEquals(MessageStatus.ASKING_AI, m.getStatus());
            MessageTruth truth = sim.groundTruth().get(0);
            assertEquals("ASKING_AI", truth.status());
            assertNull(truth.completedMs(), "never answered");
        }
    }

    @Test
    void shouldCountEveryQuestionPostReceivedWhateverBecameOfIt() throws Exception {
        try (GenieSimulator sim = GenieSimulator.start(fast().http500Rate(1).build())) {
            WorkspaceClient w = client(sim);

            assertThrows(InternalError.class, () -> ask(w, sim, "Count orders by month"));
            assertThrows(InternalError.class, () -> w.genie().getSpace(sim.spaceId()));

            assertEquals(1, sim.receivedQuestions(), "the question POST, not the GET");
            assertTrue(sim.groundTruth().isEmpty(), "and it created no message");
        }
    }

    @Test
    void shouldEndStatementsFailedWhenTheStatementFailRateIsOne() throws Exception {
        try (GenieSimulator sim = GenieSimulator.start(fast().statementFailRate(1).statementLatency(
                new LatencyRange(0, 0)).build())) {
            com.databricks.sdk.service.sql.StatementResponse r = client(sim).statementExecution().executeStatement(
                    new com.databricks.sdk.service.sql.ExecuteStatementRequest().setWarehouseId(sim.warehouseId())
                            .setStatement("SELECT 1").setWaitTimeout("5s"));

            assertEquals(StatementState.FAILED, r.getStatus().getState());
            assertEquals("BAD_REQUEST", r.getStatus().getError().getErrorCode().name());
        }
    }

    @Test
    void shouldAnswerEmbeddingRequestsWith503WhenTheEmbeddingFailRateIsOne() throws Exception {
        try (GenieSimulator sim = GenieSimulator.start(fast().embeddingFailRate(1).build())) {
            java.net.http.HttpResponse<String> r = java.net.http.HttpClient.newHttpClient().send(
                    java.net.http.HttpRequest.newBuilder(java.net.URI.create(sim.baseUrl()
                            + "/serving-endpoints/any/invocations")).header("Authorization", "Bearer " + sim.token())
                            .POST(java.net.http.HttpRequest.BodyPublishers.ofString("{\"input\": \"hello\"}")).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString());

            assertEquals(503, r.statusCode(), r.body());
            assertTrue(r.body().contains("TEMPORARILY_UNAVAILABLE"), r.body());
        }
    }
}
