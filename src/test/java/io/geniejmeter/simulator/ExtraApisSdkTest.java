package io.geniejmeter.simulator;

import static io.geniejmeter.simulator.SimulatorTestSupport.client;
import static io.geniejmeter.simulator.SimulatorTestSupport.fast;
import static io.geniejmeter.simulator.SimulatorTestSupport.pollUntilDone;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.databricks.sdk.WorkspaceClient;
import com.databricks.sdk.core.DatabricksConfig;
import com.databricks.sdk.core.DatabricksException;
import com.databricks.sdk.core.error.platform.InvalidParameterValue;
import com.databricks.sdk.service.dashboards.GenieMessage;
import com.databricks.sdk.service.dashboards.GenieStartConversationMessageRequest;
import com.databricks.sdk.service.dashboards.GenieStartConversationResponse;
import com.databricks.sdk.service.database.DatabaseCredential;
import com.databricks.sdk.service.database.DatabaseInstance;
import com.databricks.sdk.service.database.GenerateDatabaseCredentialRequest;
import com.databricks.sdk.service.serving.EmbeddingsV1ResponseEmbeddingElement;
import com.databricks.sdk.service.serving.QueryEndpointInput;
import com.databricks.sdk.service.serving.QueryEndpointResponse;
import com.databricks.sdk.service.sql.CancelExecutionRequest;
import com.databricks.sdk.service.sql.ExecuteStatementRequest;
import com.databricks.sdk.service.sql.ExecuteStatementRequestOnWaitTimeout;
import com.databricks.sdk.service.sql.StatementResponse;
import com.databricks.sdk.service.sql.StatementState;
import io.geniejmeter.time.ManualClock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** Statement Execution, embeddings, Lakebase and OAuth M2M endpoints, driven with the real SDK. */
class ExtraApisSdkTest {

    private static final long T0 = 1_760_000_000_000L;

    @Test
    void shouldReturnGeniesRowsWhenGeniesSqlIsRunOnTheWarehouse() throws Exception {
        try (GenieSimulator sim = GenieSimulator.start(fast().textOnlyRate(0).build())) {
            WorkspaceClient w = client(sim);
            GenieStartConversationResponse s = w.genie().startConversation(new GenieStartConversationMessageRequest()
                    .setSpaceId(sim.spaceId()).setContent("Show total repairs by month")).getResponse();
            GenieMessage done = pollUntilDone(w, sim.spaceId(), s.getConversationId(), s.getMessageId());
            var attachment = done.getAttachments().iterator().next();
            var genieRows = w.genie().getMessageAttachmentQueryResult(sim.spaceId(), s.getConversationId(),
                    s.getMessageId(), attachment.getAttachmentId()).getStatementResponse().getResult().getDataArray();

            StatementResponse r = w.statementExecution().executeStatement(new ExecuteStatementRequest()
                    .setWarehouseId(sim.warehouseId()).setStatement(attachment.getQuery().getQuery())
                    .setWaitTimeout("30s"));

            assertEquals(StatementState.SUCCEEDED, r.getStatus().getState());
            assertEquals(genieRows, r.getResult().getDataArray());
            assertEquals(StatementState.SUCCEEDED,
                    w.statementExecution().getStatement(r.getStatementId()).getStatus().getState());
        }
    }

    @Test
    void shouldReturnPendingAtOnceWhenWaitTimeoutIsZeroAndSucceedLater() throws Exception {
        ManualClock clock = new ManualClock(T0);
        try (GenieSimulator sim = GenieSimulator.start(SimulatorConfig.builder().clock(clock)
                .statementLatency(LatencyRange.fixed(2_000)).build())) {
            WorkspaceClient w = client(sim);

            StatementResponse r = w.statementExecution().executeStatement(new ExecuteStatementRequest()
                    .setWarehouseId(sim.warehouseId()).setStatement("SELECT 1").setWaitTimeout("0s"));

            assertEquals(StatementState.RUNNING, r.getStatus().getState());
            clock.advanceMillis(2_000);
            StatementResponse later = w.statementExecution().getStatement(r.getStatementId());
            assertEquals(StatementState.SUCCEEDED, later.getStatus().getState());
            assertEquals("value", later.getManifest().getSchema().getColumns().iterator().next().getName());
        }
    }

    @Test
    void shouldWaitUpToTheWaitTimeoutWhenTheStatementIsQuickEnough() throws Exception {
        ManualClock clock = new ManualClock(T0);
        try (GenieSimulator sim = GenieSimulator.start(SimulatorConfig.builder().clock(clock)
                .statementLatency(LatencyRange.fixed(3_000)).build())) {
            WorkspaceClient w = client(sim);

            StatementResponse r = w.statementExecution().executeStatement(new ExecuteStatementRequest()
                    .setWarehouseId(sim.warehouseId()).setStatement("SELECT 1").setWaitTimeout("5s"));

            assertEquals(StatementState.SUCCEEDED, r.getStatus().getState());
            assertEquals(T0 + 3_000, clock.wallMillis(), "the request was held for the 3 s the statement ran");
        }
    }

    @Test
    void shouldCancelWhenTheWaitTimesOutAndOnWaitTimeoutIsCancel() throws Exception {
        ManualClock clock = new ManualClock(T0);
        try (GenieSimulator sim = GenieSimulator.start(SimulatorConfig.builder().clock(clock)
                .statementLatency(LatencyRange.fixed(20_000)).build())) {
            WorkspaceClient w = client(sim);

            StatementResponse r = w.statementExecution().executeStatement(new ExecuteStatementRequest()
                    .setWarehouseId(sim.warehouseId()).setStatement("SELECT 1").setWaitTimeout("5s")
                    .setOnWaitTimeout(ExecuteStatementRequestOnWaitTimeout.CANCEL));

            assertEquals(StatementState.CANCELED, r.getStatus().getState());
            assertEquals(T0 + 5_000, clock.wallMillis());
        }
    }

    @Test
    void shouldCancelARunningStatementOnRequest() throws Exception {
        ManualClock clock = new ManualClock(T0);
        try (GenieSimulator sim = GenieSimulator.start(SimulatorConfig.builder().clock(clock)
                .statementLatency(LatencyRange.fixed(20_000)).build())) {
            WorkspaceClient w = client(sim);
            StatementResponse r = w.statementExecution().executeStatement(new ExecuteStatementRequest()
                    .setWarehouseId(sim.warehouseId()).setStatement("SELECT 1").setWaitTimeout("0s"));

            w.statementExecution().cancelExecution(new CancelExecutionRequest().setStatementId(r.getStatementId()));

            clock.advanceMillis(30_000);
            assertEquals(StatementState.CANCELED,
                    w.statementExecution().getStatement(r.getStatementId()).getStatus().getState());
        }
    }

    @Test
    void shouldRejectAWaitTimeoutOutsideTheAllowedRange() throws Exception {
        try (GenieSimulator sim = GenieSimulator.start(fast().build())) {
            WorkspaceClient w = client(sim);

            InvalidParameterValue e = assertThrows(InvalidParameterValue.class, () -> w.statementExecution()
                    .executeStatement(new ExecuteStatementRequest().setWarehouseId(sim.warehouseId())
                            .setStatement("SELECT 1").setWaitTimeout("3s")));
            assertTrue(e.getMessage().contains("wait_timeout"), e.getMessage());
        }
    }

    @Test
    void shouldEmbedSimilarQuestionsCloserThanUnrelatedOnes() throws Exception {
        try (GenieSimulator sim = GenieSimulator.start(fast().build())) {
            WorkspaceClient w = client(sim);
            List<String> texts = List.of("Show total repairs by month for JetBlue airline",
                    "Show the total repairs per month for Delta airline",
                    "How many employees joined the company last year",
                    "Show total repairs by month for JetBlue airline");

            QueryEndpointResponse r = w.servingEndpoints().query(new QueryEndpointInput()
                    .setName("databricks-gte-large-en").setInput(texts));

            List<float[]> v = new ArrayList<>();
            for (EmbeddingsV1ResponseEmbeddingElement e : r.getData()) {
                List<Double> values = new ArrayList<>(e.getEmbedding());
                float[] f = new float[values.size()];
                for (int i = 0; i < f.length; i++) {
                    f[i] = values.get(i).floatValue();
                }
                v.add(f);
            }
            assertEquals(4, v.size());
            assertEquals(1024, v.get(0).length);
            double similar = Embeddings.cosine(v.get(0), v.get(1));
            double unrelated = Embeddings.cosine(v.get(0), v.get(2));
            assertTrue(similar > 0.6, "similar questions: " + similar);
            assertTrue(unrelated < 0.2, "unrelated questions: " + unrelated);
            assertEquals(1.0, Embeddings.cosine(v.get(0), v.get(3)), 1e-6, "same text, same vector");
            assertTrue(r.getUsage().getTotalTokens() > 0);
        }
    }

    @Test
    void shouldDescribeTheLakebaseInstanceAndMintACredential() throws Exception {
        ManualClock clock = new ManualClock(T0);
        try (GenieSimulator sim = GenieSimulator.start(SimulatorConfig.builder().clock(clock)
                .lakebaseHost("db.example.internal").build())) {
            WorkspaceClient w = client(sim);

            DatabaseInstance instance = w.database().getDatabaseInstance("genie-cache");
            DatabaseCredential cred = w.database().generateDatabaseCredential(new GenerateDatabaseCredentialRequest()
                    .setInstanceNames(List.of("genie-cache")));

            assertEquals("db.example.internal", instance.getReadWriteDns());
            assertEquals("genie-cache", instance.getName());
            assertFalse(cred.getToken().isBlank());
            assertEquals(Instant.ofEpochMilli(T0 + 3_600_000), Instant.parse(cred.getExpirationTime()));
        }
    }

    @Test
    void shouldMintShortLivedCredentialsWhenAskedAndTellTheListenerOfEach() throws Exception {
        ManualClock clock = new ManualClock(T0);
        try (GenieSimulator sim = GenieSimulator.start(SimulatorConfig.builder().clock(clock)
                .lakebaseTokenSeconds(2).build())) {
            List<String> told = new CopyOnWriteArrayList<>();
            sim.onDatabaseCredential((token, expires) -> told.add(token + "@" + expires.toEpochMilli()));
            WorkspaceClient w = client(sim);
            GenerateDatabaseCredentialRequest ask = new GenerateDatabaseCredentialRequest()
                    .setInstanceNames(List.of("genie-cache"));

            DatabaseCredential first = w.database().generateDatabaseCredential(ask);
            clock.advanceMillis(1_500);
            DatabaseCredential second = w.database().generateDatabaseCredential(ask);

            assertEquals(Instant.ofEpochMilli(T0 + 2_000), Instant.parse(first.getExpirationTime()));
            assertEquals(Instant.ofEpochMilli(T0 + 3_500), Instant.parse(second.getExpirationTime()));
            assertNotEquals(first.getToken(), second.getToken(), "each mint is a new token");
            assertEquals(List.of(first.getToken() + "@" + (T0 + 2_000), second.getToken() + "@" + (T0 + 3_500)),
                    told, "the listener hears every token with its expiry, in order");
        }
    }

    @Test
    void shouldAuthenticateAServicePrincipalThroughOauthM2m() throws Exception {
        try (GenieSimulator sim = GenieSimulator.start(fast().clientId("sp-app-id").clientSecret("sp-secret")
                .build())) {
            WorkspaceClient sp = new WorkspaceClient(new DatabricksConfig().setHost(sim.baseUrl())
                    .setClientId("sp-app-id").setClientSecret("sp-secret").setAuthType("oauth-m2m")
                    .setDisableRetries(true));

            assertEquals(sim.spaceId(), sp.genie().getSpace(sim.spaceId()).getSpaceId());
            assertNotNull(sp.database().getDatabaseInstance("genie-cache").getReadWriteDns());

            WorkspaceClient wrong = new WorkspaceClient(new DatabricksConfig().setHost(sim.baseUrl())
                    .setClientId("sp-app-id").setClientSecret("not-the-secret").setAuthType("oauth-m2m")
                    .setDisableRetries(true));
            assertThrows(DatabricksException.class, () -> wrong.genie().getSpace(sim.spaceId()));
        }
    }
}
